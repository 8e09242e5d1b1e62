/* url: http:// and https:// URLs taken apart, strictly, for the HTTP client. */
#ifndef HB_URL_H
#define HB_URL_H

#define URL_MAX	2048		/* bytes of a URL */

struct url {
	int	 tls;		/* https */
	char	 host[256];	/* without brackets for IPv6 literals */
	char	 port[6];	/* "80", "443" or as given */
	char	 hostport[264];	/* for the Host header: as in the URL, brackets kept, port only when given */
	char	*path;		/* path and query, "/" when empty; malloc'd, url_free */
};

/*
 * Take apart "http[s]://HOST[:PORT][/PATH][?QUERY][#FRAGMENT]": the
 * scheme in any case; HOST a DNS name of letters, digits and hyphens, an
 * IPv4 address or an [IPv6] address; PORT 1-65535. The fragment is
 * dropped. User names, spaces, control characters and bytes beyond ASCII
 * are refused, as are URLs over URL_MAX bytes. 0, or -1 with *why (and
 * nothing to free).
 */
int	url_parse(const char *s, struct url *, const char **why);
/* Free the path; the url may be parsed into again. */
void	url_free(struct url *);

#endif
