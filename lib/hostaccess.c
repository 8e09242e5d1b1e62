/*
 * hostaccess: STATEDIR/access.json, the roles hbweb's users gave hosts:
 *
 *   {"version":1,"hosts":{"web-01":{"owner":"bob","managers":["carol"],
 *    "monitors":[]}}}
 *
 * Whoever reads it trusts it no more than any file: names are checked
 * as hb.conf's are, and an entry that is not well formed is passed over.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hostaccess.h"
#include "json.h"
#include "proto.h"
#include "tablefile.h"
#include "userconf.h"

void
hostaccess_init(struct hostaccess *a, const char *statedir)
{
	memset(a, 0, sizeof(*a));
	a->path = path_join(statedir, "access.json");
}

static int
names_from(const struct json *arr, struct names *n)
{
	size_t i;

	if (arr == NULL)
		return 0;
	if (arr->type != JSON_ARRAY || arr->len > ACCESS_NAMES_MAX)
		return -1;
	for (i = 0; i < arr->len; i++) {
		const struct json *v = &arr->u.items[i];

		if (v->type != JSON_STRING || strlen(v->u.str) != v->len ||
		    !user_name_ok(v->u.str) ||
		    names_add(n, v->u.str, v->len) == -1)
			return -1;
	}
	return 0;
}

/* One host's entry into the table; a bad one is left out. */
static void
entry(struct hmap *hosts, const struct json_member *m)
{
	const struct json *v = &m->value, *o = json_get(v, "owner");
	struct hostconf *h;
	struct hent *e;

	if (!proto_name_ok(m->key, m->keylen) || v->type != JSON_OBJECT ||
	    (o != NULL && o->type != JSON_NULL && (o->type != JSON_STRING ||
	    strlen(o->u.str) != o->len || !user_name_ok(o->u.str))))
		return;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return;
	h->watch = 1;
	h->grace = -1;
	if ((h->name = strdup(m->key)) == NULL ||
	    (o != NULL && o->type == JSON_STRING &&
	    (h->owner = strdup(o->u.str)) == NULL) ||
	    names_from(json_get(v, "managers"), &h->managers) == -1 ||
	    names_from(json_get(v, "monitors"), &h->monitors) == -1 ||
	    (e = hmap_put(hosts, h->name, m->keylen)) == NULL ||
	    e->val != NULL) {
		hostconf_free(h);
		return;
	}
	e->val = h;
}

static int
parse(struct hmap *hosts, const struct buf *b, struct buf *err)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *hs;
	size_t i;
	int r = -1;

	if (json_parse(&doc, b->p, b->len, NULL) == -1)
		buf_printf(err, "%s at byte %zu", doc.err, doc.err_off);
	else if ((hs = json_get(&doc.root, "hosts")) == NULL ||
	    hs->type != JSON_OBJECT)
		buf_printf(err, "no \"hosts\" object");
	else {
		for (i = 0; i < hs->len; i++)
			entry(hosts, &hs->u.members[i]);
		r = 0;
	}
	json_doc_free(&doc);
	return r;
}

/* Read the file into a fresh table, whatever the last look saw. */
static int
load(struct hostaccess *a, struct buf *err)
{
	struct hmap hosts = HMAP_INIT;
	struct buf b = BUF_INIT;
	struct stat st;
	int r = 0;

	if (a->path == NULL) {
		buf_printf(err, "out of memory");
		return -1;
	}
	if (stat(a->path, &st) == -1 || file_read(a->path, &b,
	    ACCESS_FILE_MAX) == -1) {
		if (errno != ENOENT) {
			buf_printf(err, "%s: %s", a->path, strerror(errno));
			r = -1;
		}
		memset(&st, 0, sizeof(st));
	} else if (parse(&hosts, &b, err) == -1) {
		hostconf_free_all(&hosts);
		r = -1;
	}
	buf_free(&b);
	if (r == 0) {
		hostconf_free_all(&a->hosts);
		a->hosts = hosts;
		a->mtime = st.st_mtim;
		a->size = st.st_size;
		a->ino = st.st_ino;
		a->loads++;
	}
	return r;
}

int
hostaccess_fresh(struct hostaccess *a, struct buf *err)
{
	struct stat st;

	if (a->path == NULL || stat(a->path, &st) == -1)
		return a->path != NULL && errno == ENOENT &&
		    a->mtime.tv_sec == 0 && a->mtime.tv_nsec == 0 ? 0 :
		    load(a, err);
	if (st.st_mtim.tv_sec == a->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == a->mtime.tv_nsec && st.st_size == a->size &&
	    st.st_ino == a->ino)
		return 0;
	return load(a, err);
}

const struct hostconf *
hostaccess_roles(const struct hostaccess *a, const struct hmap *conf,
    const char *host)
{
	const struct hostconf *h = hostconf_get(&a->hosts, host);

	return h != NULL ? h : hostconf_get(conf, host);
}

static void
names_out(struct jw *w, const char *key, const struct names *n)
{
	int i;

	jw_key(w, key);
	jw_arr(w);
	for (i = 0; i < n->n; i++)
		jw_str(w, n->v[i]);
	jw_end(w, ']');
}

static void
host_out(struct jw *w, const char *name, const void *entry)
{
	const struct hostconf *h = entry;

	jw_key(w, name);
	jw_obj(w);
	jw_key(w, "owner");
	h->owner != NULL ? jw_str(w, h->owner) : jw_null(w);
	names_out(w, "managers", &h->managers);
	names_out(w, "monitors", &h->monitors);
	jw_end(w, '}');
}

int
hostaccess_set(struct hostaccess *a, const char *host,
    const struct hostconf *roles)
{
	struct buf err = BUF_INIT;
	int fd, r = -1, e;

	if (a->path == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = file_lock_beside(a->path)) == -1)
		return -1;
	if (load(a, &err) == -1)
		errno = EINVAL;
	else
		r = tablefile_write(a->path, 0644, "hosts", &a->hosts, host,
		    roles, host_out);
	e = errno;
	close(fd);
	buf_reset(&err);
	if (r == 0)
		load(a, &err);
	buf_free(&err);
	errno = e;
	return r;
}

void
hostaccess_free(struct hostaccess *a)
{
	hostconf_free_all(&a->hosts);
	free(a->path);
	memset(a, 0, sizeof(*a));
}
