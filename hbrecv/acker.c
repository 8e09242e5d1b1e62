/*
 * acker: the acknowledgements of heartbeats, sent by a process of their
 * own. Sending a datagram costs the kernel about what receiving one does,
 * so the receiver hands each batch of ACKs over a local socket in one
 * message and goes back to its socket; the acker sends them from the same
 * sockets (it shares them), on another processor when there is one.
 */
#define _GNU_SOURCE	/* sendmmsg */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hbrecv.h"

static int link_fd = -1;	/* our end of the hand-over socket */

static socklen_t
addr_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

/* n ACKs from socket fd, in one system call where there is sendmmsg; how many went. */
static int
send_here(int fd, const struct ack *a, int n)
{
	int i, sent = 0;
#ifdef __linux__
	struct mmsghdr mm[ACK_BATCH];
	struct iovec iov[ACK_BATCH];

	for (i = 0; i < n; i++) {
		iov[i].iov_base = (void *)a[i].data;
		iov[i].iov_len = a[i].len;
		memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = (void *)&a[i].to;
		mm[i].msg_hdr.msg_namelen = addr_len(&a[i].to);
	}
	if (n > 0 && (sent = sendmmsg(fd, mm, (unsigned)n, MSG_DONTWAIT)) < 0)
		sent = 0;
#else
	for (i = 0; i < n; i++)
		if (sendto(fd, a[i].data, a[i].len, MSG_DONTWAIT,
		    (const struct sockaddr *)&a[i].to, addr_len(&a[i].to)) != -1)
			sent++;
#endif
	return sent;
}

/*
 * One hand-over: this head, then each ACK without the unused end of its
 * data: ACK_HEAD bytes (address, length), then its length of bytes.
 */
struct handover {
	int	fd;	/* the socket to send from */
	int	n;
};

#define ACK_HEAD	offsetof(struct ack, data)

/* The ACKs of a hand-over of len bytes into a; how many, the socket in *fd. */
static int
unpack(const char *p, size_t len, struct ack *a, int *fd)
{
	struct handover h;
	size_t off = sizeof(h);
	int i;

	*fd = -1;
	if (len < sizeof(h))
		return 0;
	memcpy(&h, p, sizeof(h));
	for (i = 0; i < h.n && i < ACK_BATCH && len - off >= ACK_HEAD; i++) {
		memcpy(&a[i], p + off, ACK_HEAD);
		off += ACK_HEAD;
		if (a[i].len > ACK_MAX || len - off < a[i].len)
			break;
		memcpy(a[i].data, p + off, a[i].len);
		off += a[i].len;
	}
	*fd = h.fd;
	return i;
}

static void
acker(int link, const struct pollfd *socks, int nsocks)
{
	static char in[sizeof(struct handover) + ACK_BATCH * sizeof(struct ack)];
	static struct ack a[ACK_BATCH];
	ssize_t r;
	int i, n, fd;

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGUSR1, SIG_IGN);
	/* the receiver's end closing (it exits, or dies) ends the acker */
	while ((r = recv(link, in, sizeof(in), 0)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		n = unpack(in, (size_t)r, a, &fd);
		for (i = 0; i < nsocks && n > 0; i++)
			if (socks[i].fd == fd)
				send_here(fd, a, n);
	}
	_exit(0);
}

int
acker_start(const struct pollfd *socks, int nsocks)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		acker(sv[1], socks, nsocks);
	}
	close(sv[1]);
	link_fd = sv[0];
	return 0;
}

void
acker_forget(void)
{
	if (link_fd != -1)
		close(link_fd);
	link_fd = -1;
}

int
ack_send(int fd, const struct ack *a, int n)
{
	struct iovec iov[1 + ACK_BATCH];
	struct handover h;
	struct msghdr mh;
	int i;

	if (n == 0)
		return 0;
	if (link_fd == -1)
		return send_here(fd, a, n);
	h.fd = fd;
	h.n = n;
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	for (i = 0; i < n; i++) {
		iov[i + 1].iov_base = (void *)&a[i];
		iov[i + 1].iov_len = ACK_HEAD + a[i].len;
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = n + 1;
	/* a busy acker costs these ACKs, never the receiver its time */
	if (sendmsg(link_fd, &mh, MSG_DONTWAIT) != -1)
		return n;
	if (errno != EPIPE && errno != ECONNRESET)
		return 0;
	warnx("the acker is gone; acknowledging in the receiver");
	acker_forget();
	return send_here(fd, a, n);
}
