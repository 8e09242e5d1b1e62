/* p_network: the network_monitor plugin, interface counters and TCP sockets. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#endif

#include "hbtime.h"
#include "mounts.h"

#define IFNAME_MAX	16	/* IFNAMSIZ: 15 bytes and the NUL */

/* What an interface had counted at the previous sample. */
struct ifprev {
	char		 name[IFNAME_MAX];
	long long	 rx;
	long long	 tx;
};

/* One allocation, so free(3) releases it. */
struct netstate {
	double		 when;	/* time_mono() of the previous sample; first,
				   so that a test can age it */
	size_t		 n;
	struct ifprev	 v[];
};

/* The counters of /proc/net/dev, in its order. */
enum {
	RX_BYTES, RX_PACKETS, RX_ERRS, RX_DROP, RX_FIFO, RX_FRAME, RX_COMP,
	RX_MCAST, TX_BYTES, TX_PACKETS, TX_ERRS, TX_DROP, NCOUNT = 16
};

struct totals {
	double	errors;
	double	dropped;
	int	cut;		/* interfaces left out of the sample */
};

/* The TCP states that are counted apart, numbered as Linux does. */
enum {
	ST_ESTABLISHED = 1, ST_TIME_WAIT = 6, ST_CLOSE_WAIT = 8,
	ST_LISTEN = 10, ST_LAST = 11
};

/* TCP sockets by state. */
struct tcp {
	long long	total;
	long long	established;
	long long	listen;
	long long	time_wait;
	long long	close_wait;
	int		seen;	/* a table could be read */
};

static const struct ifprev *
find(const struct netstate *st, const char *name, size_t hint)
{
	size_t i;

	if (st == NULL)
		return NULL;
	/* Interfaces come in the same order each time. */
	if (hint < st->n && strcmp(st->v[hint].name, name) == 0)
		return &st->v[hint];
	for (i = 0; i < st->n; i++)
		if (strcmp(st->v[i].name, name) == 0)
			return &st->v[i];
	return NULL;
}

/* Bytes per second since the previous sample; nothing after a reset. */
static void
rate(struct jw *w, const char *key, long long now, long long then, double dt)
{
	if (now >= then && dt > 0)
		jw_knum(w, key, round((double)(now - then) / dt));
}

static void
iface(struct jw *w, const char *name, const long long *c,
    const struct ifprev *prev, double dt)
{
	jw_key(w, name);
	jw_obj(w);
	jw_knum(w, "rx_bytes", (double)c[RX_BYTES]);
	jw_knum(w, "tx_bytes", (double)c[TX_BYTES]);
	jw_knum(w, "rx_packets", (double)c[RX_PACKETS]);
	jw_knum(w, "tx_packets", (double)c[TX_PACKETS]);
	jw_knum(w, "rx_errors", (double)c[RX_ERRS]);
	jw_knum(w, "tx_errors", (double)c[TX_ERRS]);
	jw_knum(w, "rx_dropped", (double)c[RX_DROP]);
	jw_knum(w, "tx_dropped", (double)c[TX_DROP]);
	if (prev != NULL) {
		rate(w, "rx_bytes_per_s", c[RX_BYTES], prev->rx, dt);
		rate(w, "tx_bytes_per_s", c[TX_BYTES], prev->tx, dt);
	}
	jw_end(w, '}');
}

/*
 * "  eth0: 123 4 ..." (old kernels: "eth0:123"): the name into ifp, the
 * counters into c. 0, or -1 for a line that is none of these.
 */
static int
dev_line(char *line, struct ifprev *ifp, long long *c)
{
	char *colon, *name, *f[NCOUNT];
	size_t len;
	int i;

	if ((colon = strchr(line, ':')) == NULL)
		return -1;
	*colon = '\0';
	name = line + strspn(line, " \t");
	len = strlen(name);
	if (len == 0 || len >= IFNAME_MAX || strcspn(name, " \t") != len)
		return -1;
	if (scan_fields(colon + 1, f, NCOUNT) < NCOUNT)
		return -1;
	for (i = 0; i < NCOUNT; i++)
		if (scan_count(f[i], &c[i]) == -1)
			return -1;
	memcpy(ifp->name, name, len + 1);
	ifp->rx = c[RX_BYTES];
	ifp->tx = c[TX_BYTES];
	return 0;
}

/* Keep this sample's counters for the next; on failure, rates start over. */
static void
remember(struct plugin *p, struct buf *now, double t)
{
	struct netstate *st;
	size_t n = now->len / sizeof(struct ifprev);

	st = realloc(p->state, sizeof(*st) + now->len);
	if (st == NULL) {
		free(p->state);
		p->state = NULL;
		return;
	}
	st->when = t;
	st->n = n;
	if (n > 0)
		memcpy(st->v, now->p, now->len);
	p->state = st;
}

static int
interfaces(struct plugin *p, struct jw *w, struct buf *b, struct totals *t)
{
	const struct netstate *st = p->state;
	struct buf now = BUF_INIT;
	struct ifprev ifp;
	struct scan s;
	long long c[NCOUNT];
	double mono = time_mono(), dt = st != NULL ? mono - st->when : 0;
	int lo = plugin_optbool(p, "include_lo", 0);
	size_t start;
	char *line;

	if (plugin_read(p, "/proc/net/dev", b) == -1) {
		p->why = "no /proc/net/dev here";
		return -1;
	}
	scan_init(&s, b);
	jw_key(w, "interfaces");
	jw_obj(w);
	start = w->b->len;
	while ((line = scan_line(&s)) != NULL) {
		if (dev_line(line, &ifp, c) == -1 ||
		    (!lo && strcmp(ifp.name, "lo") == 0))
			continue;
		t->errors += (double)c[RX_ERRS] + (double)c[TX_ERRS];
		t->dropped += (double)c[RX_DROP] + (double)c[TX_DROP];
		if (w->b->len - start > LIST_BUDGET)
			t->cut = 1;
		else
			iface(w, ifp.name, c, find(st, ifp.name,
			    now.len / sizeof(ifp)), dt);
		buf_add(&now, &ifp, sizeof(ifp));
	}
	jw_end(w, '}');
	remember(p, &now, mono);
	buf_free(&now);
	return 0;
}

static void
tcp_state(struct tcp *t, int st)
{
	if (st < ST_ESTABLISHED || st > ST_LAST)
		return;
	t->total++;
	t->established += st == ST_ESTABLISHED;
	t->time_wait += st == ST_TIME_WAIT;
	t->close_wait += st == ST_CLOSE_WAIT;
	t->listen += st == ST_LISTEN;
}

#ifdef __linux__
/* The kernel answers at once; should it not, give up after a second. */
static int
timeout(int fd)
{
	struct timeval tv = { 1, 0 };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* Count the sockets of one batch of replies: 1 at the dump's end, -1 on an error. */
static int
diag_batch(const char *b, size_t left, struct tcp *t)
{
	const struct nlmsghdr *h;
	const struct inet_diag_msg *m;
	size_t step;

	while (left >= sizeof(*h)) {
		h = (const struct nlmsghdr *)(const void *)b;
		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > left ||
		    h->nlmsg_type == NLMSG_ERROR)
			return -1;
		if (h->nlmsg_type == NLMSG_DONE)
			return 1;
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*m))) {
			m = NLMSG_DATA(h);
			tcp_state(t, m->idiag_state);
		}
		if ((step = NLMSG_ALIGN(h->nlmsg_len)) >= left)
			break;
		b += step;
		left -= step;
	}
	return 0;
}

/*
 * Count the sockets of a dump's replies: 0 at its end, -1 on an error.
 * A batch never exceeds 8 KiB (NLMSG_GOODSIZE).
 */
static int
diag_replies(int fd, struct tcp *t)
{
	union {
		char		 b[8192];
		struct nlmsghdr	 h;	/* for its alignment */
	} u;
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;
	int rc;

	do {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = u.b;
		iov.iov_len = sizeof(u.b);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		if ((n = recvmsg(fd, &msg, 0)) <= 0 || (msg.msg_flags & MSG_TRUNC))
			return -1;
	} while ((rc = diag_batch(u.b, (size_t)n, t)) == 0);
	return rc == 1 ? 0 : -1;
}

/*
 * Ask the kernel for its TCP sockets of one family (sock_diag(7)), as
 * ss(8) does: reading /proc/net/tcp walks every bucket of the hash
 * tables, twice (the read that meets the end walks again), some 2 ms a
 * walk where RAM is plenty, and netlink costs a tenth of that.
 */
static int
diag(int family, struct tcp *t)
{
	struct {
		struct nlmsghdr		nh;
		struct inet_diag_req_v2	r;
	} req;
	struct sockaddr_nl sa;
	int fd, rc;

	memset(&req, 0, sizeof(req));
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.r.sdiag_family = (unsigned char)family;
	req.r.sdiag_protocol = IPPROTO_TCP;
	/* states 1 to 11, those /proc/net/tcp shows */
	req.r.idiag_states = (1u << (ST_LAST + 1)) - 2;
	if ((fd = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_SOCK_DIAG)) == -1)
		return -1;
	rc = -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && timeout(fd) == 0 &&
	    sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == (ssize_t)sizeof(req))
		rc = diag_replies(fd, t);
	close(fd);
	return rc;
}
#endif

/* The sockets of this system through netlink, of all families. */
static int
tcp_netlink(struct tcp *t)
{
#ifdef __linux__
	if (diag(AF_INET, t) == -1)
		return -1;
	/* A kernel without IPv6 has no such sockets to count. */
	(void)diag(AF_INET6, t);
	t->seen = 1;
	return 0;
#else
	(void)t;
	return -1;
#endif
}

/* Two hex digits, as /proc/net/tcp writes a state; -1 when not. */
static int
hex2(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *hi, *lo;

	if (s[0] == '\0' || s[1] == '\0' || s[2] != '\0' ||
	    (hi = strchr(hex, s[0])) == NULL || (lo = strchr(hex, s[1])) == NULL)
		return -1;
	return (int)(hi - hex) * 16 + (int)(lo - hex);
}

/* Count the sockets of one table: "sl local remote st ...". */
static int
tcp_table(struct plugin *p, const char *path, struct buf *b, struct tcp *t)
{
	struct scan s;
	char *line, *f[4];

	if (plugin_read(p, path, b) == -1)
		return -1;
	t->seen = 1;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL)
		if (scan_fields(line, f, 4) == 4)
			tcp_state(t, hex2(f[3]));
	return 0;
}

/* The "NAME: key value key value" line of a sockstat file: the value of key. */
static long long
sockstat(struct plugin *p, const char *path, const char *name,
    const char *key, struct buf *b)
{
	struct scan s;
	char *line, *f[16];
	long long v;
	int i, n;

	if (plugin_read(p, path, b) == -1)
		return 0;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL) {
		if ((n = scan_fields(line, f, 16)) < 1 || strcmp(f[0], name) != 0)
			continue;
		for (i = 1; i + 1 < n; i += 2)
			if (strcmp(f[i], key) == 0 && scan_count(f[i + 1], &v) == 0)
				return v;
	}
	return 0;
}

/*
 * This system's sockets come through netlink; under a root (a fixture)
 * or where netlink is refused, from the tables in /proc. A busy
 * server's tables outgrow what a plugin reads (150 bytes a socket): the
 * kernel's own counts then give the total and TIME_WAIT.
 */
static void
tcp_counts(struct plugin *p, struct buf *b, struct tcp *t)
{
	memset(t, 0, sizeof(*t));
	if ((p->root == NULL || *p->root == '\0') && tcp_netlink(t) == 0)
		return;
	memset(t, 0, sizeof(*t));
	if (tcp_table(p, "/proc/net/tcp", b, t) == 0 || errno != EFBIG)
		if (tcp_table(p, "/proc/net/tcp6", b, t) == 0 || errno != EFBIG)
			return;
	memset(t, 0, sizeof(*t));
	t->seen = -1;
	t->time_wait = sockstat(p, "/proc/net/sockstat", "TCP:", "tw", b);
	t->total = t->time_wait +
	    sockstat(p, "/proc/net/sockstat", "TCP:", "inuse", b) +
	    sockstat(p, "/proc/net/sockstat6", "TCP6:", "inuse", b);
}

static void
connections(struct plugin *p, struct jw *w, struct buf *b)
{
	struct tcp t;

	tcp_counts(p, b, &t);
	if (t.seen == 0)
		return;
	jw_knum(w, "connections", (double)t.total);
	jw_key(w, "tcp");
	jw_obj(w);
	if (t.seen == 1) {
		jw_knum(w, "established", (double)t.established);
		jw_knum(w, "listen", (double)t.listen);
		jw_knum(w, "close_wait", (double)t.close_wait);
	}
	jw_knum(w, "time_wait", (double)t.time_wait);
	jw_knum(w, "total", (double)t.total);
	jw_end(w, '}');
}

int
network_monitor_collect(struct plugin *p, struct jw *w)
{
	struct buf b = BUF_INIT;
	struct totals t;

	memset(&t, 0, sizeof(t));
	if (interfaces(p, w, &b, &t) == -1) {
		buf_free(&b);
		return -1;
	}
	jw_knum(w, "errors_total", t.errors);
	jw_knum(w, "dropped_total", t.dropped);
	connections(p, w, &b);
	if (t.cut)
		jw_kbool(w, "truncated", 1);
	buf_free(&b);
	return 0;
}
