/*
 * metrics: plugin samples and round-trip times against the thresholds;
 * events on escalation and recovery only, reminders while it lasts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbstate.h"
#include "log.h"
#include "template.h"

/* One judgement: what the display template may ask about. */
struct judge {
	struct world		*w;
	struct host		*h;
	const struct threshold	*t;
	const char		*metric;	/* "nagios_runner.check_x_status_code" */
	size_t			 field;		/* where the name within the plugin begins */
	size_t			 last, strip;	/* the last component; what generic matching took */
	const struct mvalue	*v;
	const struct json	*data;		/* the plugin's sample, or NULL */
	double			 level;		/* the threshold crossed, or NaN */
	double			 ts;
};

/* Other fields as they are: text bare, numbers shortest, the rest as JSON. */
static void
add_json_value(struct buf *out, const struct json *v)
{
	if (v->type == JSON_STRING)
		buf_add(out, v->u.str, v->len);
	else if (v->type == JSON_NUMBER)
		buf_printf(out, "%.15g", v->u.num);
	else
		json_write(out, v);
}

/* A field of the sample: "name", or a dotted path into it. */
static const struct json *
data_field(const struct json *data, const char *name, size_t len)
{
	const struct json *v = data;
	char key[256];
	size_t n;

	while (v != NULL && len > 0) {
		n = strcspn(name, ".");
		if (n > len)
			n = len;
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, name, n);
		key[n] = '\0';
		v = json_get(v, key);
		name += n;
		len -= n;
		if (len > 0) {
			name++;
			len--;
		}
	}
	return v;
}

/* {check_name}_output and {check_name}_status, as nagios_runner names them. */
static const struct json *
check_field(const struct judge *j, const char *suffix)
{
	char key[300];
	size_t n = j->strip > 0 ? j->strip - 1 : 0;

	if (n == 0 || n + strlen(suffix) >= sizeof(key))
		return NULL;
	memcpy(key, j->metric + j->last, n);
	strcpy(key + n, suffix);
	return data_field(j->data, key, strlen(key));
}

static int
field(void *ctx, const char *name, size_t len, struct buf *out)
{
	const struct judge *j = ctx;
	struct mvalue lv = { 1, j->level, NULL, 0 };
	const struct json *v = NULL;

#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	if (IS("value"))
		render_value(out, j->v, j->t->op);
	else if (IS("threshold_value") && !isnan(j->level))
		render_value(out, &lv, j->t->op);
	else if (IS("op_symbol"))
		buf_adds(out, op_name(j->t->op));
	else if (IS("check_name"))
		buf_add(out, j->metric + j->last, j->strip ? j->strip - 1 : 0);
	else if (IS("metric_name"))
		buf_adds(out, j->metric + j->field);
	else if (IS("output") && (v = check_field(j, "_output")) != NULL)
		add_json_value(out, v);
	else if (IS("status") && (v = check_field(j, "_status")) != NULL)
		add_json_value(out, v);
	else if ((v = data_field(j->data, name, len)) != NULL && j->data != NULL)
		add_json_value(out, v);
	else
		return 0;
#undef IS
	return 1;
}

static void
describe(struct judge *j, struct alert *a, struct ev *ev, const char *head)
{
	buf_printf(&ev->text, "%s: %s - %s = ", head, j->h->name, j->metric);
	render_value(&ev->text, j->v, j->t->op);
	jw_key(&ev->w, "value");
	if (j->v->isnum)
		jw_num(&ev->w, j->v->num);
	else
		jw_strn(&ev->w, j->v->str, j->v->len);
	jw_knum(&ev->w, "threshold", j->level);
	jw_kstr(&ev->w, "op", op_name(j->t->op));
	if (a->display != NULL)
		jw_kstr(&ev->w, "display", a->display);
}

static void
escalate(struct judge *j, struct alert *a, enum level to)
{
	struct ev ev;

	ev_begin(&ev, "metric", j->h, j->metric, level_name(to),
	    level_name(a->state), j->ts, 0, j->ts);
	describe(j, a, &ev, level_name(to));
	if (a->display != NULL)
		buf_printf(&ev.text, " %s", a->display);
	ev_emit(j->w->em, &ev);
	if (a->state == LV_OK)
		a->since = j->ts;
	a->notified = j->ts;
}

static void
recover(struct judge *j, struct alert *a)
{
	struct ev ev;

	ev_begin(&ev, "metric", j->h, j->metric, "OK", level_name(a->state),
	    j->ts, 0, j->ts);
	jw_knum(&ev.w, "since", a->since);
	describe(j, a, &ev, "RECOVERED");
	buf_printf(&ev.text, " (%s -> OK)", level_name(a->state));
	if (a->display != NULL)
		buf_printf(&ev.text, " %s", a->display);
	ev_emit(j->w->em, &ev);
}

static void
render_display(struct judge *j, struct alert *a)
{
	struct buf b = BUF_INIT;

	free(a->display);
	a->display = NULL;
	if (j->t->display == NULL)
		return;
	template_render(&b, j->t->display, field, j);
	a->display = b.p;
}

/* Decide one value; the alert exists only while the metric is not OK. */
static void
judge(struct judge *j)
{
	struct alert *a = alert_find(j->h, j->metric);
	enum level cur = a ? a->state : LV_OK;
	enum level to = threshold_eval(j->t, j->v, cur);

	if (a == NULL && to == LV_OK)
		return;
	if (a == NULL && (a = alert_add(j->h, j->metric)) == NULL)
		die("out of memory");
	mvalue_set(&a->value, j->v);
	a->updated = j->ts;
	a->op = j->t->op;
	j->level = threshold_level(j->t, to == LV_OK ? cur : to);
	render_display(j, a);
	if (to == cur)
		return;
	j->w->dirty = 1;
	if (to == LV_OK) {
		recover(j, a);
		alert_drop(j->h, a);
		return;
	}
	if (to > cur)
		escalate(j, a, to);
	a->state = to;		/* a de-escalation is recorded, not announced */
	a->threshold = j->level;
}

static void
leaf(struct judge *j, const struct json *v, const char *path, size_t len)
{
	struct mvalue mv = { 1, 0, NULL, 0 };

	if (v->type == JSON_NUMBER)
		mv.num = v->u.num;
	else if (v->type == JSON_TRUE || v->type == JSON_FALSE)
		mv.num = v->type == JSON_TRUE;
	else if (v->type == JSON_STRING) {
		mv.isnum = 0;
		mv.str = v->u.str;
		mv.len = v->len;
	} else
		return;
	if ((j->t = thset_find(j->h->th, path, len, &j->strip, &j->last)) == NULL)
		return;
	j->metric = path;
	j->v = &mv;
	judge(j);
}

static void
walk(struct judge *j, const struct json *v, struct buf *path)
{
	size_t keep = path->len, i;
	char idx[24];

	if (v->type != JSON_OBJECT && v->type != JSON_ARRAY) {
		leaf(j, v, path->p, path->len);
		return;
	}
	for (i = 0; i < v->len; i++) {
		if (v->type == JSON_ARRAY) {
			snprintf(idx, sizeof(idx), ".%zu", i);
			buf_adds(path, idx);
			walk(j, &v->u.items[i], path);
		} else if (strlen(v->u.members[i].key) == v->u.members[i].keylen) {
			buf_addc(path, '.');
			buf_adds(path, v->u.members[i].key);
			walk(j, &v->u.members[i].value, path);
		}
		path->len = keep;
		path->p[keep] = '\0';
	}
}

void
metrics_sample(struct world *w, struct host *h, const char *plugin,
    const struct json *data, double ts)
{
	struct judge j = { w, h, NULL, NULL, 0, 0, 0, NULL, data, NAN, ts };
	struct buf path = BUF_INIT;

	if (!thset_covers(h->th, plugin, strlen(plugin)) ||
	    data->type != JSON_OBJECT)
		return;
	buf_adds(&path, plugin);
	j.field = path.len + 1;
	walk(&j, data, &path);
	buf_free(&path);
}

void
metrics_rtt(struct world *w, struct host *h, double rtt, double ts)
{
	struct judge j = { w, h, NULL, NULL, 0, 0, 0, NULL, NULL, NAN, ts };
	struct mvalue mv = { 1, rtt, NULL, 0 };
	struct buf path = BUF_INIT;

	if (!thset_covers(h->th, "rtt", 3))
		return;
	buf_printf(&path, "rtt.%s", h->name);
	if ((j.t = thset_find(h->th, path.p, path.len, &j.strip, &j.last)) == NULL)
		j.t = thset_find(h->th, "rtt", 3, &j.strip, &j.last);
	if (j.t != NULL) {
		j.metric = path.p;
		j.field = 4;
		j.v = &mv;
		judge(&j);
	}
	buf_free(&path);
}

static void
remind(struct world *w, struct host *h, struct alert *a, double now)
{
	struct ev ev;
	char head[40];

	ev_begin(&ev, "metric", h, a->metric, level_name(a->state),
	    level_name(a->state), a->notified + w->c->renotify, 1, now);
	jw_kbool(&ev.w, "reminder", 1);
	jw_knum(&ev.w, "since", a->since);
	snprintf(head, sizeof(head), "REMINDER (%s)", level_name(a->state));
	buf_printf(&ev.text, "%s: %s - %s = ", head, h->name, a->metric);
	render_value(&ev.text, &a->value, a->op);
	buf_adds(&ev.text, " (ongoing for ");
	render_secs(&ev.text, now - a->since);
	buf_addc(&ev.text, ')');
	jw_key(&ev.w, "value");
	if (a->value.isnum)
		jw_num(&ev.w, a->value.num);
	else
		jw_strn(&ev.w, a->value.str, a->value.len);
	jw_knum(&ev.w, "threshold", a->threshold);
	jw_kstr(&ev.w, "op", op_name(a->op));
	ev_emit(w->em, &ev);
	a->notified = now;
	w->dirty = 1;
}

/* A host that is down is reminded of once, for itself, not per metric. */
void
metrics_tick(struct world *w, struct host *h, double now)
{
	struct alert *a;

	if (w->c->renotify <= 0 || h->state == HS_DOWN)
		return;
	for (a = h->alerts; a != NULL; a = a->next)
		if (now >= a->notified + w->c->renotify)
			remind(w, h, a, now);
}
