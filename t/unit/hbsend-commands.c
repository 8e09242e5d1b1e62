/*
 * Unit tests of hbsend's plugins that run commands: the parsers of
 * Nagios (perfdata too), ping and zpool output on t/data/cmd/, and the
 * plugins exec, nagios_runner (with the monitoring plugins of Debian
 * when installed), ping_monitor and zfs_monitor. Running the commands,
 * and splitting their command lines, is t/unit/run's. Run from the top
 * of the tree.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../hbsend/perfdata.h"
#include "../../hbsend/plugin.h"
#include "file.h"
#include "hbtime.h"
#include "run.h"
#include "tap.h"

#define DATA	"t/data/cmd/"
#define NAGIOS	"/usr/lib/nagios/plugins/"

typedef int collect_fn(struct plugin *, struct jw *);

static char tmp[] = "/tmp/hbcmdXXXXXX";
static struct plugin pl;
static struct json_doc doc;
static struct buf out;

/* The text of a fixture; it stays until the next call. */
static const char *
fixture(const char *name)
{
	static struct buf b;
	char path[256];

	snprintf(path, sizeof(path), DATA "%s", name);
	buf_reset(&b);
	if (file_read(path, &b, 1 << 20) == -1 || buf_add(&b, "", 0) == -1) {
		diag("cannot read %s", path);
		return "";
	}
	return b.p;
}

/* An executable shell script of that name in the scratch directory; its path. */
static const char *
script(const char *name, const char *body)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmp, name);
	if ((f = fopen(p, "w")) == NULL) {
		diag("cannot write %s", p);
		return p;
	}
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(p, 0755);
	return p;
}

static double started;

static void
t_time_start(void)
{
	started = time_now();
}

static double
t_time_took(void)
{
	return time_now() - started;
}

static struct plugin *
fresh(void)
{
	memset(&pl, 0, sizeof(pl));
	pl.name = "test";
	pl.root = "";
	return &pl;
}

static void
opt(struct plugin *p, const char *key, const char *val)
{
	p->opts[p->nopts].key = (char *)key;
	p->opts[p->nopts].val = (char *)val;
	p->nopts++;
}

/* Parse what was written between { and } into doc.root; 0 or -1. */
static int
parse_out(struct jw *w)
{
	jw_end(w, '}');
	if (w->err || json_parse(&doc, out.p, out.len, NULL) == -1 ||
	    doc.root.type != JSON_OBJECT) {
		diag("no JSON object: %s", out.p ? out.p : "(nothing)");
		return -1;
	}
	return 0;
}

static void
open_out(struct jw *w)
{
	buf_reset(&out);
	jw_init(w, &out);
	jw_obj(w);
}

/* One sample, as the framework takes it; what collect returned, or -2 for broken JSON. */
static int
sample(struct plugin *p, collect_fn *fn)
{
	struct jw w;
	int rc;

	open_out(&w);
	p->why = NULL;
	rc = fn(p, &w);
	if (parse_out(&w) == -1)
		return -2;
	if (rc == -1 && p->why == NULL)
		diag("failed without saying why");
	return rc;
}

/* The value at a path of keys (NULL-ended) from doc.root, or NULL. */
static const struct json *
at(const char *key, ...)
{
	const struct json *v = &doc.root;
	va_list ap;

	va_start(ap, key);
	for (; key != NULL && v != NULL; key = va_arg(ap, const char *))
		v = json_get(v, key);
	va_end(ap);
	return v;
}

static double
num(const struct json *v)
{
	return v != NULL && v->type == JSON_NUMBER ? v->u.num : NAN;
}

static const char *
str(const struct json *v)
{
	return v != NULL && v->type == JSON_STRING ? v->u.str : NULL;
}

static int
near(double got, double want, const char *what)
{
	int good = fabs(got - want) < 1e-9 * (fabs(want) + 1);

	ok(good, "%s", what);
	if (!good)
		diag("  got %.17g, want %.17g", got, want);
	return good;
}

/* Each item as "label=VALUEuom;warn;crit;min;max", joined by blanks. */
static void
perf_cb(const struct perf *pf, void *arg)
{
	const double th[] = { pf->warn, pf->crit, pf->min, pf->max };
	struct buf *b = arg;
	size_t i;

	if (b->len > 0)
		buf_addc(b, ' ');
	buf_printf(b, "%s=", pf->label);
	json_write_num(b, pf->value);
	buf_adds(b, pf->uom);
	for (i = 0; i < 4; i++) {
		buf_addc(b, ';');
		if (!isnan(th[i]))
			json_write_num(b, th[i]);
	}
}

static const char *
perf(const char *s, size_t *count)
{
	static struct buf b;
	size_t n;

	buf_reset(&b);
	buf_adds(&b, "");
	n = perf_parse(s, strlen(s), perf_cb, &b);
	if (count != NULL)
		*count = n;
	return b.p;
}

static void
test_perf(void)
{
	char longlabel[300];
	size_t n;

	is_str(perf("load1=0.120;;;0; scaled_load1=0.060;5.000;10.000;0;", &n),
	    "load1=0.12;;;0; scaled_load1=0.06;5;10;0;", "check_load's items");
	is_int((long long)n, 2, "and their count");
	is_str(perf(" /=17827889152B;267847005634;267847005634;0;270552530944", NULL),
	    "/=17827889152B;267847005634;267847005634;0;270552530944",
	    "check_disk's item: bytes, exactly");
	is_str(perf("'Seconds Behind Master'=0s;300;600;0;", NULL),
	    "Seconds Behind Master=0s;300;600;0;", "a quoted label with blanks");
	is_str(perf("'a=b c'=5", NULL), "a=b c=5;;;;", "a quoted label with '='");
	is_str(perf("'it''s'=3ms", NULL), "it's=3ms;;;;",
	    "'' is a quote in a quoted label");
	is_str(perf("queue=U;10;20 a=1", &n), "a=1;;;;", "U (unknown) is skipped");
	is_int((long long)n, 1, "and not counted");
	is_str(perf("threads=12c;~:50;@60:80", NULL), "threads=12c;;;;",
	    "ranges are no numbers: no warn, no crit");
	is_str(perf("used=50%;80%;90% x=5MB;1GB;2", NULL),
	    "used=50%;80;90;; x=5MB;;2;;",
	    "thresholds in the value's unit count, in another not");
	is_str(perf("ratio=.5 p=+3 n=-.25", NULL), "ratio=0.5;;;; p=3;;;; n=-0.25;;;;",
	    "numbers without a leading digit, or with a '+'");
	is_str(perf("t=-40C;;;-50;150 big=1e3 eb=2EB", NULL),
	    "t=-40C;;;-50;150 big=1000;;;; eb=2EB;;;;",
	    "negative numbers, exponents, and a unit that begins with E");
	is_str(perf("temp=23.5\xc2\xb0" "C rate=12B/s", NULL),
	    "temp=23.5\xc2\xb0" "C;;;; rate=12B/s;;;;",
	    "units beyond ASCII, and with a '/'");
	is_str(perf("foo bar= =3 x=abc y=1,5 v=1.2.3 z=3;4;5;6;7;8", &n),
	    "z=3;4;5;6;7", "garbage is skipped, extra fields are ignored");
	is_int((long long)n, 1, "one item of six");
	is_str(perf("a=1 'oops=2 b=3", NULL), "a=1;;;;",
	    "an unterminated quote ends the parse");
	is_str(perf("'quoted' b=2 'x'y=3", NULL), "b=2;;;;",
	    "a quoted label without '=' is skipped");
	is_str(perf("x=1abcdefghijklmnopqrstuvwxyz y=2", NULL), "y=2;;;;",
	    "a unit too long is skipped");
	memset(longlabel, 'l', 200);
	snprintf(longlabel + 200, sizeof(longlabel) - 200, "=1 ok=2");
	is_str(perf(longlabel, NULL), "ok=2;;;;", "a label too long is skipped");
	is_str(perf("", &n), "", "nothing");
	is_int((long long)n, 0, "is no item");
	is_str(perf("a=1;;;; \n\tb=2", NULL), "a=1;;;; b=2;;;;",
	    "empty fields; newlines and tabs separate");
	is_str(perf("a=NaN b=inf c=0x10 d=1e999", NULL), "",
	    "no NaN, infinity, hex, or overflow");
}

static void
test_split_output(void)
{
	struct buf p = BUF_INIT;
	const char *t;
	size_t len, n;

	nagios_split("OK - fine|a=1\nlong\ntext", 23, &t, &len, &p);
	ok(len == 9 && memcmp(t, "OK - fine", 9) == 0, "the text before '|'");
	is_str(p.p, "a=1", "the perfdata after it; the long text is none");
	buf_reset(&p);
	t = fixture("nagios-multiline.txt");
	nagios_split(t, strlen(t), &t, &len, &p);
	ok(len == 38 && memcmp(t, "DISK OK - free space: / 3326 MB (56%);", len) == 0,
	    "multi-line output: the first line's text, blanks cut");
	is_str(perf(p.p, &n), "/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98 "
	    "/home=69357MB;253404;253409;0;253414 /var/log=818MB;970;975;0;980",
	    "and the perfdata of the first and later lines");
	buf_reset(&p);
	nagios_split("   |x=1\n", 8, &t, &len, &p);
	ok(len == 0, "no text before the '|'");
	is_str(p.p, "x=1", "but perfdata");
	buf_reset(&p);
	nagios_split("no perfdata\nat all\n", 19, &t, &len, &p);
	ok(len == 11 && p.len == 0, "no '|' at all: text, no perfdata");
	buf_free(&p);
}

/* A finished command as nagios_write sees it. */
static struct run
fake(const char *o, const char *e, int status, int sig, int tmo, int started)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	buf_adds(&r.out, o);
	buf_adds(&r.err, e);
	r.status = status;
	r.signal = sig;
	r.timed_out = tmo;
	r.started = started;
	r.err_no = started ? 0 : ENOENT;
	return r;
}

static void
test_nagios_write(void)
{
	const char *names[] = { "load", "disk", "m", "q", "slow", "sig", "crash",
	    "weird", "gone", "stderr", "mute", "a", "x", "x_y", "big", "http" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	char big[1300];
	struct run r[N];
	struct jw w;
	size_t i;

	r[0] = fake(fixture("nagios-check_load.txt"), "", 0, 0, 0, 1);
	r[1] = fake(fixture("nagios-check_disk.txt"), "", 0, 0, 0, 1);
	r[2] = fake(fixture("nagios-multiline.txt"), "", 1, 0, 0, 1);
	r[3] = fake(fixture("nagios-quoted.txt"), "", 0, 0, 0, 1);
	r[4] = fake("partial | p=1\n", "", -1, SIGKILL, 1, 1);
	r[5] = fake("", "", -1, SIGKILL, 0, 1);
	r[6] = fake("CHECK went | c=2\n", "", -1, SIGSEGV, 0, 1);
	r[7] = fake("", "sh: 1: nonsense: not found\n", 127, 0, 0, 1);
	r[8] = fake("", "", -1, 0, 0, 0);
	r[9] = fake("  \n", "\n  disk full  \nmore\n", 2, 0, 0, 1);
	r[10] = fake("", "", 0, 0, 0, 1);
	r[11] = fake("OK | status=5 output=6 status_code=7 fine=1\n", "", 0, 0, 0, 1);
	r[12] = fake("OK | y_status=1 y_output=2\n", "", 0, 0, 0, 1);
	r[13] = fake("XY FINE\n", "", 0, 0, 0, 1);
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[1023] = '\xc3';	/* a character across the cut */
	big[1024] = '\xa9';
	r[14] = fake(big, "", 0, 0, 0, 1);
	r[15] = fake(fixture("nagios-check_http.txt"), "", 0, 0, 0, 1);
	open_out(&w);
	is_int(nagios_write(&w, names, r, N, 30), 0, "nagios_write");
	for (i = 0; i < N; i++)
		run_free(&r[i]);
	if (parse_out(&w) == -1)
		return;
	is_int((long long)num(at("load_status_code", NULL)), 0, "load_status_code");
	is_str(str(at("load_status", NULL)), "OK", "load_status");
	is_str(str(at("load_output", NULL)), "LOAD OK - scaled load average: "
	    "0.06, 0.29, 0.42 - total load average: 0.12, 0.59, 0.85",
	    "load_output: the text without perfdata");
	near(num(at("load_load1", NULL)), 0.12, "load_load1");
	near(num(at("load_load1_min", NULL)), 0, "load_load1_min");
	ok(at("load_load1_warn", NULL) == NULL, "no load_load1_warn: it was empty");
	near(num(at("load_scaled_load15_crit", NULL)), 6, "load_scaled_load15_crit");
	ok(at("load_load1_uom", NULL) == NULL, "no unit, no _uom");
	near(num(at("disk__", NULL)), 17827889152.0, "disk__ (the label /)");
	is_str(str(at("disk___uom", NULL)), "B", "disk___uom");
	near(num(at("disk___max", NULL)), 270552530944.0, "disk___max");
	is_int((long long)num(at("m_status_code", NULL)), 1, "m_status_code 1");
	is_str(str(at("m_status", NULL)), "WARNING", "m_status WARNING");
	near(num(at("m__boot", NULL)), 68, "m__boot: perfdata of a later line");
	near(num(at("m__var_log_crit", NULL)), 975, "m__var_log_crit");
	is_str(str(at("m__home_uom", NULL)), "MB", "m__home_uom");
	near(num(at("q_seconds_behind_master", NULL)), 0,
	    "q_seconds_behind_master: a quoted label, lower case");
	is_str(str(at("q_seconds_behind_master_uom", NULL)), "s", "and its unit");
	near(num(at("q_a_b_c", NULL)), 5, "q_a_b_c: '=' and ' ' became '_'");
	near(num(at("q_it_s", NULL)), 3, "q_it_s");
	ok(at("q_queue", NULL) == NULL, "q_queue: U is left out");
	near(num(at("q_ratio", NULL)), 0.5, "q_ratio");
	is_int((long long)num(at("slow_status_code", NULL)), 3, "timed out: 3");
	is_str(str(at("slow_status", NULL)), "UNKNOWN", "timed out: UNKNOWN");
	is_str(str(at("slow_output", NULL)), "timed out after 30s",
	    "timed out: the output says so");
	ok(at("slow_p", NULL) == NULL, "timed out: no perfdata");
	is_str(str(at("sig_output", NULL)), "killed by signal 9",
	    "killed by a signal, silent");
	is_int((long long)num(at("sig_status_code", NULL)), 3, "killed: 3");
	is_str(str(at("crash_output", NULL)), "killed by signal 11: CHECK went",
	    "killed by a signal after a word");
	near(num(at("crash_c", NULL)), 2, "its perfdata stays");
	is_str(str(at("weird_output", NULL)),
	    "exited with status 127: sh: 1: nonsense: not found",
	    "an exit status beyond 3, and stderr");
	is_int((long long)num(at("weird_status_code", NULL)), 3, "is UNKNOWN");
	is_str(str(at("gone_output", NULL)),
	    "cannot run: No such file or directory", "could not start");
	is_int((long long)num(at("gone_status_code", NULL)), 3, "is UNKNOWN");
	is_str(str(at("stderr_output", NULL)), "disk full",
	    "blank stdout: stderr's first line");
	is_int((long long)num(at("stderr_status_code", NULL)), 2, "with its code");
	is_str(str(at("mute_output", NULL)), "(no output)", "no output at all");
	is_str(str(at("a_status", NULL)), "OK", "a label 'status' takes no status");
	near(num(at("a_status_code", NULL)), 0, "nor 'status_code'");
	is_str(str(at("a_output", NULL)), "OK", "nor 'output'");
	near(num(at("a_fine", NULL)), 1, "the others stay");
	is_str(str(at("x_y_status", NULL)), "OK",
	    "another check's label takes no status either");
	is_str(str(at("x_y_output", NULL)), "XY FINE", "nor output");
	ok(str(at("big_output", NULL)) != NULL &&
	    strlen(str(at("big_output", NULL))) == 1023,
	    "a long output is cut at 1024 bytes, before a split character");
	ok(str(at("http_output", NULL)) != NULL &&
	    strncmp(str(at("http_output", NULL)), "HTTP OK: HTTP/1.1 200 OK", 24) == 0,
	    "check_http's text");
	near(num(at("http_time", NULL)), 0.002141, "http_time");
	near(num(at("http_time_max", NULL)), 10, "http_time_max");
	is_str(str(at("http_time_uom", NULL)), "s", "http_time_uom");
	near(num(at("http_size", NULL)), 612, "http_size");
}

/* ping_parse of a fixture, into doc.root; its return. */
static int
ping_of(const char *name)
{
	struct jw w;
	int rc;

	open_out(&w);
	rc = ping_parse(fixture(name), &w);
	if (parse_out(&w) == -1)
		return -2;
	return rc;
}

static void
test_ping_parse(void)
{
	struct jw w;

	is_int(ping_of("ping-iputils-ok.txt"), 0, "iputils: a summary");
	near(num(at("transmitted", NULL)), 3, "transmitted");
	near(num(at("received", NULL)), 3, "received");
	near(num(at("loss_percent", NULL)), 0, "loss_percent");
	near(num(at("rtt_min_ms", NULL)), 0.31, "rtt_min_ms");
	near(num(at("rtt_avg_ms", NULL)), 0.412, "rtt_avg_ms");
	near(num(at("rtt_max_ms", NULL)), 0.502, "rtt_max_ms");
	near(num(at("rtt_mdev_ms", NULL)), 0.078, "rtt_mdev_ms");
	ok(at("reachable", NULL) && at("reachable", NULL)->type == JSON_TRUE,
	    "reachable");
	is_int(ping_of("ping-iputils-partial.txt"), 0, "iputils, some lost");
	near(num(at("received", NULL)), 2, "received 2");
	near(num(at("loss_percent", NULL)), 33.3333, "loss_percent 33.3333");
	near(num(at("rtt_avg_ms", NULL)), 12.95, "rtt_avg_ms");
	is_int(ping_of("ping-iputils-loss.txt"), 0, "iputils, all lost");
	near(num(at("received", NULL)), 0, "received 0");
	near(num(at("loss_percent", NULL)), 100, "loss_percent 100");
	ok(at("rtt_avg_ms", NULL) == NULL, "no rtt");
	ok(at("reachable", NULL) && at("reachable", NULL)->type == JSON_FALSE,
	    "not reachable");
	is_int(ping_of("ping-iputils-errors.txt"), 0, "iputils, with errors");
	near(num(at("loss_percent", NULL)), 100, "loss_percent past the errors");
	near(num(at("transmitted", NULL)), 3, "transmitted 3");
	is_int(ping_of("ping-iputils-ipv6.txt"), 0, "iputils, IPv6");
	near(num(at("rtt_max_ms", NULL)), 0.04, "rtt_max_ms");
	is_int(ping_of("ping-busybox-ok.txt"), 0, "busybox");
	near(num(at("received", NULL)), 3, "received (\"packets received\")");
	near(num(at("rtt_min_ms", NULL)), 0.053, "round-trip min");
	near(num(at("rtt_max_ms", NULL)), 0.092, "round-trip max");
	ok(at("rtt_mdev_ms", NULL) == NULL, "busybox has no mdev");
	is_int(ping_of("ping-busybox-loss.txt"), 0, "busybox, all lost");
	near(num(at("loss_percent", NULL)), 100, "loss_percent 100");
	ok(at("reachable", NULL) && at("reachable", NULL)->type == JSON_FALSE,
	    "not reachable");
	is_int(ping_of("ping-bsd-ok.txt"), 0, "BSD");
	near(num(at("loss_percent", NULL)), 0, "loss 0.0%");
	near(num(at("rtt_mdev_ms", NULL)), 0.036, "stddev as mdev");
	open_out(&w);
	is_int(ping_parse("ping: nowhere.invalid: Name or service not known\n", &w),
	    -1, "no summary: -1");
	parse_out(&w);
	is_int((long long)doc.root.len, 0, "and nothing written");
	open_out(&w);
	is_int(ping_parse("", &w), -1, "nothing: -1");
	parse_out(&w);
}

/* zpool_write of fixtures (NULL: none), into doc.root. */
static int
zpool_of(const char *list, const char *status, const char *iostat)
{
	char *l = list ? strdup(fixture(list)) : NULL;
	char *s = status ? strdup(fixture(status)) : NULL;
	char *i = iostat ? strdup(fixture(iostat)) : NULL;
	struct jw w;
	int rc;

	open_out(&w);
	rc = zpool_write(&w, l, s, i);
	free(l);
	free(s);
	free(i);
	if (parse_out(&w) == -1)
		return -2;
	return rc;
}

static void
test_zpool_parse(void)
{
	const struct json *p;
	struct jw w;

	is_int(zpool_of("zpool-list-healthy.txt", "zpool-status-healthy.txt",
	    "zpool-iostat-healthy.txt"), 0, "healthy pools");
	is_int((long long)(at("pools", NULL) ? at("pools", NULL)->len : 0), 2,
	    "two pools");
	near(num(at("pools", "rpool", "size", NULL)), 499289948160.0, "rpool size");
	near(num(at("pools", "rpool", "alloc", NULL)), 112452759552.0, "alloc");
	near(num(at("pools", "rpool", "free", NULL)), 386837188608.0, "free");
	near(num(at("pools", "rpool", "fragmentation_percent", NULL)), 9,
	    "fragmentation_percent");
	near(num(at("pools", "rpool", "capacity_percent", NULL)), 22,
	    "capacity_percent");
	near(num(at("pools", "rpool", "dedup_ratio", NULL)), 1, "dedup_ratio");
	is_str(str(at("pools", "rpool", "health", NULL)), "ONLINE", "health");
	is_str(str(at("pools", "rpool", "state", NULL)), "ONLINE", "state");
	is_str(str(at("pools", "rpool", "errors", NULL)), "No known data errors",
	    "errors");
	near(num(at("pools", "rpool", "read_errors", NULL)), 0, "read_errors");
	near(num(at("pools", "rpool", "checksum_errors", NULL)), 0,
	    "checksum_errors");
	near(num(at("pools", "rpool", "read_ops_per_s", NULL)), 3, "read_ops_per_s");
	near(num(at("pools", "rpool", "write_ops_per_s", NULL)), 41,
	    "write_ops_per_s");
	near(num(at("pools", "rpool", "read_bytes_per_s", NULL)), 98304,
	    "read_bytes_per_s");
	near(num(at("pools", "rpool", "write_bytes_per_s", NULL)), 1179648,
	    "write_bytes_per_s");
	near(num(at("pools", "tank", "capacity_percent", NULL)), 56,
	    "tank capacity_percent");
	near(num(at("pools", "tank", "read_bytes_per_s", NULL)), 4718592,
	    "tank read_bytes_per_s");
	is_str(str(at("pools", "tank", "state", NULL)), "ONLINE", "tank state");

	is_int(zpool_of("zpool-list-degraded.txt", "zpool-status-degraded.txt",
	    "zpool-iostat-degraded.txt"), 0, "a degraded pool");
	is_str(str(at("pools", "backup", "health", NULL)), "DEGRADED", "health");
	is_str(str(at("pools", "backup", "state", NULL)), "DEGRADED", "state");
	is_str(str(at("pools", "backup", "errors", NULL)),
	    "2 data errors, use '-v' for a list", "errors");
	near(num(at("pools", "backup", "checksum_errors", NULL)), 4,
	    "the pool's own checksum_errors, not a disk's");
	near(num(at("pools", "backup", "read_errors", NULL)), 0, "read_errors");
	near(num(at("pools", "backup", "dedup_ratio", NULL)), 1.37, "dedup_ratio");
	near(num(at("pools", "backup", "capacity_percent", NULL)), 82,
	    "capacity_percent");
	near(num(at("pools", "backup", "read_ops_per_s", NULL)), 112,
	    "read_ops_per_s");
	is_str(str(at("pools", "rpool", "state", NULL)), "ONLINE",
	    "the other pool is ONLINE");

	open_out(&w);
	is_int(zpool_write(&w, "dead\t-\t-\t-\t-\t-\t1.00x\tUNAVAIL\n"
	    "tank\t100\t40\t60\t12%\t40%\t1.50x\tONLINE\n", NULL, NULL), 0,
	    "zpool list without -p, and an unavailable pool");
	if (parse_out(&w) == 0) {
		p = at("pools", "dead", NULL);
		ok(p != NULL && json_get(p, "size") == NULL &&
		    json_get(p, "fragmentation_percent") == NULL,
		    "'-' is no number");
		is_str(str(at("pools", "dead", "health", NULL)), "UNAVAIL",
		    "its health");
		near(num(at("pools", "tank", "fragmentation_percent", NULL)), 12,
		    "12% is 12");
		near(num(at("pools", "tank", "dedup_ratio", NULL)), 1.5,
		    "1.50x is 1.5");
		ok(at("pools", "tank", "state", NULL) == NULL &&
		    at("pools", "tank", "read_ops_per_s", NULL) == NULL,
		    "without status and iostat, none of theirs");
	}
	open_out(&w);
	is_int(zpool_write(&w, "no pools available\n", "no pools available\n",
	    ""), 0, "no pools");
	if (parse_out(&w) == 0)
		ok(at("pools", NULL) != NULL && at("pools", NULL)->len == 0,
		    "pools is {}");
	open_out(&w);
	is_int(zpool_write(&w, "a\tb\n\t\t\n\n", "pool:\n state: X\n"
	    "\tNAME STATE\n", "x\t1\n"), 0, "garbage");
	if (parse_out(&w) == 0)
		ok(at("pools", NULL) != NULL && at("pools", NULL)->len == 0,
		    "gives no pool");
}

/* Is the process gone (or a zombie nobody of ours need reap)? Waits up to 2 s. */
/* exec_collect on a script of that body; its return. */
static int
exec_of(const char *name, const char *body, const char *timeout)
{
	struct plugin *p = fresh();

	opt(p, "command", body ? script(name, body) : name);
	if (timeout != NULL)
		opt(p, "timeout", timeout);
	return sample(p, exec_collect);
}

static void
test_exec(void)
{
	char big[128];

	is_int(exec_of("json", "echo '  {\"a\": 1, \"b\": {\"c\": [1, \"x\"]}, "
	    "\"s\": \"text\"}'", NULL), 0, "a JSON object");
	near(num(at("a", NULL)), 1, "its number");
	ok(at("b", "c", NULL) && at("b", "c", NULL)->type == JSON_ARRAY &&
	    at("b", "c", NULL)->len == 2, "its nested members, as they are");
	is_str(str(at("s", NULL)), "text", "its string");
	is_int(exec_of("kv", "printf 'queue_length 42\\nstate ready\\n"
	    "# a comment\\n\\n  spaced   a value with blanks  \\r\\n"
	    "neg -3.5\\nhex 0x10\\nver 1.2.3\\nnet.eth0-rx 7\\n'", NULL), 0,
	    "key value lines");
	near(num(at("queue_length", NULL)), 42, "a number");
	is_str(str(at("state", NULL)), "ready", "a word");
	is_str(str(at("spaced", NULL)), "a value with blanks",
	    "the rest of the line, blanks around dropped");
	near(num(at("neg", NULL)), -3.5, "a negative number");
	is_str(str(at("hex", NULL)), "0x10", "0x10 is no number: text");
	is_str(str(at("ver", NULL)), "1.2.3", "1.2.3 is text");
	near(num(at("net.eth0-rx", NULL)), 7, "'.' and '-' in keys");
	is_int((long long)doc.root.len, 7, "comments and blank lines left out");
	is_int(exec_of("kvbad", "echo 'ok 1'; echo; echo 'broken'", NULL), -1,
	    "a line without a value");
	is_str(pl.why, "line 3: key value expected", "why, with its number");
	is_int(exec_of("kvkey", "echo 'a/b 1'", NULL), -1, "a bad key");
	is_str(pl.why, "line 1: key value expected", "why");
	is_int(exec_of("badjson", "echo '{\"a\": }'", NULL), -1, "invalid JSON");
	ok(pl.why != NULL && strncmp(pl.why, "invalid JSON: ", 14) == 0,
	    "why: %s", pl.why ? pl.why : "(null)");
	is_int(exec_of("notobj", "echo '{\"a\": 1} 2'", NULL), -1,
	    "JSON with something after");
	is_int(exec_of("large", "yes 'k 1' | head -c 100000", NULL), -1,
	    "output too large");
	is_str(pl.why, "output too large", "why");
	is_int(exec_of("fail", "echo partial; echo 'disk on fire' >&2; "
	    "echo more >&2; exit 4", NULL), -1, "a non-zero exit status");
	is_str(pl.why, "exited with status 4: disk on fire",
	    "why, with stderr's first line");
	is_int(exec_of("fail1", "echo 'k 1'; exit 1", NULL), -1, "exit 1");
	is_str(pl.why, "exited with status 1", "why, without stderr");
	t_time_start();
	is_int(exec_of("slow", "sleep 5", "300ms"), -1, "too slow");
	is_str(pl.why, "timed out after 0.3s", "why");
	ok(t_time_took() < 2, "killed at the timeout");
	is_int(exec_of("quiet", "true", NULL), -1, "no output");
	is_str(pl.why, "no output", "why");
	is_int(exec_of("killed", "kill -9 $$", NULL), -1, "killed");
	is_str(pl.why, "killed by signal 9", "why");
	is_int(exec_of("/nonexistent/plugin", NULL, NULL), -1, "missing");
	is_str(pl.why, "cannot run: No such file or directory", "why");
	is_int(exec_of("tmo", "echo 'k 1'", "abc"), -1, "a bad timeout");
	is_str(pl.why, "bad timeout option", "why");
	fresh();
	is_int(sample(&pl, exec_collect), -1, "no command option");
	is_str(pl.why, "no command option", "why");
	snprintf(big, sizeof(big), "echo '{\"deep\": %s1%s}'",
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	is_int(exec_of("deep", big, NULL), -1, "JSON nested too deep");
}

/* What nagios_runner_check says on stderr. */
static const char *
check_says(struct plugin *p)
{
	static struct buf b;
	char path[256];
	int saved, fd;

	snprintf(path, sizeof(path), "%s/stderr", tmp);
	fflush(stderr);
	saved = dup(2);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return "";
	dup2(fd, 2);
	close(fd);
	nagios_runner_check(p);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	buf_reset(&b);
	file_read(path, &b, 1 << 16);
	buf_add(&b, "", 0);
	return b.p;
}

static void
test_nagios_scripts(void)
{
	struct plugin *p = fresh();
	char c[8][512];
	const char *said;
	int i;

	snprintf(c[0], sizeof(c[0]), "slow %s", script("slow", "echo started; sleep 10"));
	snprintf(c[1], sizeof(c[1]), "sig %s", script("sig", "kill -9 $$"));
	snprintf(c[2], sizeof(c[2]), "err %s", script("err",
	    "echo 'CRITICAL: disk gone' >&2; exit 2"));
	snprintf(c[3], sizeof(c[3]), "miss /nonexistent/check_x -w 1");
	snprintf(c[4], sizeof(c[4]), "bad /bin/true 'unterminated");
	snprintf(c[5], sizeof(c[5]), "five %s", script("five", "echo odd; exit 5"));
	snprintf(c[6], sizeof(c[6]), "args %s 'a b' \"c\\\"d\" e\\ f",
	    script("args", "echo \"OK - $# args: $1/$2/$3 | n=$#\""));
	snprintf(c[7], sizeof(c[7]), "slow %s", script("dup", "echo dup"));
	opt(p, "timeout", "500ms");
	p->name = "nagios_runner";
	for (i = 0; i < 8; i++)
		opt(p, "command", c[i]);
	opt(p, "command", "no/name here");
	t_time_start();
	is_int(sample(p, nagios_runner_collect), 0, "nagios_runner_collect");
	ok(t_time_took() < 2, "all at once, bounded by the timeout (%.2fs)",
	    t_time_took());
	is_int((long long)num(at("slow_status_code", NULL)), 3, "a slow check: 3");
	is_str(str(at("slow_output", NULL)), "timed out after 0.5s", "timed out");
	is_str(str(at("sig_output", NULL)), "killed by signal 9", "killed");
	is_int((long long)num(at("sig_status_code", NULL)), 3, "killed: 3");
	is_str(str(at("err_output", NULL)), "CRITICAL: disk gone",
	    "only stderr: its text");
	is_int((long long)num(at("err_status_code", NULL)), 2, "and its code");
	is_str(str(at("err_status", NULL)), "CRITICAL", "CRITICAL");
	is_str(str(at("miss_output", NULL)),
	    "cannot run: No such file or directory", "a missing path");
	is_int((long long)num(at("miss_status_code", NULL)), 3, "is UNKNOWN");
	is_str(str(at("bad_output", NULL)), "bad command line: unterminated quote",
	    "a bad command line");
	is_int((long long)num(at("bad_status_code", NULL)), 3, "is UNKNOWN");
	is_str(str(at("five_output", NULL)), "exited with status 5: odd",
	    "exit status 5");
	is_str(str(at("args_output", NULL)), "OK - 3 args: a b/c\"d/e f",
	    "arguments, quoted and escaped, reach the plugin");
	near(num(at("args_n", NULL)), 3, "its perfdata");
	ok(at("no", NULL) == NULL && at("no/name_status", NULL) == NULL,
	    "a command without a name is left out");
	is_int((long long)doc.root.len, 3 * 7 + 1, "7 checks, 3 members each, "
	    "one perfdata; the second 'slow' left out");

	said = check_says(p);
	ok(strstr(said, "nagios_runner: miss: /nonexistent/check_x: No such "
	    "file or directory") != NULL, "check: a missing path");
	ok(strstr(said, "nagios_runner: bad: unterminated quote") != NULL,
	    "check: a bad command line");
	ok(strstr(said, "nagios_runner: slow: the name is taken") != NULL,
	    "check: a name twice");
	ok(strstr(said, "\"no/name here\"") != NULL, "check: no name");
	ok(strstr(said, "args") == NULL, "check: nothing on good ones");
	if (strstr(said, "miss") == NULL)
		diag("check said: %s", said);

	p = fresh();
	p->name = "nagios_runner";
	snprintf(c[0], sizeof(c[0]), "noexec %s", script("noexec2", "exit 0"));
	chmod(c[0] + 7, 0644);
	opt(p, "command", c[0]);
	said = check_says(p);
	ok(strstr(said, "noexec2: Permission denied") != NULL,
	    "check: not executable");
	p = fresh();
	is_int(sample(p, nagios_runner_collect), -1, "no command");
	is_str(p->why, "no command configured", "why");
	opt(p, "command", "x /bin/true");
	opt(p, "timeout", "2h");
	is_int(sample(p, nagios_runner_collect), -1, "a timeout too long");
	is_str(p->why, "bad timeout option", "why");
}

static void
test_nagios_real(void)
{
	struct plugin *p = fresh();
	int i;

	if (access(NAGIOS "check_dummy", X_OK) == -1) {
		for (i = 0; i < 15; i++)
			ok(1, "# SKIP no " NAGIOS "check_dummy (Debian: "
			    "monitoring-plugins-basic)");
		return;
	}
	opt(p, "command", "d0 " NAGIOS "check_dummy 0 'all fine'");
	opt(p, "command", "d1 " NAGIOS "check_dummy 1 \"a warning\"");
	opt(p, "command", "d2 " NAGIOS "check_dummy 2 crit");
	opt(p, "command", "d3 " NAGIOS "check_dummy 3 unknown");
	opt(p, "command", "load " NAGIOS "check_load -w 1000,1000,1000 "
	    "-c 2000,2000,2000");
	opt(p, "command", "check_disk_root " NAGIOS "check_disk -w 1% -c 1% -p /");
	is_int(sample(p, nagios_runner_collect), 0, "the monitoring plugins");
	is_str(str(at("d0_output", NULL)), "OK: all fine", "check_dummy 0");
	is_int((long long)num(at("d0_status_code", NULL)), 0, "status code 0");
	is_str(str(at("d1_status", NULL)), "WARNING", "check_dummy 1");
	is_str(str(at("d1_output", NULL)), "WARNING: a warning", "its output");
	is_str(str(at("d2_status", NULL)), "CRITICAL", "check_dummy 2");
	is_int((long long)num(at("d3_status_code", NULL)), 3, "check_dummy 3");
	is_str(str(at("d3_status", NULL)), "UNKNOWN", "UNKNOWN");
	is_int((long long)num(at("load_status_code", NULL)), 0, "check_load");
	ok(num(at("load_load1", NULL)) >= 0, "load_load1 from perfdata");
	near(num(at("load_load1_min", NULL)), 0, "load_load1_min");
	near(num(at("load_load1_warn", NULL)), 1000, "its warn");
	ok(num(at("check_disk_root_status_code", NULL)) <= 2, "check_disk");
	ok(num(at("check_disk_root__", NULL)) > 0, "check_disk_root__: bytes used of /");
	ok(num(at("check_disk_root___max", NULL)) >= num(at("check_disk_root__", NULL)),
	    "and the size of /");
}

static void
test_ping(void)
{
	struct plugin *p = fresh();
	const char *fake_ping;
	const struct json *h;

	fake_ping = script("ping", "test \"$1 $2 $3 $4 $5 $6\" = \"-n -q -c 5 -W 2\" "
	    "|| { echo \"bad arguments: $*\" >&2; exit 2; }\n"
	    "case \"$7\" in\n"
	    "gw) cat " DATA "ping-iputils-ok.txt;;\n"
	    "2001:db8::1) cat " DATA "ping-iputils-ipv6.txt;;\n"
	    "lossy) cat " DATA "ping-iputils-loss.txt; exit 1;;\n"
	    "slow) sleep 10;;\n"
	    "*) echo \"ping: $7: Name or service not known\" >&2; exit 2;;\n"
	    "esac");
	opt(p, "ping", fake_ping);
	opt(p, "count", "5");
	opt(p, "timeout", "1s");
	opt(p, "host", "gw");
	opt(p, "host", "lossy");
	opt(p, "host", "nowhere");
	opt(p, "host", "bad host!");
	opt(p, "host", "-x");
	opt(p, "host", "gw");
	opt(p, "host", "2001:db8::1");
	opt(p, "host", "slow");
	is_int(sample(p, ping_monitor_collect), 0, "ping_monitor_collect");
	h = at("hosts", NULL);
	is_int(h ? (long long)h->len : -1, 7, "one object by host, each once");
	near(num(at("hosts", "gw", "loss_percent", NULL)), 0, "gw: loss_percent");
	near(num(at("hosts", "gw", "rtt_avg_ms", NULL)), 0.412, "gw: rtt_avg_ms");
	ok(at("hosts", "gw", "reachable", NULL) &&
	    at("hosts", "gw", "reachable", NULL)->type == JSON_TRUE,
	    "gw: reachable");
	near(num(at("hosts", "2001:db8::1", "received", NULL)), 3, "an IPv6 address");
	near(num(at("hosts", "lossy", "loss_percent", NULL)), 100,
	    "lossy: all lost, whatever the exit status");
	ok(at("hosts", "lossy", "reachable", NULL) &&
	    at("hosts", "lossy", "reachable", NULL)->type == JSON_FALSE,
	    "lossy: not reachable");
	is_str(str(at("hosts", "nowhere", "error", NULL)),
	    "ping: nowhere: Name or service not known", "no summary: ping's complaint");
	is_str(str(at("hosts", "bad host!", "error", NULL)), "invalid host name",
	    "a name with a blank and a '!'");
	is_str(str(at("hosts", "-x", "error", NULL)), "invalid host name",
	    "a name that would be an option");
	is_str(str(at("hosts", "slow", "error", NULL)), "timed out after 1s",
	    "a ping that hangs");

	p = fresh();
	opt(p, "ping", "/nonexistent/ping");
	opt(p, "host", "gw");
	is_int(sample(p, ping_monitor_collect), -1, "no ping");
	is_str(p->why, "no ping program here", "why");
	p = fresh();
	is_int(sample(p, ping_monitor_collect), -1, "no host");
	is_str(p->why, "no host configured", "why");
	opt(p, "host", "gw");
	opt(p, "count", "0");
	is_int(sample(p, ping_monitor_collect), -1, "count 0");
	is_str(p->why, "bad count option (1 to 100)", "why");

	p = fresh();
	opt(p, "host", "127.0.0.1");
	opt(p, "count", "1");
	if (sample(p, ping_monitor_collect) == -1)
		ok(1, "# SKIP the system's ping: %s", p->why);
	else if (at("hosts", "127.0.0.1", "reachable", NULL) &&
	    at("hosts", "127.0.0.1", "reachable", NULL)->type == JSON_TRUE)
		near(num(at("hosts", "127.0.0.1", "received", NULL)), 1,
		    "the system's ping reaches 127.0.0.1");
	else
		ok(1, "# SKIP the system's ping cannot here: %s",
		    str(at("hosts", "127.0.0.1", "error", NULL)) ?
		    str(at("hosts", "127.0.0.1", "error", NULL)) : "(no error)");
}

static void
test_zfs(void)
{
	struct plugin *p = fresh();
	const char *z;

	z = script("zpool", "case \"$*\" in\n"
	    "'list -Hp -o name,size,alloc,free,frag,cap,dedup,health') "
	    "cat " DATA "zpool-list-degraded.txt;;\n"
	    "'status -p') cat " DATA "zpool-status-degraded.txt;;\n"
	    "'iostat -Hp') cat " DATA "zpool-iostat-degraded.txt;;\n"
	    "*) echo \"bad arguments: $*\" >&2; exit 2;;\n"
	    "esac");
	opt(p, "zpool", z);
	is_int(sample(p, zfs_monitor_collect), 0, "zfs_monitor_collect");
	is_str(str(at("pools", "backup", "state", NULL)), "DEGRADED",
	    "the state from zpool status");
	near(num(at("pools", "backup", "size", NULL)), 11991548215296.0,
	    "the size from zpool list");
	near(num(at("pools", "backup", "write_ops_per_s", NULL)), 9,
	    "I/O from zpool iostat");
	near(num(at("pools", "rpool", "capacity_percent", NULL)), 22,
	    "the other pool");

	p = fresh();
	opt(p, "zpool", script("zpool-partial", "case \"$1\" in\n"
	    "list) cat " DATA "zpool-list-healthy.txt;;\n"
	    "*) echo 'no luck' >&2; exit 1;;\n"
	    "esac"));
	is_int(sample(p, zfs_monitor_collect), 0, "zpool list alone works");
	ok(at("pools", "tank", "size", NULL) && !at("pools", "tank", "state", NULL),
	    "what it knows, no more");

	p = fresh();
	opt(p, "zpool", script("zpool-broken",
	    "echo 'Failed to initialize the libzfs library.' >&2; exit 1"));
	is_int(sample(p, zfs_monitor_collect), -1, "zpool fails");
	is_str(p->why, "zpool list: exited with status 1: Failed to initialize "
	    "the libzfs library.", "why");
	p = fresh();
	opt(p, "zpool", script("zpool-slow", "sleep 10"));
	opt(p, "timeout", "200ms");
	is_int(sample(p, zfs_monitor_collect), -1, "zpool hangs");
	is_str(p->why, "zpool list: timed out after 0.2s", "why");
	p = fresh();
	opt(p, "zpool", "/nonexistent/zpool");
	is_int(sample(p, zfs_monitor_collect), -1, "no zpool");
	is_str(p->why, "zpool is not installed here: unavailable", "why");
	p = fresh();
	if (sample(p, zfs_monitor_collect) == 0)
		ok(at("pools", NULL) != NULL, "this system's pools");
	else
		ok(p->why != NULL, "this system: %s", p->why ? p->why : "");
}

int
main(void)
{
	char rm[64];

	if (mkdtemp(tmp) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_perf();
	test_split_output();
	test_nagios_write();
	test_ping_parse();
	test_zpool_parse();
	test_exec();
	test_nagios_scripts();
	test_nagios_real();
	test_ping();
	test_zfs();
	json_doc_free(&doc);
	buf_free(&out);
	snprintf(rm, sizeof(rm), "rm -rf %s", tmp);
	if (system(rm) != 0)
		diag("cannot remove %s", tmp);
	return done_testing();
}
