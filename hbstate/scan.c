/*
 * scan: the hosts as hbrecv's files tell them (STATEDIR/hosts/NAME.json),
 * judged at one moment: the once-a-run mode, and the questions.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hbstate.h"
#include "log.h"
#include "proto.h"

#define HOSTFILE_MAX	(16u << 20)

static unsigned scan_round;

static void
set_version(struct host *h, const char *v)
{
	if (v == NULL || (h->version != NULL && strcmp(h->version, v) == 0))
		return;
	free(h->version);
	if ((h->version = strdup(v)) == NULL)
		die("out of memory");
}

/* Only what is newer than what the host is known by counts as life. */
static void
life(struct world *w, struct host *h, const struct json *o, double now)
{
	double seen = json_get_num(o, "last_seen", 0), boot = json_get_num(o, "boot_time", 0);
	const char *cycle = json_get_str(o, "lifecycle"), *addr = json_get_str(o, "address");
	int shut = cycle != NULL && strcmp(cycle, "shutdown") == 0;
	double iv = h->interval > 0 ? h->interval : w->c->interval;

	if (seen <= 0 || (seen <= h->last_seen && h->state != HS_NEW))
		return;
	if (h->state == HS_NEW && !shut && iv > 0 &&
	    now > seen + iv + config_grace(w->c, h)) {
		/* met already silent: it goes DOWN, without an UP before */
		if (addr != NULL)
			snprintf(h->addr, sizeof(h->addr), "%s", addr);
		h->last_seen = seen;
		live_assume(w, h, seen);
		return;
	}
	if (shut)
		live_beat(w, h, BEAT_SHUT, seen, addr);
	else if (boot > h->last_seen && h->state != HS_NEW)
		live_beat(w, h, BEAT_BOOT, boot, addr);
	else
		live_beat(w, h, BEAT_HTB, seen, addr);
	h->last_seen = seen;
}

static void
samples(struct world *w, struct host *h, const struct json *o)
{
	const struct json *plugins = json_get(o, "plugins"), *data;
	const struct json_member *m;
	size_t i;

	if (plugins == NULL || plugins->type != JSON_OBJECT)
		return;
	for (i = 0; i < plugins->len; i++) {
		m = &plugins->u.members[i];
		if ((data = json_get(&m->value, "data")) != NULL)
			metrics_sample(w, h, m->key, data,
			    json_get_num(&m->value, "ts", h->last_seen));
	}
}

static void
services(struct host *h, const struct json *o)
{
	const struct json *svcs = json_get(o, "services");
	const struct json_member *m;
	size_t i;

	if (svcs == NULL || svcs->type != JSON_OBJECT)
		return;
	for (i = 0; i < svcs->len; i++) {
		m = &svcs->u.members[i];
		if (m->value.type == JSON_OBJECT && strlen(m->key) == m->keylen)
			service_pulse(h, m->key, json_get_num(&m->value, "ts", 0),
			    json_get_num(&m->value, "interval", 0),
			    json_get_str(&m->value, "status"), json_get_str(&m->value, "error"));
	}
}

static void
apply(struct world *w, struct host *h, const struct json *o, double now)
{
	double iv = json_get_num(o, "interval", 0), rtt = json_get_num(o, "rtt", -1);

	if (iv > 0)
		h->interval = iv;
	set_version(h, json_get_str(o, "version"));
	life(w, h, o, now);
	if (rtt >= 0) {
		h->rtt = rtt;
		metrics_rtt(w, h, rtt, h->last_seen);
	}
	samples(w, h, o);
	services(h, o);
}

static struct json_doc doc = JSON_DOC_INIT;
static struct buf text = BUF_INIT;

int
scan_one(struct world *w, const char *name, double now)
{
	char path[4096];
	struct host *h;

	snprintf(path, sizeof(path), "%s/hosts/%s.json", w->c->statedir, name);
	buf_reset(&text);
	if (file_read(path, &text, HOSTFILE_MAX) == -1) {
		if (errno != ENOENT)
			warnx("read %s:", path);
		return -1;
	}
	/* a file there, even unreadable, keeps its host */
	if ((h = world_host(w, name)) == NULL)
		die("out of memory");
	h->scanned = scan_round;
	h->filed = 1;
	if (json_parse(&doc, text.p ? text.p : "", text.len, NULL) == -1 ||
	    doc.root.type != JSON_OBJECT) {
		warnx("%s: byte %zu: %s", path, doc.err_off,
		    doc.err ? doc.err : "not an object");
		return -1;
	}
	apply(w, h, &doc.root, now);
	return 0;
}

/* Hosts whose files are gone were dropped: they go from the picture too. */
static void
forget_missing(struct world *w)
{
	struct hent *e = NULL;
	struct host *h;
	size_t i = 0;

	while ((e = hmap_next(&w->hosts, &i, e)) != NULL) {
		h = e->val;
		if (h->scanned != scan_round) {
			world_drop(w, h);
			e = NULL;	/* the chain changed: walk this bucket again */
		}
	}
}

int
scan_hosts(struct world *w, double now)
{
	char path[4096], name[PROTO_NAME_MAX + 1];
	struct dirent *d;
	size_t n;
	DIR *dir;

	scan_round++;
	snprintf(path, sizeof(path), "%s/hosts", w->c->statedir);
	if ((dir = opendir(path)) == NULL) {
		if (errno == ENOENT)
			return 0;
		warnx("open %s:", path);
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		n = strlen(d->d_name);
		if (n <= 5 || n - 5 > PROTO_NAME_MAX ||
		    strcmp(d->d_name + n - 5, ".json") != 0)
			continue;
		memcpy(name, d->d_name, n - 5);
		name[n - 5] = '\0';
		if (proto_name_ok(name, n - 5))
			scan_one(w, name, now);
	}
	closedir(dir);
	forget_missing(w);
	return 0;
}
