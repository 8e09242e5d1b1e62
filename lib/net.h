/* net: addresses and UDP sockets, shared by the sender and the receiver. */
#ifndef HB_NET_H
#define HB_NET_H

#include <sys/socket.h>
#include <netinet/in.h>

struct hb_addr {
	struct sockaddr_storage	ss;
	socklen_t		len;
};

#define NET_ADDRSTRLEN	INET6_ADDRSTRLEN

/*
 * Parse a numeric "ADDR:PORT", "[V6ADDR]:PORT", "ADDR" or "[V6ADDR]"
 * (then port defport) into a. No name is looked up. 0, or -1 with *why.
 */
int	net_parse(const char *s, int defport, struct hb_addr *a, const char **why);
/* The numeric address of sa into buf, and its port; buf is "?" for other families. */
void	net_ntop(const struct sockaddr *sa, char buf[NET_ADDRSTRLEN], int *port);
/* A non-blocking, close-on-exec UDP socket bound to a (IPv6 sockets v6-only); the fd, or -1. */
int	net_udp_bind(const struct hb_addr *a);
/*
 * Ask for a receive buffer of size bytes: SO_RCVBUFFORCE when privileged,
 * else SO_RCVBUF, which the system caps. The size the kernel granted (it
 * reports twice what it books), or -1.
 */
int	net_rcvbuf(int fd, int size);
/* Is fd a datagram socket? 1 or 0. */
int	net_is_dgram(int fd);
/*
 * Sockets handed over by systemd (LISTEN_PID is ours, LISTEN_FDS=n): n,
 * from fd 3 on; 0 when there are none. The variables are removed so that
 * children do not take them for theirs.
 */
int	net_listen_fds(void);

#endif
