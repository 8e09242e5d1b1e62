/* httpreq: HTTP/1.1 requests (RFC 9112) read as they come, within fixed bounds. */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "httpreq.h"
#include "httptok.h"
#include "num.h"

#define BLANK_MAX	4	/* empty lines let pass before a request line */

enum {
	ST_LINE,		/* the request line, after empty lines */
	ST_HEADER,		/* header fields, up to the empty line */
	ST_LENGTH,		/* a body of Content-Length bytes */
	ST_CHUNK,		/* a chunk-size line */
	ST_DATA,		/* a chunk's data */
	ST_DATA_END,		/* the CRLF after it */
	ST_TRAILER,		/* trailer fields, up to the empty line */
	ST_DONE,
	ST_BAD
};

/* The request is bad: answer status and close, whatever came before. */
static int
bad(struct httpreq *r, int status)
{
	r->status = status;
	r->keep_alive = 0;
	r->state = ST_BAD;
	return -1;
}

static int
done(struct httpreq *r)
{
	/* so that a caller may use an empty body as a string too */
	if (buf_add(&r->body, "", 0) == -1)
		return bad(r, 500);
	r->state = ST_DONE;
	return 0;
}

void
httpreq_init(struct httpreq *r, size_t body_max)
{
	memset(r, 0, offsetof(struct httpreq, store));
	r->store[0] = r->cline[0] = r->pathbuf[0] = '\0';
	r->body_max = body_max;
	r->state = ST_LINE;
}

void
httpreq_reset(struct httpreq *r)
{
	struct buf body = r->body;
	size_t max = r->body_max;

	buf_reset(&body);
	httpreq_init(r, max);
	r->body = body;
}

void
httpreq_free(struct httpreq *r)
{
	size_t max = r->body_max;

	buf_free(&r->body);
	httpreq_init(r, max);
}

const char *
httpreq_header(const struct httpreq *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcasecmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

/* ---- paths and queries ---- */

/*
 * The byte at in[*i] (of n), decoded: %XX and, for a query, '+'. -1 on
 * a bad escape or a NUL; *i moves past it.
 */
static int
decode_at(const char *in, size_t n, size_t *i, int plus)
{
	int c = (unsigned char)in[*i], hi, lo;

	if (c == '%') {
		if (n - *i < 3 ||
		    (hi = http_hexval((unsigned char)in[*i + 1])) < 0 ||
		    (lo = http_hexval((unsigned char)in[*i + 2])) < 0)
			return -1;
		c = hi << 4 | lo;
		*i += 3;
	} else {
		if (plus && c == '+')
			c = ' ';
		*i += 1;
	}
	return c == '\0' ? -1 : c;
}

/*
 * One segment of a path (the n bytes between slashes), checked: its
 * decoded length, or -1. *dots says whether it decodes to "." (1) or
 * ".." (2), which it may do encoded ("%2e%2E") too.
 */
static long
segment(const char *in, size_t n, int *dots)
{
	size_t i = 0, len = 0;
	int c, ndot = 0;

	while (i < n) {
		if ((c = decode_at(in, n, &i, 0)) == -1 || c == '/' ||
		    c < ' ' || c == 0x7f)
			return -1;
		if (c == '.')
			ndot++;
		len++;
	}
	*dots = len == (size_t)ndot && len <= 2 ? (int)len : 0;
	return (long)len;
}

int
http_path_canon(const char *in, size_t n, char *out, size_t outsize)
{
	size_t i = 1, end, o = 1, k;
	long len;
	int dots, trail = 0;

	if (n == 0 || in[0] != '/' || outsize < 2)
		return -1;
	out[0] = '/';
	while (i <= n) {
		for (end = i; end < n && in[end] != '/'; end++)
			;
		if ((len = segment(in + i, end - i, &dots)) == -1)
			return -1;
		if (len == 0 || dots == 1)
			trail = 1;
		else if (dots == 2) {
			if (o == 1)
				return -1;	/* above the root */
			while (out[--o] != '/')
				;
			if (o == 0)
				o = 1;
			trail = 1;
		} else {
			/* the '/' before it and the segment; a NUL after */
			if ((size_t)len + (o > 1) > outsize - 1 - o)
				return -1;
			if (o > 1)
				out[o++] = '/';
			for (k = i; k < end;)
				out[o++] = (char)decode_at(in, end, &k, 0);
			trail = 0;
		}
		i = end + 1;
	}
	if (trail && o > 1) {
		if (o + 1 >= outsize)
			return -1;
		out[o++] = '/';
	}
	out[o] = '\0';
	return 0;
}

int
http_query_get(const char *query, const char *name, char *out,
    size_t outsize)
{
	size_t n, i, end, eq, k, o;
	int c, same;

	if (query == NULL)
		return 0;
	n = strlen(query);
	/* the whole query first: a bad one is bad whatever is asked of it */
	for (i = 0; i < n;)
		if (decode_at(query, n, &i, 1) == -1)
			return -1;
	for (i = 0; i < n; i = end + 1) {
		for (end = i; end < n && query[end] != '&'; end++)
			;
		for (eq = i; eq < end && query[eq] != '='; eq++)
			;
		if (end == i)
			continue;	/* "a=1&&b=2" */
		/* the name, decoded as compared (no escape spans a '=') */
		for (k = i, o = 0, same = 1; k < eq && same; o++) {
			c = decode_at(query, eq, &k, 1);
			same = name[o] != '\0' && (unsigned char)name[o] == c;
		}
		if (!same || name[o] != '\0')
			continue;
		for (k = eq + (eq < end), o = 0; k < end; o++) {
			if (o + 1 >= outsize)
				return -1;
			out[o] = (char)decode_at(query, end, &k, 1);
		}
		if (outsize == 0)
			return -1;
		out[o] = '\0';
		return 1;
	}
	return 0;
}

/* ---- the request line ---- */

/*
 * The path and query of a request-target: origin-form "/p?q",
 * absolute-form "http://host/p?q" (the host is Host's business), or
 * asterisk-form for OPTIONS.
 */
static int
target(struct httpreq *r, char *t)
{
	const char *p = t, *q;
	size_t plen;

	r->target = t;
	for (; *p != '\0'; p++)
		if (*p < '!' || *p > '~' || *p == '#')
			return bad(r, 400);
	if (strcmp(t, "*") == 0) {
		if (strcmp(r->method, "OPTIONS") != 0)
			return bad(r, 400);
		r->path = "*";
		return 0;
	}
	p = t;
	if (strncasecmp(p, "http://", 7) == 0) {
		p += 7;
		plen = strcspn(p, "/?");
		if (plen == 0)
			return bad(r, 400);
		p += plen;
		if (*p != '/') {
			/* "http://h" and "http://h?q" have the path "/" */
			r->query = *p == '?' ? p + 1 : NULL;
			r->path = "/";
			return 0;
		}
	}
	if (*p != '/')
		return bad(r, 400);
	q = strchr(p, '?');
	plen = q != NULL ? (size_t)(q - p) : strlen(p);
	r->query = q != NULL ? q + 1 : NULL;
	if (http_path_canon(p, plen, r->pathbuf, sizeof(r->pathbuf)) == -1)
		return bad(r, 400);
	r->path = r->pathbuf;
	return 0;
}

/* METHOD SP request-target SP HTTP/1.x, nothing more, nothing less. */
static int
request_line(struct httpreq *r, char *l, size_t len)
{
	char *sp, *t, *v;
	size_t mlen;

	if (len == 0) {
		/* RFC 9112 2.2: empty lines before a request are ignored */
		if (++r->nblank > BLANK_MAX)
			return bad(r, 400);
		return 0;
	}
	if (len > HTTPREQ_LINE_MAX)
		return bad(r, 414);
	if ((sp = memchr(l, ' ', len)) == NULL || sp == l)
		return bad(r, 400);
	mlen = (size_t)(sp - l);
	for (t = l; t < sp; t++)
		if (!http_tchar((unsigned char)*t))
			return bad(r, 501);
	if (mlen > HTTPREQ_METHOD_MAX)
		return bad(r, 501);
	memcpy(r->method, l, mlen);
	r->method[mlen] = '\0';
	t = sp + 1;
	if ((v = strchr(t, ' ')) == NULL || v == t)
		return bad(r, 400);
	*v++ = '\0';
	if (strncmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' ||
	    v[6] != '.' || v[7] < '0' || v[7] > '9' || v[8] != '\0')
		return bad(r, 400);
	if (v[5] != '1')
		return bad(r, 505);
	r->minor = v[7] == '0' ? 0 : 1;
	if (target(r, t) == -1)
		return -1;
	r->storelen = len + 1;
	r->state = ST_HEADER;
	return 0;
}

/* ---- header fields ---- */

/* Each element of a comma-separated list, OWS trimmed, empty ones skipped. */
static const char *
list_next(const char *s, size_t *len)
{
	const char *e;

	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			return NULL;
		e = s + strcspn(s, ",");
		*len = (size_t)(e - s);
		while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
			(*len)--;
		if (*len > 0)
			return s;
		s = *e == ',' ? e + 1 : e;
	}
}

static int
list_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

static int
content_length(struct httpreq *r, const char *v)
{
	const char *why;
	long long n;

	if (*v < '0' || *v > '9' || num_ll(v, 0, LLONG_MAX, &n, &why) == -1)
		return bad(r, 400);
	if (r->has_length && r->content_length != (unsigned long long)n)
		return bad(r, 400);
	r->has_length = 1;
	r->content_length = (unsigned long long)n;
	return 0;
}

/*
 * We know one transfer coding, chunked, and it may come once (RFC 9112
 * 6.1): any other is 501, as is "chunked;param".
 */
static int
transfer_encoding(struct httpreq *r, const char *v)
{
	const char *s;
	size_t len;
	int any = 0;

	for (s = v; (s = list_next(s, &len)) != NULL; s += len) {
		if (!list_is(s, len, "chunked"))
			return bad(r, 501);
		if (r->chunked)
			return bad(r, 400);
		r->chunked = 1;
		any = 1;
	}
	if (!any)
		return bad(r, 400);
	r->te = 1;
	return 0;
}

static void
connection(struct httpreq *r, const char *v)
{
	const char *s;
	size_t len;

	for (s = v; (s = list_next(s, &len)) != NULL; s += len)
		if (list_is(s, len, "close"))
			r->conn_close = 1;
		else if (list_is(s, len, "keep-alive"))
			r->conn_keep = 1;
}

/* uri-host [":" port]: reg-name, IPv4 or IP-literal characters only. */
static int
host(struct httpreq *r, const char *v)
{
	if (r->has_host)
		return bad(r, 400);
	r->has_host = 1;
	for (; *v != '\0'; v++)
		if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		    (*v >= '0' && *v <= '9') ||
		    strchr("-._~%!$&'()*+,;=:[]", *v) != NULL))
			return bad(r, 400);
	return 0;
}

/*
 * "Name: value" of the head (kept, the framing looked at) or of the
 * trailers (checked, then dropped).
 */
static int
field(struct httpreq *r, char *l, int in_head)
{
	unsigned char c;
	char *colon, *v, *e;

	if (r->nfields + r->ntrailers >= HTTPREQ_FIELDS_MAX)
		return bad(r, 431);
	/*
	 * The name, a token, right before the colon: a line that begins
	 * with a blank (obs-fold, or a blank before the first field: RFC
	 * 9112 5.2, 2.2) and one with a blank before the colon (5.1) are
	 * bad, not to be read in some other way by someone else.
	 */
	for (colon = l; http_tchar((unsigned char)*colon); colon++)
		;
	if (colon == l || *colon != ':')
		return bad(r, 400);
	*colon = '\0';
	v = colon + 1 + strspn(colon + 1, " \t");
	for (e = v; *e != '\0'; e++) {
		c = (unsigned char)*e;
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return bad(r, 400);
	}
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	if (!in_head) {
		r->ntrailers++;
		return 0;
	}
	r->fields[r->nfields].name = l;
	r->fields[r->nfields].value = v;
	r->nfields++;
	if (strcasecmp(l, "Content-Length") == 0)
		return content_length(r, v);
	if (strcasecmp(l, "Transfer-Encoding") == 0)
		return transfer_encoding(r, v);
	if (strcasecmp(l, "Connection") == 0)
		connection(r, v);
	else if (strcasecmp(l, "Host") == 0)
		return host(r, v);
	else if (strcasecmp(l, "Expect") == 0 &&
	    strcasecmp(v, "100-continue") == 0)
		/* RFC 9110 10.1.1: an HTTP/1.0 client cannot mean it */
		r->expect_continue = r->minor >= 1;
	return 0;
}

/*
 * The empty line: whether the connection lasts, and how the body is
 * framed (RFC 9112 6.3).
 */
static int
head_end(struct httpreq *r)
{
	const char *m = r->method;

	if (r->minor >= 1 && !r->has_host)
		return bad(r, 400);
	r->keep_alive = !r->conn_close && (r->minor >= 1 || r->conn_keep);
	r->head_done = 1;
	if (r->te) {
		/*
		 * Both framings, or chunked from an HTTP/1.0 client: whoever
		 * sent it may be read differently by someone on the way, so
		 * nothing more is read from this connection.
		 */
		if (r->has_length || r->minor == 0)
			r->keep_alive = 0;
		r->has_length = 0;
		r->content_length = 0;
		r->state = ST_CHUNK;
		return 0;
	}
	if (r->has_length) {
		if (r->content_length > r->body_max)
			return bad(r, 413);
		r->left = r->content_length;
		r->state = ST_LENGTH;
		return r->left == 0 ? done(r) : 0;
	}
	if (strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 ||
	    strcmp(m, "PATCH") == 0)
		return bad(r, 411);
	return done(r);
}

static int
chunk_size(struct httpreq *r, const char *l)
{
	unsigned long long size;

	switch (http_chunk_size(l, &size)) {
	case -1:
		return bad(r, 400);
	case -2:
		return bad(r, 413);
	}
	if (size > r->body_max - r->body.len)
		return bad(r, 413);
	if (size == 0) {
		r->state = ST_TRAILER;
		return 0;
	}
	r->left = size;
	r->state = ST_DATA;
	return 0;
}

/* A whole line, without its end, of len bytes: to the state's reader. */
static int
line(struct httpreq *r, char *l, size_t len)
{
	switch (r->state) {
	case ST_LINE:
		return request_line(r, l, len);
	case ST_HEADER:
		if (len == 0)
			return head_end(r);
		if (field(r, l, 1) == -1)
			return -1;
		r->storelen += len + 1;
		return 0;
	case ST_CHUNK:
		/* as long with CRLF as gather lets it be with LF alone */
		if (len > HTTPREQ_CHUNK_LINE_MAX)
			return bad(r, 400);
		return chunk_size(r, l);
	case ST_DATA_END:
		if (len != 0)
			return bad(r, 400);
		r->state = ST_CHUNK;
		return 0;
	default:
		return len == 0 ? done(r) : field(r, l, 0);
	}
}

/*
 * Gather bytes up to and with a '\n' into the line; the count used. A
 * line ends in CRLF, or in LF alone, which RFC 9112 2.2 lets a
 * recipient take for one. The request line and the fields are kept in
 * store, one after the other, a chunk-size line in cline.
 */
static size_t
gather(struct httpreq *r, const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	size_t take = nl != NULL ? (size_t)(nl - s) + 1 : n, room, i;
	char *l;
	int over;

	/*
	 * Over a limit, the bytes up to the first one beyond it are used,
	 * however the request was split.
	 */
	switch (r->state) {
	case ST_LINE:
		/* the line, CR and LF */
		room = HTTPREQ_LINE_MAX + 2 - r->linelen;
		over = 414;
		l = r->store;
		for (i = 0; i < take && i <= room && !r->started; i++)
			r->started = s[i] != '\r' && s[i] != '\n';
		break;
	case ST_HEADER:
	case ST_TRAILER:
		room = HTTPREQ_HEAD_MAX - r->section;
		over = 431;
		l = r->store + r->storelen;
		break;
	default:
		room = sizeof(r->cline) - 1 - r->linelen;
		over = 400;
		l = r->cline;
		break;
	}
	if (take > room) {
		bad(r, over);
		return room + 1;
	}
	if (r->state == ST_HEADER || r->state == ST_TRAILER)
		r->section += take;
	memcpy(l + r->linelen, s, take);
	r->linelen += take;
	if (nl == NULL)
		return take;
	r->linelen--;
	if (r->linelen > 0 && l[r->linelen - 1] == '\r')
		r->linelen--;
	l[r->linelen] = '\0';
	/* a CR alone or a NUL would end the line early for what reads it */
	if (memchr(l, '\0', r->linelen) != NULL ||
	    (r->state != ST_LINE && memchr(l, '\r', r->linelen) != NULL)) {
		bad(r, 400);
		return take;
	}
	i = r->linelen;
	r->linelen = 0;
	line(r, l, i);
	return take;
}

/* Body bytes, Content-Length's or a chunk's. */
static size_t
body(struct httpreq *r, const char *s, size_t n)
{
	if (n > r->left)
		n = (size_t)r->left;
	if (buf_add(&r->body, s, n) == -1) {
		bad(r, 500);
		return n;
	}
	if ((r->left -= n) > 0)
		return n;
	if (r->state == ST_LENGTH)
		done(r);
	else
		r->state = ST_DATA_END;
	return n;
}

int
httpreq_feed(struct httpreq *r, const char *p, size_t n, size_t *used)
{
	size_t off = 0;

	while (off < n && r->state < ST_DONE) {
		if (r->state == ST_LENGTH || r->state == ST_DATA)
			off += body(r, p + off, n - off);
		else
			off += gather(r, p + off, n - off);
	}
	if (used != NULL)
		*used = off;
	return r->state == ST_DONE ? 1 : r->state == ST_BAD ? r->status : 0;
}
