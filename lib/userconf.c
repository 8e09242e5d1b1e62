/* userconf: parsing and keeping the user directives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "userconf.h"

int
user_name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > USER_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (i == 0 || strchr("._-", s[i]) == NULL)
			return 0;
	}
	return 1;
}

void
userconf_free(struct userconf *u)
{
	free(u->name);
	free(u->full_name);
	free(u->password);
	free(u->avatar);
	names_free(&u->notify);
	free(u);
}

static int
text(const struct conf_line *l, const char *key, const char *val, char **dst)
{
	if (*dst != NULL)
		return conf_err(l, "%s given twice", key);
	if (*val == '\0')
		return conf_err(l, "%s: empty", key);
	if ((*dst = strdup(val)) == NULL)
		return conf_err(l, "out of memory");
	return 0;
}

/* The words from argv[*i] on that hold a ':'; at least one. */
static int
channels(const struct conf_line *l, struct userconf *u, int *i)
{
	const char *w;
	int first = *i;

	for (; *i < l->argc && strchr(l->argv[*i], ':') != NULL; (*i)++) {
		w = l->argv[*i];
		if (w[0] == ':' || strchr(w, ':')[1] == '\0')
			return conf_err(l, "notify: '%s': CHANNEL:TARGET expected",
			    w);
		if (names_add(&u->notify, w, strlen(w)) == -1)
			return conf_err(l, "out of memory");
	}
	if (*i == first)
		return conf_err(l, "notify: CHANNEL:TARGET expected, as in "
		    "email:alice@example.com");
	return 0;
}

static int
receive(const struct conf_line *l, struct userconf *u, const char *val)
{
	if (strcmp(val, "all") == 0)
		u->receive_all = 1;
	else if (strcmp(val, "own") == 0)
		u->receive_all = 0;
	else
		return conf_err(l, "receive: '%s': all or own expected", val);
	return 0;
}

/* One keyword at argv[*i], with its value; *i moves past what it took. */
static int
keyword(const struct conf_line *l, struct userconf *u, int *i)
{
	const char *key = l->argv[(*i)++], *val;

	if (strcmp(key, "admin") == 0) {
		u->admin = 1;
		return 0;
	}
	if (strcmp(key, "notify") == 0)
		return channels(l, u, i);
	if (*i >= l->argc)
		return conf_err(l, "%s: a value expected", key);
	val = l->argv[(*i)++];
	if (strcmp(key, "name") == 0)
		return text(l, key, val, &u->full_name);
	if (strcmp(key, "password") == 0)
		return text(l, key, val, &u->password);
	if (strcmp(key, "avatar") == 0)
		return text(l, key, val, &u->avatar);
	if (strcmp(key, "receive") == 0)
		return receive(l, u, val);
	return conf_err(l, "unknown keyword '%s' (admin, name, password, "
	    "avatar, receive, notify)", key);
}

static int
fill(const struct conf_line *l, struct userconf *u)
{
	int i = 2;

	snprintf(u->where, sizeof(u->where), "%s:%u", l->file, l->lineno);
	if ((u->name = strdup(l->argv[1])) == NULL)
		return conf_err(l, "out of memory");
	while (i < l->argc)
		if (keyword(l, u, &i) == -1)
			return -1;
	if (u->receive_all && !u->admin)
		return conf_err(l, "receive all: only for an admin");
	return 0;
}

int
userconf_directive(const struct conf_line *l, struct users *users)
{
	const struct userconf *old;
	struct userconf *u;
	struct hent *e;
	const char *name;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	name = l->argv[1];
	if (!user_name_ok(name))
		return conf_err(l, "'%s': not a user name", name);
	if ((old = userconf_get(users, name)) != NULL)
		return conf_err(l, "user %s is already set at %s", name,
		    old->where);
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return conf_err(l, "out of memory");
	if (fill(l, u) == -1) {
		userconf_free(u);
		return -1;
	}
	if ((e = hmap_put(&users->map, name, strlen(name))) == NULL) {
		userconf_free(u);
		return conf_err(l, "out of memory");
	}
	u->order = users->n++;
	e->val = u;
	return 0;
}

int
userconf_default_owner(const struct conf_line *l, struct users *users)
{
	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (!user_name_ok(l->argv[1]))
		return conf_err(l, "'%s': not a user name", l->argv[1]);
	free(users->default_owner);
	if ((users->default_owner = strdup(l->argv[1])) == NULL)
		return conf_err(l, "out of memory");
	snprintf(users->default_owner_where, sizeof(users->default_owner_where),
	    "%s:%u", l->file, l->lineno);
	return 0;
}

const struct userconf *
userconf_get(const struct users *users, const char *name)
{
	return hmap_get(&users->map, name, strlen(name));
}

const struct userconf *
userconf_first_admin(const struct users *users)
{
	const struct userconf *u, *best = NULL;
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(&users->map, &i, e)) != NULL) {
		u = e->val;
		if (u->admin && (best == NULL || u->order < best->order))
			best = u;
	}
	return best;
}

const struct userconf *
userconf_owner(const struct users *users, const struct hostconf *h)
{
	if (h != NULL && h->owner != NULL)
		return userconf_get(users, h->owner);
	if (users->default_owner != NULL)
		return userconf_get(users, users->default_owner);
	return userconf_first_admin(users);
}

static int
known(const struct users *users, const char *where, const char *role,
    const char *name, struct buf *err)
{
	if (userconf_get(users, name) != NULL)
		return 0;
	buf_printf(err, "%s: %s: unknown user '%s'\n", where, role, name);
	return -1;
}

static int
check_names(const struct users *users, const struct hostconf *h,
    const char *role, const struct names *n, struct buf *err)
{
	int k, r = 0;

	for (k = 0; k < n->n; k++)
		if (known(users, h->where, role, n->v[k], err) == -1)
			r = -1;
	return r;
}

int
userconf_check_hosts(const struct users *users, const struct hmap *hosts,
    struct buf *err)
{
	const struct hostconf *h;
	struct hent *e = NULL;
	size_t i = 0;
	int r = 0;

	if (users->n == 0)
		return 0;
	if (users->default_owner != NULL && known(users,
	    users->default_owner_where, "default-owner", users->default_owner,
	    err) == -1)
		r = -1;
	while ((e = hmap_next(hosts, &i, e)) != NULL) {
		h = e->val;
		if (h->owner != NULL &&
		    known(users, h->where, "owner", h->owner, err) == -1)
			r = -1;
		if (check_names(users, h, "managers", &h->managers, err) == -1 ||
		    check_names(users, h, "monitors", &h->monitors, err) == -1)
			r = -1;
	}
	return r;
}

void
userconf_free_all(struct users *users)
{
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(&users->map, &i, e)) != NULL)
		userconf_free(e->val);
	hmap_free(&users->map);
	free(users->default_owner);
	users->default_owner = NULL;
	users->n = 0;
}
