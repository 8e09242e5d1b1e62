/*
 * kept: the files hbweb writes for itself beside what hb.conf says:
 * access.json (roles given through the API, lib/hostaccess) and
 * users.json (users made through the API):
 *
 *   {"version":1,"users":{"dave":{"admin":false,"name":"Dave",
 *    "password":"pbkdf2:sha256:600000$...","avatar":null}}}
 *
 * Each child serving a connection looks again before every request, so
 * a change made by one is seen by all. Users of hb.conf win over a
 * users.json user of the same name, which the API never makes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "log.h"
#include "tablefile.h"

#define USERS_FILE_MAX	(16u << 20)
#define TEXT_MAX	1024	/* bytes of a name or an avatar URL */

static struct ratelimit bad_rl = RATELIMIT_INIT(5, 60);

void
kept_init(struct kept *k, const char *statedir)
{
	memset(k, 0, sizeof(*k));
	hostaccess_init(&k->access, statedir);
	k->users_path = path_join(statedir, "users.json");
	if (k->access.path == NULL || k->users_path == NULL)
		die("out of memory");
}

/* A member that is absent, null, or a string of at most TEXT_MAX bytes; into *dst. */
static int
text(const struct json *o, const char *key, char **dst)
{
	const struct json *v = json_get(o, key);

	if (v == NULL || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_STRING || v->len > TEXT_MAX ||
	    strlen(v->u.str) != v->len)
		return -1;
	return (*dst = strdup(v->u.str)) == NULL ? -1 : 0;
}

/* One user of the file into users; a bad entry is passed over. */
static void
user_entry(struct users *users, const struct json_member *m)
{
	const struct json *v = &m->value, *adm = json_get(v, "admin");
	struct userconf *u;
	struct hent *e;

	if (strlen(m->key) != m->keylen || !user_name_ok(m->key) ||
	    v->type != JSON_OBJECT ||
	    (u = calloc(1, sizeof(*u))) == NULL)
		return;
	u->admin = adm != NULL && adm->type == JSON_TRUE;
	snprintf(u->where, sizeof(u->where), "users.json");
	if ((u->name = strdup(m->key)) == NULL ||
	    text(v, "password", &u->password) == -1 || u->password == NULL ||
	    text(v, "name", &u->full_name) == -1 ||
	    text(v, "avatar", &u->avatar) == -1 ||
	    (e = hmap_put(&users->map, u->name, strlen(u->name))) == NULL ||
	    e->val != NULL) {
		userconf_free(u);
		return;
	}
	u->order = users->n++;
	e->val = u;
}

static int
users_parse(struct users *users, const struct buf *b)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *us;
	size_t i;
	int r = -1;

	if (json_parse(&doc, b->p, b->len, NULL) == 0 &&
	    (us = json_get(&doc.root, "users")) != NULL &&
	    us->type == JSON_OBJECT) {
		for (i = 0; i < us->len; i++)
			user_entry(users, &us->u.members[i]);
		r = 0;
	}
	json_doc_free(&doc);
	return r;
}

/* users.json into k->users, whatever was read before; -1 keeps the old. */
static int
users_load(struct kept *k)
{
	struct users users = USERS_INIT;
	struct buf b = BUF_INIT;
	struct stat st;
	int r = 0;

	if (stat(k->users_path, &st) == -1 ||
	    file_read(k->users_path, &b, USERS_FILE_MAX) == -1) {
		if (errno != ENOENT) {
			warnx_rl(&bad_rl, "%s: %s", k->users_path,
			    strerror(errno));
			r = -1;
		}
		memset(&st, 0, sizeof(st));
	} else if (users_parse(&users, &b) == -1) {
		warnx_rl(&bad_rl, "%s: not a users file", k->users_path);
		r = -1;
	}
	buf_free(&b);
	if (r == -1) {
		userconf_free_all(&users);
		return -1;
	}
	userconf_free_all(&k->users);
	k->users = users;
	k->users_mtime = st.st_mtim;
	k->users_size = st.st_size;
	k->users_ino = st.st_ino;
	k->users_loads++;
	return 0;
}

void
kept_fresh(struct kept *k)
{
	struct buf err = BUF_INIT;
	struct stat st;
	int there = stat(k->users_path, &st) == 0;

	if (there ? st.st_mtim.tv_sec != k->users_mtime.tv_sec ||
	    st.st_mtim.tv_nsec != k->users_mtime.tv_nsec ||
	    st.st_size != k->users_size || st.st_ino != k->users_ino :
	    k->users.n > 0)
		users_load(k);
	if (hostaccess_fresh(&k->access, &err) == -1)
		warnx_rl(&bad_rl, "%s: %s", k->access.path, err.p);
	buf_free(&err);
}

unsigned long
kept_generation(const struct kept *k)
{
	return k != NULL ? k->access.loads + k->users_loads : 0;
}

const struct userconf *
user_get(const struct config *c, const char *name)
{
	const struct userconf *u = userconf_get(&c->users, name);

	return u != NULL || c->kept == NULL ? u :
	    userconf_get(&c->kept->users, name);
}

int
users_any(const struct config *c)
{
	return c->users.n > 0 || (c->kept != NULL && c->kept->users.n > 0);
}

static void
user_out(struct jw *w, const char *name, const void *entry)
{
	const struct userconf *u = entry;

	jw_key(w, name);
	jw_obj(w);
	jw_kbool(w, "admin", u->admin);
	jw_kstr(w, "name", u->full_name);
	jw_kstr(w, "password", u->password);
	jw_kstr(w, "avatar", u->avatar);
	jw_end(w, '}');
}

int
kept_user_set(struct kept *k, const char *name, const struct userconf *u)
{
	int fd, r = -1, e;

	if ((fd = file_lock_beside(k->users_path)) == -1)
		return -1;
	if (users_load(k) == -1)
		errno = EINVAL;
	else
		r = tablefile_write(k->users_path, 0600, "users",
		    &k->users.map, name, u, user_out);
	e = errno;
	close(fd);
	users_load(k);
	errno = e;
	return r;
}

void
kept_free(struct kept *k)
{
	hostaccess_free(&k->access);
	userconf_free_all(&k->users);
	free(k->users_path);
}
