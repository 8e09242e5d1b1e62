/*
 * hbdns: keep the DNS records of hosts at their addresses, through
 * nsupdate (hbdns(8)). Address changes come as events on standard input
 * or from the followed events log, and users' requests as files in
 * STATEDIR/requests/dns/; each is recorded in STATEDIR/dns/ before the
 * input position moves past it (or the request is removed), and stays
 * there until the server has taken it.
 */
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "evin.h"
#include "file.h"
#include "hbdns.h"
#include "hbtime.h"
#include "json.h"
#include "log.h"
#include "proto.h"

#define USAGE "hbdns [-dn] [-c conf] [-s statedir] [-f [file]]\n" \
	"       hbdns [-n] [-c conf] [-s statedir] update host"

#define LINE_MAX_BYTES	(64u << 10)
#define BATCH_LINES	1000
#define FILE_POLL	0.2	/* seconds between looks at a followed file */
#define UPDATES_MAX	1000
#define REQUEST_POLL	0.5	/* seconds between looks at STATEDIR/requests/dns */

struct flags {
	const char	*conf, *statedir, *file, *host;
	int		 follow, dry, daemon;
};

struct dns {
	struct config	 c;
	const struct flags *f;
	struct pending	 p;
	struct evin	 in;
	int		 lockfd;
	double		 now;		/* of the batch being read */
	struct requests	 rq;
	double		 scan_at;	/* the next look at the requests */
	unsigned long long lines, bad;
	struct ratelimit rl;
};

static volatile sig_atomic_t stop, reload;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

static void
parse_flags(int argc, char *argv[], struct flags *f)
{
	int ch;

	memset(f, 0, sizeof(*f));
	while ((ch = getopt(argc, argv, "c:dfhns:")) != -1) {
		switch (ch) {
		case 'h': usage_help(USAGE);
		case 'c': f->conf = optarg; break;
		case 'd': f->daemon = 1; break;
		case 'f': f->follow = 1; break;
		case 'n': f->dry = 1; break;
		case 's': f->statedir = optarg; break;
		default: usage_exit(USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 2 && strcmp(argv[0], "update") == 0 && !f->follow &&
	    !f->daemon) {
		f->host = argv[1];
		return;
	}
	if (argc > (f->follow ? 1 : 0) || (f->daemon && !f->follow))
		usage_exit(USAGE);
	if (argc == 1)
		f->file = argv[0];
}

static int
configure(struct config *c, const struct flags *f, int fatal)
{
	struct buf err = BUF_INIT;

	config_init(c);
	if (config_load(c, f->conf, &err) == -1) {
		config_free(c);
		return conf_failed(&err, fatal);
	}
	buf_free(&err);
	logconf_places(&c->statedir, f->statedir, &c->events);
	return 0;
}

/* Names from outside are shown escaped: a newline in one must not forge a log line. */
static void
complain(struct dns *d, const char *what, const char *name)
{
	struct buf b = BUF_INIT;

	json_write_str(&b, name, strlen(name));
	warnx_rl(&d->rl, "line %llu: host %s: %s", d->lines, b.p ? b.p : "?",
	    what);
	buf_free(&b);
}

/* An UP, a BOOT or an address change that says where the host is. */
static void
event(struct dns *d, const char *line, size_t n, double now)
{
	struct json_doc doc = JSON_DOC_INIT;
	const char *host, *kind, *state, *addr;

	if (json_parse(&doc, line, n, NULL) == -1 ||
	    (host = json_get_str(&doc.root, "host")) == NULL ||
	    (kind = json_get_str(&doc.root, "kind")) == NULL) {
		d->bad++;
		warnx_rl(&d->rl, "line %llu: not an event", d->lines);
		json_doc_free(&doc);
		return;
	}
	state = json_get_str(&doc.root, "state");
	addr = json_get_str(&doc.root, "address");
	if (addr != NULL && (strcmp(kind, "address") == 0 ||
	    (strcmp(kind, "host") == 0 && state != NULL &&
	    (strcmp(state, "UP") == 0 || strcmp(state, "BOOT") == 0)))) {
		if (!dns_name_ok(host, strlen(host)))
			complain(d, "not a DNS name: no record", host);
		else if (pending_note(&d->p, &d->c, host, addr, now) == -1)
			die("out of memory");
	}
	json_doc_free(&doc);
}

static void
one_line(void *ctx, const char *p, size_t n)
{
	struct dns *d = ctx;

	d->lines++;
	event(d, p, n, d->now);
}

/* What is asked for is on disk before the cursor moves past it. */
static int
durable(void *ctx)
{
	struct dns *d = ctx;

	if (d->f->dry)
		return 0;
	if (pending_save(&d->p) == -1)
		die("save %s:", d->p.path);
	return 1;
}

static int
drain(struct dns *d, double now)
{
	static const struct evin_fns fns = { one_line, durable };

	d->now = now;
	return evin_drain(&d->in, BATCH_LINES, &fns, d);
}

static void
report(const struct zone *z, struct update *const *u, int n, int ok,
    const char *why, const char *dry)
{
	int i;

	for (i = 0; i < n && ok; i++)
		info("%s%s %s %s", dry, u[i]->fqdn, u[i]->type, u[i]->addr);
	if (!ok)
		warnx("zone %s: %d update%s: %s (attempt %d; tried again later)",
		    z->name, n, n == 1 ? "" : "s", why, u[0]->attempts);
}

/* Every zone's due updates, a batch per nsupdate run. */
static void
flush(struct dns *d, double now)
{
	struct update *u[UPDATES_MAX];
	struct buf script = BUF_INIT, why = BUF_INIT;
	const struct zone *z;
	int i, n, ok;

	for (i = 0; i < d->c.nzones; i++) {
		z = d->c.zones[i];
		while ((n = pending_due(&d->p, z, now, u, z->batch)) > 0) {
			buf_reset(&script);
			buf_reset(&why);
			script_write(&script, z, u, n);
			if (d->f->dry) {
				fwrite(script.p, 1, script.len, stdout);
				fflush(stdout);
				ok = 1;
			} else
				ok = nsupdate_run(z, &script, &why) == 0;
			if (ok) {
				report(z, u, n, 1, NULL, d->f->dry ? "would set " : "set ");
				pending_done(&d->p, u, n, now);
			} else {
				pending_failed(&d->p, u, n, now);
				report(z, u, n, 0, why.p, "");
			}
			if (!d->f->dry && pending_save(&d->p) == -1)
				die("save %s:", d->p.path);
		}
	}
	buf_free(&script);
	buf_free(&why);
}

/* Standard input: the requests waiting at the start; following: new ones too. */
static void
requests(struct dns *d, double now)
{
	if (now < d->scan_at)
		return;
	requests_take(&d->rq, &d->p, &d->c, now, d->f->dry);
	d->scan_at = d->f->follow ? now + REQUEST_POLL : HUGE_VAL;
}

static void
pause_for(struct dns *d, double wait)
{
	struct pollfd pfd = { 0, POLLIN, 0 };
	int ms;

	if (!d->in.stream || d->in.f.eof)
		wait = fmin(wait, FILE_POLL);
	ms = wait >= 3600 ? 3600000 : (int)ceil(wait * 1000);
	if (d->in.stream && !d->in.f.eof)
		poll(&pfd, 1, ms);
	else
		poll(NULL, 0, ms);
}

/* At the end of standard input: done once every update had its try. */
static int
finished(const struct dns *d)
{
	const struct update *u;
	struct hent *e = NULL;
	size_t i = 0;

	if (!d->in.stream || !d->in.f.eof)
		return 0;
	while ((e = hmap_next(&d->p.want, &i, e)) != NULL) {
		u = e->val;
		if (u->attempts == 0)
			return 0;
	}
	return 1;
}

static void
load(struct dns *d)
{
	const char *why;

	if (d->f->dry)
		return;
	if (pending_load(&d->p, d->c.statedir, &d->c, &why) == -1)
		die("%s/dns/state.json: %s; fix or remove it", d->c.statedir,
		    why);
}

/* SIGHUP: the configuration again; the pending updates read back against it. */
static void
reconfigure(struct dns *d)
{
	struct config c;

	reload = 0;
	if (configure(&c, d->f, 0) == -1) {
		warnx("the configuration has errors: kept the one in use");
		return;
	}
	if (!d->f->dry && pending_save(&d->p) == -1)
		die("save %s:", d->p.path);
	pending_free(&d->p);
	config_free(&d->c);
	d->c = c;
	load(d);
	info("configuration read again");
}

static void
serve(struct dns *d)
{
	double now;
	int more;

	while (!stop && !finished(d)) {
		now = time_now();
		more = drain(d, now);
		if (reload)
			reconfigure(d);
		requests(d, now);
		flush(d, now);
		if (!more && !stop && !finished(d)) {
			now = time_now();
			pause_for(d, fmin(pending_wait(&d->p, now),
			    fmax(0, d->scan_at - now)));
		}
	}
}

/* One writer of STATEDIR/dns/state.json. */
static int
lock(const struct config *c)
{
	char *dir, *path;
	long pid = 0;
	int fd;

	if ((dir = path_join(c->statedir, "dns")) == NULL ||
	    (path = path_join(dir, "lock")) == NULL)
		die("out of memory");
	if (mkdir(c->statedir, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", c->statedir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", dir);
	if ((fd = file_lock(path, &pid)) == -1) {
		if (errno == EAGAIN)
			die("%s: another hbdns (pid %ld) updates from this "
			    "state directory", dir, pid);
		die("lock %s:", path);
	}
	free(dir);
	free(path);
	return fd;
}

int
main(int argc, char *argv[])
{
	struct flags f;
	struct dns d;
	size_t left;
	int r;

	log_init("hbdns");
	std_fds();
	parse_flags(argc, argv, &f);
	memset(&d, 0, sizeof(d));
	d.f = &f;
	d.rl = (struct ratelimit)RATELIMIT_INIT(10, 60);
	d.rq = (struct requests)REQUESTS_INIT;
	configure(&d.c, &f, 1);
	if (f.host != NULL) {
		r = update_host(&d.c, f.host, f.dry);
		config_free(&d.c);
		return r;
	}
	catch_signals(on_signal, 0);
	if (f.daemon)
		daemonize();
	d.lockfd = f.dry ? -1 : lock(&d.c);
	load(&d);
	evin_open(&d.in, d.c.statedir, "hbdns", f.file ? f.file :
	    d.c.events.path, f.follow, d.c.events.backups, LINE_MAX_BYTES);
	serve(&d);
	left = d.p.want.count;
	if (d.bad > 0)
		warnx("%llu of %llu lines were not events", d.bad, d.lines);
	if (left > 0 && d.in.stream && !f.dry)
		warnx("%zu update%s wait in %s for the next run", left,
		    left == 1 ? "" : "s", d.p.path);
	evin_close(&d.in);
	requests_free(&d.rq);
	pending_free(&d.p);
	config_free(&d.c);
	return left > 0 && d.in.stream && !f.dry ? 1 : 0;
}
