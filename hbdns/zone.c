/*
 * zone: the dyndomain directive. dyndomain ZONE [KEYWORD VALUE]... names
 * a zone whose host records hbdns keeps, the server to update and how.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hbdns.h"
#include "num.h"
#include "run.h"

static int
set_str(const struct conf_line *l, const char *key, const char *val,
    char **dst)
{
	if (*dst != NULL)
		return conf_err(l, "%s given twice", key);
	if (*val == '\0' || (*dst = strdup(val)) == NULL)
		return conf_err(l, "%s: a value expected", key);
	return 0;
}

/* server ADDRESS, [ADDRESS]:PORT, NAME:PORT or local. */
static int
server(const struct conf_line *l, struct zone *z, const char *val)
{
	const char *host = val, *colon = strrchr(val, ':'), *why;
	char h[DNS_NAME_MAX + 3], canon[ADDR_TEXT_MAX];
	long long port;
	size_t n;

	if (strcmp(val, "local") == 0) {
		z->local = 1;
		return 0;
	}
	n = strlen(val);
	if (val[0] == '[' && (colon == NULL || colon[-1] != ']')) {
		colon = NULL;
		if (val[n - 1] != ']')
			return conf_err(l, "server: '%s': ADDRESS[:PORT] expected",
			    val);
	} else if (val[0] != '[' && colon != NULL && strchr(val, ':') != colon)
		colon = NULL;		/* an IPv6 address without a port */
	if (colon != NULL) {
		if (num_ll(colon + 1, 1, 65535, &port, &why) == -1)
			return conf_err(l, "server: '%s': port: %s", val, why);
		if (set_str(l, "server", colon + 1, &z->port) == -1)
			return -1;
		n = (size_t)(colon - val);
	}
	if (val[0] == '[') {
		host++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(h))
		return conf_err(l, "server: '%s': ADDRESS[:PORT] expected", val);
	memcpy(h, host, n);
	h[n] = '\0';
	if (addr_canon(h, canon) == NULL && !dns_name_ok(h, n))
		return conf_err(l, "server: '%s': not an address or a name", val);
	return set_str(l, "server", h, &z->server);
}

static int
hosts(const struct conf_line *l, struct zone *z, const char *val)
{
	const char *p = val;
	size_t len;

	if (strcmp(val, "all") == 0) {
		z->all = 1;
		return 0;
	}
	for (;;) {
		len = strcspn(p, ",");
		if (len == 0 || !dns_name_ok(p, len) || memchr(p, '.', len))
			return conf_err(l, "hosts: '%s': all, or short host "
			    "names separated by commas", val);
		if (names_add(&z->hosts, p, len) == -1)
			return conf_err(l, "out of memory");
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static int
number(const struct conf_line *l, const char *key, const char *val,
    long long min, long long max, long long *n)
{
	const char *why;

	if (num_ll(val, min, max, n, &why) == -1)
		return conf_err(l, "%s: '%s': %s", key, val, why);
	return 0;
}

static int
span(const struct conf_line *l, const char *key, const char *val,
    double min, double max, double *d)
{
	const char *why;

	if (conf_duration(val, d, &why) == -1)
		return conf_err(l, "%s: '%s': %s", key, val, why);
	if (*d < min || *d > max)
		return conf_err(l, "%s: '%s': out of range", key, val);
	return 0;
}

static int
keyword(const struct conf_line *l, struct zone *z, const char *key,
    const char *val)
{
	long long n;
	const char *why;

	if (strcmp(key, "server") == 0)
		return server(l, z, val);
	if (strcmp(key, "key") == 0) {
		if (access(val, R_OK) == -1)
			return conf_err(l, "key: %s: cannot be read", val);
		return set_str(l, key, val, &z->key);
	}
	if (strcmp(key, "hosts") == 0)
		return hosts(l, z, val);
	if (strcmp(key, "ttl") == 0) {
		if (number(l, key, val, 0, 2147483647, &n) == -1)
			return -1;
		z->ttl = (long)n;
		return 0;
	}
	if (strcmp(key, "batch") == 0) {
		if (number(l, key, val, 1, 1000, &n) == -1)
			return -1;
		z->batch = (int)n;
		return 0;
	}
	if (strcmp(key, "window") == 0)
		return span(l, key, val, 0, 3600, &z->window);
	if (strcmp(key, "timeout") == 0)
		return span(l, key, val, 1, 600, &z->timeout);
	if (strcmp(key, "nsupdate") == 0) {
		if (z->nsupdate != NULL)
			return conf_err(l, "nsupdate given twice");
		if (argv_split(val, &z->nsupdate, &why) == -1 ||
		    z->nsupdate[0] == NULL)
			return conf_err(l, "nsupdate: %s", z->nsupdate ?
			    "a command expected" : why);
		return 0;
	}
	return conf_err(l, "unknown keyword '%s' (server, key, ttl, hosts, "
	    "batch, window, timeout, nsupdate)", key);
}

static int
fill(const struct conf_line *l, struct zone *z)
{
	const char *name = l->argv[1], *why;
	size_t n = strlen(name);
	int i;

	snprintf(z->where, sizeof(z->where), "%s:%u", l->file, l->lineno);
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0 || !dns_name_ok(name, n))
		return conf_err(l, "'%s': not a zone name", name);
	if ((z->name = strndup(name, n)) == NULL)
		return conf_err(l, "out of memory");
	z->ttl = TTL_DEFAULT;
	z->batch = BATCH_DEFAULT;
	z->window = WINDOW_DEFAULT;
	z->timeout = NSUPDATE_TIMEOUT;
	if (l->argc % 2 != 0)
		return conf_err(l, "keywords come with values: dyndomain ZONE "
		    "[server ADDRESS[:PORT]] [key FILE] [ttl N] ...");
	for (i = 2; i < l->argc; i += 2)
		if (keyword(l, z, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	if (z->local && (z->server != NULL || z->key != NULL))
		return conf_err(l, "server local takes no other server, and "
		    "no key (nsupdate -l finds its own)");
	if (z->nsupdate == NULL && argv_split("nsupdate", &z->nsupdate,
	    &why) == -1)
		return conf_err(l, "out of memory");
	return 0;
}

int
zone_directive(const struct conf_line *l, struct config *c)
{
	struct zone *z, **v;
	int i;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return conf_err(l, "out of memory");
	if (fill(l, z) == -1) {
		zone_free(z);
		return -1;
	}
	for (i = 0; i < c->nzones; i++)
		if (strcasecmp(c->zones[i]->name, z->name) == 0) {
			conf_err(l, "zone %s is already set at %s", z->name,
			    c->zones[i]->where);
			zone_free(z);
			return -1;
		}
	if ((v = realloc(c->zones, (size_t)(c->nzones + 1) * sizeof(*v))) ==
	    NULL) {
		zone_free(z);
		return conf_err(l, "out of memory");
	}
	c->zones = v;
	c->zones[c->nzones++] = z;
	return 0;
}

void
zone_free(struct zone *z)
{
	if (z == NULL)
		return;
	free(z->name);
	free(z->server);
	free(z->port);
	free(z->key);
	names_free(&z->hosts);
	argv_free(z->nsupdate);
	free(z);
}
