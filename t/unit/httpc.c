/* Unit tests of url and httpc: URLs, the response parser, requests to a local server and through a fake curl. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "hbtime.h"
#include "httpc.h"
#include "tap.h"
#include "url.h"

#define BODY	"{\"text\":\"hello\"}"

/* ---- URLs ---- */

static void
url_good(const char *s, int tls, const char *host, const char *port,
    const char *hostport, const char *path)
{
	const char *why = NULL;
	struct url u;

	if (!ok(url_parse(s, &u, &why) == 0, "url '%s' accepted", s)) {
		diag("why: %s", why);
		return;
	}
	ok(u.tls == tls && strcmp(u.host, host) == 0 &&
	    strcmp(u.port, port) == 0 && strcmp(u.hostport, hostport) == 0 &&
	    strcmp(u.path, path) == 0, "url '%s': %s %s %s %s %s", s,
	    tls ? "tls" : "plain", u.host, u.port, u.hostport, u.path);
	url_free(&u);
}

/* s, up to 60 bytes, with C escapes for what would break a TAP line. */
static const char *
printable(const char *s)
{
	static char out[4 * 60 + 1];
	size_t i, o = 0;

	for (i = 0; s[i] != '\0' && i < 60; i++)
		if (s[i] >= ' ' && s[i] <= '~')
			out[o++] = s[i];
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x",
			    (unsigned char)s[i]);
	out[o] = '\0';
	return out;
}

static void
url_bad(const char *s, const char *want)
{
	const char *why = "";
	struct url u;

	if (ok(url_parse(s, &u, &why) == -1, "url '%s' refused", printable(s)))
		is_str(why, want, "  because: %s", want);
	ok(u.path == NULL, "  and nothing to free");
}

static void
test_urls(void)
{
	char huge[URL_MAX + 2], name[300];

	url_good("http://example.com", 0, "example.com", "80", "example.com",
	    "/");
	url_good("HTTPS://Example.COM/", 1, "Example.COM", "443",
	    "Example.COM", "/");
	url_good("http://a-b.c0.example:8080/hook?x=1&y=%20z", 0,
	    "a-b.c0.example", "8080", "a-b.c0.example:8080",
	    "/hook?x=1&y=%20z");
	url_good("http://localhost?q", 0, "localhost", "80", "localhost",
	    "/?q");
	url_good("https://h/p#frag", 1, "h", "443", "h", "/p");
	url_good("http://h#frag", 0, "h", "80", "h", "/");
	url_good("http://127.0.0.1:1/x", 0, "127.0.0.1", "1", "127.0.0.1:1",
	    "/x");
	url_good("http://[::1]:65535/a/b", 0, "::1", "65535", "[::1]:65535",
	    "/a/b");
	url_good("https://[2001:db8::1]", 1, "2001:db8::1", "443",
	    "[2001:db8::1]", "/");
	url_good("http://h:080/", 0, "h", "080", "h:080", "/");
	url_good("http://1.example/@x", 0, "1.example", "80", "1.example",
	    "/@x");

	url_bad("ftp://example.com/", "not an http:// or https:// URL");
	url_bad("http:/example.com/", "not an http:// or https:// URL");
	url_bad("example.com", "not an http:// or https:// URL");
	url_bad("", "not an http:// or https:// URL");
	url_bad("http://", "no host");
	url_bad("http:///path", "no host");
	url_bad("http://:80/", "no host");
	url_bad("http://user:pw@example.com/", "user name or password in the URL");
	url_bad("http://@example.com/", "user name or password in the URL");
	url_bad("http://exa mple.com/", "space, control character or "
	    "non-ASCII byte in the URL");
	url_bad("http://example.com/a b", "space, control character or "
	    "non-ASCII byte in the URL");
	url_bad("http://example.com/\r\nX: y", "space, control character or "
	    "non-ASCII byte in the URL");
	url_bad("http://ex\xc3\xa4mple.com/", "space, control character or "
	    "non-ASCII byte in the URL");
	url_bad("http://h:0/", "port out of range (1-65535)");
	url_bad("http://h:65536/", "port out of range (1-65535)");
	url_bad("http://h:/", "bad port");
	url_bad("http://h:123456/", "bad port");
	url_bad("http://h:-1/", "bad port");
	url_bad("http://h:8o/", "bad port");
	url_bad("http://h:80:80/", "bad port");
	url_bad("http://[::1/", "bad IPv6 address");
	url_bad("http://[::1]x/", "bad port");
	url_bad("http://[::g]/", "bad IPv6 address");
	url_bad("http://[fe80::1%25eth0]/", "bad IPv6 address");
	url_bad("http://[]/", "no host");
	url_bad("http://::1/", "no host");
	url_bad("http://1.2.3/", "bad IPv4 address");
	url_bad("http://1.2.3.256/", "bad IPv4 address");
	url_bad("http://under_score.example/", "bad host name (letters, "
	    "digits, '-' and '.' only)");
	url_bad("http://-a.example/", "bad host name (letters, digits, '-' "
	    "and '.' only)");
	url_bad("http://a-.example/", "bad host name (letters, digits, '-' "
	    "and '.' only)");
	url_bad("http://a..example/", "bad host name (letters, digits, '-' "
	    "and '.' only)");
	url_bad("http://example.com./", "bad host name (letters, digits, '-' "
	    "and '.' only)");
	memset(name, 'a', 64);
	strcpy(name + 64, ".example");
	url_bad((snprintf(huge, sizeof(huge), "http://%s/", name), huge),
	    "bad host name (letters, digits, '-' and '.' only)");
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	memcpy(huge, "http://h/", 9);
	url_bad(huge, "URL too long (over 2048 bytes)");
	huge[URL_MAX] = '\0';
	url_good(huge, 0, "h", "80", "h", huge + 8);
}

/* ---- the parser ---- */

/* Feed n bytes in pieces of step (0: all at once), then EOF if needed. */
static int
parse(const char *in, size_t n, size_t step, int head, struct http_resp *r,
    int *at_eof)
{
	struct http_parser hp;
	size_t off, k;
	int rc = 0;

	http_parser_init(&hp, r, head);
	*at_eof = 0;
	for (off = 0; off < n && rc == 0; off += k) {
		k = step != 0 && step < n - off ? step : n - off;
		rc = http_parser_feed(&hp, in + off, k);
	}
	if (rc == 0) {
		*at_eof = 1;
		rc = http_parser_eof(&hp);
	}
	/* the verdict stays, whatever comes after */
	if (http_parser_feed(&hp, "x", 1) != rc || http_parser_eof(&hp) != rc)
		rc = 99;
	return rc;
}

enum { COMPLETE = 1, AT_EOF = 0, MALFORMED = -1, TRUNCATED = -2 };

struct pcase {
	const char	*name;
	const char	*in;
	int		 head;
	int		 want;
	int		 status;
	const char	*text;		/* the body, or the why */
};

static void
check_parse(const char *name, const char *in, size_t n, int head, int want,
    int status, const char *text, size_t text_len)
{
	static const size_t steps[] = { 0, 1, 7 };
	struct http_resp r;
	size_t i;
	int rc, at_eof, got;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		rc = parse(in, n, steps[i], head, &r, &at_eof);
		got = rc == 1 ? (at_eof ? AT_EOF : COMPLETE) :
		    rc == -1 ? (at_eof ? TRUNCATED : MALFORMED) : rc;
		if (!is_int(got, want, "%s (by %zu): outcome", name, steps[i]))
			diag("why: %s", r.why);
		if (want >= 0) {
			is_int(r.status, status, "%s (by %zu): status", name,
			    steps[i]);
			ok(r.body.p != NULL && r.body.len == text_len &&
			    memcmp(r.body.p, text, text_len) == 0 &&
			    r.body.p[r.body.len] == '\0', "%s (by %zu): body "
			    "(%zu bytes)", name, steps[i], r.body.len);
		} else
			is_str(r.why, text, "%s (by %zu): why", name, steps[i]);
		http_resp_free(&r);
	}
}

#define OK200	"HTTP/1.1 200 OK\r\n"
#define TE	"Transfer-Encoding: chunked\r\n"

static const struct pcase pcases[] = {
	{ "Content-Length", OK200 "Content-Length: 5\r\n\r\nhello", 0,
	    COMPLETE, 200, "hello" },
	{ "bytes after the body ignored", OK200 "Content-Length: 2\r\n\r\n"
	    "hello", 0, COMPLETE, 200, "he" },
	{ "Content-Length 0", OK200 "content-length:0\r\nX: y\r\n\r\n", 0,
	    COMPLETE, 200, "" },
	{ "same Content-Length twice", OK200 "Content-Length: 3\r\n"
	    "Content-Length:  3 \r\n\r\nabc", 0, COMPLETE, 200, "abc" },
	{ "bare LF line ends", "HTTP/1.1 201 Created\nContent-Length: 2\n\nhi",
	    0, COMPLETE, 201, "hi" },
	{ "no reason phrase", "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\n1", 0,
	    COMPLETE, 200, "1" },
	{ "reason with odd bytes", "HTTP/1.1 200 \xc3\xa4 \t ok\r\n"
	    "Content-Length: 1\r\n\r\n1", 0, COMPLETE, 200, "1" },
	{ "until close", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody until "
	    "close", 0, AT_EOF, 200, "body until close" },
	{ "until close, empty", "HTTP/1.0 200 OK\r\n\r\n", 0, AT_EOF, 200,
	    "" },
	{ "chunked with extensions and trailers", OK200 TE "\r\n5\r\nhello\r\n"
	    "6;ext=1;q=\"a b\"\r\n world\r\n0\r\nX-Trailer: t\r\nOther: 2\r\n"
	    "\r\n", 0, COMPLETE, 200, "hello world" },
	{ "chunked, hex sizes and blanks", OK200 "transfer-encoding: "
	    "CHUNKED\r\n\r\nA \r\n0123456789\r\n0010\t;x\r\n0123456789abcdef"
	    "\r\n000\r\n\r\n", 0, COMPLETE, 200,
	    "01234567890123456789abcdef" },
	{ "chunked beats Content-Length", OK200 "Content-Length: 100\r\n" TE
	    "\r\n2\r\nok\r\n0\r\n\r\n", 0, COMPLETE, 200, "ok" },
	{ "gzip, chunked is chunked", OK200 "Transfer-Encoding: gzip, "
	    "chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n", 0, COMPLETE, 200, "z" },
	{ "chunked, gzip is until close", OK200 "Transfer-Encoding: chunked, "
	    "gzip\r\n\r\n1\r\nz", 0, AT_EOF, 200, "1\r\nz" },
	{ "100 Continue, then 200", "HTTP/1.1 100 Continue\r\n\r\n" OK200
	    "Content-Length: 2\r\n\r\nok", 0, COMPLETE, 200, "ok" },
	{ "102 and 103, then 202", "HTTP/1.1 102 Processing\r\n\r\n"
	    "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\nContent-Length: 9\r\n"
	    "\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 1\r\n\r\nA", 0,
	    COMPLETE, 202, "A" },
	{ "204 has no body", "HTTP/1.1 204 No Content\r\n\r\nignored", 0,
	    COMPLETE, 204, "" },
	{ "304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: "
	    "10\r\n\r\n", 0, COMPLETE, 304, "" },
	{ "HEAD has no body", OK200 "Content-Length: 100\r\n\r\n", 1,
	    COMPLETE, 200, "" },
	{ "500 with a body", "HTTP/1.1 500 Internal Server Error\r\n"
	    "Content-Length: 4\r\n\r\noops", 0, COMPLETE, 500, "oops" },
	{ "599", "HTTP/1.1 599 x\r\nContent-Length: 0\r\n\r\n", 0, COMPLETE,
	    599, "" },
	{ "folded line of another field", OK200 "X-A: a\r\n  b\r\n"
	    "Content-Length: 1\r\n\r\n1", 0, COMPLETE, 200, "1" },

	{ "nothing", "", 0, TRUNCATED, 0, "connection closed before a "
	    "response" },
	{ "half a status line", "HTTP/1.1 2", 0, TRUNCATED, 0, "response "
	    "truncated (connection closed)" },
	{ "head cut", OK200 "Content-Length: 3\r\n", 0, TRUNCATED, 0,
	    "response truncated (connection closed)" },
	{ "body cut", OK200 "Content-Length: 10\r\n\r\nabc", 0, TRUNCATED, 0,
	    "response truncated (connection closed)" },
	{ "chunked cut", OK200 TE "\r\n5\r\nhel", 0, TRUNCATED, 0,
	    "response truncated (connection closed)" },
	{ "trailers cut", OK200 TE "\r\n0\r\nX: y\r\n", 0, TRUNCATED, 0,
	    "response truncated (connection closed)" },
	{ "only a 100 Continue", "HTTP/1.1 100 Continue\r\n\r\n", 0,
	    TRUNCATED, 0, "response truncated (connection closed)" },

	{ "HTTP/2", "HTTP/2 200 OK\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line 'HTTP/2 200 OK'" },
	{ "lower case", "http/1.1 200 OK\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line 'http/1.1 200 OK'" },
	{ "two digits", "HTTP/1.1 20 OK\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line 'HTTP/1.1 20 OK'" },
	{ "four digits", "HTTP/1.1 2000\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line 'HTTP/1.1 2000'" },
	{ "two spaces", "HTTP/1.1  200 OK\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line 'HTTP/1.1  200 OK'" },
	{ "empty status line", "\r\n" OK200 "\r\n", 0, MALFORMED, 0,
	    "malformed response: bad status line ''" },
	{ "not HTTP", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 and more "
	    "words\r\n", 0, MALFORMED, 0, "malformed response: bad status "
	    "line 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 a'" },
	{ "status 099", "HTTP/1.1 099 x\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: status 99 out of range" },
	{ "status 600", "HTTP/1.1 600 x\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: status 600 out of range" },
	{ "101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", 0,
	    MALFORMED, 0, "malformed response: 101 Switching Protocols, not "
	    "asked for" },
	{ "space in a name", OK200 "Bad Name: x\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad header line" },
	{ "space before the colon", OK200 "Name : x\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad header line" },
	{ "no name", OK200 ": x\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad header line" },
	{ "no colon", OK200 "NoColon\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad header line" },
	{ "CR alone", OK200 "X: a\rb\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: control character in a line" },
	{ "escape in a status line", "HTTP/1.1 200 \x1b[31m\r\n\r\n", 0,
	    MALFORMED, 0, "malformed response: control character in a line" },
	{ "DEL in a value", OK200 "X: \x7f\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: control character in a line" },
	{ "negative length", OK200 "Content-Length: -1\r\n\r\n", 0, MALFORMED,
	    0, "malformed response: bad Content-Length" },
	{ "length and junk", OK200 "Content-Length: 1x\r\n\r\n", 0, MALFORMED,
	    0, "malformed response: bad Content-Length" },
	{ "length list", OK200 "Content-Length: 1, 1\r\n\r\n", 0, MALFORMED,
	    0, "malformed response: bad Content-Length" },
	{ "empty length", OK200 "Content-Length:\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad Content-Length" },
	{ "huge length", OK200 "Content-Length: 99999999999999999999\r\n\r\n",
	    0, MALFORMED, 0, "malformed response: bad Content-Length" },
	{ "two lengths", OK200 "Content-Length: 3\r\nContent-Length: 4\r\n"
	    "\r\n", 0, MALFORMED, 0, "malformed response: conflicting "
	    "Content-Length" },
	{ "folded length", OK200 "Content-Length: 3\r\n 4\r\n\r\n", 0,
	    MALFORMED, 0, "malformed response: folded header line" },
	{ "fold first", OK200 " X: y\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: folded header line" },
	{ "chunk size not hex", OK200 TE "\r\nzz\r\n", 0, MALFORMED, 0,
	    "malformed response: bad chunk size" },
	{ "chunk size and junk", OK200 TE "\r\n5 x\r\nhello\r\n", 0, MALFORMED,
	    0, "malformed response: bad chunk size" },
	{ "chunk size negative", OK200 TE "\r\n-5\r\nhello\r\n", 0, MALFORMED,
	    0, "malformed response: bad chunk size" },
	{ "chunk size empty", OK200 TE "\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad chunk size" },
	{ "chunk size overflows", OK200 TE "\r\n1ffffffffffffffff\r\n", 0,
	    MALFORMED, 0, "malformed response: chunk size too large" },
	{ "chunk longer than said", OK200 TE "\r\n5\r\nhelloXX\r\n0\r\n\r\n",
	    0, MALFORMED, 0, "malformed response: no CRLF after chunk data" },
	{ "bad trailer", OK200 TE "\r\n0\r\nno colon\r\n\r\n", 0, MALFORMED, 0,
	    "malformed response: bad header line" },
};

/* A head of total bytes: fields "X: v", the last one longer, and Content-Length: 0. */
static void
head_of(struct buf *b, size_t total, size_t fields)
{
	static const char end[] = "Content-Length: 0\r\n\r\n";
	size_t i, room, v;

	buf_reset(b);
	buf_adds(b, OK200);
	room = total - b->len - (sizeof(end) - 1);
	for (i = 0; i < fields; i++) {
		/* "X: " + value + CRLF, the last one taking what is left */
		v = i + 1 < fields ? 1 : room - 6 * (fields - 1) - 5;
		buf_adds(b, "X: ");
		while (v-- > 0)
			buf_addc(b, 'v');
		buf_adds(b, "\r\n");
	}
	buf_adds(b, end);
}

static void
test_parser_limits(void)
{
	struct buf b = BUF_INIT, big = BUF_INIT;
	size_t i;

	head_of(&b, HTTPC_HEAD_MAX, 1);
	is_int((long long)b.len, HTTPC_HEAD_MAX, "a head of exactly the limit");
	check_parse("head at the limit", b.p, b.len, 0, COMPLETE, 200, "", 0);
	head_of(&b, HTTPC_HEAD_MAX + 1, 1);
	check_parse("head over the limit", b.p, b.len, 0, MALFORMED, 0,
	    "malformed response: head too large (over 16384 bytes)", 0);
	/* 99 of ours and Content-Length */
	head_of(&b, 2000, HTTPC_FIELDS_MAX - 1);
	check_parse("100 fields", b.p, b.len, 0, COMPLETE, 200, "", 0);
	head_of(&b, 2000, HTTPC_FIELDS_MAX);
	check_parse("101 fields", b.p, b.len, 0, MALFORMED, 0,
	    "malformed response: too many header fields (over 100)", 0);

	buf_reset(&b);
	buf_adds(&b, OK200 TE "\r\n0\r\n");
	for (i = 0; i <= HTTPC_FIELDS_MAX; i++)
		buf_adds(&b, "T: t\r\n");
	buf_adds(&b, "\r\n");
	check_parse("101 trailers", b.p, b.len, 0, MALFORMED, 0,
	    "malformed response: too many header fields (over 100)", 0);
	buf_reset(&b);
	buf_adds(&b, OK200 TE "\r\n0\r\nT: ");
	for (i = 0; i < HTTPC_HEAD_MAX; i++)
		buf_addc(&b, 't');
	check_parse("trailers too large", b.p, b.len, 0, MALFORMED, 0,
	    "malformed response: trailers too large (over 16384 bytes)", 0);
	buf_reset(&b);
	buf_adds(&b, OK200 TE "\r\n1;");
	for (i = 0; i < HTTPC_HEAD_MAX; i++)
		buf_addc(&b, 'e');
	check_parse("chunk line too long", b.p, b.len, 0, MALFORMED, 0,
	    "malformed response: chunk line too long", 0);

	check_parse("NUL in a value", OK200 "X: a\0b\r\n\r\n",
	    sizeof(OK200 "X: a\0b\r\n\r\n") - 1, 0, MALFORMED, 0,
	    "malformed response: control character in a line", 0);
	check_parse("NUL in a body", OK200 "Content-Length: 3\r\n\r\na\0b",
	    sizeof(OK200 "Content-Length: 3\r\n\r\na\0b") - 1, 0, COMPLETE, 200,
	    "a\0b", 3);

	/* bodies beyond the limit: read to their end, the start kept */
	for (i = 0; i < 100000; i++)
		buf_addc(&big, 'a' + (int)(i % 26));
	buf_reset(&b);
	buf_printf(&b, OK200 "Content-Length: 100000\r\n\r\n%s", big.p);
	check_parse("100000 bytes of body", b.p, b.len, 0, COMPLETE, 200,
	    big.p, HTTPC_BODY_MAX);
	buf_reset(&b);
	buf_adds(&b, OK200 TE "\r\n");
	for (i = 0; i < 100000; i += 1000)
		buf_printf(&b, "3e8\r\n%.1000s\r\n", big.p + i);
	buf_adds(&b, "0\r\n\r\n");
	check_parse("100000 bytes in chunks", b.p, b.len, 0, COMPLETE, 200,
	    big.p, HTTPC_BODY_MAX);
	buf_reset(&b);
	buf_printf(&b, "HTTP/1.0 200 OK\r\n\r\n%s", big.p);
	check_parse("100000 bytes until close", b.p, b.len, 0, AT_EOF, 200,
	    big.p, HTTPC_BODY_MAX);
	buf_free(&b);
	buf_free(&big);
}

static void
test_parser(void)
{
	const struct pcase *c;
	size_t i;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		c = &pcases[i];
		check_parse(c->name, c->in, strlen(c->in), c->head, c->want,
		    c->status, c->text, strlen(c->text));
	}
	test_parser_limits();
}

/* ---- requests to a server of ours ---- */

enum {
	ANS_200, ANS_500, ANS_CHUNKED, ANS_CONTINUE, ANS_UNTIL_CLOSE,
	ANS_BIG, ANS_SILENT, ANS_CLOSE, ANS_PARTIAL
};

/* What the server expects; the forked child has its own copy. */
static const char *want_body;
static size_t want_len;
static int want_port;

static int
listener(int *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 4) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		perror("listener");
		exit(1);
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/* In the server: the request's head and body, whole; -1 if it never came. */
static int
read_request(int fd, struct buf *in, size_t *head)
{
	char chunk[4096], *end, *cl;
	ssize_t k;

	for (;;) {
		if (in->p != NULL && (end = strstr(in->p, "\r\n\r\n")) != NULL) {
			*head = (size_t)(end - in->p) + 4;
			cl = strstr(in->p, "\r\nContent-Length: ");
			if (cl == NULL || cl > end)
				return 0;
			if (in->len >= *head + strtoul(cl + 18, NULL, 10))
				return 0;
		}
		if ((k = recv(fd, chunk, sizeof(chunk), 0)) <= 0)
			return -1;
		buf_add(in, chunk, (size_t)k);
	}
}

static int
has(const char *head, const char *want)
{
	if (strstr(head, want) != NULL)
		return 1;
	fprintf(stderr, "# server: no '%s' in:\n%.500s\n", want, head);
	return 0;
}

/* In the server: check what came; the count of what was wrong. */
static int
check_request(const struct buf *in, size_t head)
{
	char host[64], len[64];
	int bad = 0;

	snprintf(host, sizeof(host), "\r\nHost: 127.0.0.1:%d\r\n", want_port);
	snprintf(len, sizeof(len), "\r\nContent-Length: %zu\r\n", want_len);
	bad += strncmp(in->p, "POST /hook?a=1 HTTP/1.1\r\n", 25) != 0;
	bad += !has(in->p, host);
	bad += !has(in->p, len);
	bad += !has(in->p, "\r\nConnection: close\r\n");
	bad += !has(in->p, "\r\nUser-Agent: hb\r\n");
	bad += !has(in->p, "\r\nX-Test: yes\r\n");
	if (in->len - head != want_len ||
	    memcmp(in->p + head, want_body, want_len) != 0) {
		fprintf(stderr, "# server: the body differs\n");
		bad++;
	}
	return bad;
}

static void
say_all(int fd, const char *s, size_t n)
{
	ssize_t k;

	while (n > 0 && (k = send(fd, s, n, MSG_NOSIGNAL)) > 0) {
		s += k;
		n -= (size_t)k;
	}
}

static void
says(int fd, const char *s)
{
	say_all(fd, s, strlen(s));
}

static void
answer(int fd, int how)
{
	static char big[200000];
	char hd[128];

	switch (how) {
	case ANS_200:
		says(fd, OK200 "Content-Length: 2\r\n\r\nok");
		break;
	case ANS_500:
		says(fd, "HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nfail");
		break;
	case ANS_CHUNKED:
		says(fd, OK200 TE "\r\n4\r\nchun\r\n");
		poll(NULL, 0, 20);
		says(fd, "3\r\nked\r\n0\r\n\r\n");
		break;
	case ANS_CONTINUE:
		says(fd, "HTTP/1.1 100 Continue\r\n\r\n");
		poll(NULL, 0, 20);
		says(fd, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
		break;
	case ANS_UNTIL_CLOSE:
		says(fd, "HTTP/1.0 200 OK\r\n\r\nuntil close");
		break;
	case ANS_BIG:
		memset(big, 'b', sizeof(big));
		snprintf(hd, sizeof(hd), OK200 "Content-Length: %zu\r\n\r\n",
		    sizeof(big));
		say_all(fd, hd, strlen(hd));
		say_all(fd, big, sizeof(big));
		break;
	case ANS_SILENT:
		sleep(10);
		break;
	case ANS_PARTIAL:
		says(fd, OK200 "Content-Length: 10\r\n\r\nabc");
		break;
	}
}

/* The server: one connection, checked and answered; exits with the count of faults. */
static void __attribute__((noreturn))
serve(int lfd, int how)
{
	struct buf in = BUF_INIT;
	size_t head = 0;
	int fd, bad;

	alarm(10);
	if ((fd = accept(lfd, NULL, NULL)) == -1)
		_exit(100);
	if (read_request(fd, &in, &head) == -1) {
		fprintf(stderr, "# server: no whole request\n");
		_exit(101);
	}
	bad = check_request(&in, head);
	answer(fd, how);
	close(fd);
	_exit(bad);
}

/* A server answering how, expecting len bytes of body. */
static pid_t
server(int how, const char *body, size_t len, int *port)
{
	pid_t pid;
	int lfd;

	lfd = listener(port);
	want_port = *port;
	want_body = body;
	want_len = len;
	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0)
		serve(lfd, how);
	close(lfd);
	return pid;
}

/* Wait for the server (killed first if kill_it); its exit status, or 1000 + signal. */
static int
reap(pid_t pid, int kill_it)
{
	int st;

	if (kill_it)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static const char *const test_headers[] = {
	"Content-Type: application/json", "X-Test: yes", NULL
};

static int
request(int port, const char *body, size_t len, double timeout,
    struct http_resp *r)
{
	struct http_req req;
	char url[64];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook?a=1", port);
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	req.headers = test_headers;
	req.body = body;
	req.body_len = len;
	req.timeout = timeout;
	return http_request(&req, r);
}

static void
exchange(const char *name, int how, int want_status, const char *want)
{
	struct http_resp r;
	int port, rc;
	pid_t pid;

	pid = server(how, BODY, strlen(BODY), &port);
	rc = request(port, BODY, strlen(BODY), 5, &r);
	if (!is_int(rc, 0, "%s: a response", name))
		diag("why: %s", r.why);
	is_int(r.status, want_status, "%s: status", name);
	is_str(r.body.p, want, "%s: body", name);
	is_int(reap(pid, 0), 0, "%s: the server got the request it expected",
	    name);
	http_resp_free(&r);
}

static void
failure(const char *name, int how, double timeout, const char *want)
{
	struct http_resp r;
	double t0, took;
	int port, rc;
	pid_t pid;

	pid = server(how, BODY, strlen(BODY), &port);
	t0 = time_mono();
	rc = request(port, BODY, strlen(BODY), timeout, &r);
	took = time_mono() - t0;
	is_int(rc, -1, "%s: no response", name);
	is_str(r.why, want, "%s: why", name);
	ok(took < timeout + 0.5, "%s: within the timeout (%.3fs)", name, took);
	if (how == ANS_SILENT) {
		ok(took >= timeout - 0.01, "%s: not before the timeout", name);
		reap(pid, 1);
	} else
		is_int(reap(pid, 0), 0, "%s: the server got the request",
		    name);
	http_resp_free(&r);
}

static void
test_big(void)
{
	struct buf body = BUF_INIT;
	struct http_resp r;
	size_t i;
	int port, rc;
	pid_t pid;

	/* more than socket buffers hold: sending has to wait for the reader */
	for (i = 0; i < (4u << 20); i++)
		buf_addc(&body, 'A' + (int)(i % 23));
	pid = server(ANS_BIG, body.p, body.len, &port);
	rc = request(port, body.p, body.len, 10, &r);
	if (!is_int(rc, 0, "4 MB up, 200000 bytes down: a response"))
		diag("why: %s", r.why);
	is_int(r.status, 200, "  status 200");
	is_int((long long)r.body.len, HTTPC_BODY_MAX, "  body cut to %u bytes",
	    HTTPC_BODY_MAX);
	is_int(reap(pid, 0), 0, "  the server got 4 MB intact");
	http_resp_free(&r);
	buf_free(&body);
}

static void
test_refusals(void)
{
	static const char *const crlf[] = { "X-Ok: 1",
	    "X-Bad: a\r\nInjected: b", NULL };
	static const char *const nocolon[] = { "X-Bad", NULL };
	static const char *const nospace[] = { "X-Bad:b", NULL };
	static const char *const host[] = { "host: elsewhere", NULL };
	static const struct { const char *const *h; const char *why; } t[] = {
		{ crlf, "bad header 'X-Bad: a??Injected: b': CR, LF or another "
		    "control character in it" },
		{ nocolon, "bad header 'X-Bad': not \"Name: value\"" },
		{ nospace, "bad header 'X-Bad:b': not \"Name: value\"" },
		{ host, "header Host is set by the client itself" },
	};
	struct http_resp r;
	struct http_req req;
	struct pollfd pfd;
	char url[64], want[128];
	size_t i;
	int lfd, port;

	lfd = listener(&port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		req.headers = t[i].h;
		is_int(http_request(&req, &r), -1, "headers %zu refused", i);
		is_str(r.why, t[i].why, "  why");
		http_resp_free(&r);
	}
	req.headers = NULL;
	req.method = "PO ST";
	is_int(http_request(&req, &r), -1, "a method with a space refused");
	is_str(r.why, "bad method", "  why");
	req.method = "POST";
	req.url = "http://user@127.0.0.1/";
	is_int(http_request(&req, &r), -1, "a bad URL refused");
	is_str(r.why, "bad URL: user name or password in the URL", "  why");
	pfd.fd = lfd;
	pfd.events = POLLIN;
	ok(poll(&pfd, 1, 0) == 0, "and nothing ever connected");
	close(lfd);

	/* a port just closed refuses */
	req.url = url;
	is_int(http_request(&req, &r), -1, "connection refused");
	snprintf(want, sizeof(want), "connect 127.0.0.1:%d: %s", port,
	    strerror(ECONNREFUSED));
	is_str(r.why, want, "  why");
	http_resp_free(&r);
}

static void
test_requests(void)
{
	exchange("200", ANS_200, 200, "ok");
	exchange("500", ANS_500, 500, "fail");
	exchange("chunked", ANS_CHUNKED, 200, "chunked");
	exchange("100 Continue", ANS_CONTINUE, 202, "");
	exchange("until close", ANS_UNTIL_CLOSE, 200, "until close");
	failure("silent server", ANS_SILENT, 0.5, "timed out after 0.5s");
	failure("closed early", ANS_CLOSE, 5, "connection closed before a "
	    "response");
	failure("cut short", ANS_PARTIAL, 5, "response truncated "
	    "(connection closed)");
	test_big();
	test_refusals();
}

/* ---- https through a fake curl ---- */

static const char script[] =
    "#!/bin/sh\n"
    "d=\"${0%/*}\"\n"
    "printf '%s\\n' \"$@\" >\"$d/argv\"\n"
    "cat >\"$d/stdin\"\n"
    "case \"$*\" in\n"
    "*fail*) echo 'curl: (6) Could not resolve host: fail.example' >&2\n"
    "\techo 'second line' >&2; exit 6;;\n"
    "*big*) i=0; while [ $i -lt 1100 ]; do\n"
    "\tprintf '%064d' 0; i=$((i + 1)); done; printf '\\n200'; exit 0;;\n"
    "*nostatus*) printf 'ok'; exit 0;;\n"
    "esac\n"
    "printf 'ok\\n201'\n";

static char *
slurp(const char *path, size_t *n)
{
	static char text[4096];
	FILE *f;

	*n = 0;
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	*n = fread(text, 1, sizeof(text) - 1, f);
	text[*n] = '\0';
	fclose(f);
	return text;
}

static int
curl_req(const char *curl, const char *url, const char *body,
    struct http_resp *r)
{
	static const char *const h[] = { "Content-Type: application/json",
	    "X-Name: a \"quoted\" $value", NULL };
	struct http_req req;

	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	req.headers = h;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.timeout = 2.5;
	req.curl = curl;
	return http_request(&req, r);
}

static void
test_curl(void)
{
	char dir[] = "/tmp/hb-httpc.XXXXXX", curl[64], path[96], want[1024];
	struct http_resp r;
	const char *got;
	FILE *f;
	size_t n;
	int rc;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(curl, sizeof(curl), "%s/curl", dir);
	if ((f = fopen(curl, "w")) == NULL || fputs(script, f) == EOF ||
	    fclose(f) != 0 || chmod(curl, 0755) == -1) {
		ok(0, "writing %s: %s", curl, strerror(errno));
		return;
	}

	rc = curl_req(curl, "https://example.com/hook?a=1&b={x}", BODY, &r);
	if (!is_int(rc, 0, "https: a response"))
		diag("why: %s", r.why);
	is_int(r.status, 201, "https: the status after the last newline");
	is_str(r.body.p, "ok", "https: the body before it");
	http_resp_free(&r);
	snprintf(want, sizeof(want), "-q\n-sS\n-g\n--proto\n=https\n"
	    "--proto-redir\n=https\n--max-time\n2.5\n-X\nPOST\n"
	    "-H\nContent-Type: application/json\n"
	    "-H\nX-Name: a \"quoted\" $value\n"
	    "--data-binary\n@-\n-o\n-\n-w\n\n%%{http_code}\n"
	    "--url\nhttps://example.com/hook?a=1&b={x}\n");
	snprintf(path, sizeof(path), "%s/argv", dir);
	got = slurp(path, &n);
	is_str(got, want, "https: curl's arguments");
	snprintf(path, sizeof(path), "%s/stdin", dir);
	is_str(slurp(path, &n), BODY, "https: the body on its standard input");

	rc = curl_req(curl, "https://fail.example/", NULL, &r);
	is_int(rc, -1, "https: curl failing");
	is_str(r.why, "curl: (6) Could not resolve host: fail.example",
	    "  why: the first line of its errors");
	http_resp_free(&r);
	snprintf(path, sizeof(path), "%s/stdin", dir);
	is_str(slurp(path, &n), "", "  no body: nothing on its standard input");

	rc = curl_req(curl, "https://big.example/", BODY, &r);
	is_int(rc, -1, "https: over 64 KiB of output");
	is_str(r.why, "curl: response over 65536 bytes, its status lost",
	    "  why");
	http_resp_free(&r);

	rc = curl_req(curl, "https://nostatus.example/", BODY, &r);
	is_int(rc, -1, "https: no status");
	is_str(r.why, "curl: no status in its output", "  why");
	http_resp_free(&r);

	snprintf(path, sizeof(path), "%s/none", dir);
	rc = curl_req(path, "https://example.com/", BODY, &r);
	is_int(rc, -1, "https: no curl");
	snprintf(want, sizeof(want), "%s: cannot run: %s", path,
	    strerror(ENOENT));
	is_str(r.why, want, "  why");
	http_resp_free(&r);

	rc = curl_req(curl, "https://example.com/a\r\n", BODY, &r);
	is_int(rc, -1, "https: a bad URL never reaches curl");

	unlink(curl);
	snprintf(path, sizeof(path), "%s/argv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/stdin", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	test_urls();
	test_parser();
	test_requests();
	test_curl();
	return done_testing();
}
