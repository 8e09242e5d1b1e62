/*
 * liveness: UP after a sign of life, DOWN past interval + grace without
 * one, SHUTDOWN after a SHUT (and no DOWN until it lives again).
 */
#include <stdio.h>
#include <string.h>

#include "hbstate.h"

static void
host_event(struct ev *ev, const struct host *h, const char *state,
    const char *prev, double basis, double now)
{
	ev_begin(ev, "host", h, "", state, prev, basis, 0, now);
	if (h->addr[0] != '\0')
		jw_kstr(&ev->w, "address", h->addr);
}

static void
address_changed(struct world *w, struct host *h, const char *addr, double ts)
{
	struct ev ev;

	ev_begin(&ev, "address", h, addr, "ADDRESS", NULL, ts, 0, ts);
	jw_kstr(&ev.w, "address", addr);
	jw_kstr(&ev.w, "prev_address", h->addr);
	buf_printf(&ev.text, "ADDRESS: %s - %s -> %s", h->name, h->addr, addr);
	ev_emit(w->em, &ev);
}

static void
set_state(struct world *w, struct host *h, enum hstate s, double since)
{
	h->state = s;
	h->since = since;
	h->notified = since;
	w->dirty = 1;
}

static void
up(struct world *w, struct host *h, double ts)
{
	const char *prev = hstate_name(h->state);
	double down = usec(ts - h->since);
	struct ev ev;

	host_event(&ev, h, "UP", prev, ts, ts);
	buf_printf(&ev.text, "UP: %s - %s", h->name,
	    h->addr[0] ? h->addr : "(no address)");
	if (h->state == HS_DOWN) {
		jw_knum(&ev.w, "down_for", down);
		buf_printf(&ev.text, " (DOWN -> UP after ");
		render_secs(&ev.text, down);
		buf_addc(&ev.text, ')');
		/* the seed's rule: a blip is not worth a recovery page */
		if (down < SUPPRESS_BELOW)
			ev.notify = 0;
	} else if (h->state == HS_SHUTDOWN)
		buf_printf(&ev.text, " (SHUTDOWN -> UP)");
	ev_emit(w->em, &ev);
	set_state(w, h, HS_UP, ts);
}

static void
boot(struct world *w, struct host *h, double ts)
{
	struct ev ev;

	host_event(&ev, h, "BOOT", hstate_name(h->state), ts, ts);
	buf_printf(&ev.text, "BOOT: %s - %s (%s -> UP)", h->name,
	    h->addr[0] ? h->addr : "(no address)", hstate_name(h->state));
	ev_emit(w->em, &ev);
	set_state(w, h, HS_UP, ts);
}

static void
shutdown(struct world *w, struct host *h, double ts)
{
	struct ev ev;

	if (h->state == HS_SHUTDOWN)
		return;
	host_event(&ev, h, "SHUTDOWN", hstate_name(h->state), ts, ts);
	buf_printf(&ev.text, "SHUTDOWN: %s - shut down on purpose", h->name);
	ev_emit(w->em, &ev);
	set_state(w, h, HS_SHUTDOWN, ts);
}

void
live_assume(struct world *w, struct host *h, double ts)
{
	set_state(w, h, HS_UP, ts);
}

void
live_beat(struct world *w, struct host *h, enum beat b, double ts,
    const char *addr)
{
	if (addr != NULL && *addr != '\0' && strcmp(h->addr, addr) != 0) {
		if (h->addr[0] != '\0')
			address_changed(w, h, addr, ts);
		snprintf(h->addr, sizeof(h->addr), "%s", addr);
		w->dirty = 1;
	}
	if (ts > h->last_seen)
		h->last_seen = ts;
	if (b == BEAT_SHUT)
		shutdown(w, h, ts);
	else if (b == BEAT_BOOT)
		boot(w, h, ts);
	else if (h->state == HS_NEW || h->state == HS_DOWN ||
	    (h->state == HS_SHUTDOWN && b == BEAT_HTB))
		up(w, h, ts);
}

static void
down(struct world *w, struct host *h, double deadline, double now)
{
	double iv = h->interval > 0 ? h->interval : w->c->interval;
	struct ev ev;

	host_event(&ev, h, "DOWN", "UP", deadline, now);
	jw_knum(&ev.w, "last_seen", h->last_seen);
	jw_knum(&ev.w, "interval", iv);
	jw_knum(&ev.w, "grace", config_grace(w->c, h));
	buf_printf(&ev.text, "DOWN: %s - no heartbeat for ", h->name);
	render_secs(&ev.text, now - h->last_seen);
	buf_printf(&ev.text, " (interval ");
	render_secs(&ev.text, iv);
	buf_printf(&ev.text, ", grace ");
	render_secs(&ev.text, config_grace(w->c, h));
	buf_addc(&ev.text, ')');
	ev_emit(w->em, &ev);
	set_state(w, h, HS_DOWN, deadline);
	h->notified = now;
}

static void
remind_down(struct world *w, struct host *h, double now)
{
	double due = h->notified + w->c->renotify;
	struct ev ev;

	if (w->c->renotify <= 0 || now < due)
		return;
	host_event(&ev, h, "DOWN", "DOWN", due, now);
	jw_kbool(&ev.w, "reminder", 1);
	jw_knum(&ev.w, "last_seen", h->last_seen);
	buf_printf(&ev.text, "REMINDER (DOWN): %s - no heartbeat for ", h->name);
	render_secs(&ev.text, now - h->last_seen);
	ev_emit(w->em, &ev);
	h->notified = now;
	w->dirty = 1;
}

void
live_tick(struct world *w, double now)
{
	struct hent *e = NULL;
	struct host *h;
	double deadline;
	size_t i = 0;

	while ((e = hmap_next(&w->hosts, &i, e)) != NULL) {
		h = e->val;
		if ((deadline = host_deadline(w, h)) > 0 && now > deadline)
			down(w, h, deadline, now);
		else if (h->state == HS_DOWN)
			remind_down(w, h, now);
		metrics_tick(w, h, now);
	}
}
