/*
 * socks: where datagrams come from. Sockets handed over by systemd come
 * first, then inetd's (a datagram socket on fd 0, "wait" mode), then the
 * listen addresses of the flags or the configuration, then the defaults.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hbrecv.h"

static void
nonblock(int fd)
{
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		die("socket %d:", fd);
}

static int
defaults(int *fds)
{
	static const char *const any[] = { "0.0.0.0", "[::]" };
	struct hb_addr a;
	const char *why;
	int i, n = 0;

	for (i = 0; i < 2; i++) {
		net_parse(any[i], PROTO_PORT, &a, &why);
		if ((fds[n] = net_udp_bind(&a)) != -1)
			n++;
		else if (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL)
			warnx("listen %s:%d: no %s here", any[i], PROTO_PORT,
			    i ? "IPv6" : "IPv4");
		else
			die("listen %s:%d:", any[i], PROTO_PORT);
	}
	if (n == 0)
		die("listen: no address family to listen on");
	return n;
}

int
socks_open(const struct config *c, int *fds, int explicit_listen)
{
	char addr[NET_ADDRSTRLEN];
	int i, n, port;

	if ((n = net_listen_fds()) > 0) {
		if (n > MAX_LISTEN)
			die("LISTEN_FDS: at most %d sockets", MAX_LISTEN);
		for (i = 0; i < n; i++) {
			fds[i] = 3 + i;
			if (!net_is_dgram(fds[i]))
				die("LISTEN_FDS: fd %d is no datagram socket", fds[i]);
		}
	} else if (!explicit_listen && net_is_dgram(STDIN_FILENO)) {
		n = 1;
		fds[0] = dup(STDIN_FILENO);	/* fd 0 becomes /dev/null later */
		if (fds[0] == -1)
			die("dup:");
	} else if (c->nlisten > 0) {
		for (n = 0; n < c->nlisten; n++) {
			net_ntop((const struct sockaddr *)&c->listen[n].ss, addr, &port);
			if ((fds[n] = net_udp_bind(&c->listen[n])) == -1)
				die("listen %s port %d:", addr, port);
		}
	} else
		n = defaults(fds);
	for (i = 0; i < n; i++)
		nonblock(fds[i]);
	return n;
}
