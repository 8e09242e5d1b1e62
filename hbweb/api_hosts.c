/*
 * api_hosts: the hosts and their alerts, as hbstate judged them
 * (alerts.json), for the user asking: lists hold the hosts the user owns
 * or manages (admins: all), and a host the user may not see is not found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hbweb.h"
#include "httpreq.h"
#include "proto.h"

/* bytes a host's answer has more than its text in alerts.json: name, alert counts, role */
#define HOST_MORE	96

/*
 * The alerts of host (NULL: of every host the user may list) that pass
 * the severity filter (NULL: all), as items of the array w is in.
 */
static void
alerts_items(struct jw *w, const struct call *k, const char *host,
    const char *severity)
{
	const struct picture *p = k->pic;
	const struct json *a;
	const char *h, *state;
	size_t i;

	for (i = 0; p->alerts != NULL && i < p->alerts->len; i++) {
		a = &p->alerts->u.items[i];
		h = json_get_str(a, "host");
		state = json_get_str(a, "state");
		if (h == NULL || state == NULL ||
		    (host != NULL && strcmp(h, host) != 0) ||
		    (host == NULL && role_of(k->c, k->user, h) < ROLE_MANAGER) ||
		    (severity != NULL && strcasecmp(state, severity) != 0))
			continue;
		jw_tree(w, a);
	}
}

/* The counts of most hosts, written once. */
static const char no_alerts[] = "{\"critical\":0,\"warning\":0,\"unknown\":0}";

/* One host: hbstate's verdict of it, and its alert counts. */
static void
host_obj(struct jw *w, const struct call *k, const char *name,
    const struct json *v, enum role role)
{
	const int *counts = picture_counts(k->pic, name);

	jw_obj(w);
	jw_kstr(w, "name", name);
	if (v != NULL)
		jw_members_src(w, v, k->pic->text.p);
	jw_key(w, "alerts");
	if (counts[0] == 0 && counts[1] == 0 && counts[2] == 0) {
		jw_raw(w, no_alerts, sizeof(no_alerts) - 1);
	} else {
		jw_obj(w);
		jw_knum(w, "critical", counts[0]);
		jw_knum(w, "warning", counts[1]);
		jw_knum(w, "unknown", counts[2]);
		jw_end(w, '}');
	}
	jw_kstr(w, "role", role_name(role));
	jw_end(w, '}');
}

static int
by_name(const void *a, const void *b)
{
	const struct json_member *x = *(const struct json_member *const *)a;
	const struct json_member *y = *(const struct json_member *const *)b;

	return strcmp(x->key, y->key);
}

/* hbstate writes the hosts sorted: then there is nothing to sort. */
static int
in_order(const struct json_member **v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1]->key, v[i]->key) > 0)
			return 0;
	return 1;
}

/* The same picture, the same user, the same roles: the same answer as last time. */
static int
cached(struct call *k, struct resp *r)
{
	const struct picture *p = k->pic;

	if (strcmp(p->hosts_for, k->user ? k->user : "-") != 0 ||
	    p->hosts_roles != kept_generation(k->c->kept))
		return 0;
	r->shared = p->hosts_answer.p;
	r->shared_len = p->hosts_answer.len;
	return 1;
}

/* The answer moves into the picture, not copied: it is sent from there. */
static void
keep(struct call *k, struct resp *r)
{
	struct picture *p = k->pic;

	buf_free(&p->hosts_answer);
	p->hosts_answer = r->body;
	memset(&r->body, 0, sizeof(r->body));
	snprintf(p->hosts_for, sizeof(p->hosts_for), "%s",
	    k->user ? k->user : "-");
	p->hosts_roles = kept_generation(k->c->kept);
}

void
api_hosts(struct call *k, struct resp *r)
{
	const struct json_member **v;
	const struct json *hosts = k->pic->hosts;
	enum role role;
	struct jw w;
	size_t i, room, n = hosts != NULL ? hosts->len : 0;

	if (cached(k, r))
		return;
	if ((v = calloc(n ? n : 1, sizeof(*v))) == NULL) {
		resp_error(r, 500, "out of memory");
		return;
	}
	for (i = 0; i < n; i++)
		v[i] = &hosts->u.members[i];
	if (!in_order(v, n))
		qsort(v, n, sizeof(*v), by_name);
	/* room for them all at once: growing by doubling would copy the answer again and again */
	if (hosts != NULL && size_mul(n, HOST_MORE, &room) == 0 &&
	    size_add(room, hosts->rawlen, &room) == 0)
		buf_reserve(&r->body, room);
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "hosts");
	jw_arr(&w);
	for (i = 0; i < n; i++) {
		role = role_of(k->c, k->user, v[i]->key);
		if (role >= ROLE_MANAGER)
			host_obj(&w, k, v[i]->key, &v[i]->value, role);
	}
	jw_end(&w, ']');
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
	free(v);
	if (!w.err) {
		keep(k, r);
		cached(k, r);
	}
}

/* The host's verdict, when the user may see it; else a 404 is made. */
static const struct json *
visible(struct call *k, struct resp *r, const char *name, enum role *role)
{
	const struct json *v;

	*role = proto_name_ok(name, strlen(name)) ?
	    role_of(k->c, k->user, name) : ROLE_NONE;
	v = *role != ROLE_NONE && k->pic->hosts != NULL ?
	    json_get(k->pic->hosts, name) : NULL;
	if (v == NULL)
		resp_error(r, 404, "no such host");
	return v;
}

void
api_host(struct call *k, struct resp *r, const char *name)
{
	const struct json *v;
	enum role role;
	struct jw w;

	if ((v = visible(k, r, name, &role)) == NULL)
		return;
	jw_init(&w, &r->body);
	host_obj(&w, k, name, v, role);
	buf_addc(&r->body, '\n');
}

void
api_alerts(struct call *k, struct resp *r, const char *host)
{
	char severity[16];
	enum role role;
	struct jw w;
	int got;

	got = k->query ? http_query_get(k->query, "severity", severity,
	    sizeof(severity)) : 0;
	if (got == -1) {
		resp_error(r, 400, "severity: a bad query");
		return;
	}
	if (host != NULL && visible(k, r, host, &role) == NULL)
		return;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "alerts");
	jw_arr(&w);
	alerts_items(&w, k, host, got ? severity : NULL);
	jw_end(&w, ']');
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}

void
api_me(struct call *k, struct resp *r)
{
	const struct userconf *u = k->user ? user_get(k->c, k->user) : NULL;
	struct jw w;

	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kbool(&w, "auth", users_any(k->c));
	jw_kstr(&w, "user", k->user);
	if (u != NULL) {
		jw_kstr(&w, "name", u->full_name);
		jw_kbool(&w, "admin", u->admin);
	}
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}
