/*
 * servers: a receiver named on the command line becomes addresses, and each
 * address a connected UDP socket, so that the ICMP errors of the network
 * come back to us as errors of our own socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hbsend.h"
#include "num.h"

/* Split arg into its host and its port, if it names one. */
static int
split(const char *arg, const char **host, size_t *hlen, const char **port,
    const char **why)
{
	const char *end, *colon;

	*host = arg;
	*port = NULL;
	if (*arg == '[') {
		if ((end = strchr(arg, ']')) == NULL)
			return *why = "missing ']'", -1;
		*host = arg + 1;
		*hlen = (size_t)(end - *host);
		if (end[1] == ':')
			*port = end + 2;
		else if (end[1] != '\0')
			return *why = "':port' expected after ']'", -1;
		return 0;
	}
	/* A second colon makes it an IPv6 address, which then has no port. */
	colon = strchr(arg, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL) {
		*hlen = (size_t)(colon - arg);
		*port = colon + 1;
	} else
		*hlen = strlen(arg);
	return 0;
}

int
server_parse(struct server *s, const char *arg, int defport, const char **why)
{
	const char *host, *port;
	long long n = defport;
	size_t hlen;
	int i;

	memset(s, 0, sizeof(*s));
	if (split(arg, &host, &hlen, &port, why) == -1)
		return -1;
	if (hlen == 0)
		return *why = "no host", -1;
	if (hlen >= sizeof(s->host))
		return *why = "host name too long", -1;
	if (port != NULL && num_ll(port, 1, 65535, &n, why) == -1)
		return *why = "bad port (1 to 65535)", -1;
	memcpy(s->host, host, hlen);
	snprintf(s->port, sizeof(s->port), "%lld", n);
	s->arg = arg;
	s->rtt = -1;
	for (i = 0; i < PEERS_MAX; i++)
		s->peers[i].fd = -1;
	for (i = 0; i < SENT_MAX; i++)
		s->sent[i].seq = -1;
	s->rl = (struct ratelimit)COMPLAINTS;
	return 0;
}

void
peer_label(const struct peer *p, char buf[LABEL_MAX])
{
	char addr[NET_ADDRSTRLEN];
	int port;

	net_ntop((const struct sockaddr *)&p->a.ss, addr, &port);
	snprintf(buf, LABEL_MAX, p->a.ss.ss_family == AF_INET6 ? "[%s]:%d" :
	    "%s:%d", addr, port);
}

static void
peer_close(struct peer *p)
{
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
}

static int
same_addr(const struct hb_addr *a, const struct sockaddr *sa, socklen_t len)
{
	return a->len == len && memcmp(&a->ss, sa, len) == 0;
}

/* The index of the peer among n with the address sa, or -1. */
static int
find_peer(const struct peer *p, int n, const struct sockaddr *sa, socklen_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (same_addr(&p[i].a, sa, len))
			return i;
	return -1;
}

/*
 * The address ai as peer p: what we knew of it if it was among the nold
 * old peers (whose socket moves over), else a new peer.
 */
static void
take(struct peer *p, const struct addrinfo *ai, struct peer *old, int nold)
{
	int j;

	if ((j = find_peer(old, nold, ai->ai_addr, ai->ai_addrlen)) != -1) {
		*p = old[j];
		old[j].fd = -1;
		return;
	}
	memset(p, 0, sizeof(*p));
	memcpy(&p->a.ss, ai->ai_addr, ai->ai_addrlen);
	p->a.len = ai->ai_addrlen;
	p->fd = -1;
	p->rl = (struct ratelimit)COMPLAINTS;
}

/*
 * The addresses ai become the server's peers. An address seen before
 * keeps its socket and its history (an IPv6 address given up stays given
 * up); the current peer stays current if it is still there.
 */
static void
merge(struct server *s, const struct addrinfo *ai)
{
	struct peer old[PEERS_MAX], *p;
	struct hb_addr cur = { .len = 0 };
	int j, nold = s->npeers;

	memcpy(old, s->peers, sizeof(old));
	if (nold > 0)
		cur = old[s->cur].a;
	s->npeers = 0;
	s->cur = 0;
	for (; ai != NULL && s->npeers < PEERS_MAX; ai = ai->ai_next) {
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    ai->ai_addrlen > sizeof(cur.ss) ||
		    find_peer(s->peers, s->npeers, ai->ai_addr,
		    ai->ai_addrlen) != -1)
			continue;
		p = &s->peers[s->npeers];
		take(p, ai, old, nold);
		if (same_addr(&p->a, (struct sockaddr *)&cur.ss, cur.len))
			s->cur = s->npeers;
		s->npeers++;
	}
	for (j = 0; j < nold; j++)
		peer_close(&old[j]);
}

void
server_resolve(struct server *s)
{
	struct addrinfo hints, *res;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	/* A failed look-up keeps the addresses we had: DNS may come back. */
	if ((rc = getaddrinfo(s->host, s->port, &hints, &res)) != 0) {
		s->err = rc == EAI_SYSTEM ? errno : 0;
		warnx_rl(&s->rl, "%s: resolve %s: %s", s->arg, s->host,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		s->trouble = 1;
		return;
	}
	merge(s, res);
	freeaddrinfo(res);
	s->trouble = 0;
}

/* A connected, non-blocking, close-on-exec UDP socket to p; 0 or -1. */
static int
peer_connect(struct peer *p, const char **what)
{
	*what = "socket for";
	if ((p->fd = socket(p->a.ss.ss_family, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (fcntl(p->fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(p->fd, F_SETFL, fcntl(p->fd, F_GETFL) | O_NONBLOCK) == -1)
		return -1;
	*what = "connect to";
	return connect(p->fd, (const struct sockaddr *)&p->a.ss, p->a.len);
}

static int
peer_send(struct peer *p, const void *data, size_t n, const char **what)
{
	if (p->fd == -1 && peer_connect(p, what) == -1)
		return -1;
	*what = "send to";
	return send(p->fd, data, n, 0) == (ssize_t)n ? 0 : -1;
}

struct peer *
server_send(struct server *s, const void *data, size_t n)
{
	int k, i, start = s->cur;	/* a failure moves s->cur on */
	const char *what;
	struct peer *p;

	for (k = 0; k < s->npeers; k++) {
		i = (start + k) % s->npeers;
		p = &s->peers[i];
		if (p->dropped)
			continue;
		if (peer_send(p, data, n, &what) == 0) {
			s->cur = i;
			p->worked = 1;
			p->fails = 0;
			return p;
		}
		server_fail(s, p, what);
	}
	s->trouble = 1;		/* nothing took it: look the server up again */
	return NULL;
}

void
server_fail(struct server *s, struct peer *p, const char *what)
{
	char label[LABEL_MAX];
	int saved = errno;

	peer_close(p);
	p->fails++;
	s->err = saved;
	s->trouble = 1;
	/* The next datagram tries the next address, of either family. */
	if (p == &s->peers[s->cur])
		s->cur = (s->cur + 1) % s->npeers;
	peer_label(p, label);
	warnx_rl(&p->rl, "%s: %s %s: %s", s->arg, what, label, strerror(saved));
	/* Hosts without IPv6 routing get IPv6 addresses all the same. */
	if (p->a.ss.ss_family == AF_INET6 && !p->worked &&
	    p->fails >= V6_TRIES) {
		p->dropped = 1;
		warnx("%s: giving up %s, which never worked", s->arg, label);
	}
}

void
server_close(struct server *s)
{
	int i;

	for (i = 0; i < s->npeers; i++)
		peer_close(&s->peers[i]);
}
