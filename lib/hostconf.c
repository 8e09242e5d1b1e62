/* hostconf: parsing and keeping the host directives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostconf.h"
#include "proto.h"

void
names_free(struct names *n)
{
	int i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	n->v = NULL;
	n->n = 0;
}

int
names_add(struct names *n, const char *s, size_t len)
{
	char **v;

	if ((v = realloc(n->v, (size_t)(n->n + 1) * sizeof(*v))) == NULL)
		return -1;
	n->v = v;
	if ((v[n->n] = strndup(s, len)) == NULL)
		return -1;
	n->n++;
	return 0;
}

/* "a,b,c": names without blanks, none empty. */
static int
names_parse(const struct conf_line *l, const char *key, const char *s,
    struct names *n)
{
	const char *p = s;
	size_t len;

	if (n->n > 0)
		return conf_err(l, "%s given twice", key);
	for (;;) {
		len = strcspn(p, ",");
		if (len == 0 || len > PROTO_NAME_MAX || strcspn(p, " \t") < len)
			return conf_err(l, "%s: '%s': a comma-separated list of "
			    "names expected", key, s);
		if (names_add(n, p, len) == -1)
			return conf_err(l, "out of memory");
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static int
keyword(const struct conf_line *l, struct hostconf *h, const char *key,
    const char *val)
{
	const char *why;

	if (strcmp(key, "profile") == 0)
		return names_parse(l, key, val, &h->profiles);
	if (strcmp(key, "managers") == 0)
		return names_parse(l, key, val, &h->managers);
	if (strcmp(key, "monitors") == 0)
		return names_parse(l, key, val, &h->monitors);
	if (strcmp(key, "watch") == 0) {
		if (conf_bool(val, &h->watch, &why) == -1)
			return conf_err(l, "watch: '%s': %s", val, why);
		return 0;
	}
	if (strcmp(key, "grace") == 0) {
		if (conf_duration(val, &h->grace, &why) == -1)
			return conf_err(l, "grace: '%s': %s", val, why);
		return 0;
	}
	if (strcmp(key, "owner") == 0) {
		if (h->owner != NULL)
			return conf_err(l, "owner given twice");
		if (*val == '\0' || (h->owner = strdup(val)) == NULL)
			return conf_err(l, "owner: a user name expected");
		return 0;
	}
	return conf_err(l, "unknown keyword '%s' (profile, watch, grace, owner, "
	    "managers, monitors)", key);
}

void
hostconf_free(struct hostconf *h)
{
	free(h->name);
	free(h->owner);
	names_free(&h->profiles);
	names_free(&h->managers);
	names_free(&h->monitors);
	free(h);
}

static int
fill(const struct conf_line *l, struct hostconf *h)
{
	int i;

	h->watch = 1;
	h->grace = -1;
	snprintf(h->where, sizeof(h->where), "%s:%u", l->file, l->lineno);
	if ((h->name = strdup(l->argv[1])) == NULL)
		return conf_err(l, "out of memory");
	if (l->argc % 2 != 0)
		return conf_err(l, "keywords come with values: host NAME "
		    "[profile LIST] [watch yes|no] [grace DURATION] ...");
	for (i = 2; i < l->argc; i += 2)
		if (keyword(l, h, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	return 0;
}

int
hostconf_directive(const struct conf_line *l, struct hmap *hosts)
{
	const struct hostconf *old;
	const char *name;
	struct hostconf *h;
	struct hent *e;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	name = l->argv[1];
	if (!proto_name_ok(name, strlen(name)))
		return conf_err(l, "'%s': not a host name", name);
	if ((old = hostconf_get(hosts, name)) != NULL)
		return conf_err(l, "host %s is already set at %s", name, old->where);
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return conf_err(l, "out of memory");
	if (fill(l, h) == -1) {
		hostconf_free(h);
		return -1;
	}
	if ((e = hmap_put(hosts, name, strlen(name))) == NULL) {
		hostconf_free(h);
		return conf_err(l, "out of memory");
	}
	e->val = h;
	return 0;
}

const struct hostconf *
hostconf_get(const struct hmap *hosts, const char *name)
{
	return hmap_get(hosts, name, strlen(name));
}

void
hostconf_free_all(struct hmap *hosts)
{
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(hosts, &i, e)) != NULL)
		hostconf_free(e->val);
	hmap_free(hosts);
}
