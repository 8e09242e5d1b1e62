/*
 * hosts: every host hbrecv has heard of, in a hash table, each with the
 * latest of what it said. Kept small: a host costs its struct and its name.
 */
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "hbrecv.h"
#include "hmap.h"
#include "json.h"

static uint32_t
hash(const char *s)
{
	return hash_bytes(s, strlen(s));
}

void
hosts_init(struct hosts *t)
{
	memset(t, 0, sizeof(*t));
	t->nbucket = 1024;
	if ((t->bucket = calloc(t->nbucket, sizeof(*t->bucket))) == NULL)
		die("hosts: out of memory");
	t->dirty_tail = &t->dirty;
}

/* Double the table when it is full, so chains stay short. */
static void
grow(struct hosts *t)
{
	size_t n = t->nbucket * 2, i;
	struct host **b, *h, *next;

	if ((b = calloc(n, sizeof(*b))) == NULL)
		return;		/* longer chains, still correct */
	for (i = 0; i < t->nbucket; i++)
		for (h = t->bucket[i]; h != NULL; h = next) {
			next = h->next;
			h->next = b[hash(h->name) & (n - 1)];
			b[hash(h->name) & (n - 1)] = h;
		}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = n;
}

/* The link that points to the host of that name, or the end of its chain. */
static struct host **
link_of(const struct hosts *t, const char *name)
{
	struct host **l = &t->bucket[hash(name) & (t->nbucket - 1)];

	while (*l != NULL && strcmp((*l)->name, name) != 0)
		l = &(*l)->next;
	return l;
}

struct host *
hosts_find(const struct hosts *t, const char *name)
{
	return *link_of(t, name);
}

struct host *
hosts_get(struct hosts *t, const char *name)
{
	struct host **slot, *h;
	size_t len;

	if ((h = hosts_find(t, name)) != NULL)
		return h;
	slot = &t->bucket[hash(name) & (t->nbucket - 1)];
	len = strlen(name);
	if ((h = calloc(1, sizeof(*h) + len + 1)) == NULL)
		return NULL;
	memcpy(h->name, name, len + 1);
	h->seq = -1;
	h->interval = h->rtt = h->boot_time = h->first_seen = -1;
	h->next = *slot;
	*slot = h;
	if (++t->count > t->nbucket)
		grow(t);
	return h;
}

void
hosts_mark(struct hosts *t, struct host *h)
{
	if (h->dirty)
		return;
	h->dirty = 1;
	h->dirty_next = NULL;
	*t->dirty_tail = h;
	t->dirty_tail = &h->dirty_next;
}

struct item *
item_get(struct host *h, enum item_kind kind, const char *name)
{
	struct item *it;
	size_t len;

	for (it = h->items; it != NULL; it = it->next)
		if (it->kind == kind && strcmp(it->name, name) == 0)
			return it;
	len = strlen(name);
	if ((it = calloc(1, sizeof(*it) + len + 1)) == NULL)
		return NULL;
	memcpy(it->name, name, len + 1);
	it->kind = kind;
	it->started = -1;
	it->next = h->items;
	h->items = it;
	return it;
}

static void
set_address(struct host *h, const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		memcpy(h->addr, &sin->sin_addr, 4);
		h->port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		memcpy(h->addr, &sin6->sin6_addr, 16);
		h->port = ntohs(sin6->sin6_port);
	}
	h->family = (unsigned char)sa->sa_family;
}

static void
set_version(struct host *h, const char *v)
{
	char *s;

	if (v == NULL || (h->version != NULL && strcmp(h->version, v) == 0))
		return;
	if ((s = strdup(v)) == NULL)
		return;
	free(h->version);
	h->version = s;
}

/* The value of a plugin, a service, a job or the last message, as JSON. */
static void
item_json(struct item *it, const struct hb_msg *m, double now)
{
	struct jw w;

	buf_reset(&it->json);
	jw_init(&w, &it->json);
	jw_obj(&w);
	jw_knum(&w, "ts", now);
	switch (it->kind) {
	case ITEM_PLUGIN:
		jw_key(&w, "data");
		if (m->oneline)		/* as it came: the cheapest copy */
			jw_raw(&w, m->body + m->data->off, m->data->rawlen);
		else
			jw_tree(&w, m->data);
		break;
	case ITEM_SERVICE:
		jw_kstr(&w, "status", m->status);
		if (m->interval > 0)
			jw_knum(&w, "interval", m->interval);
		if (m->error != NULL)
			jw_kstr(&w, "error", m->error);
		break;
	case ITEM_JOB:
		jw_kstr(&w, "phase", m->phase);
		if (it->started >= 0)
			jw_knum(&w, "started", it->started);
		if (m->code != PROTO_NO_CODE)
			jw_knum(&w, "code", (double)m->code);
		if (m->duration >= 0)
			jw_knum(&w, "duration", m->duration);
		if (m->output != NULL)
			jw_kstr(&w, "output", m->output);
		break;
	case ITEM_MESSAGE:
		jw_kstr(&w, "text", m->text);
		break;
	}
	jw_end(&w, '}');
}

static void
update_item(struct host *h, const struct hb_msg *m, double now)
{
	static const enum item_kind kinds[MSG_NTYPES] = {
		[MSG_PLG] = ITEM_PLUGIN, [MSG_SVC] = ITEM_SERVICE,
		[MSG_RUN] = ITEM_JOB, [MSG_MSG] = ITEM_MESSAGE,
	};
	const char *name = m->type == MSG_PLG ? m->plugin :
	    m->type == MSG_SVC ? m->service : m->type == MSG_RUN ? m->job : "last";
	struct item *it;

	if ((it = item_get(h, kinds[m->type], name)) == NULL)
		return;
	if (m->type == MSG_RUN && strcmp(m->phase, "start") == 0)
		it->started = now;
	item_json(it, m, now);
	/* the history takes the newest sample of each round of the writer */
	it->fresh = m->type == MSG_PLG;
}

void
hosts_update(struct hosts *t, struct host *h, const struct hb_msg *m,
    const struct sockaddr *from, double now)
{
	if (h->first_seen < 0)
		h->first_seen = now;
	h->last_seen = now;
	set_address(h, from);
	if (m->seq >= 0)
		h->seq = m->seq;
	switch (m->type) {
	case MSG_HTB:
		h->shutdown = 0;
		if (m->interval > 0)
			h->interval = m->interval;
		if (m->rtt >= 0)
			h->rtt = m->rtt;
		set_version(h, m->version);
		break;
	case MSG_BOOT:
		h->shutdown = 0;
		h->boot_time = now;
		break;
	case MSG_SHUT:
		h->shutdown = 1;
		break;
	case MSG_PLG:
	case MSG_SVC:
	case MSG_RUN:
	case MSG_MSG:
		update_item(h, m, now);
		break;
	default:
		break;
	}
	hosts_mark(t, h);
}

static void
item_free(struct item *it)
{
	buf_free(&it->json);
	free(it);
}

static void
host_free(struct host *h)
{
	struct item *it, *next;

	for (it = h->items; it != NULL; it = next) {
		next = it->next;
		item_free(it);
	}
	free(h->version);
	free(h);
}

/* Take h off the list of hosts the writer is to write. */
static void
unmark(struct hosts *t, struct host *h)
{
	struct host **l;

	if (!h->dirty)
		return;
	for (l = &t->dirty; *l != h; l = &(*l)->dirty_next)
		;
	*l = h->dirty_next;
	if (t->dirty_tail == &h->dirty_next)
		t->dirty_tail = l;
}

int
hosts_forget(struct hosts *t, const char *name)
{
	struct host **l = link_of(t, name), *h = *l;

	if (h == NULL)
		return 0;
	*l = h->next;
	unmark(t, h);
	t->count--;
	host_free(h);
	return 1;
}

void
hosts_free(struct hosts *t)
{
	struct host *h, *next;
	size_t i;

	for (i = 0; i < t->nbucket; i++)
		for (h = t->bucket[i]; h != NULL; h = next) {
			next = h->next;
			host_free(h);
		}
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}
