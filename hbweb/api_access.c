/*
 * api_access: who holds which role on a host. Anyone who may see a host
 * may read its roles; its owner (or an admin) may name its managers and
 * monitors, and give the host to another owner. What is set goes into
 * STATEDIR/access.json and replaces the host's roles of hb.conf.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbweb.h"
#include "json.h"
#include "log.h"

static void
names_out(struct jw *w, const char *key, const struct names *n)
{
	int i;

	jw_key(w, key);
	jw_arr(w);
	for (i = 0; n != NULL && i < n->n; i++)
		jw_str(w, n->v[i]);
	jw_end(w, ']');
}

static void
access_out(struct call *k, struct resp *r, const char *host)
{
	const struct hostconf *h = roles_of(k->c, host);
	struct jw w;

	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "host", host);
	jw_kstr(&w, "owner", owner_of(k->c, host));
	names_out(&w, "managers", h ? &h->managers : NULL);
	names_out(&w, "monitors", h ? &h->monitors : NULL);
	jw_kstr(&w, "from", hostconf_get(&k->c->kept->access.hosts, host) ?
	    "access.json" : h != NULL ? "hb.conf" : NULL);
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}

/* A name that may hold a role: a user, when there are users. */
static int
role_holder(const struct call *k, const char *name)
{
	return user_name_ok(name) && (!users_any(k->c) ||
	    user_get(k->c, name) != NULL);
}

/* The array key of the body into n (absent: keep what was). 0, or -1 with a 400 made. */
static int
names_in(struct call *k, struct resp *r, const struct json *body,
    const char *key, struct names *n)
{
	const struct json *a = json_get(body, key);
	char why[160];
	size_t i;

	if (a == NULL)
		return 0;
	names_free(n);
	if (a->type != JSON_ARRAY || a->len > ACCESS_NAMES_MAX) {
		snprintf(why, sizeof(why), "%s: an array of at most %d user "
		    "names expected", key, ACCESS_NAMES_MAX);
		resp_error(r, 400, why);
		return -1;
	}
	for (i = 0; i < a->len; i++) {
		const struct json *v = &a->u.items[i];

		if (v->type != JSON_STRING || strlen(v->u.str) != v->len ||
		    !role_holder(k, v->u.str)) {
			snprintf(why, sizeof(why), "%s: item %zu is no user",
			    key, i + 1);
			resp_error(r, 400, why);
			return -1;
		}
		if (names_add(n, v->u.str, v->len) == -1) {
			resp_error(r, 500, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int
names_copy(struct names *dst, const struct names *src)
{
	int i;

	for (i = 0; src != NULL && i < src->n; i++)
		if (names_add(dst, src->v[i], strlen(src->v[i])) == -1)
			return -1;
	return 0;
}

/* The host's roles as they stand, into a copy to change. */
static int
roles_copy(const struct call *k, const char *host, struct hostconf *to)
{
	const struct hostconf *h = roles_of(k->c, host);
	const char *owner = owner_of(k->c, host);

	memset(to, 0, sizeof(*to));
	return (owner != NULL && (to->owner = strdup(owner)) == NULL) ||
	    names_copy(&to->managers, h ? &h->managers : NULL) == -1 ||
	    names_copy(&to->monitors, h ? &h->monitors : NULL) == -1 ? -1 : 0;
}

static void
roles_free(struct hostconf *h)
{
	free(h->owner);
	names_free(&h->managers);
	names_free(&h->monitors);
}

/* Write the new roles and answer with them. */
static void
store(struct call *k, struct resp *r, const char *host,
    const struct hostconf *roles, const char *what)
{
	if (hostaccess_set(&k->c->kept->access, host, roles) == -1) {
		warnx("%s: %s", k->c->kept->access.path, strerror(errno));
		resp_error(r, 500, "cannot keep the roles");
		return;
	}
	info("%s: %s of %s changed by %s", k->peer, what, host,
	    k->user ? k->user : "-");
	access_out(k, r, host);
}

void
api_access(struct call *k, struct resp *r, const char *host)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *body, *o;
	struct hostconf roles;

	if (strcmp(k->method, "PUT") != 0) {
		if (host_allowed(k, r, host, ROLE_MONITOR) != ROLE_NONE)
			access_out(k, r, host);
		return;
	}
	if (host_allowed(k, r, host, ROLE_OWNER) == ROLE_NONE ||
	    (body = call_json(k, r, &doc, "{\"managers\": [...], "
	    "\"monitors\": [...]} expected")) == NULL)
		goto out;
	if (roles_copy(k, host, &roles) == -1)
		resp_error(r, 500, "out of memory");
	else if ((o = json_get(body, "owner")) != NULL &&
	    (o->type != JSON_STRING || roles.owner == NULL ||
	    strcmp(o->u.str, roles.owner) != 0))
		resp_error(r, 400, "owner: give a host away with POST "
		    "/api/0/hosts/NAME/owner");
	else if (names_in(k, r, body, "managers", &roles.managers) == 0 &&
	    names_in(k, r, body, "monitors", &roles.monitors) == 0)
		store(k, r, host, &roles, "access");
	roles_free(&roles);
out:
	json_doc_free(&doc);
}

void
api_owner(struct call *k, struct resp *r, const char *host)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *body, *o;
	const char *to;
	struct hostconf roles;

	if (host_allowed(k, r, host, ROLE_OWNER) == ROLE_NONE ||
	    (body = call_json(k, r, &doc, "{\"owner\": USER} expected")) == NULL)
		goto out;
	o = json_get(body, "owner");
	if (o == NULL || o->type != JSON_STRING ||
	    strlen(to = o->u.str) != o->len || !role_holder(k, to))
		resp_error(r, 400, "owner: no such user");
	else if (roles_copy(k, host, &roles) == -1) {
		roles_free(&roles);
		resp_error(r, 500, "out of memory");
	} else {
		free(roles.owner);
		if ((roles.owner = strdup(to)) == NULL)
			resp_error(r, 500, "out of memory");
		else
			store(k, r, host, &roles, "owner");
		roles_free(&roles);
	}
out:
	json_doc_free(&doc);
}
