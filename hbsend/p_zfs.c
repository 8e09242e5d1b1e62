/* p_zfs: the zfs_monitor plugin: pools' health, space and I/O from zpool(8). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "perfdata.h"
#include "plugin.h"
#include "run.h"

#define POOL_NAME_MAX	256	/* ZFS_MAX_DATASET_NAME_LEN */
#define WORD_MAX	32
#define ERRORS_MAX	256
#define WHY_MAX		256
#define STDERR_SHOWN	160

/* The numbers of a pool, in the order written. */
enum { SIZE, ALLOC, FREE, FRAG, CAP, DEDUP, RERR, WERR, CERR, ROPS, WOPS,
	RBYTES, WBYTES, NNUM };

static const char *const numkey[NNUM] = {
	"size", "alloc", "free", "fragmentation_percent", "capacity_percent",
	"dedup_ratio", "read_errors", "write_errors", "checksum_errors",
	/* zpool iostat's first report: averages since the pool was imported */
	"read_ops_per_s", "write_ops_per_s", "read_bytes_per_s",
	"write_bytes_per_s",
};

struct pool {
	char	 name[POOL_NAME_MAX];
	double	 num[NNUM];		/* NAN: not known */
	char	 health[WORD_MAX];	/* zpool list's */
	char	 state[WORD_MAX];	/* zpool status's */
	char	 errors[ERRORS_MAX];
	int	 counted;		/* its row of the config table is read */
};

struct pools {
	struct pool	*v;
	size_t		 n, cap;
};

/* The pool of that name, added when new; NULL: no memory, or a bad name. */
static struct pool *
pool_get(struct pools *ps, const char *name, size_t len)
{
	struct pool *np;
	size_t i;

	if (len == 0 || len >= POOL_NAME_MAX)
		return NULL;
	for (i = 0; i < ps->n; i++)
		if (strlen(ps->v[i].name) == len &&
		    memcmp(ps->v[i].name, name, len) == 0)
			return &ps->v[i];
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 8;
		if ((np = realloc(ps->v, ps->cap * sizeof(*np))) == NULL)
			return NULL;
		ps->v = np;
	}
	np = &ps->v[ps->n++];
	memset(np, 0, sizeof(*np));
	memcpy(np->name, name, len);
	for (i = 0; i < NNUM; i++)
		np->num[i] = NAN;
	return np;
}

/* A number as zpool prints it: "1992864825344", "12%", "1.00x"; not "-". */
static double
znum(const char *s, size_t n)
{
	if (n > 0 && (s[n - 1] == '%' || s[n - 1] == 'x'))
		n--;
	return num_span(s, n, 0, DBL_MAX);
}

/* A copy of s (n bytes) into out, cut to fit. */
static void
text(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Split a line at tabs into at most max fields; how many. */
static size_t
tabs(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	const char *end = s + n, *t;
	size_t k = 0;

	while (k < max) {
		if ((t = memchr(s, '\t', (size_t)(end - s))) == NULL)
			t = end;
		f[k] = s;
		fl[k++] = (size_t)(t - s);
		if (t == end)
			break;
		s = t + 1;
	}
	return k;
}

/* Call fn for each line of s. */
static int
lines(const char *s, struct pools *ps,
    int (*fn)(struct pools *, const char *, size_t, void *), void *arg)
{
	const char *nl;

	for (; s != NULL && *s != '\0'; s = nl + (*nl != '\0')) {
		nl = s + strcspn(s, "\n");
		if (fn(ps, s, (size_t)(nl - s), arg) == -1)
			return -1;
	}
	return 0;
}

/* zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health */
static int
list_line(struct pools *ps, const char *s, size_t n, void *arg)
{
	const char *f[9];
	size_t fl[9], i;
	struct pool *p;

	(void)arg;
	if (tabs(s, n, f, fl, 9) != 8)
		return 0;	/* "no pools available", or not ours */
	if ((p = pool_get(ps, f[0], fl[0])) == NULL)
		return fl[0] == 0 || fl[0] >= POOL_NAME_MAX ? 0 : -1;
	for (i = 0; i < 6; i++)
		p->num[SIZE + i] = znum(f[1 + i], fl[1 + i]);
	text(p->health, sizeof(p->health), f[7], fl[7]);
	return 0;
}

/* zpool iostat -Hp: name, alloc, free, read and write ops and bandwidth */
static int
iostat_line(struct pools *ps, const char *s, size_t n, void *arg)
{
	const char *f[8];
	size_t fl[8], i;
	struct pool *p;

	(void)arg;
	if (tabs(s, n, f, fl, 8) != 7)
		return 0;
	if ((p = pool_get(ps, f[0], fl[0])) == NULL)
		return fl[0] == 0 || fl[0] >= POOL_NAME_MAX ? 0 : -1;
	for (i = 0; i < 4; i++)
		p->num[ROPS + i] = znum(f[3 + i], fl[3 + i]);
	return 0;
}

/* Does s (n bytes) begin with the word w followed by a blank? */
static int
begins(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);

	return n > l && memcmp(s, w, l) == 0 && (s[l] == ' ' || s[l] == '\t');
}

/* What follows "key:" at the start of s, without the blanks. */
static const char *
value(const char *s, size_t n, const char *key, size_t *vl)
{
	size_t l = strlen(key);

	if (n < l || memcmp(s, key, l) != 0)
		return NULL;
	for (s += l, n -= l; n > 0 && (*s == ' ' || *s == '\t'); s++, n--)
		;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	*vl = n;
	return s;
}

/* The pool's own row of the config table: "\tNAME  STATE  READ WRITE CKSUM". */
static void
config_row(struct pool *p, const char *s, size_t n)
{
	size_t l = strlen(p->name), k, i;
	const char *w[4];
	size_t wl[4];

	s += l;
	n -= l;
	for (k = 0; k < 4; k++) {
		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		for (w[k] = s; n > 0 && *s != ' ' && *s != '\t'; s++, n--)
			;
		if ((wl[k] = (size_t)(s - w[k])) == 0)
			return;
	}
	for (i = 0; i < 3; i++)
		p->num[RERR + i] = znum(w[1 + i], wl[1 + i]);
	p->counted = 1;
}

/* zpool status -p: "  pool: NAME", " state: ONLINE", a table, "errors: .." */
static int
status_line(struct pools *ps, const char *s, size_t n, void *arg)
{
	struct pool **cur = arg;
	const char *v, *t = s;
	size_t vl, tn = n;

	while (tn > 0 && *t == ' ')
		t++, tn--;
	if ((v = value(t, tn, "pool:", &vl)) != NULL) {
		*cur = pool_get(ps, v, vl);
		return *cur == NULL && vl > 0 && vl < POOL_NAME_MAX ? -1 : 0;
	}
	if (*cur == NULL)
		return 0;
	if ((v = value(t, tn, "state:", &vl)) != NULL)
		text((*cur)->state, sizeof((*cur)->state), v, vl);
	else if ((v = value(t, tn, "errors:", &vl)) != NULL)
		text((*cur)->errors, sizeof((*cur)->errors), v, vl);
	else if (n > 1 && s[0] == '\t' && !(*cur)->counted &&
	    begins(s + 1, n - 1, (*cur)->name))
		config_row(*cur, s + 1, n - 1);
	return 0;
}

static void
pool_write(struct jw *w, const struct pool *p)
{
	size_t i;

	jw_key(w, p->name);
	jw_obj(w);
	for (i = 0; i < NNUM; i++)
		if (!isnan(p->num[i]))
			jw_knum(w, numkey[i], p->num[i]);
	if (p->health[0] != '\0')
		jw_kstr(w, "health", p->health);
	if (p->state[0] != '\0')
		jw_kstr(w, "state", p->state);
	if (p->errors[0] != '\0')
		jw_kstr(w, "errors", p->errors);
	jw_end(w, '}');
}

int
zpool_write(struct jw *w, const char *list, const char *status,
    const char *iostat)
{
	struct pools ps = { NULL, 0, 0 };
	struct pool *cur = NULL;
	size_t i;
	int rc = -1;

	if (lines(list, &ps, list_line, NULL) == -1 ||
	    lines(status, &ps, status_line, &cur) == -1 ||
	    lines(iostat, &ps, iostat_line, NULL) == -1)
		goto done;
	jw_key(w, "pools");
	jw_obj(w);
	for (i = 0; i < ps.n; i++)
		pool_write(w, &ps.v[i]);
	jw_end(w, '}');
	rc = 0;
done:
	free(ps.v);
	return rc;
}

/* Its standard output when it ran well, else NULL. */
static const char *
good(const struct run *r)
{
	return r->started && !r->timed_out && r->signal == 0 &&
	    r->status == 0 ? r->out.p : NULL;
}

int
zfs_monitor_collect(struct plugin *p, struct jw *w)
{
	static char why[WHY_MAX];
	char msg[WHY_MAX - 16];
	char *zpool = (char *)(plugin_opt(p, "zpool") ? plugin_opt(p, "zpool") :
	    "zpool");
	char *list[] = { zpool, "list", "-Hp", "-o",
	    "name,size,alloc,free,frag,cap,dedup,health", NULL };
	char *status[] = { zpool, "status", "-p", NULL };
	char *iostat[] = { zpool, "iostat", "-Hp", NULL };
	struct run r[3] = { { 0 } };
	const char *e;
	double timeout;
	size_t l, i;
	int rc = -1;

	if (run_timeout(plugin_opt(p, "timeout"), RUN_TIMEOUT, &timeout,
	    &e) == -1) {
		p->why = "bad timeout option";
		return -1;
	}
	r[0].argv = list;
	r[1].argv = status;
	r[2].argv = iostat;
	if (run_all(r, 3, timeout) == -1)
		p->why = "cannot run zpool: out of memory";
	else if (!r[0].started)
		p->why = "zpool is not installed here: unavailable";
	else if (run_failed(&r[0], timeout, msg, sizeof(msg))) {
		snprintf(why, sizeof(why), "zpool list: %s", msg);
		p->why = why;
	} else if (r[0].status != 0) {
		e = first_line(r[0].err.p, r[0].err.len, STDERR_SHOWN, &l);
		snprintf(why, sizeof(why), "zpool list: exited with status "
		    "%d%s%.*s", r[0].status, l ? ": " : "", (int)l, e);
		p->why = why;
	} else if ((rc = zpool_write(w, good(&r[0]), good(&r[1]),
	    good(&r[2]))) == -1)
		p->why = "out of memory";
	for (i = 0; i < 3; i++)
		run_free(&r[i]);
	return rc;
}
