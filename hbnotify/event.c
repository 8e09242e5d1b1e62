/* event: one line of hb-events(5), checked, and how grave it is. */
#include <string.h>

#include "hbnotify.h"
#include "proto.h"

#define ID_MAX		64
#define TEXT_MAX	4096

static const struct json_limits limits = { EVENT_MAX, 16 };

static const char *
str(const struct json *root, const char *key, size_t max)
{
	const struct json *v = json_get(root, key);

	if (v == NULL || v->type != JSON_STRING || v->len == 0 ||
	    v->len > max || memchr(v->u.str, '\0', v->len) != NULL)
		return NULL;
	return v->u.str;
}

static int
id_ok(const char *s)
{
	size_t n = strlen(s);

	return n <= ID_MAX && strspn(s, "0123456789abcdefABCDEF"
	    "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ._-") == n;
}

/* The severity of a state, or 0 for a state that is no problem. */
static unsigned
state_sev(const char *kind, const char *state)
{
	static const struct { const char *state; unsigned sev; } tab[] = {
		{ "DOWN", SEV_CRITICAL }, { "CRITICAL", SEV_CRITICAL },
		{ "critical", SEV_CRITICAL }, { "FAILED", SEV_CRITICAL },
		{ "failed", SEV_CRITICAL }, { "WARNING", SEV_WARNING },
		{ "warning", SEV_WARNING }, { "degraded", SEV_WARNING },
		{ "UNKNOWN", SEV_UNKNOWN }, { "SHUTDOWN", SEV_INFO },
		{ "MESSAGE", SEV_INFO },
	};
	size_t i;

	if (strcmp(kind, "address") == 0)
		return SEV_ADDRESS;
	if (state == NULL)
		return 0;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].state, state) == 0)
			return tab[i].sev;
	return 0;
}

/*
 * A state that is no problem is a recovery when it follows one, and
 * weighs what it recovers from: whoever was paged for a CRITICAL hears
 * that it is over. Otherwise (a new host, a boot) it is news.
 */
static void
grade(struct event *ev)
{
	unsigned was;

	ev->sev = state_sev(ev->kind, ev->state);
	if (ev->sev != 0)
		return;
	was = state_sev(ev->kind, ev->prev);
	if (was != 0 && was != SEV_INFO) {
		ev->sev = was;
		ev->recovery = 1;
	} else
		ev->sev = SEV_INFO;
}

int
event_parse(struct event *ev, const char *line, size_t len, const char **why)
{
	const struct json *v;

	ev->line = line;
	ev->len = len;
	if (json_parse(&ev->doc, line, len, &limits) == -1) {
		*why = ev->doc.err;
		return -1;
	}
	ev->root = &ev->doc.root;
	if (ev->root->type != JSON_OBJECT) {
		*why = "not a JSON object";
		return -1;
	}
	ev->id = str(ev->root, "id", ID_MAX);
	ev->host = str(ev->root, "host", PROTO_NAME_MAX);
	ev->kind = str(ev->root, "kind", 32);
	ev->state = str(ev->root, "state", 32);
	ev->prev = str(ev->root, "prev", 32);
	ev->text = str(ev->root, "text", TEXT_MAX);
	ev->ts = json_get_num(ev->root, "ts", -1);
	if (ev->id == NULL || !id_ok(ev->id)) {
		*why = "no id, or not one of up to 64 letters, digits and ._-";
		return -1;
	}
	if (ev->host == NULL || !proto_name_ok(ev->host, strlen(ev->host))) {
		*why = "no host, or not a host name";
		return -1;
	}
	if (ev->kind == NULL || ev->state == NULL || ev->text == NULL) {
		*why = "kind, state or text missing (or too long)";
		return -1;
	}
	if (ev->ts < 0) {
		*why = "no ts";
		return -1;
	}
	v = json_get(ev->root, "notify");
	ev->notify = !(v != NULL && v->type == JSON_FALSE);
	v = json_get(ev->root, "reminder");
	ev->reminder = v != NULL && v->type == JSON_TRUE;
	ev->recovery = 0;
	grade(ev);
	return 0;
}

void
event_free(struct event *ev)
{
	json_doc_free(&ev->doc);
}

const char *
sev_name(unsigned sev)
{
	switch (sev) {
	case SEV_CRITICAL:	return "critical";
	case SEV_WARNING:	return "warning";
	case SEV_UNKNOWN:	return "unknown";
	case SEV_ADDRESS:	return "address";
	default:		return "info";
	}
}
