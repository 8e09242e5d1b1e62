/*
 * mkhosts: a state directory of many hosts for the benchmarks of hbstate:
 * STATEDIR/hosts/NAME.json as hbrecv writes them (hb-state(5)), each with
 * the latest samples of five plugins as real agents send them, and a
 * deterministic few hosts over the levels that t/bench/state-eval.sh sets.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "hbtime.h"
#include "json.h"
#include "log.h"
#include "num.h"

#define USAGE	"mkhosts [-n hosts] [-a alert-percent] statedir"

/*
 * The values each host has a threshold on in state-eval.sh's configuration
 * (21 of them: one nagios directive judges both checks). A host that alerts
 * has one to three of them at its warning or its critical value below;
 * every other value stays well clear of any level.
 */
enum metric {
	M_CPU, M_LOAD1, M_LOAD5, M_LOAD15, M_IOWAIT, M_BLOCKED,
	M_MEMPCT, M_AVAILMB, M_SWAP,
	M_ROOTPCT, M_ROOTFREE, M_VARPCT, M_VARFREE, M_HOMEPCT, M_HOMEFREE,
	M_ERRORS, M_DROPPED, M_CONNS,
	M_CHKDISK, M_CHKLOAD,
	M_RTT,
	M_COUNT
};

/* The values that cross the levels of state-eval.sh (in the comments). */
static const struct {
	double		 warn, crit;
} crossing[M_COUNT] = {
	[M_CPU]		= { 85, 95 },	/* cpu_percent > 80, 90 */
	[M_LOAD1]	= { 10, 20 },	/* load_1min > 8, 16 */
	[M_LOAD5]	= { 8, 14 },	/* load_5min > 6, 12 */
	[M_LOAD15]	= { 5, 10 },	/* load_15min > 4, 8 */
	[M_IOWAIT]	= { 25, 50 },	/* iowait_percent > 20, 40 */
	[M_BLOCKED]	= { 8, 30 },	/* procs_blocked > 5, 20 */
	[M_MEMPCT]	= { 90, 97 },	/* percent > 85, 95 */
	[M_AVAILMB]	= { 700, 150 },	/* available_mb < 1024, 256 */
	[M_SWAP]	= { 60, 90 },	/* swap_percent > 50, 80 */
	[M_ROOTPCT]	= { 85, 95 },	/* / percent > 80, 90 */
	[M_ROOTFREE]	= { 7, 3 },	/* / free_gb < 10, 5 */
	[M_VARPCT]	= { 90, 98 },	/* /var percent > 85, 95 */
	[M_VARFREE]	= { 3, 1 },	/* /var free_gb < 5, 2 */
	[M_HOMEPCT]	= { 93, 99 },	/* /home percent > 90, 97 */
	[M_HOMEFREE]	= { 15, 5 },	/* /home free_gb < 20, 10 */
	[M_ERRORS]	= { 500, 5000 },	/* errors_total > 100, 1000 */
	[M_DROPPED]	= { 500, 5000 },	/* dropped_total > 100, 1000 */
	[M_CONNS]	= { 6000, 12000 },	/* connections > 5000, 10000 */
	[M_CHKDISK]	= { 1, 2 },	/* check_disk_root nagios */
	[M_CHKLOAD]	= { 1, 2 },	/* check_load nagios */
	[M_RTT]		= { 250, 800 },	/* rtt > 100, 500 */
};

struct opts {
	long long	 hosts;
	double		 pct;
	const char	*dir;
};

static long long alerting, bytes;

static void
parse_args(int argc, char *argv[], struct opts *o)
{
	const char *why;
	int c;

	o->hosts = 100000;
	o->pct = 5;
	while ((c = getopt(argc, argv, "n:a:")) != -1) {
		switch (c) {
		case 'n':
			if (num_ll(optarg, 1, 100000000, &o->hosts, &why) == -1) {
				warnx("-n %s: %s", optarg, why);
				usage_exit(USAGE);
			}
			break;
		case 'a':
			if (num_double(optarg, 0, 100, &o->pct, &why) == -1) {
				warnx("-a %s: %s", optarg, why);
				usage_exit(USAGE);
			}
			break;
		default:
			usage_exit(USAGE);
		}
	}
	if (argc - optind != 1)
		usage_exit(USAGE);
	o->dir = argv[optind];
}

/* A cheap generator (xorshift64), seeded per host so any host can be made alone. */
static uint64_t
next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* A value in [lo, hi) in steps of a tenth, as the plugins round them. */
static double
between(uint64_t *x, double lo, double hi)
{
	long long from = (long long)(lo * 10), steps = (long long)(hi * 10) - from;

	return (double)(from + (long long)(next_rand(x) % (uint64_t)steps)) / 10;
}

static long long
ibetween(uint64_t *x, long long lo, long long hi)
{
	return lo + (long long)(next_rand(x) % (uint64_t)(hi - lo));
}

/* The values judged, normal for a healthy machine. */
static void
normal(uint64_t *x, double v[M_COUNT])
{
	v[M_CPU] = between(x, 2, 60);
	v[M_LOAD1] = between(x, 0.1, 3);
	v[M_LOAD5] = between(x, 0.1, 2.5);
	v[M_LOAD15] = between(x, 0.1, 2);
	v[M_IOWAIT] = between(x, 0, 5);
	v[M_BLOCKED] = (double)ibetween(x, 0, 3);
	v[M_MEMPCT] = between(x, 20, 70);
	v[M_AVAILMB] = (double)(long long)(16384 * (100 - v[M_MEMPCT]) / 100);
	v[M_SWAP] = between(x, 0, 10);
	v[M_ROOTPCT] = between(x, 20, 70);
	v[M_ROOTFREE] = (double)(long long)(50 * (100 - v[M_ROOTPCT])) / 100;
	v[M_VARPCT] = between(x, 10, 60);
	v[M_VARFREE] = (double)(long long)(20 * (100 - v[M_VARPCT])) / 100;
	v[M_HOMEPCT] = between(x, 10, 70);
	v[M_HOMEFREE] = (double)(long long)(500 * (100 - v[M_HOMEPCT])) / 100;
	v[M_ERRORS] = (double)ibetween(x, 0, 6);
	v[M_DROPPED] = (double)ibetween(x, 0, 21);
	v[M_CONNS] = (double)ibetween(x, 20, 400);
	v[M_CHKDISK] = 0;
	v[M_CHKLOAD] = 0;
	v[M_RTT] = between(x, 0.2, 40);
}

/* Whether host i alerts, and which of its values cross which level. */
static void
alerts(long long i, double pct, double v[M_COUNT])
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1) | 1;
	int k, n, m;

	next_rand(&x);
	if ((double)(next_rand(&x) % 1000000) >= pct * 10000)
		return;
	alerting++;
	n = 1 + (int)(next_rand(&x) % 3);
	for (k = 0; k < n; k++) {
		m = (int)(next_rand(&x) % M_COUNT);
		v[m] = next_rand(&x) % 2 ? crossing[m].crit : crossing[m].warn;
	}
}

static const char *const levels[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

static void
cpu(struct jw *w, uint64_t *x, const double v[M_COUNT])
{
	int c;

	jw_knum(w, "cpu_percent", v[M_CPU]);
	jw_knum(w, "load_1min", v[M_LOAD1]);
	jw_knum(w, "load_5min", v[M_LOAD5]);
	jw_knum(w, "load_15min", v[M_LOAD15]);
	jw_knum(w, "iowait_percent", v[M_IOWAIT]);
	jw_key(w, "per_core");
	jw_arr(w);
	for (c = 0; c < 4; c++)
		jw_num(w, between(x, 0, 100));
	jw_end(w, ']');
	jw_knum(w, "cpu_count", 4);
	jw_knum(w, "freq_mhz", 2400);
	jw_knum(w, "procs_total", (double)ibetween(x, 150, 400));
	jw_knum(w, "procs_running", (double)ibetween(x, 1, 5));
	jw_knum(w, "procs_blocked", v[M_BLOCKED]);
	jw_knum(w, "uptime_s", (double)ibetween(x, 3600, 9000000));
}

static void
memory(struct jw *w, uint64_t *x, const double v[M_COUNT])
{
	(void)x;
	jw_knum(w, "total_mb", 16384);
	jw_knum(w, "available_mb", v[M_AVAILMB]);
	jw_knum(w, "used_mb", 16384 - v[M_AVAILMB]);
	jw_knum(w, "percent", v[M_MEMPCT]);
	jw_knum(w, "swap_total_mb", 2048);
	jw_knum(w, "swap_percent", v[M_SWAP]);
}

static void
partition(struct jw *w, const char *mount, double size, double pct, double free_gb)
{
	jw_key(w, mount);
	jw_obj(w);
	jw_knum(w, "size_gb", size);
	jw_knum(w, "percent", pct);
	jw_knum(w, "free_gb", free_gb);
	jw_knum(w, "free_mb", (double)(long long)(free_gb * 1024));
	jw_end(w, '}');
}

static void
disk(struct jw *w, uint64_t *x, const double v[M_COUNT])
{
	(void)x;
	jw_key(w, "partitions");
	jw_obj(w);
	partition(w, "/", 50, v[M_ROOTPCT], v[M_ROOTFREE]);
	partition(w, "/var", 20, v[M_VARPCT], v[M_VARFREE]);
	partition(w, "/home", 500, v[M_HOMEPCT], v[M_HOMEFREE]);
	jw_end(w, '}');
}

static void
interface(struct jw *w, uint64_t *x, const char *name, double errs, double drops)
{
	jw_key(w, name);
	jw_obj(w);
	jw_knum(w, "bytes_sent", (double)ibetween(x, 1000000, 900000000000LL));
	jw_knum(w, "bytes_recv", (double)ibetween(x, 1000000, 900000000000LL));
	jw_knum(w, "packets_sent", (double)ibetween(x, 1000, 900000000));
	jw_knum(w, "packets_recv", (double)ibetween(x, 1000, 900000000));
	jw_knum(w, "errin", errs);
	jw_knum(w, "dropin", drops);
	jw_end(w, '}');
}

static void
network(struct jw *w, uint64_t *x, const double v[M_COUNT])
{
	jw_key(w, "interfaces");
	jw_obj(w);
	interface(w, x, "eth0", v[M_ERRORS], v[M_DROPPED]);
	interface(w, x, "lo", 0, 0);
	jw_end(w, '}');
	jw_knum(w, "errors_total", v[M_ERRORS]);
	jw_knum(w, "dropped_total", v[M_DROPPED]);
	jw_knum(w, "connections", v[M_CONNS]);
}

/* One check as nagios_runner reports it: code, status and output beside each other. */
static void
check(struct jw *w, const char *name, int code, const char *output)
{
	char key[64];

	snprintf(key, sizeof(key), "%s_status_code", name);
	jw_knum(w, key, code);
	snprintf(key, sizeof(key), "%s_status", name);
	jw_kstr(w, key, levels[code]);
	snprintf(key, sizeof(key), "%s_output", name);
	jw_kstr(w, key, output);
}

static void
nagios(struct jw *w, uint64_t *x, const double v[M_COUNT])
{
	char out[160];
	int code;

	(void)x;
	code = (int)v[M_CHKDISK];
	snprintf(out, sizeof(out), "DISK %s - free space: / %lld MB (%.0f%% inode=91%%);"
	    "| /=%lldMB;40960;46080;0;51200", levels[code],
	    (long long)(v[M_ROOTFREE] * 1024), 100 - v[M_ROOTPCT],
	    (long long)((50 - v[M_ROOTFREE]) * 1024));
	check(w, "check_disk_root", code, out);
	code = (int)v[M_CHKLOAD];
	snprintf(out, sizeof(out), "%s - load average: %.2f, %.2f, %.2f|"
	    "load1=%.3f;5.000;10.000;0;", levels[code], v[M_LOAD1], v[M_LOAD5],
	    v[M_LOAD15], v[M_LOAD1]);
	check(w, "check_load", code, out);
}

static const struct {
	const char	*name;
	void		(*data)(struct jw *, uint64_t *, const double *);
} plugins[] = {
	{ "cpu_monitor", cpu },
	{ "memory_monitor", memory },
	{ "disk_monitor", disk },
	{ "network_monitor", network },
	{ "nagios_runner", nagios },
};

/* Host i, as host_json() in hbrecv/hostfile.c lays it out. */
static void
host(struct buf *b, const char *name, long long i, double now, double pct)
{
	uint64_t x = 0x2545f4914f6cdd1dULL * (uint64_t)(i + 1) | 1;
	double v[M_COUNT];
	char addr[32];
	struct jw w;
	size_t p;

	normal(&x, v);
	alerts(i, pct, v);
	snprintf(addr, sizeof(addr), "10.%lld.%lld.%lld", ((i + 1) >> 16) & 255,
	    ((i + 1) >> 8) & 255, (i + 1) & 255);
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "name", name);
	jw_kstr(&w, "address", addr);
	jw_knum(&w, "port", (double)ibetween(&x, 32768, 61000));
	jw_knum(&w, "first_seen", now - 86400 * 30 - (double)(i % 86400));
	jw_knum(&w, "last_seen", now);
	jw_knum(&w, "interval", 30);
	jw_knum(&w, "seq", (double)(1700000000000000LL + i * 1000));
	jw_knum(&w, "rtt", v[M_RTT]);
	jw_kstr(&w, "lifecycle", "up");
	jw_kstr(&w, "version", "hbsend 0.1");
	jw_key(&w, "plugins");
	jw_obj(&w);
	for (p = 0; p < sizeof(plugins) / sizeof(plugins[0]); p++) {
		jw_key(&w, plugins[p].name);
		jw_obj(&w);
		/* samples come every 300 s, each plugin at its own moment */
		jw_knum(&w, "ts", now - (double)((i * 7 + (long long)p * 61) % 300));
		jw_key(&w, "data");
		jw_obj(&w);
		plugins[p].data(&w, &x, v);
		jw_end(&w, '}');
		jw_end(&w, '}');
	}
	jw_end(&w, '}');
	jw_key(&w, "services");
	jw_obj(&w);
	jw_end(&w, '}');
	jw_key(&w, "jobs");
	jw_obj(&w);
	jw_end(&w, '}');
	jw_end(&w, '}');
	buf_addc(b, '\n');
	if (w.err)
		die("out of memory");
}

/* Plain open, write, close: the files are made once, nobody reads them yet. */
static void
write_file(const char *path, const struct buf *b)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1)
		die("open %s:", path);
	if (file_append(fd, b->p, b->len) == -1)
		die("write %s:", path);
	if (close(fd) == -1)
		die("close %s:", path);
	bytes += (long long)b->len;
}

static void
make_dir(const char *path)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", path);
}

int
main(int argc, char *argv[])
{
	char path[PATH_MAX], name[64];
	struct buf b = BUF_INIT;
	struct opts o;
	double now, t0;
	long long i;
	int width;

	log_init(argv[0]);
	parse_args(argc, argv, &o);
	width = snprintf(NULL, 0, "%lld", o.hosts);
	if (width < 6)
		width = 6;
	make_dir(o.dir);
	if ((size_t)snprintf(path, sizeof(path), "%s/hosts", o.dir) >= sizeof(path))
		die("%s: name too long", o.dir);
	make_dir(path);
	t0 = time_mono();
	now = time_now();
	for (i = 0; i < o.hosts; i++) {
		snprintf(name, sizeof(name), "host-%0*lld", width, i + 1);
		if ((size_t)snprintf(path, sizeof(path), "%s/hosts/%s.json", o.dir,
		    name) >= sizeof(path))
			die("%s: name too long", o.dir);
		buf_reset(&b);
		host(&b, name, i, now, o.pct);
		write_file(path, &b);
	}
	buf_free(&b);
	printf("mkhosts: %lld hosts (%lld over a level) in %.2f s: %lld bytes, "
	    "%lld a file\n", o.hosts, alerting, time_mono() - t0, bytes,
	    bytes / o.hosts);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write:");
	return 0;
}
