/* p_cpu: the cpu_monitor plugin, CPU time shares, load, processes, uptime. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mounts.h"

#define CORES_MAX	8192	/* Linux's NR_CPUS at most */

/* The columns of a cpu line of /proc/stat that add up to its time. */
enum { USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL, NTICKS };

struct ticks {
	long long	v[NTICKS];
};

/* A core's busy and total ticks at the previous sample; total 0: none. */
struct core {
	double	busy;
	double	total;
};

/* One allocation, so free(3) releases it. */
struct cpustate {
	struct ticks	 all;
	int		 have;		/* all holds a previous sample */
	size_t		 ncores;	/* of cores, indexed by cpu number */
	struct core	 cores[];
};

/* What one reading of /proc/stat gives. */
struct procstat {
	struct ticks	 all;
	int		 have;
	int		 ncpu;		/* cpuN lines */
	long long	 running, blocked, ctxt, intr;	/* -1: none */
	struct buf	 per_core;	/* doubles, in the order of the lines */
};

/* A cpu line's ticks into t: "cpu 1 2 3 4 ..." (older kernels give fewer). */
static int
ticks(char **f, int n, struct ticks *t)
{
	int i;

	if (n < 1 + IOWAIT)
		return -1;
	memset(t, 0, sizeof(*t));
	for (i = 0; i < NTICKS && i + 1 < n; i++)
		if (scan_count(f[i + 1], &t->v[i]) == -1)
			return -1;
	return 0;
}

/* What d counts: now less then, or all of now when then is none or later. */
static void
delta(const struct ticks *now, const struct ticks *then, struct ticks *d)
{
	int i;

	*d = *now;
	if (then == NULL)
		return;
	for (i = 0; i < NTICKS; i++)
		if (now->v[i] < then->v[i])
			return;
	for (i = 0; i < NTICKS; i++)
		d->v[i] = now->v[i] - then->v[i];
}

static double
total(const struct ticks *t)
{
	double sum = 0;
	int i;

	for (i = 0; i < NTICKS; i++)
		sum += (double)t->v[i];
	return sum;
}

static double
busy(const struct ticks *t)
{
	return total(t) - (double)t->v[IDLE] - (double)t->v[IOWAIT];
}

/* The state with room for core n; NULL when memory ran out. */
static struct cpustate *
state(struct plugin *p, size_t n)
{
	struct cpustate *st = p->state;
	size_t want = n + 1;

	if (st != NULL && n < st->ncores)
		return st;
	if (st != NULL && want < st->ncores * 2)
		want = st->ncores * 2;
	if (want > CORES_MAX)
		want = CORES_MAX;
	st = realloc(st, sizeof(*st) + want * sizeof(st->cores[0]));
	if (st == NULL)
		return NULL;
	if (p->state == NULL)
		memset(st, 0, sizeof(*st));
	memset(st->cores + st->ncores, 0,
	    (want - st->ncores) * sizeof(st->cores[0]));
	st->ncores = want;
	p->state = st;
	return st;
}

/* One core's share since its previous sample (or since boot), remembered. */
static void
core(struct plugin *p, struct procstat *s, const char *num, const struct ticks *t)
{
	struct cpustate *st;
	struct core *c;
	long long n;
	double pct, b = busy(t), tot = total(t), db = b, dt = tot;

	s->ncpu++;
	if (scan_count(num, &n) == -1 || n >= CORES_MAX ||
	    (st = state(p, (size_t)n)) == NULL)
		return;
	c = &st->cores[n];
	if (c->total > 0 && tot > c->total && b >= c->busy) {
		db = b - c->busy;
		dt = tot - c->total;
	}
	c->busy = b;
	c->total = tot;
	pct = percent_of(db, dt);
	buf_add(&s->per_core, &pct, sizeof(pct));
}

static void
stat_line(struct plugin *p, struct procstat *s, char *line, int cores)
{
	char *f[1 + NTICKS];
	struct ticks t;
	long long v;
	int n;

	if ((n = scan_fields(line, f, 1 + NTICKS)) < 2)
		return;
	if (strncmp(f[0], "cpu", 3) == 0 && ticks(f, n, &t) == 0) {
		if (f[0][3] == '\0') {
			s->all = t;
			s->have = 1;
		} else if (cores)
			core(p, s, f[0] + 3, &t);
		else
			s->ncpu++;
		return;
	}
	if (scan_count(f[1], &v) == -1)
		return;
	if (strcmp(f[0], "procs_running") == 0)
		s->running = v;
	else if (strcmp(f[0], "procs_blocked") == 0)
		s->blocked = v;
	else if (strcmp(f[0], "ctxt") == 0)
		s->ctxt = v;
	else if (strcmp(f[0], "intr") == 0)
		s->intr = v;
}

static void
shares(struct plugin *p, struct jw *w, const struct ticks *now)
{
	struct cpustate *st = state(p, 0);
	struct ticks d;
	double sum;

	delta(now, st != NULL && st->have ? &st->all : NULL, &d);
	if (total(&d) <= 0)	/* no tick in between: since boot, then */
		d = *now;
	if (st != NULL) {
		st->all = *now;
		st->have = 1;
	}
	sum = total(&d);
	jw_knum(w, "cpu_percent", percent_of(busy(&d), sum));
	jw_knum(w, "user_percent", percent_of((double)d.v[USER] +
	    (double)d.v[NICE], sum));
	jw_knum(w, "system_percent", percent_of((double)d.v[SYSTEM] +
	    (double)d.v[IRQ] + (double)d.v[SOFTIRQ], sum));
	jw_knum(w, "iowait_percent", percent_of((double)d.v[IOWAIT], sum));
	jw_knum(w, "idle_percent", percent_of((double)d.v[IDLE], sum));
	jw_knum(w, "steal_percent", percent_of((double)d.v[STEAL], sum));
}

static void
per_core(struct jw *w, const struct buf *b)
{
	const double *pct = (const double *)(const void *)b->p;
	size_t i;

	jw_key(w, "per_core");
	jw_arr(w);
	for (i = 0; i < b->len / sizeof(*pct); i++)
		jw_num(w, pct[i]);
	jw_end(w, ']');
}

static void
knum_if(struct jw *w, const char *key, long long v)
{
	if (v >= 0)
		jw_knum(w, key, (double)v);
}

/* "0.12 0.59 0.85 1/88 29425": the load, and tasks running of all there are. */
static void
loadavg(struct plugin *p, struct jw *w, struct buf *b)
{
	static const char *const keys[] = { "load_1min", "load_5min",
	    "load_15min" };
	char *line, *f[4], *slash;
	struct scan s;
	long long n;
	double v;
	int i;

	if (plugin_read(p, "/proc/loadavg", b) == -1)
		return;
	scan_init(&s, b);
	if ((line = scan_line(&s)) == NULL || scan_fields(line, f, 4) < 4)
		return;
	for (i = 0; i < 3; i++)
		if (scan_real(f[i], &v) == 0)
			jw_knum(w, keys[i], v);
	/* Every thread counts: this is the kernel's count of tasks. */
	if ((slash = strchr(f[3], '/')) != NULL && scan_count(slash + 1, &n) == 0)
		jw_knum(w, "process_count", (double)n);
}

/* The mean of the "cpu MHz : 2596.132" lines; none on most ARM machines. */
static void
frequency(struct plugin *p, struct jw *w, struct buf *b)
{
	char *line, *colon, *f[1];
	struct scan s;
	double v, sum = 0;
	long n = 0;

	if (plugin_read(p, "/proc/cpuinfo", b) == -1)
		return;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL)
		if (strncmp(line, "cpu MHz", 7) == 0 &&
		    (colon = strchr(line, ':')) != NULL &&
		    scan_fields(colon + 1, f, 1) == 1 && scan_real(f[0], &v) == 0) {
			sum += v;
			n++;
		}
	if (n > 0)
		jw_knum(w, "frequency_mhz", one_decimal(sum / (double)n));
}

static void
uptime(struct plugin *p, struct jw *w, struct buf *b)
{
	char *line, *f[1];
	struct scan s;
	double v;

	if (plugin_read(p, "/proc/uptime", b) == -1)
		return;
	scan_init(&s, b);
	if ((line = scan_line(&s)) != NULL && scan_fields(line, f, 1) == 1 &&
	    scan_real(f[0], &v) == 0)
		jw_knum(w, "uptime", floor(v));
}

static void
write_stat(struct jw *w, const struct procstat *s, int cores)
{
	if (cores)
		per_core(w, &s->per_core);
	jw_knum(w, "cpu_count", s->ncpu);
	knum_if(w, "procs_running", s->running);
	knum_if(w, "procs_blocked", s->blocked);
	knum_if(w, "context_switches", s->ctxt);
	knum_if(w, "interrupts", s->intr);
}

/*
 * Shares are of the time since the previous sample; the first sample has
 * none before it and gives the shares since boot rather than sleep.
 */
int
cpu_monitor_collect(struct plugin *p, struct jw *w)
{
	struct buf b = BUF_INIT;
	struct procstat s;
	struct scan sc;
	char *line;
	int cores = plugin_optbool(p, "per_core", 0);

	memset(&s, 0, sizeof(s));
	s.running = s.blocked = s.ctxt = s.intr = -1;
	if (plugin_read(p, "/proc/stat", &b) == -1) {
		buf_free(&b);
		p->why = "no /proc/stat here";
		return -1;
	}
	scan_init(&sc, &b);
	while ((line = scan_line(&sc)) != NULL)
		stat_line(p, &s, line, cores);
	if (!s.have) {
		buf_free(&b);
		buf_free(&s.per_core);
		p->why = "no cpu line in /proc/stat";
		return -1;
	}
	shares(p, w, &s.all);
	write_stat(w, &s, cores);
	loadavg(p, w, &b);
	frequency(p, w, &b);
	uptime(p, w, &b);
	buf_free(&b);
	buf_free(&s.per_core);
	return 0;
}
