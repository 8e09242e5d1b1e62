/*
 * dump: the whole present picture as one JSON document (hbstate --json):
 * hosts with their liveness, services with their health, every alert.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hbstate.h"
#include "log.h"

struct summary {
	unsigned	 hosts, by_state[4], alerts, by_level[4];
};

static void
host_json(struct jw *j, const struct world *w, const struct host *h,
    double now, struct summary *sum)
{
	double deadline = host_deadline(w, h);
	enum level worst;
	int n;

	worst = host_worst(h, &n);
	sum->hosts++;
	sum->by_state[h->state]++;
	jw_obj(j);
	jw_kstr(j, "name", h->name);
	jw_kstr(j, "state", hstate_name(h->state));
	jw_knum(j, "since", h->since);
	jw_knum(j, "last_seen", h->last_seen);
	jw_knum(j, "seen_ago", usec(now - h->last_seen));
	jw_kstr(j, "address", h->addr[0] ? h->addr : NULL);
	jw_key(j, "rtt");
	if (h->rtt >= 0)
		jw_num(j, h->rtt);
	else
		jw_null(j);
	jw_kstr(j, "version", h->version);
	jw_knum(j, "interval", h->interval > 0 ? h->interval : w->c->interval);
	jw_knum(j, "grace", config_grace(w->c, h));
	if (deadline > 0)
		jw_knum(j, "deadline", deadline);
	jw_kbool(j, "watch", h->conf == NULL || h->conf->watch);
	jw_knum(j, "alerts", n);
	jw_kstr(j, "worst", level_name(worst));
	jw_end(j, '}');
}

static void
services_json(struct jw *j, const struct world *w, struct host **v, size_t n,
    double now)
{
	const struct service *s;
	size_t i;

	jw_key(j, "services");
	jw_arr(j);
	for (i = 0; i < n; i++)
		for (s = v[i]->services; s != NULL; s = s->next) {
			jw_obj(j);
			jw_kstr(j, "host", v[i]->name);
			jw_kstr(j, "service", s->name);
			jw_kstr(j, "status", s->error ? "error" : "ok");
			jw_kstr(j, "health", service_health(s, now,
			    config_grace(w->c, v[i])));
			jw_knum(j, "ts", s->ts);
			jw_knum(j, "interval", s->interval);
			jw_kstr(j, "error", s->text);
			jw_end(j, '}');
		}
	jw_end(j, ']');
}

static void
summary_json(struct jw *j, const struct summary *s)
{
	int i;

	jw_key(j, "summary");
	jw_obj(j);
	jw_knum(j, "hosts", s->hosts);
	for (i = HS_UP; i <= HS_SHUTDOWN; i++)
		jw_knum(j, hstate_name((enum hstate)i), s->by_state[i]);
	jw_knum(j, "alerts", s->alerts);
	for (i = LV_WARNING; i <= LV_CRITICAL; i++)
		jw_knum(j, level_name((enum level)i), s->by_level[i]);
	jw_end(j, '}');
}

int
dump_json(const struct world *w, double now)
{
	struct summary sum = { 0, { 0 }, 0, { 0 } };
	struct buf b = BUF_INIT;
	const struct alert *a;
	struct host **v;
	struct jw j;
	size_t n, i;

	v = world_sorted(w, &n);
	jw_init(&j, &b);
	jw_obj(&j);
	jw_knum(&j, "generated", now);
	jw_key(&j, "hosts");
	jw_arr(&j);
	for (i = 0; i < n; i++)
		host_json(&j, w, v[i], now, &sum);
	jw_end(&j, ']');
	services_json(&j, w, v, n, now);
	jw_key(&j, "alerts");
	jw_arr(&j);
	for (i = 0; i < n; i++)
		for (a = v[i]->alerts; a != NULL; a = a->next) {
			sum.alerts++;
			sum.by_level[a->state]++;
			alert_json(&j, v[i], a);
		}
	jw_end(&j, ']');
	summary_json(&j, &sum);
	jw_end(&j, '}');
	buf_addc(&b, '\n');
	free(v);
	if (j.err)
		die("out of memory");
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
	return fflush(stdout) == EOF ? 1 : 0;
}
