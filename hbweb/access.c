/*
 * access: the seed's roles. A monitor may look at a host, a manager may
 * also act on it, its owner may also give it away or drop it; an admin
 * is the owner of every host. With no users configured, everyone is.
 * Roles given through the API (access.json) replace a host's roles in
 * hb.conf as a whole.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hbweb.h"
#include "proto.h"

static int
named(const struct names *n, const char *user)
{
	int k;

	for (k = 0; k < n->n; k++)
		if (strcmp(n->v[k], user) == 0)
			return 1;
	return 0;
}

const struct hostconf *
roles_of(const struct config *c, const char *host)
{
	return c->kept != NULL ? hostaccess_roles(&c->kept->access, &c->hosts,
	    host) : hostconf_get(&c->hosts, host);
}

const char *
owner_of(const struct config *c, const char *host)
{
	const struct hostconf *h = roles_of(c, host);
	const struct userconf *admin;

	if (h != NULL && h->owner != NULL)
		return h->owner;
	if (c->users.default_owner != NULL)
		return c->users.default_owner;
	admin = userconf_first_admin(&c->users);
	return admin != NULL ? admin->name : NULL;
}

enum role
role_of(const struct config *c, const char *user, const char *host)
{
	const struct hostconf *h;
	const struct userconf *u;
	const char *owner;

	if (!users_any(c))
		return ROLE_OWNER;
	if (user == NULL || (u = user_get(c, user)) == NULL)
		return ROLE_NONE;
	if (u->admin)
		return ROLE_OWNER;
	if ((owner = owner_of(c, host)) != NULL && strcmp(owner, user) == 0)
		return ROLE_OWNER;
	h = roles_of(c, host);
	if (h != NULL && named(&h->managers, user))
		return ROLE_MANAGER;
	if (h != NULL && named(&h->monitors, user))
		return ROLE_MONITOR;
	return ROLE_NONE;
}

int
is_admin(const struct call *k)
{
	const struct userconf *u;

	if (!users_any(k->c))
		return 1;
	return k->user != NULL && (u = user_get(k->c, k->user)) != NULL &&
	    u->admin;
}

/* Has hbrecv heard of the host, or hbstate judged it? */
static int
host_known(const struct call *k, const char *host)
{
	char path[4096];

	if (k->pic->hosts != NULL && json_get(k->pic->hosts, host) != NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/hosts/%s.json", k->c->statedir, host);
	return access(path, F_OK) == 0;
}

enum role
host_allowed(struct call *k, struct resp *r, const char *host,
    enum role need)
{
	enum role role = proto_name_ok(host, strlen(host)) ?
	    role_of(k->c, k->user, host) : ROLE_NONE;
	char why[64];

	if (role == ROLE_NONE || !host_known(k, host)) {
		resp_error(r, 404, "no such host");
		return ROLE_NONE;
	}
	if (role < need) {
		snprintf(why, sizeof(why), "only for its %s%s", role_name(need),
		    need == ROLE_OWNER ? "" : "s and up");
		resp_error(r, 403, why);
		return ROLE_NONE;
	}
	return role;
}

const char *
role_name(enum role r)
{
	static const char *const names[] = { NULL, "monitor", "manager",
	    "owner" };

	return names[r];
}
