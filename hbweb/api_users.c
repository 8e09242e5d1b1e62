/*
 * api_users: the users, for admins. Users of hb.conf are shown and can
 * only be changed there; users made here live in STATEDIR/users.json.
 * Anyone may read and change their own entry, but not make themselves
 * an admin. While there are no users at all everything is open, as
 * hbweb is then; the first user made must be an admin, or nobody could
 * manage the others afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbweb.h"
#include "json.h"
#include "log.h"

#define PASSWORD_MIN	8	/* bytes of a password set here */
#define TEXT_MAX	1024

/* The hosts the user holds a role on, host -> role. */
static void
user_hosts(struct jw *w, const struct call *k, const char *user)
{
	const struct json *hs = k->pic->hosts;
	enum role role;
	size_t i;

	jw_key(w, "hosts");
	jw_obj(w);
	for (i = 0; hs != NULL && hs->type == JSON_OBJECT && i < hs->len; i++)
		if ((role = role_of(k->c, user, hs->u.members[i].key)) !=
		    ROLE_NONE) {
			jw_key(w, hs->u.members[i].key);
			jw_str(w, role_name(role));
		}
	jw_end(w, '}');
}

static int
from_conf(const struct call *k, const struct userconf *u)
{
	return userconf_get(&k->c->users, u->name) == u;
}

void
user_write(struct jw *w, const struct call *k, const struct userconf *u)
{
	jw_obj(w);
	jw_kstr(w, "username", u->name);
	jw_kbool(w, "admin", u->admin);
	jw_kstr(w, "name", u->full_name);
	jw_kstr(w, "avatar", u->avatar);
	jw_kstr(w, "from", from_conf(k, u) ? "hb.conf" : "users.json");
	user_hosts(w, k, u->name);
	jw_end(w, '}');
}

static void
one_out(struct resp *r, const struct call *k, const struct userconf *u)
{
	struct jw w;

	jw_init(&w, &r->body);
	user_write(&w, k, u);
	buf_addc(&r->body, '\n');
}

static int
by_name(const void *a, const void *b)
{
	const struct userconf *x = *(const struct userconf *const *)a;
	const struct userconf *y = *(const struct userconf *const *)b;

	return strcmp(x->name, y->name);
}

/* The users of one table, sorted by name. */
static void
table_out(struct jw *w, const struct call *k, const struct users *us)
{
	const struct userconf **v;
	struct hent *e = NULL;
	size_t i = 0, n = 0;

	if ((v = calloc((size_t)us->n + 1, sizeof(*v))) == NULL) {
		w->err = 1;
		return;
	}
	while ((e = hmap_next(&us->map, &i, e)) != NULL && n < (size_t)us->n)
		if (us != &k->c->kept->users || !userconf_get(&k->c->users,
		    e->key))
			v[n++] = e->val;
	qsort(v, n, sizeof(*v), by_name);
	for (i = 0; i < n; i++)
		user_write(w, k, v[i]);
	free(v);
}

void
users_write(struct jw *w, const struct call *k)
{
	jw_obj(w);
	jw_key(w, "users");
	jw_arr(w);
	table_out(w, k, &k->c->users);
	table_out(w, k, &k->c->kept->users);
	jw_end(w, ']');
	jw_end(w, '}');
}

static void
list_out(struct resp *r, const struct call *k)
{
	struct jw w;

	jw_init(&w, &r->body);
	users_write(&w, k);
	if (w.err)
		resp_error(r, 500, "out of memory");
	else
		buf_addc(&r->body, '\n');
}

/* A text member (absent: keep; null: clear) into *dst. 0, or -1 with a 400. */
static int
text_in(struct resp *r, const struct json *body, const char *key, char **dst)
{
	const struct json *v = json_get(body, key);
	char why[96];

	if (v == NULL)
		return 0;
	if (v->type == JSON_NULL) {
		free(*dst);
		*dst = NULL;
		return 0;
	}
	if (v->type != JSON_STRING || v->len > TEXT_MAX ||
	    strlen(v->u.str) != v->len) {
		snprintf(why, sizeof(why), "%s: a text of at most %d bytes "
		    "expected", key, TEXT_MAX);
		resp_error(r, 400, why);
		return -1;
	}
	free(*dst);
	if ((*dst = strdup(v->u.str)) == NULL) {
		resp_error(r, 500, "out of memory");
		return -1;
	}
	return 0;
}

/* The password member, hashed into u->password. */
static int
password_in(const struct call *k, struct resp *r, const struct json *body,
    struct userconf *u)
{
	const struct json *v = json_get(body, "password");
	char line[256];

	if (v == NULL)
		return u->password != NULL ? 0 :
		    (resp_error(r, 400, "password: needed"), -1);
	if (v->type != JSON_STRING || v->len < PASSWORD_MIN ||
	    v->len > PASSWORD_MAX || strlen(v->u.str) != v->len) {
		resp_error(r, 400, "password: 8 to 1024 bytes expected");
		return -1;
	}
	if (password_hash(v->u.str, (unsigned long)k->c->iterations, line,
	    sizeof(line)) == -1) {
		resp_error(r, 500, "cannot hash the password");
		return -1;
	}
	free(u->password);
	if ((u->password = strdup(line)) == NULL) {
		resp_error(r, 500, "out of memory");
		return -1;
	}
	return 0;
}

/* The members of body into u; self: the user changes their own entry. */
static int
fields_in(const struct call *k, struct resp *r, const struct json *body,
    struct userconf *u, int self)
{
	const struct json *adm = json_get(body, "admin");

	if (adm != NULL && adm->type != JSON_TRUE && adm->type != JSON_FALSE) {
		resp_error(r, 400, "admin: true or false expected");
		return -1;
	}
	if (adm != NULL && self && !is_admin(k) &&
	    (adm->type == JSON_TRUE) != u->admin) {
		resp_error(r, 403, "admin: only an admin makes admins");
		return -1;
	}
	if (adm != NULL)
		u->admin = adm->type == JSON_TRUE;
	return text_in(r, body, "name", &u->full_name) == -1 ||
	    text_in(r, body, "avatar", &u->avatar) == -1 ||
	    password_in(k, r, body, u) == -1 ? -1 : 0;
}

static void
store(struct call *k, struct resp *r, const char *name,
    const struct userconf *u, const char *what)
{
	const struct userconf *now;

	if (kept_user_set(k->c->kept, name, u) == -1) {
		warnx("%s: %s", k->c->kept->users_path, strerror(errno));
		resp_error(r, 500, "cannot keep the users");
		return;
	}
	info("%s: user %s %s by %s", k->peer, name, what,
	    k->user ? k->user : "-");
	if (u == NULL)
		r->status = 204;
	else if ((now = user_get(k->c, name)) != NULL)
		one_out(r, k, now);
}

static void
create(struct call *k, struct resp *r, const struct json *body)
{
	const char *name = json_get_str(body, "username");
	struct userconf u;

	memset(&u, 0, sizeof(u));
	if (name == NULL || !user_name_ok(name))
		resp_error(r, 400, "username: letters, digits and ._- expected");
	else if (user_get(k->c, name) != NULL)
		resp_error(r, 409, "a user of that name exists");
	else if (fields_in(k, r, body, &u, 0) == -1)
		;
	else if (!users_any(k->c) && !u.admin)
		resp_error(r, 400, "admin: the first user must be an admin");
	else {
		u.name = (char *)name;
		store(k, r, name, &u, "made");
		if (r->status == 200)
			r->status = 201;
	}
	free(u.full_name);
	free(u.avatar);
	free(u.password);
}

/*
 * A copy of u's fields to change, named name: u lives in the table that
 * the change reads afresh, so nothing of it may be used afterwards.
 */
static int
dup_user(const struct userconf *u, const char *name, struct userconf *c)
{
	memset(c, 0, sizeof(*c));
	c->name = (char *)name;
	c->admin = u->admin;
	return (u->full_name && !(c->full_name = strdup(u->full_name))) ||
	    (u->avatar && !(c->avatar = strdup(u->avatar))) ||
	    !(c->password = strdup(u->password)) ? -1 : 0;
}

static void
change(struct call *k, struct resp *r, const char *name,
    const struct userconf *u, const struct json *body)
{
	struct userconf c;
	int self = k->user != NULL && strcmp(k->user, name) == 0;

	if (dup_user(u, name, &c) == -1)
		resp_error(r, 500, "out of memory");
	else if (fields_in(k, r, body, &c, self) == 0)
		store(k, r, name, &c, "changed");
	free(c.full_name);
	free(c.avatar);
	free(c.password);
}

/* /users/NAME: read, change, or take away. */
static void
one_user(struct call *k, struct resp *r, const char *name,
    struct json_doc *doc)
{
	const struct userconf *u = user_name_ok(name) ? user_get(k->c, name) :
	    NULL;
	const struct json *body;
	int self = k->user != NULL && strcmp(k->user, name) == 0;

	if (!is_admin(k) && (!self || strcmp(k->method, "DELETE") == 0)) {
		resp_error(r, 403, "only for admins");
		return;
	}
	if (u == NULL) {
		resp_error(r, 404, "no such user");
		return;
	}
	if (strcmp(k->method, "GET") == 0 || strcmp(k->method, "HEAD") == 0) {
		one_out(r, k, u);
		return;
	}
	if (from_conf(k, u)) {
		resp_error(r, 409, "a user of hb.conf: change it there");
		return;
	}
	if (strcmp(k->method, "DELETE") == 0)
		store(k, r, name, NULL, "taken away");
	else if ((body = call_json(k, r, doc, "{\"password\": ..., "
	    "\"name\": ..., \"admin\": ...} expected")) != NULL)
		change(k, r, name, u, body);
}

void
api_users(struct call *k, struct resp *r, const char *name)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *body;

	if (name != NULL)
		one_user(k, r, name, &doc);
	else if (!is_admin(k))
		resp_error(r, 403, "only for admins");
	else if (strcmp(k->method, "POST") != 0)
		list_out(r, k);
	else if ((body = call_json(k, r, &doc, "{\"username\": ..., "
	    "\"password\": ...} expected")) != NULL)
		create(k, r, body);
	json_doc_free(&doc);
}
