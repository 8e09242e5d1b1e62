/*
 * checkpoint: STATEDIR/alerts.json, every verdict and where they stand in
 * the journal and in the events log, replaced whole. The position lives
 * in the same file as the verdicts because they must change together: a
 * restart resumes from a position that matches what it knows.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hbstate.h"
#include "log.h"
#include "num.h"
#include "proto.h"

#define ALERTS_MAX	JSON_MAX_LEN	/* 200 bytes a host: millions of hosts */

static char *
alerts_path(const struct world *w)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/alerts.json", w->c->statedir);
	return path;
}

/* Inodes may need all 64 bits: written as decimal strings. */
static void
position(const struct json *o, const char *key, uint64_t *ino, uint64_t *off)
{
	const struct json *p = json_get(o, key);
	const char *s;
	char *end;

	*ino = *off = 0;
	if (p == NULL || (s = json_get_str(p, "ino")) == NULL)
		return;
	errno = 0;
	*ino = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		*ino = 0;
	*off = (uint64_t)json_get_num(p, "off", 0);
}

static void
load_host(struct world *w, const char *name, const struct json *o)
{
	const char *s;
	struct host *h;

	if (!proto_name_ok(name, strlen(name)) || o->type != JSON_OBJECT)
		return;
	if ((h = world_host(w, name)) == NULL)
		die("out of memory");
	if ((s = json_get_str(o, "state")) == NULL || hstate_parse(s, &h->state) == -1)
		h->state = HS_NEW;
	h->since = json_get_num(o, "since", 0);
	h->notified = json_get_num(o, "notified", h->since);
	h->last_seen = json_get_num(o, "last_seen", 0);
	h->interval = json_get_num(o, "interval", 0);
	h->rtt = json_get_num(o, "rtt", -1);
	if ((s = json_get_str(o, "address")) != NULL)
		snprintf(h->addr, sizeof(h->addr), "%s", s);
	if ((s = json_get_str(o, "version")) != NULL && (h->version = strdup(s)) == NULL)
		die("out of memory");
}

static void
load_alert(struct world *w, const struct json *o)
{
	const char *name = json_get_str(o, "host"), *metric = json_get_str(o, "metric");
	const char *state = json_get_str(o, "state"), *s;
	const struct json *v = json_get(o, "value");
	struct mvalue mv = { 1, 0, NULL, 0 };
	struct host *h;
	struct alert *a;
	enum level lv;

	if (name == NULL || metric == NULL || state == NULL || v == NULL ||
	    level_parse(state, &lv) == -1 || lv == LV_OK ||
	    (h = world_find(w, name)) == NULL || alert_find(h, metric) != NULL)
		return;
	if ((a = alert_add(h, metric)) == NULL)
		die("out of memory");
	a->state = lv;
	a->since = json_get_num(o, "since", 0);
	a->notified = json_get_num(o, "notified", a->since);
	a->updated = json_get_num(o, "updated", a->since);
	a->threshold = json_get_num(o, "threshold", NAN);
	a->op = OP_GT;
	if ((s = json_get_str(o, "op")) != NULL)
		for (; a->op < OP_NAGIOS && strcmp(op_name(a->op), s) != 0; a->op++)
			;
	if (v->type == JSON_STRING) {
		mv.isnum = 0;
		mv.str = v->u.str;
		mv.len = v->len;
	} else
		mv.num = v->type == JSON_NUMBER ? v->u.num : 0;
	mvalue_set(&a->value, &mv);
	if ((s = json_get_str(o, "display")) != NULL && (a->display = strdup(s)) == NULL)
		die("out of memory");
}

int
checkpoint_load(struct world *w, struct ckpt *k)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	const struct json *hosts, *alerts;
	const char *path = alerts_path(w);
	size_t i;

	memset(k, 0, sizeof(*k));
	if (file_read(path, &b, ALERTS_MAX) == -1) {
		buf_free(&b);
		if (errno == ENOENT)
			return 0;
		warnx("read %s:", path);
		return -1;
	}
	if (json_parse(&doc, b.p ? b.p : "", b.len, NULL) == -1) {
		warnx("%s: byte %zu: %s", path, doc.err_off, doc.err);
		buf_free(&b);
		json_doc_free(&doc);
		return -1;
	}
	k->have = 1;
	k->updated = json_get_num(&doc.root, "updated", 0);
	position(&doc.root, "cursor", &k->cur_ino, &k->cur_off);
	position(&doc.root, "events", &k->ev_ino, &k->ev_off);
	if ((hosts = json_get(&doc.root, "hosts")) != NULL &&
	    hosts->type == JSON_OBJECT)
		for (i = 0; i < hosts->len; i++)
			load_host(w, hosts->u.members[i].key,
			    &hosts->u.members[i].value);
	if ((alerts = json_get(&doc.root, "alerts")) != NULL &&
	    alerts->type == JSON_ARRAY)
		for (i = 0; i < alerts->len; i++)
			load_alert(w, &alerts->u.items[i]);
	json_doc_free(&doc);
	buf_free(&b);
	return 0;
}

static void
put_position(struct jw *j, const char *key, uint64_t ino, uint64_t off)
{
	char s[24];

	if (ino == 0)
		return;
	snprintf(s, sizeof(s), "%" PRIu64, ino);
	jw_key(j, key);
	jw_obj(j);
	jw_kstr(j, "ino", s);
	jw_knum(j, "off", (double)off);
	jw_end(j, '}');
}

static void
put_host(struct jw *j, const struct host *h)
{
	jw_key(j, h->name);
	jw_obj(j);
	jw_kstr(j, "state", hstate_name(h->state));
	jw_knum(j, "since", h->since);
	jw_knum(j, "notified", h->notified);
	jw_knum(j, "last_seen", h->last_seen);
	if (h->interval > 0)
		jw_knum(j, "interval", h->interval);
	if (h->rtt >= 0)
		jw_knum(j, "rtt", h->rtt);
	if (h->addr[0] != '\0')
		jw_kstr(j, "address", h->addr);
	if (h->version != NULL)
		jw_kstr(j, "version", h->version);
	jw_end(j, '}');
}

void
alert_json(struct jw *j, const struct host *h, const struct alert *a)
{
	jw_obj(j);
	jw_kstr(j, "host", h->name);
	jw_kstr(j, "metric", a->metric);
	jw_kstr(j, "state", level_name(a->state));
	jw_knum(j, "since", a->since);
	jw_knum(j, "notified", a->notified);
	jw_knum(j, "updated", a->updated);
	jw_key(j, "value");
	if (a->value.isnum)
		jw_num(j, a->value.num);
	else
		jw_strn(j, a->value.str, a->value.len);
	jw_knum(j, "threshold", a->threshold);
	jw_kstr(j, "op", op_name(a->op));
	if (a->display != NULL)
		jw_kstr(j, "display", a->display);
	jw_end(j, '}');
}

int
checkpoint_save(struct world *w, const struct ckpt *k, double now)
{
	struct buf b = BUF_INIT;
	struct host **v;
	struct alert *a;
	struct jw j;
	size_t n, i;
	int r;

	v = world_sorted(w, &n);
	jw_init(&j, &b);
	jw_obj(&j);
	jw_knum(&j, "version", 1);
	jw_knum(&j, "updated", now);
	put_position(&j, "cursor", k->cur_ino, k->cur_off);
	put_position(&j, "events", k->ev_ino, k->ev_off);
	jw_key(&j, "hosts");
	jw_obj(&j);
	for (i = 0; i < n; i++)
		put_host(&j, v[i]);
	jw_end(&j, '}');
	jw_key(&j, "alerts");
	jw_arr(&j);
	for (i = 0; i < n; i++)
		for (a = v[i]->alerts; a != NULL; a = a->next)
			alert_json(&j, v[i], a);
	jw_end(&j, ']');
	jw_end(&j, '}');
	buf_addc(&b, '\n');
	free(v);
	if (j.err || b.p == NULL)
		die("out of memory");
	r = file_replace(alerts_path(w), b.p, b.len, 0644, FILE_SYNC_DATA);
	if (r == -1)
		warnx("write %s:", alerts_path(w));
	else
		w->dirty = 0;
	buf_free(&b);
	return r;
}
