/*
 * tail: follow the journal (or hbrecv's -o stream on standard input) and
 * judge each message as it comes; deadlines and reminders every second,
 * and hosts whose files hbrecv removed (dropped) forgotten as they go.
 * While it catches up on a backlog its clock is the journal's, so a host
 * is not declared DOWN for beats it has simply not read yet.
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
#include "follow.h"
#include "hbstate.h"
#include "hbtime.h"
#include "log.h"
#include "proto.h"

#define LINE_MAX_BYTES	(8u << 20)	/* a 1 MiB body, escaped, and room */
#define BATCH		4096		/* lines between looks at the clock */
#define SAVE_QUIET	10.0		/* seconds between checkpoints when nothing changed */

static volatile sig_atomic_t stop, reload;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

struct tail {
	struct world	*w;
	struct follow	 f;
	int		 stream;	/* standard input, no cursor */
	double		 clock;		/* the newest journal time read */
	double		 next_tick, saved;
	double		 save_cost;	/* seconds the last checkpoint took */
	struct ckpt	 k;
	struct sweep	 sweep;
	unsigned long long lines, bad;
	struct ratelimit rl;
};

static void
message_event(struct world *w, struct host *h, const char *text, double ts)
{
	struct ev ev;

	ev_begin(&ev, "message", h, text, "MESSAGE", NULL, ts, 0, ts);
	jw_kstr(&ev.w, "message", text);
	buf_printf(&ev.text, "MESSAGE: %s - %s", h->name, text);
	ev_emit(w->em, &ev);
}

static void
heartbeat(struct world *w, struct host *h, const struct json *m, double ts,
    const char *addr)
{
	double iv = json_get_num(m, "interval", 0), rtt = json_get_num(m, "rtt", -1);
	const char *v = json_get_str(m, "version");

	if (iv > 0)
		h->interval = iv;
	if (v != NULL && (h->version == NULL || strcmp(v, h->version) != 0)) {
		free(h->version);
		if ((h->version = strdup(v)) == NULL)
			die("out of memory");
	}
	live_beat(w, h, BEAT_HTB, ts, addr);
	if (rtt >= 0) {
		h->rtt = rtt;
		metrics_rtt(w, h, rtt, ts);
	}
}

/* One journal line: {"timestamp":..,"source_ip":..,"message":{..}}. */
static int
judge_line(struct world *w, const struct json *o, double *ts)
{
	const struct json *m = json_get(o, "message"), *data;
	const char *id, *name, *addr = json_get_str(o, "source_ip"), *s;
	struct host *h;

	*ts = json_get_num(o, "timestamp", 0);
	if (m == NULL || (id = json_get_str(m, "ID")) == NULL ||
	    (name = json_get_str(m, "name")) == NULL || *ts <= 0 ||
	    !proto_name_ok(name, strlen(name)))
		return -1;
	if ((h = world_host(w, name)) == NULL)
		die("out of memory");
	if (strcmp(id, "HTB") == 0)
		heartbeat(w, h, m, *ts, addr);
	else if (strcmp(id, "BOOT") == 0)
		live_beat(w, h, BEAT_BOOT, *ts, addr);
	else if (strcmp(id, "SHUT") == 0)
		live_beat(w, h, BEAT_SHUT, *ts, addr);
	else if (strcmp(id, "ACK") != 0)
		live_beat(w, h, BEAT_ANY, *ts, addr);
	if (strcmp(id, "MSG") == 0 && (s = json_get_str(m, "text")) != NULL)
		message_event(w, h, s, *ts);
	if (strcmp(id, "PLG") == 0 && (s = json_get_str(m, "plugin")) != NULL &&
	    (data = json_get(m, "data")) != NULL)
		metrics_sample(w, h, s, data, *ts);
	return 0;
}

static void
line(struct tail *t, const char *p, size_t n)
{
	static struct json_doc doc = JSON_DOC_INIT;
	double ts;

	t->lines++;
	if (json_parse(&doc, p, n, NULL) == -1 || judge_line(t->w, &doc.root,
	    &ts) == -1) {
		t->bad++;
		warnx_rl(&t->rl, "line %llu: not a journal line of a message, "
		    "skipped", t->lines);
		return;
	}
	if (ts > t->clock)
		t->clock = ts;
}

/* Whole seconds of the clock, each once: deadlines, reminders. */
static void
tick(struct tail *t, double clock)
{
	if (clock < t->next_tick)
		return;
	dropped_due(t->w, clock);
	live_tick(t->w, clock);
	t->next_tick = floor(clock) + 1;
}

static void
save(struct tail *t, double now, int force)
{
	struct world *w = t->w;
	int moved = !t->stream && (t->f.at.ino != t->k.cur_ino ||
	    t->f.at.off != t->k.cur_off);
	/* a large picture is saved less often: saving stays a twentieth of the time */
	double gap = t->save_cost * 20 > 1 ? t->save_cost * 20 : 1;
	double started;

	if (!force && !(w->dirty && now >= t->saved + gap) &&
	    !(moved && now >= t->saved + (gap > SAVE_QUIET ? gap : SAVE_QUIET)))
		return;
	/* the events must be on disk before a checkpoint says they are */
	if (emitter_flush(w->em) == -1 || emitter_sync(w->em) == -1)
		return;
	if (!t->stream) {
		t->k.cur_ino = t->f.at.ino;
		t->k.cur_off = t->f.at.off;
	}
	emitter_position(w->em, &t->k.ev_ino, &t->k.ev_off);
	started = time_mono();
	if (checkpoint_save(w, &t->k, now) == 0)
		t->saved = now;
	t->save_cost = time_mono() - started;
}

/* Read what is there (a batch at most). 1 if there may be more. */
static int
drain(struct tail *t)
{
	const char *p;
	size_t n;
	int i;

	for (i = 0; i < BATCH; i++) {
		if ((p = follow_line(&t->f, &n)) == NULL) {
			if (t->f.err != 0 && t->f.err != EAGAIN)
				warnx("read %s: %s", t->f.path ? t->f.path :
				    "standard input", strerror(t->f.err));
			return 0;
		}
		line(t, p, n);
		/* behind: the journal's time decides the deadlines */
		tick(t, t->clock);
	}
	return 1;
}

static void
wait_input(struct tail *t, double now)
{
	struct pollfd pfd = { t->f.fd, POLLIN, 0 };
	int ms = (int)((t->next_tick - now) * 1000) + 1;

	if (ms > 200 || ms < 1)
		ms = t->stream ? (ms < 1 ? 1 : ms > 1000 ? 1000 : ms) : 200;
	if (t->stream)
		poll(&pfd, 1, ms);
	else
		poll(NULL, 0, ms);
}

static int
start(struct tail *t, const char *file)
{
	struct cursor at = { t->k.cur_ino, t->k.cur_off };
	struct world *w = t->w;

	if (strcmp(file, "-") == 0) {
		t->stream = 1;
		fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
		follow_fd(&t->f, 0, LINE_MAX_BYTES);
		return 0;
	}
	if (follow_open(&t->f, file, w->c->journal.backups,
	    t->k.have ? &at : NULL, LINE_MAX_BYTES) == -1) {
		warnx("follow %s:", file);
		return -1;
	}
	if (t->f.lost > 0)
		warnx("%s: the position of the last run is gone (rotated away); "
		    "reading from the oldest journal kept", file);
	return 0;
}

static void
run(struct tail *t)
{
	double now;
	int more;

	while (!stop && !t->f.eof) {
		more = drain(t);
		now = usec(time_now());
		/* while behind, lines yet to be read would make a dropped host anew */
		if (!more) {
			dropped_sweep(t->w, &t->sweep, now);
			tick(t, now);
		}
		if (emitter_flush(t->w->em) == -1)
			more = 0;
		save(t, now, 0);
		if (reload) {
			reload = 0;
			world_reload(t->w);
		}
		if (!more && !t->f.eof && !stop)
			wait_input(t, now);
	}
}

int
tail_run(struct world *w, const char *file, const struct ckpt *k)
{
	struct tail t;

	memset(&t, 0, sizeof(t));
	t.w = w;
	t.k = *k;
	t.rl = (struct ratelimit)RATELIMIT_INIT(10, 60);
	if (start(&t, file) == -1)
		return -1;
	catch_signals(on_signal, 0);
	run(&t);
	save(&t, usec(time_now()), 1);
	if (t.bad > 0)
		warnx("%llu of %llu lines were not journal lines of messages",
		    t.bad, t.lines);
	follow_close(&t.f);
	return 0;
}
