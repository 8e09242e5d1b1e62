/* net: numeric addresses, UDP sockets, and sockets inherited from systemd or inetd. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "num.h"

static int
port_of(const char *s, int *port, const char **why)
{
	long long v;

	if (num_ll(s, 0, 65535, &v, why) == -1) {
		*why = "bad port";
		return -1;
	}
	*port = (int)v;
	return 0;
}

int
net_parse(const char *s, int defport, struct hb_addr *a, const char **why)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;
	char host[NET_ADDRSTRLEN + 2];
	const char *colon, *end;
	int port = defport;

	memset(a, 0, sizeof(*a));
	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL || (size_t)(end - s - 1) >= sizeof(host))
			return *why = "bad IPv6 address", -1;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		if (end[1] == ':') {
			if (port_of(end + 2, &port, why) == -1)
				return -1;
		} else if (end[1] != '\0')
			return *why = "bad port", -1;
		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			return *why = "bad IPv6 address", -1;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		a->len = sizeof(*sin6);
		return 0;
	}
	colon = strchr(s, ':');
	end = colon ? colon : s + strlen(s);
	if ((size_t)(end - s) >= sizeof(host))
		return *why = "bad IPv4 address", -1;
	memcpy(host, s, (size_t)(end - s));
	host[end - s] = '\0';
	if (colon && port_of(colon + 1, &port, why) == -1)
		return -1;
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return *why = "bad IPv4 address (IPv6 goes in brackets)", -1;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	a->len = sizeof(*sin);
	return 0;
}

void
net_ntop(const struct sockaddr *sa, char buf[NET_ADDRSTRLEN], int *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	*port = 0;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, buf, NET_ADDRSTRLEN);
		*port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, buf, NET_ADDRSTRLEN);
		*port = ntohs(sin6->sin6_port);
	} else
		strcpy(buf, "?");
}

int
net_udp_bind(const struct hb_addr *a)
{
	int fd, on = 1, saved;

	if ((fd = socket(a->ss.ss_family, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		goto fail;
	/* one socket per family, so that [::] and 0.0.0.0 can both be bound */
	if (a->ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
net_rcvbuf(int fd, int size)
{
	socklen_t len = sizeof(size);
	int got;

#ifdef SO_RCVBUFFORCE
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) == -1)
#endif
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	len = sizeof(got);
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == -1)
		return -1;
	return got;
}

int
net_is_dgram(int fd)
{
	socklen_t len;
	int type;

	len = sizeof(type);
	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type == SOCK_DGRAM;
}

int
net_listen_fds(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	const char *why;
	long long p, n;

	if (pid == NULL || fds == NULL ||
	    num_ll(pid, 1, 0x7fffffff, &p, &why) == -1 || p != getpid() ||
	    num_ll(fds, 0, 1000, &n, &why) == -1)
		return 0;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return (int)n;
}
