/*
 * access: the seed's roles. A monitor may look at a host, a manager may
 * also act on it, its owner may also give it away or drop it; an admin
 * is the owner of every host. With no users configured, everyone is.
 */
#include <string.h>

#include "hbweb.h"

static int
named(const struct names *n, const char *user)
{
	int k;

	for (k = 0; k < n->n; k++)
		if (strcmp(n->v[k], user) == 0)
			return 1;
	return 0;
}

enum role
role_of(const struct config *c, const char *user, const char *host)
{
	const struct hostconf *h = hostconf_get(&c->hosts, host);
	const struct userconf *u, *owner;

	if (c->users.n == 0)
		return ROLE_OWNER;
	if (user == NULL || (u = userconf_get(&c->users, user)) == NULL)
		return ROLE_NONE;
	if (u->admin)
		return ROLE_OWNER;
	owner = userconf_owner(&c->users, h);
	if (owner != NULL && strcmp(owner->name, user) == 0)
		return ROLE_OWNER;
	if (h != NULL && named(&h->managers, user))
		return ROLE_MANAGER;
	if (h != NULL && named(&h->monitors, user))
		return ROLE_MONITOR;
	return ROLE_NONE;
}

const char *
role_name(enum role r)
{
	static const char *const names[] = { NULL, "monitor", "manager",
	    "owner" };

	return names[r];
}
