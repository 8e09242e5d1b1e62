/* p_ping: ping_monitor: ping(8) to every host at once, a summary each. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "num.h"
#include "perfdata.h"
#include "plugin.h"
#include "run.h"

#define COUNT_DFLT	3
#define COUNT_MAX	100
#define HOST_MAX	253		/* bytes of a host name */
#define ERR_MAX		200		/* bytes of an error shown */
#define WORDS_MAX	32

/* A word of a line, by its place. */
struct word {
	const char	*s;
	size_t		 n;
};

/* What a summary says; NAN what it does not. */
struct ping_sum {
	double	tx, rx, loss;
	double	rtt[4];		/* min, avg, max, mdev */
};

/* Does s (n bytes) hold the text t? */
static int
has(const char *s, size_t n, const char *t)
{
	size_t l = strlen(t), i;

	for (i = 0; i + l <= n; i++)
		if (memcmp(s + i, t, l) == 0)
			return 1;
	return 0;
}

static int
is(const struct word *w, const char *s)
{
	return w->n == strlen(s) && memcmp(w->s, s, w->n) == 0;
}

/* A number of n bytes; NAN when it is not one. */
static double
number(const char *s, size_t n)
{
	return num_span(s, n, 0, DBL_MAX);
}

/* The words of a line, split at blanks and commas. */
static size_t
words(const char *s, size_t n, struct word *w)
{
	size_t k = 0, i = 0, j;

	while (i < n && k < WORDS_MAX) {
		while (i < n && strchr(" \t\r,", s[i]) != NULL && s[i] != '\0')
			i++;
		for (j = i; j < n && strchr(" \t\r,", s[j]) == NULL; j++)
			;
		if (j > i)
			w[k++] = (struct word){ s + i, j - i };
		i = j;
	}
	return k;
}

/*
 * "3 packets transmitted, 3 received, 0% packet loss, time 2003ms"
 * (iputils), "3 packets transmitted, 3 packets received, 0% packet
 * loss" (busybox, BSD); errors and duplicates may come between.
 */
static void
counts(const char *s, size_t n, struct ping_sum *p)
{
	struct word w[WORDS_MAX];
	size_t k, i, j;

	k = words(s, n, w);
	for (i = 1; i < k; i++) {
		if (is(&w[i], "transmitted") && i >= 2 &&
		    is(&w[i - 1], "packets"))
			p->tx = number(w[i - 2].s, w[i - 2].n);
		if (is(&w[i], "received")) {
			j = is(&w[i - 1], "packets") && i >= 2 ? i - 2 : i - 1;
			p->rx = number(w[j].s, w[j].n);
		}
		if (is(&w[i], "packet") && i + 1 < k && is(&w[i + 1], "loss") &&
		    w[i - 1].n > 1 && w[i - 1].s[w[i - 1].n - 1] == '%')
			p->loss = number(w[i - 1].s, w[i - 1].n - 1);
	}
}

/*
 * "rtt min/avg/max/mdev = 0.030/0.041/0.050/0.008 ms" (iputils), or
 * "round-trip min/avg/max = ..." (busybox), or ".../stddev = ..." (BSD)
 */
static void
rtts(const char *s, size_t n, struct ping_sum *p)
{
	const char *eq, *end = s + n, *v;
	size_t k;

	if ((eq = memchr(s, '=', n)) == NULL)
		return;
	for (v = eq + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	for (k = 0; k < 4 && v < end; k++) {
		for (s = v; v < end && *v != '/' && *v != ' '; v++)
			;
		p->rtt[k] = number(s, (size_t)(v - s));
		if (v == end || *v != '/')
			break;
		v++;
	}
}

int
ping_parse(const char *s, struct jw *w)
{
	static const char *const rttkey[] = { "rtt_min_ms", "rtt_avg_ms",
	    "rtt_max_ms", "rtt_mdev_ms" };
	struct ping_sum p = { NAN, NAN, NAN, { NAN, NAN, NAN, NAN } };
	const char *nl;
	size_t n, k;

	for (; *s != '\0'; s = nl + (*nl != '\0')) {
		nl = s + strcspn(s, "\n");
		n = (size_t)(nl - s);
		if (has(s, n, "packets transmitted"))
			counts(s, n, &p);
		else if (has(s, n, "min/avg/max"))
			rtts(s, n, &p);
	}
	if (isnan(p.tx) || isnan(p.rx))
		return -1;
	if (isnan(p.loss) && p.tx > 0)
		p.loss = 100 * (p.tx - p.rx) / p.tx;
	jw_knum(w, "transmitted", p.tx);
	jw_knum(w, "received", p.rx);
	if (!isnan(p.loss))
		jw_knum(w, "loss_percent", p.loss);
	for (k = 0; k < 4; k++)
		if (!isnan(p.rtt[k]) && p.rx > 0)
			jw_knum(w, rttkey[k], p.rtt[k]);
	jw_kbool(w, "reachable", p.rx > 0);
	return 0;
}

/* Letters, digits, '.', ':', '-' but not first: a host, never an option. */
static int
host_ok(const char *h)
{
	size_t n = strlen(h);

	return n > 0 && n <= HOST_MAX && h[0] != '-' &&
	    strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.:-") == n;
}

/* The hosts to ping, each once, in the order given. */
static int
hosts_of(const struct plugin *p, const char **h)
{
	const char *v;
	int i, k, n = 0;

	for (i = 0; (v = plugin_optn(p, "host", i)) != NULL; i++) {
		for (k = 0; k < n && strcmp(h[k], v) != 0; k++)
			;
		if (k == n && n < PLUGIN_OPTS_MAX)
			h[n++] = v;
	}
	return n;
}

/* One host's object, when ping said nothing we understand. */
static void
host_error(struct jw *w, const struct run *r, double timeout)
{
	char msg[ERR_MAX + 64];
	const char *e;
	size_t l;

	if (r == NULL)
		snprintf(msg, sizeof(msg), "invalid host name");
	else if (!run_failed(r, timeout, msg, sizeof(msg))) {
		e = first_line(r->err.p, r->err.len, ERR_MAX, &l);
		if (l > 0)
			snprintf(msg, sizeof(msg), "%.*s", (int)l, e);
		else
			snprintf(msg, sizeof(msg), "no summary from ping "
			    "(exit status %d)", r->status);
	}
	jw_kbool(w, "reachable", 0);
	jw_kstr(w, "error", msg);
}

static void
hosts_write(struct jw *w, const char **host, int n, const struct run *r,
    double timeout)
{
	int i, k;

	jw_key(w, "hosts");
	jw_obj(w);
	for (i = k = 0; i < n; i++) {
		jw_key(w, host[i]);
		jw_obj(w);
		if (!host_ok(host[i]))
			host_error(w, NULL, timeout);
		else if (!r[k].started || r[k].timed_out ||
		    ping_parse(r[k].out.p, w) == -1)
			host_error(w, &r[k], timeout);
		if (host_ok(host[i]))
			k++;
		jw_end(w, '}');
	}
	jw_end(w, '}');
}

/* Did no ping start, for want of the program? */
static int
no_ping(const struct run *r, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (r[i].started || r[i].err_no != ENOENT)
			return 0;
	return n > 0;
}

int
ping_monitor_collect(struct plugin *p, struct jw *w)
{
	const char *host[PLUGIN_OPTS_MAX], *v, *why;
	char *argv[PLUGIN_OPTS_MAX][9], count[24];
	const char *prog = plugin_opt(p, "ping");
	struct run r[PLUGIN_OPTS_MAX];
	long long c = COUNT_DFLT;
	double timeout;
	int i, n, k;

	if ((v = plugin_opt(p, "count")) != NULL &&
	    num_ll(v, 1, COUNT_MAX, &c, &why) == -1) {
		p->why = "bad count option (1 to 100)";
		return -1;
	}
	/* ping's own time, count seconds and a reply's 2, and room */
	if (run_timeout(plugin_opt(p, "timeout"), (double)c + 10, &timeout,
	    &why) == -1) {
		p->why = "bad timeout option";
		return -1;
	}
	if ((n = hosts_of(p, host)) == 0) {
		p->why = "no host configured";
		return -1;
	}
	snprintf(count, sizeof(count), "%lld", c);
	memset(r, 0, sizeof(r));
	for (i = k = 0; i < n; i++) {
		if (!host_ok(host[i]))
			continue;
		argv[k][0] = (char *)(prog ? prog : "ping");
		argv[k][1] = "-n";
		argv[k][2] = "-q";
		argv[k][3] = "-c";
		argv[k][4] = count;
		argv[k][5] = "-W";
		argv[k][6] = "2";
		argv[k][7] = (char *)host[i];
		argv[k][8] = NULL;
		r[k].argv = argv[k];
		k++;
	}
	if (run_all(r, (size_t)k, timeout) == -1) {
		p->why = "cannot run ping: out of memory";
		return -1;
	}
	if (no_ping(r, k)) {
		p->why = "no ping program here";
		n = -1;
	} else
		hosts_write(w, host, n, r, timeout);
	for (i = 0; i < k; i++)
		run_free(&r[i]);
	return n == -1 ? -1 : 0;
}
