/*
 * hbnotify: deliver events to people (hbnotify(8)). Events come from
 * standard input or a followed events log; each delivery is spooled
 * before the input position moves past its event, and leaves the spool
 * only when it was made or given up, so that nothing is lost.
 */
#include <errno.h>
#include <fcntl.h>
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
#include "hbnotify.h"
#include "hbtime.h"
#include "log.h"

#define USAGE "hbnotify [-dn] [-c conf] [-s statedir] [-f [file]]"

#define BATCH		1000	/* lines between looks at the queue */
#define FILE_POLL	0.2	/* seconds between looks at a followed file */
#define STOP_GRACE	5.0	/* seconds for workers to finish at exit */

struct flags {
	const char	*conf, *statedir, *file;
	int		 follow, dry, daemon;
};

struct run {
	struct config	 c;
	const struct flags *f;
	struct spool	 sp;
	struct queue	*q;
	struct evin	 in;
	double		 now;		/* of the batch being read */
	unsigned long long lines, bad, spooled;
	struct ratelimit rl;
};

static volatile sig_atomic_t stop, reload;
static int wake[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int e = errno;

	if (sig == SIGHUP)
		reload = 1;
	else if (sig != SIGCHLD)
		stop = 1;
	if (wake[1] != -1)
		(void)!write(wake[1], "", 1);
	errno = e;
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
	if (argc > (f->follow ? 1 : 0))
		usage_exit(USAGE);
	if (argc == 1)
		f->file = argv[0];
	if (f->daemon && !f->follow) {
		warnx("-d is for following the events log (-f)");
		usage_exit(USAGE);
	}
}

/* Errors in the configuration are the caller's to fix: FILE:LINE, exit 2. */
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
	if ((c->access = malloc(sizeof(*c->access))) == NULL)
		die("out of memory");
	hostaccess_init(c->access, c->statedir);
	return 0;
}

/* -n: what would go to whom. */
static void
show(const struct config *c, const struct event *ev)
{
	struct route r[ROUTES_MAX];
	int i, n = route_event(c, ev, r, ROUTES_MAX);

	for (i = 0; i < n; i++) {
		if (r[i].user != NULL)
			printf("%s:%s (%s, %s): %s\n", r[i].ch->name,
			    r[i].target, r[i].user, r[i].role, ev->text);
		else
			printf("%s:%s (%s): %s\n", r[i].ch->name, r[i].target,
			    r[i].role, ev->text);
	}
	fflush(stdout);
}

static void
spool(struct run *rn, const struct event *ev, double now)
{
	char id[DELIVERY_ID_LEN + 1];
	struct route r[ROUTES_MAX];
	int i, n = route_event(&rn->c, ev, r, ROUTES_MAX);

	for (i = 0; i < n; i++) {
		delivery_id(id, ev->id, r[i].ch->name, r[i].target);
		if (spool_known(&rn->sp, id))
			continue;
		/* not spooled, not confirmed: the input must not move on */
		if (spool_add(&rn->sp, id, &r[i], ev, now) == -1)
			die("spool %s/%s:", rn->sp.new, id);
		if (queue_add(rn->q, id, ev->id, r[i].ch->name,
		    r[i].target, now, now) == -1)
			die("out of memory");
		rn->spooled++;
	}
}

static void
line(struct run *rn, const char *p, size_t n, double now)
{
	struct event ev;
	const char *why;

	memset(&ev, 0, sizeof(ev));
	rn->lines++;
	if (n > EVENT_MAX) {
		rn->bad++;
		warnx_rl(&rn->rl, "line %llu: longer than %u bytes", rn->lines,
		    EVENT_MAX);
		return;
	}
	if (event_parse(&ev, p, n, &why) == -1) {
		rn->bad++;
		warnx_rl(&rn->rl, "line %llu: not an event: %s", rn->lines, why);
	} else if (rn->f->dry)
		show(&rn->c, &ev);
	else
		spool(rn, &ev, now);
	event_free(&ev);
}

static void
one_line(void *ctx, const char *p, size_t n)
{
	struct run *rn = ctx;

	line(rn, p, n, rn->now);
}

/* Spooled, and durably so, before the cursor says they were read. */
static int
durable(void *ctx)
{
	struct run *rn = ctx;

	if (rn->f->dry)
		return 0;
	if (spool_sync(&rn->sp) == -1)
		die("sync %s:", rn->sp.new);
	return 1;
}

/* A batch of lines; 1 when more may be waiting. */
static int
drain(struct run *rn, double now)
{
	static const struct evin_fns fns = { one_line, durable };

	rn->now = now;
	return evin_drain(&rn->in, BATCH, &fns, rn);
}

static void
signals(void)
{
	struct sigaction sa;

	if (pipe(wake) == -1)
		die("pipe:");
	fcntl(wake[0], F_SETFL, O_NONBLOCK);
	fcntl(wake[1], F_SETFL, O_NONBLOCK);
	fcntl(wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(wake[1], F_SETFD, FD_CLOEXEC);
	catch_signals(on_signal, 1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Sleep until input, a finished worker, a signal, or wait seconds. */
static void
pause_for(struct run *rn, double wait)
{
	struct pollfd pfd[2] = { { wake[0], POLLIN, 0 }, { 0, POLLIN, 0 } };
	char junk[64];
	int ms, n = 1;

	if (!rn->in.stream)
		wait = fmin(wait, FILE_POLL);
	else if (!rn->in.f.eof)
		n = 2;
	ms = wait >= 3600 ? 3600000 : (int)ceil(wait * 1000);
	poll(pfd, (nfds_t)n, ms);
	while (read(wake[0], junk, sizeof(junk)) > 0)
		;
}

/* SIGHUP: the configuration again, once the workers are done; the queue anew from the spool. */
static void
reconfigure(struct run *rn, double now)
{
	struct config c;

	/* no new attempts meanwhile; the ones under way are collected here */
	queue_reap(rn->q, now);
	if (queue_busy(rn->q) > 0)
		return;
	reload = 0;
	if (configure(&c, rn->f, 0) == -1) {
		warnx("the configuration has errors: kept the one in use");
		return;
	}
	queue_free(rn->q);
	config_free(&rn->c);
	rn->c = c;
	if ((rn->q = queue_new(&rn->c, &rn->sp)) == NULL ||
	    queue_scan(rn->q, now) == -1)
		die("scan %s:", rn->sp.new);
	info("configuration read again");
}

/* At the end of standard input: done when every line had its try. */
static int
finished(struct run *rn)
{
	if (!rn->in.stream || !rn->in.f.eof)
		return 0;
	if (rn->f->dry)
		return 1;
	return queue_pending(rn->q) == 0 ||
	    (queue_busy(rn->q) == 0 && queue_all_tried(rn->q));
}

static void
serve(struct run *rn)
{
	double now, wait;
	int more;

	while (!stop && !finished(rn)) {
		now = time_now();
		more = drain(rn, now);
		if (reload && !rn->f->dry)
			reconfigure(rn, now);
		wait = rn->f->dry ? HUGE_VAL :
		    reload ? 0.1 : queue_run(rn->q, now);
		if (!more && !stop && !finished(rn))
			pause_for(rn, wait);
	}
}

/* Workers in the middle of a delivery get a moment to finish it. */
static void
wind_down(struct run *rn)
{
	double until = time_mono() + STOP_GRACE;

	while (queue_busy(rn->q) > 0 && time_mono() < until) {
		poll(NULL, 0, 20);
		queue_reap(rn->q, time_now());
	}
}

static int
report(struct run *rn)
{
	size_t left;

	if (rn->bad > 0)
		warnx("%llu of %llu lines were not events", rn->bad, rn->lines);
	if (rn->f->dry)
		return 0;
	left = queue_pending(rn->q);
	if (rn->in.stream && left > 0) {
		warnx("%zu %s in %s for the next run", left, left == 1 ?
		    "delivery waits" : "deliveries wait", rn->sp.new);
		return 1;
	}
	return 0;
}

static void
start_spool(struct run *rn)
{
	if (spool_open(&rn->sp, rn->c.statedir) == -1) {
		if (errno == EAGAIN)
			die("%s/notify: another hbnotify (pid %ld) delivers "
			    "from this spool", rn->c.statedir, rn->sp.holder);
		die("spool %s/notify:", rn->c.statedir);
	}
	if ((rn->q = queue_new(&rn->c, &rn->sp)) == NULL)
		die("out of memory");
	if (queue_scan(rn->q, time_now()) == -1)
		die("scan %s:", rn->sp.new);
}

int
main(int argc, char *argv[])
{
	struct flags f;
	struct run rn;
	int r;

	log_init("hbnotify");
	std_fds();
	parse_flags(argc, argv, &f);
	memset(&rn, 0, sizeof(rn));
	rn.f = &f;
	rn.rl = (struct ratelimit)RATELIMIT_INIT(10, 60);
	configure(&rn.c, &f, 1);
	signals();
	if (!f.dry)
		start_spool(&rn);
	evin_open(&rn.in, rn.c.statedir, "hbnotify", f.file ? f.file :
	    rn.c.events.path, f.follow, rn.c.events.backups, EVENT_MAX + 1);
	if (f.daemon) {
		daemonize();
		/* fcntl locks stay with the parent, which has gone */
		if (spool_relock(&rn.sp) == -1)
			die("lock %s/notify:", rn.c.statedir);
	}
	serve(&rn);
	if (!f.dry)
		wind_down(&rn);
	r = report(&rn);
	evin_close(&rn.in);
	queue_free(rn.q);
	if (!f.dry)
		spool_close(&rn.sp);
	config_free(&rn.c);
	return r;
}
