/* url: the parts of an http:// or https:// URL that a request needs, checked before use. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "url.h"

#define LABEL_MAX	63
#define NAME_MAX_LEN	253	/* of a DNS name, dots included */

/* Letters, digits and hyphens, in labels of 1-63 not starting or ending with '-'. */
static int
dns_name(const char *h, size_t n)
{
	size_t i, label = 0;

	if (n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || h[i] == '.') {
			if (label == 0 || label > LABEL_MAX || h[i - 1] == '-')
				return 0;
			label = 0;
		} else if ((h[i] >= 'a' && h[i] <= 'z') ||
		    (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || (h[i] == '-' && label > 0))
			label++;
		else
			return 0;
	}
	return 1;
}

/*
 * The host, n bytes at h, into u->host. Digits and dots alone must make
 * an IPv4 address: "1.2.3" or "010.0.0.1" mean different things to
 * different resolvers, so none is guessed at.
 */
static int
host(struct url *u, const char *h, size_t n, int bracketed, const char **why)
{
	unsigned char addr[sizeof(struct in6_addr)];

	if (n == 0) {
		*why = "no host";
		return -1;
	}
	if (n >= sizeof(u->host)) {
		*why = "host name too long";
		return -1;
	}
	memcpy(u->host, h, n);
	u->host[n] = '\0';
	if (bracketed) {
		if (inet_pton(AF_INET6, u->host, addr) != 1) {
			*why = "bad IPv6 address";
			return -1;
		}
	} else if (strspn(u->host, "0123456789.") == n) {
		if (inet_pton(AF_INET, u->host, addr) != 1) {
			*why = "bad IPv4 address";
			return -1;
		}
	} else if (!dns_name(h, n)) {
		*why = "bad host name (letters, digits, '-' and '.' only)";
		return -1;
	}
	return 0;
}

/* The n bytes at p after the ':', or the scheme's port when there were none. */
static int
port(struct url *u, const char *p, size_t n, int given, const char **why)
{
	long long v;

	if (!given) {
		strcpy(u->port, u->tls ? "443" : "80");
		return 0;
	}
	if (n == 0 || n >= sizeof(u->port) ||
	    strspn(p, "0123456789") < n) {
		*why = "bad port";
		return -1;
	}
	memcpy(u->port, p, n);
	u->port[n] = '\0';
	if (num_ll(u->port, 1, 65535, &v, why) == -1) {
		*why = "port out of range (1-65535)";
		return -1;
	}
	return 0;
}

/* The authority: HOST, HOST:PORT, [V6], [V6]:PORT, n bytes at a. */
static int
authority(struct url *u, const char *a, size_t n, const char **why)
{
	const char *end = a + n, *hend, *colon;

	if (memchr(a, '@', n) != NULL) {
		*why = "user name or password in the URL";
		return -1;
	}
	if (n >= sizeof(u->hostport)) {
		*why = "host name too long";
		return -1;
	}
	memcpy(u->hostport, a, n);
	u->hostport[n] = '\0';
	if (n > 0 && *a == '[') {
		if ((hend = memchr(a, ']', n)) == NULL) {
			*why = "bad IPv6 address";
			return -1;
		}
		if (hend + 1 < end && hend[1] != ':') {
			*why = "bad port";
			return -1;
		}
		colon = hend + 1 < end ? hend + 1 : NULL;
		if (host(u, a + 1, (size_t)(hend - a - 1), 1, why) == -1)
			return -1;
	} else {
		colon = memchr(a, ':', n);
		hend = colon != NULL ? colon : end;
		if (host(u, a, (size_t)(hend - a), 0, why) == -1)
			return -1;
	}
	if (colon == NULL)
		return port(u, NULL, 0, 0, why);
	return port(u, colon + 1, (size_t)(end - colon - 1), 1, why);
}

/* Path and query, up to the fragment; "/" for none, and before a bare query. */
static int
path(struct url *u, const char *p, const char **why)
{
	size_t n = strcspn(p, "#"), slash = *p != '/';

	if ((u->path = malloc(slash + n + 1)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	u->path[0] = '/';
	memcpy(u->path + slash, p, n);
	u->path[slash + n] = '\0';
	return 0;
}

int
url_parse(const char *s, struct url *u, const char **why)
{
	size_t n, i, skip;
	const char *a;

	memset(u, 0, sizeof(*u));
	if ((n = strnlen(s, URL_MAX + 1)) > URL_MAX) {
		*why = "URL too long (over 2048 bytes)";
		return -1;
	}
	/* nothing a request line, a header or an argument could trip on */
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] > '~') {
			*why = "space, control character or non-ASCII byte "
			    "in the URL";
			return -1;
		}
	if (strncasecmp(s, "https://", 8) == 0) {
		u->tls = 1;
		skip = 8;
	} else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else {
		*why = "not an http:// or https:// URL";
		return -1;
	}
	a = s + skip;
	if (authority(u, a, strcspn(a, "/?#"), why) == -1 ||
	    path(u, a + strcspn(a, "/?#"), why) == -1) {
		url_free(u);
		return -1;
	}
	return 0;
}

void
url_free(struct url *u)
{
	free(u->path);
	u->path = NULL;
}
