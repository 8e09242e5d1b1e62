/* Unit tests of httpreq: requests fed whole and byte by byte, their limits, paths and queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "httpreq.h"
#include "tap.h"

#define S(lit)	lit, sizeof(lit) - 1
#define H11	" HTTP/1.1\r\nHost: h\r\n"
#define BODY_MAX	64

/* the same request fed whole (W) and byte by byte (B) */
static struct httpreq W, B;

/* s, up to 60 bytes, with C escapes for what would break a TAP line. */
static const char *
printable(const char *s, size_t n)
{
	static char out[4 * 60 + 4];
	size_t i, o = 0;

	for (i = 0; i < n && i < 60; i++)
		if (s[i] >= ' ' && s[i] <= '~')
			out[o++] = s[i];
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x",
			    (unsigned char)s[i]);
	if (i < n)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "...");
	out[o] = '\0';
	return out;
}

/*
 * Feed in pieces of step bytes (0: all at once) until a verdict; the
 * verdict, *used what was taken in all. While it wants more a feed must
 * take all it is given, and it may never take more.
 */
static int
feed(struct httpreq *r, const char *in, size_t n, size_t step, size_t *used)
{
	size_t off = 0, k, u;
	int rc = 0;

	while (off < n && rc == 0) {
		k = step != 0 && step < n - off ? step : n - off;
		u = (size_t)-1;
		rc = httpreq_feed(r, in + off, k, &u);
		if (u > k || (rc == 0 && u != k))
			return -1;
		off += u;
	}
	*used = off;
	return rc;
}

static int
same_str(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* What a server sees of a and b is the same. */
static int
agree(const struct httpreq *a, const struct httpreq *b)
{
	size_t i;

	if (strcmp(a->method, b->method) != 0 || !same_str(a->target,
	    b->target) || !same_str(a->path, b->path) || !same_str(a->query,
	    b->query) || a->minor != b->minor || a->nfields != b->nfields ||
	    a->content_length != b->content_length ||
	    a->has_length != b->has_length || a->chunked != b->chunked ||
	    a->keep_alive != b->keep_alive ||
	    a->expect_continue != b->expect_continue ||
	    a->started != b->started || a->head_done != b->head_done ||
	    a->body.len != b->body.len || (a->body.len > 0 &&
	    memcmp(a->body.p, b->body.p, a->body.len) != 0))
		return 0;
	for (i = 0; i < a->nfields; i++)
		if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
		    strcmp(a->fields[i].value, b->fields[i].value) != 0)
			return 0;
	return 1;
}

/*
 * Parse in into W whole and into B byte by byte: the verdict of W, which
 * must be want; B must agree, and the verdict stay. *usedp (if not NULL)
 * gets what was taken.
 */
static int
req(const char *name, const char *in, size_t n, size_t body_max, int want,
    size_t *usedp)
{
	size_t uw, ub, u;
	int rw, rb;

	httpreq_free(&W);
	httpreq_free(&B);
	httpreq_init(&W, body_max);
	httpreq_init(&B, body_max);
	rw = feed(&W, in, n, 0, &uw);
	rb = feed(&B, in, n, 1, &ub);
	if (!is_int(rw, want, "%s: verdict", name))
		diag("request: '%s'", printable(in, n));
	if (!ok(rb == rw && ub == uw && agree(&W, &B), "%s: the same byte "
	    "by byte", name))
		diag("whole %d, used %zu; byte by byte %d, used %zu", rw, uw,
		    rb, ub);
	if (rw != 0)
		ok(httpreq_feed(&W, "GET", 3, &u) == rw && u == 0,
		    "%s: the verdict stays", name);
	if (rw == 1)
		ok(W.body.p != NULL && W.body.p[W.body.len] == '\0',
		    "%s: the body is a string", name);
	if (rw >= 400)
		is_int(W.keep_alive, 0, "%s: the connection closes", name);
	if (usedp != NULL)
		*usedp = uw;
	return rw;
}

/* A request that must end in status, fed whole and byte by byte. */
static void
bad(const char *name, const char *in, size_t n, int status)
{
	req(name, in, n, BODY_MAX, status, NULL);
}

static void
test_simple(void)
{
	static const char get[] = "GET /index.html?x=1&y HTTP/1.1\r\n"
	    "Host: example.com\r\nUser-Agent:   t/1 \t\r\nAccept:\r\n\r\n";
	static const char post[] = "POST /api/0/x HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world";
	size_t used, cap;

	req("GET", S(get), BODY_MAX, 1, &used);
	is_int((long long)used, sizeof(get) - 1, "GET: all of it used");
	is_str(W.method, "GET", "GET: method");
	is_str(W.target, "/index.html?x=1&y", "GET: target");
	is_str(W.path, "/index.html", "GET: path");
	is_str(W.query, "x=1&y", "GET: query");
	is_int(W.minor, 1, "GET: HTTP/1.1");
	is_int((long long)W.nfields, 3, "GET: three fields");
	is_int(W.keep_alive, 1, "GET: kept alive");
	ok(!W.has_length && !W.chunked && W.body.len == 0 && W.started &&
	    W.head_done && !W.expect_continue, "GET: no body");
	is_str(httpreq_header(&W, "Host"), "example.com", "GET: Host");
	is_str(httpreq_header(&W, "hOST"), "example.com",
	    "GET: hOST (case-insensitive)");
	is_str(httpreq_header(&W, "user-agent"), "t/1", "GET: OWS trimmed");
	is_str(httpreq_header(&W, "ACCEPT"), "", "GET: an empty value");
	is_str(httpreq_header(&W, "Accept-Language"), NULL, "GET: absent");
	is_str(httpreq_header(&W, "Hos"), NULL, "GET: no prefix match");

	req("HEAD", S("HEAD /a/./b/../c HTTP/1.1\r\nhost: h\r\n"
	    "Connection: close\r\n\r\n"), BODY_MAX, 1, NULL);
	is_str(W.method, "HEAD", "HEAD: method");
	is_str(W.path, "/a/c", "HEAD: path made canonical");
	is_str(W.query, NULL, "HEAD: no query");
	is_int(W.keep_alive, 0, "HEAD: Connection: close");

	req("POST", S(post), BODY_MAX, 1, &used);
	is_int((long long)used, sizeof(post) - 1, "POST: all of it used");
	ok(W.has_length && W.content_length == 11 && !W.chunked,
	    "POST: Content-Length 11");
	is_str(W.body.p, "hello world", "POST: body");
	is_int(W.keep_alive, 1, "POST: kept alive");

	cap = W.body.cap;
	httpreq_reset(&W);
	ok(W.body.len == 0 && W.body.cap == cap && W.body.p != NULL &&
	    W.nfields == 0 && W.path == NULL && W.method[0] == '\0' &&
	    !W.started && W.body_max == BODY_MAX,
	    "reset: a new request, the body's memory kept");
	req("POST, bytes after the body are the next request's", S("POST / "
	    "HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nokGET"),
	    BODY_MAX, 1, &used);
	is_int((long long)used, sizeof("POST / HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 2\r\n\r\nok") - 1, "  used stops after the body");
	is_str(W.body.p, "ok", "  body");

	req("Content-Length 0", S("PUT /x" H11 "Content-Length: 0\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	ok(W.has_length && W.content_length == 0 && W.body.len == 0,
	    "  empty body");
	req("same Content-Length twice", S("POST /" H11 "Content-Length: 3\r\n"
	    "Content-Length:  3 \r\n\r\nabc"), BODY_MAX, 1, NULL);
	is_str(W.body.p, "abc", "  body");
	req("GET with a body", S("GET /" H11 "Content-Length: 4\r\n\r\n1234"),
	    BODY_MAX, 1, NULL);
	is_str(W.body.p, "1234", "  body read");
	req("body of body_max", S("POST /" H11 "Content-Length: 64\r\n\r\n"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
	    BODY_MAX, 1, NULL);
	is_int((long long)W.body.len, BODY_MAX, "  all of it");

	req("bare LF line ends", S("GET /x? HTTP/1.1\nHost: h\n\n"), BODY_MAX,
	    1, NULL);
	is_str(W.query, "", "  an empty query");
	req("empty lines before", S("\r\n\n\r\n\nGET /" H11 "\r\n"), BODY_MAX,
	    1, NULL);
	bad("too many empty lines before", S("\r\n\n\r\n\n\r\nGET /" H11
	    "\r\n"), 400);
	req("absolute-form", S("GET http://example.com:8080/a/../b?q=1"
	    H11 "\r\n"), BODY_MAX, 1, NULL);
	ok(strcmp(W.path, "/b") == 0 && strcmp(W.query, "q=1") == 0,
	    "  path '%s', query '%s'", W.path, W.query);
	req("absolute-form, no path", S("GET HTTP://example.com?q" H11
	    "\r\n"), BODY_MAX, 1, NULL);
	ok(strcmp(W.path, "/") == 0 && strcmp(W.query, "q") == 0,
	    "  path '%s', query '%s'", W.path, W.query);
	req("OPTIONS *", S("OPTIONS *" H11 "\r\n"), BODY_MAX, 1, NULL);
	is_str(W.path, "*", "  path");
	req("HTTP/1.2 is read as 1.1", S("GET / HTTP/1.2\r\nHost: h\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	is_int(W.minor, 1, "  minor");
	req("a method we do not know is the server's business",
	    S("BREW /pot" H11 "\r\n"), BODY_MAX, 1, NULL);
	is_str(W.method, "BREW", "  method");
	req("a method of 15 bytes", S("ABCDEFGHIJKLMNO /" H11 "\r\n"),
	    BODY_MAX, 1, NULL);
	req("obs-text in a value", S("GET /" H11 "X: caf\xc3\xa9\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	is_str(httpreq_header(&W, "x"), "caf\xc3\xa9", "  kept");
	req("duplicates: the first", S("GET /" H11 "X-A: 1\r\nx-a: 2\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	is_str(httpreq_header(&W, "X-A"), "1", "  value");
	req("Host may be empty", S("GET / HTTP/1.1\r\nHost:\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	req("Host with a port and an IPv6 literal", S("GET / HTTP/1.1\r\n"
	    "Host: [::1]:8080\r\n\r\n"), BODY_MAX, 1, NULL);
}

static void
test_chunked(void)
{
	static const char in[] = "POST /c HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"
	    "5;name=val\r\nhello\r\n"
	    "6 ; q=\"a b\"\t\r\n world\r\n"
	    "0;last\r\nX-Trailer: t\r\nOther: 2\r\n\r\n";
	size_t used;

	req("chunked with extensions and trailers", S(in), BODY_MAX, 1, &used);
	is_int((long long)used, sizeof(in) - 1, "  all of it used");
	is_str(W.body.p, "hello world", "  body");
	ok(W.chunked && !W.has_length && W.keep_alive, "  chunked, kept alive");
	is_str(httpreq_header(&W, "X-Trailer"), NULL,
	    "  trailers are not header fields");
	is_str(httpreq_header(&W, "Transfer-Encoding"), "chunked",
	    "  Transfer-Encoding is");
	req("chunked, hex sizes, bare LF", S("PATCH /c HTTP/1.1\nHost: h\n"
	    "transfer-encoding: , CHUNKED ,\n\nA\n0123456789\n0010\n"
	    "0123456789abcdef\n000\n\n"), BODY_MAX, 1, NULL);
	is_str(W.body.p, "01234567890123456789abcdef", "  body");
	req("chunked, no chunks", S("POST /" H11 "Transfer-Encoding: chunked"
	    "\r\n\r\n0\r\n\r\n"), BODY_MAX, 1, NULL);
	is_int((long long)W.body.len, 0, "  empty body");
	req("chunked beats Content-Length, and the connection closes",
	    S("POST /" H11 "Content-Length: 100\r\nTransfer-Encoding: chunked"
	    "\r\n\r\n2\r\nok\r\n0\r\n\r\n"), BODY_MAX, 1, NULL);
	ok(W.chunked && !W.has_length && !W.keep_alive &&
	    strcmp(W.body.p, "ok") == 0, "  chunked, body 'ok', keep_alive 0");
	req("chunked in HTTP/1.0: read, then close", S("POST / HTTP/1.0\r\n"
	    "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "2\r\nok\r\n0\r\n\r\n"), BODY_MAX, 1, NULL);
	ok(W.chunked && !W.keep_alive, "  keep_alive 0");
	req("chunked up to body_max", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n20\r\n0123456789abcdef0123456789abcdef\r\n"
	    "20\r\n0123456789abcdef0123456789abcdef\r\n0\r\n\r\n"), BODY_MAX,
	    1, NULL);

	bad("chunked, over body_max", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n20\r\n0123456789abcdef0123456789abcdef\r\n"
	    "21\r\n"), 413);
	bad("chunked, a size beyond 2^64", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n1000000000000000000000000\r\n"), 413);
	bad("chunked twice", S("POST /" H11 "Transfer-Encoding: chunked\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"), 400);
	bad("chunked, empty Transfer-Encoding", S("POST /" H11
	    "Transfer-Encoding: \r\n\r\n"), 400);
	bad("chunked, a bad size", S("POST /" H11 "Transfer-Encoding: chunked"
	    "\r\n\r\nx\r\n"), 400);
	bad("chunked, a size and junk", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n1 x\r\n"), 400);
	bad("chunked, 0x", S("POST /" H11 "Transfer-Encoding: chunked\r\n\r\n"
	    "0x1\r\n"), 400);
	bad("chunked, no CRLF after the data", S("POST /" H11
	    "Transfer-Encoding: chunked\r\n\r\n2\r\nokk\r\n"), 400);
	bad("chunked, control character in an extension", S("POST /" H11
	    "Transfer-Encoding: chunked\r\n\r\n2;\x01\r\n"), 400);
	bad("chunked, a bad trailer", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n0\r\n bad\r\n"), 400);
	{
		char line[HTTPREQ_CHUNK_LINE_MAX + 200];
		struct buf b = BUF_INIT;

		memset(line, 'e', sizeof(line));
		buf_adds(&b, "POST /" H11 "Transfer-Encoding: chunked\r\n\r\n"
		    "1;");
		buf_add(&b, line, HTTPREQ_CHUNK_LINE_MAX - 2);
		buf_adds(&b, "\r\nx\r\n0\r\n\r\n");
		req("chunk line of the most bytes", b.p, b.len, BODY_MAX, 1,
		    NULL);
		buf_reset(&b);
		buf_adds(&b, "POST /" H11 "Transfer-Encoding: chunked\r\n\r\n"
		    "1;");
		buf_add(&b, line, HTTPREQ_CHUNK_LINE_MAX - 1);
		buf_adds(&b, "\r\nx\r\n0\r\n\r\n");
		bad("chunk line a byte too long", b.p, b.len, 400);
		buf_reset(&b);
		buf_adds(&b, "POST /" H11 "Transfer-Encoding: chunked\r\n\r\n"
		    "1;");
		buf_add(&b, line, HTTPREQ_CHUNK_LINE_MAX - 1);
		buf_adds(&b, "\nx\n0\n\n");
		bad("chunk line a byte too long, bare LF", b.p, b.len, 400);
		buf_free(&b);
	}
	req("incomplete chunked body", S("POST /" H11 "Transfer-Encoding: "
	    "chunked\r\n\r\n5\r\nhel"), BODY_MAX, 0, NULL);
}

/* Several requests in one buffer: fed whole, then byte by byte, resetting between. */
static void
test_pipeline(void)
{
	static const char in[] = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
	    "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"
	    "\r\n"	/* an extra CRLF after a body, as old clients send */
	    "GET /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "1\r\nz\r\n0\r\n\r\n"
	    "GET /4 HTTP/1.1\r\nHost";
	static const size_t want[] = {
		sizeof("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n") - 1,
		sizeof("POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n"
		    "ok") - 1,
		sizeof("\r\nGET /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
		    "chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n") - 1,
	};
	static const char *paths[] = { "/1", "/2", "/3" };
	size_t off = 0, used, i, at[3] = { 0, 0, 0 }, got = 0;
	int rc;

	httpreq_free(&W);
	httpreq_init(&W, BODY_MAX);
	for (i = 0; i < 3; i++) {
		rc = httpreq_feed(&W, in + off, sizeof(in) - 1 - off, &used);
		is_int(rc, 1, "pipelined %zu: complete", i + 1);
		is_int((long long)used, (long long)want[i],
		    "pipelined %zu: used says where the next begins", i + 1);
		is_str(W.path, paths[i], "pipelined %zu: path", i + 1);
		ok(W.keep_alive, "pipelined %zu: kept alive", i + 1);
		if (i == 1)
			is_str(W.body.p, "ok", "pipelined 2: body");
		if (i == 2)
			is_str(W.body.p, "z", "pipelined 3: body");
		off += used;
		httpreq_reset(&W);
	}
	rc = httpreq_feed(&W, in + off, sizeof(in) - 1 - off, &used);
	ok(rc == 0 && used == sizeof(in) - 1 - off && W.started,
	    "pipelined 4: begun, more wanted");

	httpreq_free(&B);
	httpreq_init(&B, BODY_MAX);
	for (off = 0; off < sizeof(in) - 1; off++) {
		rc = httpreq_feed(&B, in + off, 1, &used);
		if (used != 1 || (rc != 0 && rc != 1))
			break;
		if (rc == 1) {
			if (got < 3)
				at[got] = off + 1;
			got++;
			httpreq_reset(&B);
		}
	}
	ok(off == sizeof(in) - 1 && got == 3 && at[0] == want[0] &&
	    at[1] == want[0] + want[1] && at[2] == want[0] + want[1] + want[2],
	    "pipelined, byte by byte: the same three requests");
}

static void
test_versions(void)
{
	req("HTTP/1.0", S("GET / HTTP/1.0\r\n\r\n"), BODY_MAX, 1, NULL);
	ok(W.minor == 0 && !W.keep_alive, "  no Host needed, not kept alive");
	req("HTTP/1.0 keep-alive", S("GET / HTTP/1.0\r\nConnection: "
	    "Keep-Alive\r\n\r\n"), BODY_MAX, 1, NULL);
	ok(W.minor == 0 && W.keep_alive, "  kept alive");
	req("HTTP/1.0 keep-alive, close", S("GET / HTTP/1.0\r\nConnection: "
	    "keep-alive\r\nConnection: x, close\r\n\r\n"), BODY_MAX, 1, NULL);
	is_int(W.keep_alive, 0, "  close wins");
	req("HTTP/1.1 close in a list", S("GET /" H11 "Connection: Upgrade, "
	    "CLOSE\r\n\r\n"), BODY_MAX, 1, NULL);
	is_int(W.keep_alive, 0, "  not kept alive");
	req("HTTP/1.1 closed-ish", S("GET /" H11 "Connection: closed\r\n\r\n"),
	    BODY_MAX, 1, NULL);
	is_int(W.keep_alive, 1, "  only the token close closes");

	req("Expect: 100-continue", S("PUT /x" H11 "Expect: 100-Continue\r\n"
	    "Content-Length: 3\r\n\r\n"), BODY_MAX, 0, NULL);
	ok(W.expect_continue && W.head_done, "  the head is read, 100 is due");
	req("  then the body", S("PUT /x" H11 "Expect: 100-continue\r\n"
	    "Content-Length: 3\r\n\r\nabc"), BODY_MAX, 1, NULL);
	req("Expect: 100-continue in HTTP/1.0", S("PUT /x HTTP/1.0\r\n"
	    "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n"), BODY_MAX, 0,
	    NULL);
	ok(!W.expect_continue && W.head_done, "  ignored (RFC 9110 10.1.1)");

	req("nothing yet", "", 0, BODY_MAX, 0, NULL);
	ok(!W.started && !W.head_done, "  not started");
	req("only empty lines", S("\r\n\n"), BODY_MAX, 0, NULL);
	ok(!W.started, "  not started (a close now is a clean one)");
	req("half a head", S("GET / HTTP/1.1\r\nHost: h\r\n"), BODY_MAX, 0,
	    NULL);
	ok(W.started && !W.head_done, "  started");
}

static void
test_limits(void)
{
	struct buf b = BUF_INIT;
	char pad[HTTPREQ_HEAD_MAX];
	size_t i;

	memset(pad, 'a', sizeof(pad));
	/* "GET /" a... " HTTP/1.1": 14 bytes and the a's */
	buf_adds(&b, "GET /");
	buf_add(&b, pad, HTTPREQ_LINE_MAX - 14);
	buf_adds(&b, " HTTP/1.1\r\nHost: h\r\n\r\n");
	req("request line of 8192 bytes", b.p, b.len, BODY_MAX, 1, NULL);
	is_int((long long)strlen(W.path), HTTPREQ_LINE_MAX - 13, "  path");
	buf_reset(&b);
	buf_adds(&b, "GET /");
	buf_add(&b, pad, HTTPREQ_LINE_MAX - 13);
	buf_adds(&b, " HTTP/1.1\r\nHost: h\r\n\r\n");
	bad("request line of 8193 bytes", b.p, b.len, 414);
	buf_reset(&b);
	buf_adds(&b, "GET /");
	buf_add(&b, pad, HTTPREQ_LINE_MAX - 13);
	buf_adds(&b, " HTTP/1.1\nHost: h\n\n");
	bad("request line of 8193 bytes, bare LF", b.p, b.len, 414);
	buf_reset(&b);
	buf_adds(&b, "GET /");
	buf_add(&b, pad, HTTPREQ_LINE_MAX);
	bad("a request line with no end", b.p, b.len, 414);

	/* the head after the request line: 9 + 7 + pad + 2 + 2 bytes */
	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ");
	buf_add(&b, pad, HTTPREQ_HEAD_MAX - 20);
	buf_adds(&b, "\r\n\r\n");
	req("head of 32768 bytes", b.p, b.len, BODY_MAX, 1, NULL);
	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ");
	buf_add(&b, pad, HTTPREQ_HEAD_MAX - 19);
	buf_adds(&b, "\r\n\r\n");
	bad("head of 32769 bytes", b.p, b.len, 431);
	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ");
	buf_add(&b, pad, sizeof(pad));
	bad("a field with no end", b.p, b.len, 431);
	/* many short fields to the same limit */
	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\n");
	for (i = 0; i < 99; i++) {
		buf_printf(&b, "X-%02zu: ", i);
		buf_add(&b, pad, 323);
		buf_adds(&b, "\r\n");
	}
	buf_adds(&b, "\r\n");
	bad("99 fields of 331 bytes", b.p, b.len, 431);

	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\n");
	for (i = 0; i < HTTPREQ_FIELDS_MAX - 1; i++)
		buf_printf(&b, "X-%zu: %zu\r\n", i, i);
	buf_adds(&b, "\r\n");
	req("100 fields", b.p, b.len, BODY_MAX, 1, NULL);
	is_int((long long)W.nfields, HTTPREQ_FIELDS_MAX, "  all kept");
	is_str(httpreq_header(&W, "x-98"), "98", "  the last");
	buf_reset(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: h\r\n");
	for (i = 0; i < HTTPREQ_FIELDS_MAX; i++)
		buf_printf(&b, "X-%zu: %zu\r\n", i, i);
	buf_adds(&b, "\r\n");
	bad("101 fields", b.p, b.len, 431);
	buf_reset(&b);
	buf_adds(&b, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n0\r\n");
	for (i = 0; i < HTTPREQ_FIELDS_MAX - 2; i++)
		buf_printf(&b, "T-%zu: %zu\r\n", i, i);
	buf_adds(&b, "\r\n");
	req("100 fields, trailers included", b.p, b.len, BODY_MAX, 1, NULL);
	buf_reset(&b);
	buf_adds(&b, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n0\r\n");
	for (i = 0; i < HTTPREQ_FIELDS_MAX - 1; i++)
		buf_printf(&b, "T-%zu: %zu\r\n", i, i);
	buf_adds(&b, "\r\n");
	bad("101 fields, trailers included", b.p, b.len, 431);
	buf_reset(&b);
	buf_adds(&b, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
	    "chunked\r\n\r\n0\r\nT: ");
	buf_add(&b, pad, HTTPREQ_HEAD_MAX - 40);
	buf_adds(&b, "\r\n\r\n");
	bad("trailers over what the head left", b.p, b.len, 431);
	buf_free(&b);

	bad("body_max + 1", S("POST /" H11 "Content-Length: 65\r\n\r\n"), 413);
	req("body_max 0", S("POST /" H11 "Content-Length: 1\r\n\r\n"), 0, 413,
	    NULL);
	bad("2^63-1", S("POST /" H11 "Content-Length: 9223372036854775807\r\n"
	    "\r\n"), 413);
}

static void
test_errors(void)
{
	bad("POST without a length", S("POST /" H11 "\r\n"), 411);
	bad("PUT without a length", S("PUT /" H11 "\r\n"), 411);
	bad("PATCH without a length", S("PATCH /" H11 "\r\n"), 411);

	bad("Transfer-Encoding: gzip", S("POST /" H11 "Transfer-Encoding: "
	    "gzip\r\n\r\n"), 501);
	bad("Transfer-Encoding: gzip, chunked", S("POST /" H11
	    "Transfer-Encoding: gzip, chunked\r\n\r\n"), 501);
	bad("Transfer-Encoding: chunked, gzip", S("POST /" H11
	    "Transfer-Encoding: chunked, gzip\r\n\r\n"), 501);
	bad("Transfer-Encoding: chunked;x=1", S("POST /" H11
	    "Transfer-Encoding: chunked;x=1\r\n\r\n"), 501);
	bad("method GE\\x01T", S("GE\x01T /" H11 "\r\n"), 501);
	bad("method GE(T", S("GE(T /" H11 "\r\n"), 501);
	bad("method of 16 bytes", S("ABCDEFGHIJKLMNOP /" H11 "\r\n"), 501);

	bad("HTTP/2.0", S("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505);
	bad("HTTP/0.9", S("GET / HTTP/0.9\r\n\r\n"), 505);
	bad("HTTP/3.0, a bad target", S("GET x HTTP/3.0\r\n\r\n"), 505);

	bad("no Host in HTTP/1.1", S("GET / HTTP/1.1\r\n\r\n"), 400);
	bad("two Hosts", S("GET /" H11 "Host: h\r\n\r\n"), 400);
	bad("a bad Host", S("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"), 400);
	bad("a Host with a space", S("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
	    400);
	bad("HTTP/0.9 request", S("GET /\r\n\r\n"), 400);
	bad("no target", S("GET HTTP/1.1\r\n\r\n"), 400);
	bad("two spaces", S("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
	bad("space after the version", S("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"),
	    400);
	bad("leading space", S(" GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
	bad("lower-case version", S("GET / http/1.1\r\nHost: h\r\n\r\n"), 400);
	bad("version HTTP/1.10", S("GET / HTTP/1.10\r\nHost: h\r\n\r\n"), 400);
	bad("version HTTP/1", S("GET / HTTP/1\r\nHost: h\r\n\r\n"), 400);
	bad("tab for space", S("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"), 501);
	bad("a relative target", S("GET x" H11 "\r\n"), 400);
	bad("* not for GET", S("GET *" H11 "\r\n"), 400);
	bad("a fragment", S("GET /a#f" H11 "\r\n"), 400);
	bad("a raw non-ASCII byte", S("GET /caf\xc3\xa9" H11 "\r\n"), 400);
	bad("a path above the root", S("GET /a/../.." H11 "\r\n"), 400);
	bad("an encoded slash", S("GET /a%2fb" H11 "\r\n"), 400);
	bad("an encoded NUL", S("GET /a%00b" H11 "\r\n"), 400);
	bad("a NUL", S("GET /a\0b" H11 "\r\n"), 400);
	bad("a CR alone in the request line", S("GET /a\rb" H11 "\r\n"), 400);
	bad("absolute-form without a host", S("GET http:///x" H11 "\r\n"),
	    400);
	bad("https absolute-form", S("GET https://h/x" H11 "\r\n"), 400);
	bad("five empty lines", S("\r\n\r\n\r\n\r\n\r\nx"), 400);

	bad("obs-fold", S("GET /" H11 "X: a\r\n  b\r\n\r\n"), 400);
	bad("obs-fold with a tab", S("GET /" H11 "X: a\r\n\tb\r\n\r\n"), 400);
	bad("space before the first field", S("GET / HTTP/1.1\r\n Host: h\r\n"
	    "\r\n"), 400);
	bad("space before the colon", S("GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
	    400);
	bad("tab before the colon", S("GET /" H11 "X\t: h\r\n\r\n"), 400);
	bad("space in a name", S("GET /" H11 "X Y: h\r\n\r\n"), 400);
	bad("no name", S("GET /" H11 ": h\r\n\r\n"), 400);
	bad("no colon", S("GET /" H11 "NoColon\r\n\r\n"), 400);
	bad("CR alone in a value", S("GET /" H11 "X: a\rb\r\n\r\n"), 400);
	bad("NUL in a value", S("GET /" H11 "X: a\0b\r\n\r\n"), 400);
	bad("DEL in a value", S("GET /" H11 "X: \x7f\r\n\r\n"), 400);
	bad("escape in a value", S("GET /" H11 "X: \x1b[31m\r\n\r\n"), 400);

	bad("two Content-Lengths", S("POST /" H11 "Content-Length: 1\r\n"
	    "Content-Length: 2\r\n\r\n"), 400);
	bad("Content-Length -1", S("POST /" H11 "Content-Length: -1\r\n\r\n"),
	    400);
	bad("Content-Length +1", S("POST /" H11 "Content-Length: +1\r\n\r\n"),
	    400);
	bad("Content-Length 1x", S("POST /" H11 "Content-Length: 1x\r\n\r\n"),
	    400);
	bad("Content-Length x", S("POST /" H11 "Content-Length: x\r\n\r\n"),
	    400);
	bad("Content-Length empty", S("POST /" H11 "Content-Length:\r\n\r\n"),
	    400);
	bad("Content-Length 1 1", S("POST /" H11 "Content-Length: 1 1\r\n"
	    "\r\n"), 400);
	bad("Content-Length list", S("POST /" H11 "Content-Length: 1,1\r\n"
	    "\r\n"), 400);
	bad("Content-Length 0x10", S("POST /" H11 "Content-Length: 0x10\r\n"
	    "\r\n"), 400);
	bad("Content-Length 2^63", S("POST /" H11 "Content-Length: "
	    "9223372036854775808\r\n\r\n"), 400);
	bad("Content-Length 2^64", S("POST /" H11 "Content-Length: "
	    "18446744073709551616\r\n\r\n"), 400);
	bad("Content-Length of 30 digits", S("POST /" H11 "Content-Length: "
	    "999999999999999999999999999999\r\n\r\n"), 400);
}

/* ---- paths and queries ---- */

static void
canon(const char *in, size_t n, const char *want)
{
	char out[64];
	int rc;

	rc = http_path_canon(in, n, out, sizeof(out));
	if (want == NULL)
		is_int(rc, -1, "path '%s' refused", printable(in, n));
	else if (is_int(rc, 0, "path '%s' accepted", printable(in, n)))
		is_str(out, want, "  as '%s'", want);
}

static void
test_paths(void)
{
	char out[8];

	canon(S("/"), "/");
	canon(S("/a/b"), "/a/b");
	canon(S("/a/./b"), "/a/b");
	canon(S("/a/../b"), "/b");
	canon(S("/.."), NULL);
	canon(S("/../a"), NULL);
	canon(S("/a/../../b"), NULL);
	canon(S("/a/.."), "/");
	canon(S("/a/b/.."), "/a/");
	canon(S("/a/."), "/a/");
	canon(S("/."), "/");
	canon(S("/./"), "/");
	canon(S("//"), "/");
	canon(S("//a//b/"), "/a/b/");
	canon(S("/a/./b/../c//d"), "/a/c/d");
	canon(S("/a/b/../../c"), "/c");
	canon(S("/.a/..b/.../b."), "/.a/..b/.../b.");
	canon(S("/%2e%2e/x"), NULL);
	canon(S("/a/%2e%2E/b"), "/b");
	canon(S("/a/%2e/b"), "/a/b");
	canon(S("/%2E%2e%2f"), NULL);
	canon(S("/a%2fb"), NULL);
	canon(S("/a%2Fb"), NULL);
	canon(S("/a%00b"), NULL);
	canon(S("/a\0b"), NULL);
	canon(S("/%zz"), NULL);
	canon(S("/%4"), NULL);
	canon(S("/%"), NULL);
	canon(S("/%4g"), NULL);
	canon(S("/caf%C3%A9"), "/caf\xc3\xa9");
	canon(S("/a%20b"), "/a b");
	canon(S("/a+b"), "/a+b");
	canon(S("/%41%62"), "/Ab");
	canon(S("/%25"), "/%");
	canon(S("relative"), NULL);
	canon(S(""), NULL);
	canon(S("./a"), NULL);
	canon(S("/a\nb"), NULL);
	canon(S("/a%0ab"), NULL);
	canon(S("/a\x7f"), NULL);
	canon(S("/a%7f"), NULL);
	canon(S("/a\tb"), NULL);
	canon(S("/a/b?x"), "/a/b?x");

	is_int(http_path_canon(S("/abcdef"), out, sizeof(out)), 0,
	    "7 bytes into 8");
	is_int(http_path_canon(S("/abcdefg"), out, sizeof(out)), -1,
	    "8 bytes into 8: too small");
	is_int(http_path_canon(S("/abc/de/"), out, sizeof(out)), -1,
	    "8 bytes with a trailing slash into 8: too small");
	is_int(http_path_canon(S("/abc/d/"), out, sizeof(out)), 0,
	    "7 with a trailing slash into 8");
	is_str(out, "/abc/d/", "  fits");
	is_int(http_path_canon(S("/abc/de/."), out, sizeof(out)), -1,
	    "a dot that makes it too long");
	is_int(http_path_canon(S("/"), out, 1), -1, "/ into 1 byte");
	is_int(http_path_canon(S("/"), out, 2), 0, "/ into 2 bytes");
	is_int(http_path_canon(S("/%41%42%43%44%45%46%47"), out, sizeof(out)),
	    -1, "7 decoded bytes and the slash into 8: too small");
	is_int(http_path_canon(S("/%41%42%43%44%45%46"), out, sizeof(out)),
	    0, "6 decoded bytes and the slash into 8");
	is_str(out, "/ABCDEF", "  fits");
}

static void
query(const char *q, const char *name, int want, const char *value)
{
	char out[16];
	int rc;

	strcpy(out, "untouched");
	rc = http_query_get(q, name, out, sizeof(out));
	if (is_int(rc, want, "query '%s', %s: %d", q ? q : "(null)", name,
	    want) && want == 1)
		is_str(out, value, "  value '%s'", value);
}

static void
test_queries(void)
{
	char out[4];

	query("a=1&b=x%20y+z", "b", 1, "x y z");
	query("a=1&b=x%20y+z", "a", 1, "1");
	query("a=1&b=x%20y+z", "c", 0, NULL);
	query("a=1&b=x%20y+z", "", 0, NULL);
	query("a=1&b=x%20y+z", "ab", 0, NULL);
	query("ab=1", "a", 0, NULL);
	query("a=1", "ab", 0, NULL);
	query("a", "a", 1, "");
	query("a=", "a", 1, "");
	query("a=1&a=2", "a", 1, "1");
	query("x=1&&a=2&", "a", 1, "2");
	query("a%20b=c", "a b", 1, "c");
	query("a+b=c", "a b", 1, "c");
	query("%61=z", "a", 1, "z");
	query("a=b=c", "a", 1, "b=c");
	query("a=%3D%26", "a", 1, "=&");
	query("a=caf%c3%a9", "a", 1, "caf\xc3\xa9");
	query("", "a", 0, NULL);
	query(NULL, "a", 0, NULL);
	query("a=%zz", "a", -1, NULL);
	query("a=%4", "a", -1, NULL);
	query("a=%", "a", -1, NULL);
	query("a=%00", "a", -1, NULL);
	query("b=1&a=%0", "b", -1, NULL);
	query("x%=1&a=2", "a", -1, NULL);
	query("a=0123456789abcde", "a", 1, "0123456789abcde");
	query("a=0123456789abcdef", "a", -1, NULL);
	is_int(http_query_get("a=xyz", "a", out, sizeof(out)), 1,
	    "3 bytes into 4");
	is_int(http_query_get("a=x%20yz", "a", out, sizeof(out)), -1,
	    "4 bytes into 4");
	is_int(http_query_get("a", "a", out, 0), -1, "nothing into 0 bytes");
}

int
main(void)
{
	test_simple();
	test_chunked();
	test_pipeline();
	test_versions();
	test_limits();
	test_errors();
	test_paths();
	test_queries();
	httpreq_free(&W);
	httpreq_free(&B);
	return done_testing();
}
