/*
 * route: who hears of an event. The channels with a destination of their
 * own hear of every event; then the host's owner (the default owner, or
 * the first admin, when it names none) and its managers, and admins who
 * receive all, each on the channels in their notify list. Monitors watch
 * dashboards; they are not paged. Every channel filters by severity.
 * Roles given through hbweb (STATEDIR/access.json) replace those of
 * hb.conf for the host, as hbweb itself sees them.
 */
#include <stdlib.h>
#include <string.h>

#include "hbnotify.h"
#include "log.h"

static struct ratelimit access_rl = RATELIMIT_INIT(5, 3600);

struct routes {
	const struct config	*c;
	const struct event	*ev;
	struct route		*r;
	int			 n, max;
};

static void
add(struct routes *rs, const struct channel *ch, const char *target,
    const char *user, const char *role)
{
	int i;

	if ((ch->severity & rs->ev->sev) == 0 || rs->n >= rs->max)
		return;
	for (i = 0; i < rs->n; i++)
		if (rs->r[i].ch == ch && strcmp(rs->r[i].target, target) == 0)
			return;
	rs->r[rs->n].ch = ch;
	rs->r[rs->n].target = target;
	rs->r[rs->n].user = user;
	rs->r[rs->n].role = role;
	rs->n++;
}

static void
add_user(struct routes *rs, const struct userconf *u, const char *role)
{
	const struct channel *ch;
	const char *spec, *colon;
	char name[64];
	int k;

	if (u == NULL)
		return;
	for (k = 0; k < u->notify.n; k++) {
		spec = u->notify.v[k];
		colon = strchr(spec, ':');
		if (colon - spec >= (long)sizeof(name))
			continue;
		memcpy(name, spec, (size_t)(colon - spec));
		name[colon - spec] = '\0';
		if ((ch = config_channel(rs->c, name)) != NULL)
			add(rs, ch, colon + 1, u->name, role);
	}
}

static int
by_order(const void *a, const void *b)
{
	const struct userconf *x = *(const struct userconf *const *)a;
	const struct userconf *y = *(const struct userconf *const *)b;

	return x->order - y->order;
}

/* In the order of the configuration, so that -n reads the same each time. */
static void
add_admins(struct routes *rs)
{
	const struct userconf *admins[ROUTES_MAX];
	const struct userconf *u;
	struct hent *e = NULL;
	size_t i = 0, n = 0;

	while ((e = hmap_next(&rs->c->users.map, &i, e)) != NULL) {
		u = e->val;
		if (u->admin && u->receive_all && n < ROUTES_MAX)
			admins[n++] = u;
	}
	qsort(admins, n, sizeof(admins[0]), by_order);
	for (i = 0; i < n; i++)
		add_user(rs, admins[i], "admin");
}

int
route_event(const struct config *c, const struct event *ev, struct route *r,
    int max)
{
	struct routes rs = { c, ev, r, 0, max };
	const struct hostconf *h = hostconf_get(&c->hosts, ev->host);
	struct buf err = BUF_INIT;
	int i, k;

	if (!ev->notify || (h != NULL && !h->watch))
		return 0;
	if (c->access != NULL) {
		if (hostaccess_fresh(c->access, &err) == -1)
			warnx_rl(&access_rl, "%s: %s", c->access->path, err.p);
		buf_free(&err);
		h = hostaccess_roles(c->access, &c->hosts, ev->host);
	}
	for (i = 0; i < c->nch; i++)
		if (c->ch[i]->route_all)
			add(&rs, c->ch[i], c->ch[i]->dest, NULL, "all events");
	add_user(&rs, userconf_owner(&c->users, h), "owner");
	for (k = 0; h != NULL && k < h->managers.n; k++)
		add_user(&rs, userconf_get(&c->users, h->managers.v[k]),
		    "manager");
	add_admins(&rs);
	return rs.n;
}
