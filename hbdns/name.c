/*
 * name: the only words from outside that reach nsupdate are host names
 * and addresses; names are checked as DNS labels (letters, digits,
 * hyphens) and addresses are parsed and written again, so no newline,
 * semicolon or blank can ever pass.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hbdns.h"

#define LABEL_MAX	63

static int
ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

int
dns_name_ok(const char *s, size_t n)
{
	size_t i, start = 0;

	if (n == 0 || n > DNS_NAME_MAX)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!ldh(s[i]))
				return 0;
			continue;
		}
		/* a label ends here: 1-63 bytes, no hyphen at either end */
		if (i == start || i - start > LABEL_MAX || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		start = i + 1;
	}
	return 1;
}

static int
takes(const struct zone *z, const char *host)
{
	int k;

	if (z->all)
		return 1;
	for (k = 0; k < z->hosts.n; k++)
		if (strcasecmp(z->hosts.v[k], host) == 0)
			return 1;
	return 0;
}

/* Does host end in .zone? */
static int
inside(const char *host, size_t n, const struct zone *z)
{
	size_t zn = strlen(z->name);

	return n > zn + 1 && host[n - zn - 1] == '.' &&
	    strcasecmp(host + n - zn, z->name) == 0;
}

const struct zone *
zone_for(const struct config *c, const char *host, char fqdn[DNS_NAME_MAX + 1])
{
	size_t n = strlen(host), zn;
	int i;

	if (!dns_name_ok(host, n))
		return NULL;
	for (i = 0; i < c->nzones; i++) {
		if (inside(host, n, c->zones[i])) {
			memcpy(fqdn, host, n + 1);
			return c->zones[i];
		}
		zn = strlen(c->zones[i]->name);
		if (memchr(host, '.', n) == NULL && takes(c->zones[i], host) &&
		    n + 1 + zn <= DNS_NAME_MAX) {
			memcpy(fqdn, host, n);
			fqdn[n] = '.';
			memcpy(fqdn + n + 1, c->zones[i]->name, zn + 1);
			return c->zones[i];
		}
	}
	return NULL;
}

const char *
addr_canon(const char *s, char out[ADDR_TEXT_MAX])
{
	unsigned char b[sizeof(struct in6_addr)];
	struct in6_addr a6;

	if (strlen(s) >= ADDR_TEXT_MAX)
		return NULL;
	if (inet_pton(AF_INET, s, b) == 1)
		return inet_ntop(AF_INET, b, out, ADDR_TEXT_MAX) ? "A" : NULL;
	if (inet_pton(AF_INET6, s, &a6) != 1)
		return NULL;
	if (IN6_IS_ADDR_V4MAPPED(&a6))
		return inet_ntop(AF_INET, a6.s6_addr + 12, out, ADDR_TEXT_MAX) ?
		    "A" : NULL;
	return inet_ntop(AF_INET6, &a6, out, ADDR_TEXT_MAX) ? "AAAA" : NULL;
}
