/*
 * sink: receive datagrams and only count them, the most any receiver on
 * this machine could take in: the ceiling hbrecv is measured against.
 */
#define _GNU_SOURCE	/* recvmmsg and struct mmsghdr, where the system has them */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hbtime.h"
#include "log.h"
#include "net.h"
#include "num.h"
#include "proto.h"

#if defined(__linux__)
#define HAVE_MMSG 1
#endif

#define USAGE	"sink [-t idle-seconds] ADDR:PORT"
#define BATCH	64
#define DGRAM_BUF	65536
#define RCVBUF	(8 << 20)	/* what hbrecv asks for too: the same room for bursts */

struct tally {
	unsigned long long	 n;
	double			 first, last;
};

/* The buffers one recvmmsg fills. */
struct rx {
	char		*space;
	struct iovec	 iov[BATCH];
#ifdef HAVE_MMSG
	struct mmsghdr	 hdr[BATCH];
#endif
};

static void
rx_init(struct rx *rx)
{
	size_t i;

	memset(rx, 0, sizeof(*rx));
	if ((rx->space = malloc((size_t)BATCH * DGRAM_BUF)) == NULL)
		die("buffers: out of memory");
	for (i = 0; i < BATCH; i++) {
		rx->iov[i].iov_base = rx->space + i * DGRAM_BUF;
		rx->iov[i].iov_len = DGRAM_BUF;
#ifdef HAVE_MMSG
		rx->hdr[i].msg_hdr.msg_iov = &rx->iov[i];
		rx->hdr[i].msg_hdr.msg_iovlen = 1;
#endif
	}
}

/* Receive what is queued now; how many datagrams, 0 when none is left. */
static size_t
recv_batch(int fd, struct rx *rx)
{
#ifdef HAVE_MMSG
	int r = recvmmsg(fd, rx->hdr, BATCH, MSG_DONTWAIT, NULL);

	if (r >= 0)
		return (size_t)r;
#else
	if (recv(fd, rx->iov[0].iov_base, DGRAM_BUF, 0) >= 0)
		return 1;
#endif
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	die("receive:");
}

/* Empty the socket; the clock starts with the first datagram ever seen. */
static void
drain(int fd, struct rx *rx, struct tally *t)
{
	size_t n;

	while ((n = recv_batch(fd, rx)) > 0) {
		t->last = time_mono();
		if (t->n == 0)
			t->first = t->last;
		t->n += n;
	}
}

/* Until idle seconds pass without a datagram, once the first has come. */
static void
count(int fd, double idle, struct tally *t)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	struct rx rx;
	int r;

	rx_init(&rx);
	for (;;) {
		r = poll(&pfd, 1, t->n == 0 ? -1 : (int)(idle * 1000));
		if (r == -1 && errno != EINTR)
			die("poll:");
		if (r == 0)
			break;
		drain(fd, &rx, t);
	}
	free(rx.space);
}

static int
open_socket(const char *where)
{
	struct hb_addr a;
	const char *why;
	int fd, got;

	if (net_parse(where, PROTO_PORT, &a, &why) == -1) {
		warnx("%s: %s", where, why);
		usage_exit(USAGE);
	}
	if ((fd = net_udp_bind(&a)) == -1)
		die("bind %s:", where);
	/* a small buffer would measure its drops, not the receiving */
	if ((got = net_rcvbuf(fd, RCVBUF)) < RCVBUF)
		warnx("receive buffer: %d bytes of %d asked (raise net.core.rmem_max)",
		    got, RCVBUF);
	return fd;
}

int
main(int argc, char *argv[])
{
	struct tally t = { 0, 0, 0 };
	const char *why;
	double idle = 1.0, secs;
	int c, fd;

	log_init(argv[0]);
	while ((c = getopt(argc, argv, "t:")) != -1) {
		switch (c) {
		case 't':
			if (num_double(optarg, 0.001, 3600, &idle, &why) == -1) {
				warnx("-t %s: %s", optarg, why);
				usage_exit(USAGE);
			}
			break;
		default:
			usage_exit(USAGE);
		}
	}
	if (argc - optind != 1)
		usage_exit(USAGE);
	fd = open_socket(argv[optind]);
	count(fd, idle, &t);
	close(fd);
	secs = t.last - t.first;
	printf("received %llu in %.3f s: %.0f dgram/s\n", t.n, secs,
	    secs > 0 ? (double)t.n / secs : 0.0);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write:");
	return 0;
}
