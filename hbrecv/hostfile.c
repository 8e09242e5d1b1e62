/*
 * hostfile: STATEDIR/hosts/NAME.json, the latest of one host (hb-state(5)),
 * written whole and atomically, and read back at start so that first_seen,
 * boot time and the latest samples survive a restart.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hbrecv.h"
#include "json.h"

#define HOSTFILE_MAX	(16u << 20)

static const char *const sections[] = {
	[ITEM_PLUGIN] = "plugins", [ITEM_SERVICE] = "services",
	[ITEM_JOB] = "jobs",
};

static void
items(struct jw *w, const struct host *h, enum item_kind kind)
{
	const struct item *it;

	jw_key(w, sections[kind]);
	jw_obj(w);
	for (it = h->items; it != NULL; it = it->next)
		if (it->kind == kind && it->json.len > 0) {
			jw_key(w, it->name);
			jw_raw(w, it->json.p, it->json.len);
		}
	jw_end(w, '}');
}

static void
opt_num(struct jw *w, const char *key, double v)
{
	if (v >= 0)
		jw_knum(w, key, v);
}

void
host_json(struct buf *b, const struct host *h)
{
	char addr[NET_ADDRSTRLEN] = "";
	const struct item *it;
	struct jw w;

	if (h->family != 0)
		inet_ntop(h->family, h->addr, addr, sizeof(addr));
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "name", h->name);
	jw_kstr(&w, "address", h->family ? addr : NULL);
	jw_knum(&w, "port", h->port);
	opt_num(&w, "first_seen", h->first_seen);
	opt_num(&w, "last_seen", h->last_seen);
	opt_num(&w, "interval", h->interval);
	opt_num(&w, "seq", (double)h->seq);
	opt_num(&w, "rtt", h->rtt);
	opt_num(&w, "boot_time", h->boot_time);
	jw_kstr(&w, "lifecycle", h->shutdown ? "shutdown" : "up");
	jw_kstr(&w, "version", h->version);
	for (it = h->items; it != NULL; it = it->next)
		if (it->kind == ITEM_MESSAGE) {
			jw_key(&w, "last_message");
			jw_raw(&w, it->json.p, it->json.len);
		}
	items(&w, h, ITEM_PLUGIN);
	items(&w, h, ITEM_SERVICE);
	items(&w, h, ITEM_JOB);
	jw_end(&w, '}');
	buf_addc(b, '\n');
}

const char *
hostfile_path(const struct config *c, const struct host *h)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/hosts/%s.json", c->statedir, h->name);
	return path;
}

int
hostfile_write(const struct config *c, const struct host *h)
{
	static struct buf b;
	const char *path = hostfile_path(c, h);

	buf_reset(&b);
	host_json(&b, h);
	/*
	 * The journal is the record; a host file is its digest, so it is
	 * synced only under fsync batch: a thousand syncs a second would
	 * hold up the file system for the journal's appends.
	 */
	return file_replace(path, b.p, b.len, 0644, c->journal.sync == JSYNC_BATCH ?
	    FILE_SYNC_DATA : FILE_NOSYNC);
}

static void
restore_items(struct host *h, const struct json *obj, enum item_kind kind,
    unsigned history)
{
	const struct json *sec = json_get(obj, sections[kind]);
	struct item *it;
	size_t i;

	if (sec == NULL || sec->type != JSON_OBJECT)
		return;
	for (i = 0; i < sec->len; i++) {
		const struct json_member *m = &sec->u.members[i];

		if (m->value.type != JSON_OBJECT ||
		    !proto_name_ok(m->key, m->keylen) ||
		    (it = item_get(h, kind, m->key)) == NULL)
			continue;
		json_write(&it->json, &m->value);
		it->started = json_get_num(&m->value, "started", -1);
		/* as if the history were due a cut: the first write makes it */
		it->nhistory = 2 * history;
	}
}

static void
restore_address(struct host *h, const struct json *obj)
{
	const struct json *a = json_get(obj, "address");

	if (a == NULL || a->type != JSON_STRING)
		return;
	if (inet_pton(AF_INET, a->u.str, h->addr) == 1)
		h->family = AF_INET;
	else if (inet_pton(AF_INET6, a->u.str, h->addr) == 1)
		h->family = AF_INET6;
	h->port = (uint16_t)json_get_num(obj, "port", 0);
}

static void
restore(struct host *h, const struct json *obj, unsigned history)
{
	const struct json *v;
	struct item *it;

	h->first_seen = json_get_num(obj, "first_seen", -1);
	h->last_seen = json_get_num(obj, "last_seen", -1);
	h->boot_time = json_get_num(obj, "boot_time", -1);
	h->interval = json_get_num(obj, "interval", -1);
	h->rtt = json_get_num(obj, "rtt", -1);
	h->seq = (long long)json_get_num(obj, "seq", -1);
	restore_address(h, obj);
	if ((v = json_get(obj, "lifecycle")) != NULL && v->type == JSON_STRING)
		h->shutdown = strcmp(v->u.str, "shutdown") == 0;
	if ((v = json_get(obj, "version")) != NULL && v->type == JSON_STRING)
		h->version = strdup(v->u.str);
	if ((v = json_get(obj, "last_message")) != NULL &&
	    v->type == JSON_OBJECT && (it = item_get(h, ITEM_MESSAGE, "last")))
		json_write(&it->json, v);
	restore_items(h, obj, ITEM_PLUGIN, history);
	restore_items(h, obj, ITEM_SERVICE, 0);
	restore_items(h, obj, ITEM_JOB, 0);
}

/* One hosts/NAME.json; a file that cannot be read is said and skipped. */
static void
load_one(struct hosts *t, const char *dir, const char *file, size_t stem,
    struct json_doc *doc, struct buf *b)
{
	char path[PATH_MAX], name[PROTO_NAME_MAX + 1];
	struct host *h;

	if (stem > PROTO_NAME_MAX || !proto_name_ok(file, stem))
		return;
	memcpy(name, file, stem);
	name[stem] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		return;
	buf_reset(b);
	if (file_read(path, b, HOSTFILE_MAX) == -1) {
		warnx("load %s:", path);
		return;
	}
	if (json_parse(doc, b->p ? b->p : "", b->len, NULL) == -1 ||
	    doc->root.type != JSON_OBJECT) {
		warnx("load %s: offset %zu: %s", path, doc->err_off,
		    doc->err ? doc->err : "not an object");
		return;
	}
	if ((h = hosts_get(t, name)) == NULL)
		die("load %s: out of memory", path);
	restore(h, &doc->root, t->history);
}

int
hostfile_load(struct hosts *t, const struct config *c)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char dir[PATH_MAX];
	struct dirent *e;
	size_t len;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/hosts", c->statedir);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0)
			load_one(t, dir, e->d_name, len - 5, &doc, &b);
	}
	closedir(d);
	json_doc_free(&doc);
	buf_free(&b);
	return 0;
}
