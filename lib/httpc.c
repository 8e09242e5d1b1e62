/* httpc: HTTP/1.1 requests for notifications, plain over a socket, https through curl(1). */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hbtime.h"
#include "httpc.h"
#include "httptok.h"
#include "net.h"
#include "num.h"
#include "run.h"
#include "url.h"

#define CHUNK		16384	/* bytes per recv */
#define SHOWN_MAX	40	/* bytes of outside text quoted in a why */
#define CURL_GRACE	2.0	/* seconds for curl to report its own timeout */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	ST_STATUS,		/* the status line */
	ST_HEADER,		/* header fields, up to the empty line */
	ST_LENGTH,		/* a body of Content-Length bytes */
	ST_CLOSE,		/* a body up to the close */
	ST_CHUNK,		/* a chunk-size line */
	ST_DATA,		/* a chunk's data */
	ST_DATA_END,		/* the CRLF after it */
	ST_TRAILER,		/* trailer fields, up to the empty line */
	ST_DONE,
	ST_BAD
};

/* The fields that our requests carry and a caller's may not. */
static const char *const ours[] = {
	"Host", "User-Agent", "Content-Length", "Transfer-Encoding",
	"Connection",
};

static void	say(struct http_resp *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	bad(struct http_parser *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
say(struct http_resp *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

/* The response is malformed: say how, prefixed so a log reader knows whose fault. */
static int
bad(struct http_parser *hp, const char *fmt, ...)
{
	static const char pre[] = "malformed response: ";
	va_list ap;

	memcpy(hp->resp->why, pre, sizeof(pre));
	va_start(ap, fmt);
	vsnprintf(hp->resp->why + sizeof(pre) - 1,
	    sizeof(hp->resp->why) - sizeof(pre) + 1, fmt, ap);
	va_end(ap);
	hp->state = ST_BAD;
	return -1;
}

/* Up to SHOWN_MAX bytes of outside text, printable ASCII only, for a why. */
static const char *
shown(const char *s, char out[SHOWN_MAX + 1])
{
	size_t i;

	for (i = 0; i < SHOWN_MAX && s[i] != '\0'; i++)
		out[i] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
	out[i] = '\0';
	return out;
}

static int
done(struct http_parser *hp)
{
	/* so that a caller may print an empty body too */
	if (buf_add(&hp->resp->body, "", 0) == -1) {
		say(hp->resp, "out of memory");
		hp->state = ST_BAD;
		return -1;
	}
	hp->state = ST_DONE;
	return 1;
}

static int
status_line(struct http_parser *hp)
{
	const char *l = hp->line;
	char tmp[SHOWN_MAX + 1];
	int st;

	if (strncmp(l, "HTTP/1.", 7) != 0 || l[7] < '0' || l[7] > '9' ||
	    l[8] != ' ' ||
	    strspn(l + 9, "0123456789") != 3 ||
	    (l[12] != ' ' && l[12] != '\0'))
		return bad(hp, "bad status line '%s'", shown(l, tmp));
	st = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
	if (st < 100 || st > 599)
		return bad(hp, "status %d out of range", st);
	hp->resp->status = st;
	hp->state = ST_HEADER;
	return 0;
}

static int
content_length(struct http_parser *hp, const char *v)
{
	const char *why;
	long long n;

	if (*v < '0' || *v > '9' || num_ll(v, 0, LLONG_MAX, &n, &why) == -1)
		return bad(hp, "bad Content-Length");
	if (hp->has_len && hp->len != (unsigned long long)n)
		return bad(hp, "conflicting Content-Length");
	hp->has_len = 1;
	hp->len = (unsigned long long)n;
	hp->framing = 1;
	return 0;
}

/*
 * Only the last coding matters: chunked ends the body; any other leaves
 * it to the close (RFC 9112 6.3). We ask for none, so bodies so coded
 * are kept as they came.
 */
static int
transfer_encoding(struct http_parser *hp, const char *v)
{
	const char *last = strrchr(v, ',');

	last = last != NULL ? last + 1 : v;
	last += strspn(last, " \t");
	hp->te = 1;
	hp->chunked = strcasecmp(last, "chunked") == 0;
	hp->framing = 1;
	return 0;
}

/* "Name: value" of the head (framing fields looked at) or of the trailers. */
static int
field(struct http_parser *hp, int in_head)
{
	char *l = hp->line, *colon, *v, *e;

	if (++hp->fields > HTTPC_FIELDS_MAX)
		return bad(hp, "too many header fields (over %d)",
		    HTTPC_FIELDS_MAX);
	/*
	 * A folded line continues the field before it (RFC 9112 5.2); only
	 * the framing fields matter to us, and those must not be folded.
	 */
	if (*l == ' ' || *l == '\t') {
		if (hp->framing || hp->fields == 1)
			return bad(hp, "folded header line");
		return 0;
	}
	for (colon = l; http_tchar((unsigned char)*colon); colon++)
		;
	if (colon == l || *colon != ':')
		return bad(hp, "bad header line");
	*colon = '\0';
	v = colon + 1 + strspn(colon + 1, " \t");
	for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	hp->framing = 0;
	if (!in_head)
		return 0;
	if (strcasecmp(l, "Content-Length") == 0)
		return content_length(hp, v);
	if (strcasecmp(l, "Transfer-Encoding") == 0)
		return transfer_encoding(hp, v);
	return 0;
}

/* The empty line: how the body is framed (RFC 9112 6.3), or the next response. */
static int
head_end(struct http_parser *hp)
{
	int st = hp->resp->status;

	if (st == 101)
		return bad(hp, "101 Switching Protocols, not asked for");
	if (st < 200) {
		/*
		 * An interim response: the final one follows. Its head counts
		 * towards the same limits, so that interim ones cannot go on
		 * for ever.
		 */
		hp->resp->status = 0;
		hp->te = hp->chunked = hp->has_len = hp->framing = 0;
		hp->state = ST_STATUS;
		return 0;
	}
	if (hp->head || st == 204 || st == 304)
		return done(hp);
	if (hp->te)
		hp->state = hp->chunked ? ST_CHUNK : ST_CLOSE;
	else if (hp->has_len) {
		hp->left = hp->len;
		hp->state = ST_LENGTH;
		if (hp->left == 0)
			return done(hp);
	} else
		hp->state = ST_CLOSE;
	return 0;
}

static int
chunk_size(struct http_parser *hp)
{
	unsigned long long size;

	switch (http_chunk_size(hp->line, &size)) {
	case -1:
		return bad(hp, "bad chunk size");
	case -2:
		return bad(hp, "chunk size too large");
	}
	if (size == 0) {
		/* the trailers have limits of their own */
		hp->fields = 0;
		hp->section = 0;
		hp->framing = 0;
		hp->state = ST_TRAILER;
		return 0;
	}
	hp->left = size;
	hp->state = ST_DATA;
	return 0;
}

/* A whole line, without its end: to the state's reader. */
static int
line(struct http_parser *hp)
{
	unsigned char c;
	size_t i;

	/* CR alone, NUL and the like have no place in a head (RFC 9112 2.2) */
	for (i = 0; i < hp->linelen; i++) {
		c = (unsigned char)hp->line[i];
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return bad(hp, "control character in a line");
	}
	switch (hp->state) {
	case ST_STATUS:
		return status_line(hp);
	case ST_HEADER:
		return hp->linelen == 0 ? head_end(hp) : field(hp, 1);
	case ST_CHUNK:
		return chunk_size(hp);
	case ST_DATA_END:
		if (hp->linelen != 0)
			return bad(hp, "no CRLF after chunk data");
		hp->state = ST_CHUNK;
		return 0;
	default:
		return hp->linelen == 0 ? done(hp) : field(hp, 0);
	}
}

/*
 * Gather bytes up to and with a '\n' into the line; the count used.
 * A line ends in CRLF, or in LF alone, which RFC 9112 2.2 lets a
 * recipient take for one.
 */
static size_t
gather(struct http_parser *hp, const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	size_t take = nl != NULL ? (size_t)(nl - s) + 1 : n;
	int section = hp->state == ST_STATUS || hp->state == ST_HEADER ||
	    hp->state == ST_TRAILER;

	if (section && take > HTTPC_HEAD_MAX - hp->section) {
		bad(hp, "%s too large (over %u bytes)", hp->state ==
		    ST_TRAILER ? "trailers" : "head", HTTPC_HEAD_MAX);
		return take;
	}
	if (take > sizeof(hp->line) - 1 - hp->linelen) {
		bad(hp, "chunk line too long");
		return take;
	}
	if (section)
		hp->section += take;
	memcpy(hp->line + hp->linelen, s, take);
	hp->linelen += take;
	if (nl == NULL)
		return take;
	hp->linelen--;
	if (hp->linelen > 0 && hp->line[hp->linelen - 1] == '\r')
		hp->linelen--;
	hp->line[hp->linelen] = '\0';
	line(hp);
	hp->linelen = 0;
	return take;
}

/* Body bytes: up to HTTPC_BODY_MAX are kept, the rest only counted. */
static size_t
body(struct http_parser *hp, const char *s, size_t n)
{
	struct buf *b = &hp->resp->body;
	size_t keep;

	if (hp->state != ST_CLOSE && n > hp->left)
		n = (size_t)hp->left;
	keep = n < HTTPC_BODY_MAX - b->len ? n : HTTPC_BODY_MAX - b->len;
	if (keep > 0 && buf_add(b, s, keep) == -1) {
		say(hp->resp, "out of memory");
		hp->state = ST_BAD;
		return n;
	}
	if (hp->state == ST_CLOSE || (hp->left -= n) > 0)
		return n;
	if (hp->state == ST_LENGTH)
		done(hp);
	else
		hp->state = ST_DATA_END;
	return n;
}

void
http_parser_init(struct http_parser *hp, struct http_resp *resp, int head)
{
	memset(resp, 0, sizeof(*resp));
	memset(hp, 0, offsetof(struct http_parser, line));
	hp->line[0] = '\0';
	hp->resp = resp;
	hp->head = head;
	hp->state = ST_STATUS;
}

int
http_parser_feed(struct http_parser *hp, const char *p, size_t n)
{
	size_t used;

	if (n > 0)
		hp->seen = 1;
	while (n > 0 && hp->state < ST_DONE) {
		if (hp->state == ST_LENGTH || hp->state == ST_CLOSE ||
		    hp->state == ST_DATA)
			used = body(hp, p, n);
		else
			used = gather(hp, p, n);
		p += used;
		n -= used;
	}
	return hp->state == ST_DONE ? 1 : hp->state == ST_BAD ? -1 : 0;
}

int
http_parser_eof(struct http_parser *hp)
{
	if (hp->state == ST_CLOSE)
		return done(hp);
	if (hp->state == ST_DONE)
		return 1;
	if (hp->state != ST_BAD) {
		say(hp->resp, "%s", hp->seen ? "response truncated "
		    "(connection closed)" : "connection closed before a response");
		hp->state = ST_BAD;
	}
	return -1;
}

void
http_resp_free(struct http_resp *r)
{
	buf_free(&r->body);
}

/*
 * "Name: value", printable, and not a field of ours. The name being a
 * token also keeps curl from taking "-H @file" for a file of headers.
 */
static int
header_ok(const char *h, struct http_resp *r)
{
	char tmp[SHOWN_MAX + 1];
	const char *p;
	size_t n, i;

	for (p = h; http_tchar((unsigned char)*p); p++)
		;
	n = (size_t)(p - h);
	if (n == 0 || p[0] != ':' || p[1] != ' ') {
		say(r, "bad header '%s': not \"Name: value\"", shown(h, tmp));
		return 0;
	}
	for (; *p != '\0'; p++)
		if (((unsigned char)*p < ' ' && *p != '\t') || *p == 0x7f) {
			say(r, "bad header '%s': CR, LF or another control "
			    "character in it", shown(h, tmp));
			return 0;
		}
	for (i = 0; i < NELEM(ours); i++)
		if (strlen(ours[i]) == n && strncasecmp(h, ours[i], n) == 0) {
			say(r, "header %s is set by the client itself",
			    ours[i]);
			return 0;
		}
	return 1;
}

/* All that can be refused before anything is sent. */
static int
request_ok(const struct http_req *req, struct http_resp *r)
{
	const char *p;
	size_t i;

	for (p = req->method; p != NULL && http_tchar((unsigned char)*p); p++)
		;
	if (p == NULL || p == req->method || *p != '\0') {
		say(r, "bad method");
		return 0;
	}
	if (req->body == NULL && req->body_len > 0) {
		say(r, "no body, but a length");
		return 0;
	}
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++)
		if (!header_ok(req->headers[i], r))
			return 0;
	return 1;
}

/* Milliseconds to the deadline, rounded up so that a poll lasts past it. */
static int
ms_left(double deadline)
{
	double left = deadline - time_mono();

	if (left <= 0)
		return 0;
	return left * 1000 >= INT_MAX ? INT_MAX : (int)ceil(left * 1000);
}

/* Wait for fd to be ready for events: 1, 0 at the deadline, -1 on error. */
static int
wait_fd(int fd, short events, double deadline)
{
	struct pollfd pfd;
	int ms, n;

	for (;;) {
		if ((ms = ms_left(deadline)) == 0)
			return 0;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		if ((n = poll(&pfd, 1, ms)) > 0)
			return 1;
		if (n == -1 && errno != EINTR)
			return -1;
	}
}

/* "192.0.2.1:80" or "[2001:db8::1]:80", for a why. */
static void
addr_text(const struct sockaddr *sa, char *out, size_t size)
{
	char a[NET_ADDRSTRLEN];
	int port;

	net_ntop(sa, a, &port);
	snprintf(out, size, sa->sa_family == AF_INET6 ? "[%s]:%d" : "%s:%d",
	    a, port);
}

/* One address, until the deadline: the connected socket, or -1 (why). */
static int
connect_one(const struct addrinfo *ai, double deadline, double timeout,
    int last, struct http_resp *r)
{
	char at[NET_ADDRSTRLEN + 8];
	int fd, err = 0, w;
	socklen_t len = sizeof(err);

	addr_text(ai->ai_addr, at, sizeof(at));
	if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) ==
	    -1 || fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) {
		say(r, "socket: %s", strerror(errno));
		goto fail;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS && errno != EINTR) {
		say(r, "connect %s: %s", at, strerror(errno));
		goto fail;
	}
	if ((w = wait_fd(fd, POLLOUT, deadline)) == 0) {
		if (last)
			say(r, "connect %s: timed out after %gs", at, timeout);
		else
			say(r, "connect %s: timed out", at);
		goto fail;
	}
	if (w == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == 0)
		return fd;
	say(r, "connect %s: %s", at, strerror(err));
fail:
	if (fd != -1)
		close(fd);
	return -1;
}

/*
 * Each address in turn. All but the last get an equal share of the time
 * left, so that one whose packets vanish (IPv6 without a route, say)
 * does not use up the time of those after it.
 */
static int
connect_any(const struct url *u, double deadline, double timeout,
    struct http_resp *r)
{
	struct addrinfo hints, *res, *ai;
	size_t n = 0, i = 0;
	double share;
	int fd = -1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((e = getaddrinfo(u->host, u->port, &hints, &res)) != 0) {
		say(r, "resolve %s: %s", u->host,
		    e == EAI_SYSTEM ? strerror(errno) : gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next)
		n++;
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next, i++) {
		if (ms_left(deadline) == 0) {
			say(r, "timed out after %gs", timeout);
			break;
		}
		share = (deadline - time_mono()) / (double)(n - i);
		fd = connect_one(ai, i + 1 == n ? deadline : time_mono() + share,
		    timeout, i + 1 == n, r);
	}
	freeaddrinfo(res);
	return fd;
}

static int
send_all(int fd, const char *p, size_t n, double deadline, double timeout,
    struct http_resp *r)
{
	ssize_t k;
	int w;

	while (n > 0) {
		/* MSG_NOSIGNAL: a peer gone is an error here, not our death */
		if ((k = send(fd, p, n, MSG_NOSIGNAL)) > 0) {
			p += k;
			n -= (size_t)k;
		} else if (k == -1 && errno == EINTR)
			continue;
		else if (k == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if ((w = wait_fd(fd, POLLOUT, deadline)) == 1)
				continue;
			if (w == 0)
				say(r, "timed out after %gs", timeout);
			else
				say(r, "poll: %s", strerror(errno));
			return -1;
		} else {
			say(r, "send: %s", strerror(k == -1 ? errno : EIO));
			return -1;
		}
	}
	return 0;
}

static int
recv_all(int fd, struct http_parser *hp, double deadline, double timeout,
    struct http_resp *r)
{
	char chunk[CHUNK];
	ssize_t k;
	int w, rc;

	for (;;) {
		if ((w = wait_fd(fd, POLLIN, deadline)) != 1) {
			if (w == 0)
				say(r, "timed out after %gs", timeout);
			else
				say(r, "poll: %s", strerror(errno));
			return -1;
		}
		if ((k = recv(fd, chunk, sizeof(chunk), 0)) == -1) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			say(r, "recv: %s", strerror(errno));
			return -1;
		}
		rc = k == 0 ? http_parser_eof(hp) :
		    http_parser_feed(hp, chunk, (size_t)k);
		if (rc != 0)
			return rc == 1 ? 0 : -1;
	}
}

static int
request_text(struct buf *b, const struct http_req *req, const struct url *u)
{
	size_t i;

	if (buf_printf(b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: hb\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n", req->method,
	    u->path, u->hostport, req->body_len) == -1)
		return -1;
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++)
		if (buf_adds(b, req->headers[i]) == -1 ||
		    buf_adds(b, "\r\n") == -1)
			return -1;
	if (buf_adds(b, "\r\n") == -1 || buf_add(b, req->body, req->body_len) == -1)
		return -1;
	return 0;
}

static int
plain(const struct http_req *req, const struct url *u, double timeout,
    struct http_resp *r)
{
	double deadline = time_mono() + timeout;
	struct http_parser hp;
	struct buf text = BUF_INIT;
	char sent_why[sizeof(r->why)];
	int fd = -1, rc = -1, sent;

	if (request_text(&text, req, u) == -1) {
		say(r, "out of memory");
		goto out;
	}
	if ((fd = connect_any(u, deadline, timeout, r)) == -1)
		goto out;
	/*
	 * A server may answer before it has read all (a 413, say) and close:
	 * the answer is still worth reading; failing that, the send's error.
	 */
	sent = send_all(fd, text.p, text.len, deadline, timeout, r);
	memcpy(sent_why, r->why, sizeof(sent_why));
	http_parser_init(&hp, r, strcmp(req->method, "HEAD") == 0);
	if ((rc = recv_all(fd, &hp, deadline, timeout, r)) == -1 && sent == -1)
		memcpy(r->why, sent_why, sizeof(r->why));
out:
	if (fd != -1)
		close(fd);
	buf_free(&text);
	return rc;
}

/*
 * curl's arguments around the headers: -q first, so that no ~/.curlrc
 * has a say; -g, so that [] and {} in a URL are not globbing patterns
 * that make several requests.
 */
static const char *const curl_pre[] = {
	"-q", "-sS", "-g", "--proto", "=https", "--proto-redir", "=https",
	"--max-time",
};
static const char *const curl_post[] = {
	"--data-binary", "@-", "-o", "-", "-w", "\n%{http_code}", "--url",
};

/* curl's argument vector; free it alone (its strings are the request's, tm and ours). */
static char **
curl_argv(const struct http_req *req, const char *tm)
{
	/* the program, tm, -X, the method, the URL and NULL */
	size_t fixed = NELEM(curl_pre) + NELEM(curl_post) + 6;
	size_t n = 0, i, k = 0;
	char **av;

	while (req->headers != NULL && req->headers[n] != NULL)
		n++;
	if (n > (SIZE_MAX - fixed) / 2 ||
	    (av = calloc(fixed + 2 * n, sizeof(*av))) == NULL)
		return NULL;
	av[k++] = (char *)(req->curl != NULL ? req->curl : "curl");
	for (i = 0; i < NELEM(curl_pre); i++)
		av[k++] = (char *)curl_pre[i];
	av[k++] = (char *)tm;
	av[k++] = "-X";
	av[k++] = (char *)req->method;
	for (i = 0; i < n; i++) {
		av[k++] = "-H";
		av[k++] = (char *)req->headers[i];
	}
	for (i = 0; i < NELEM(curl_post); i++)
		av[k++] = (char *)curl_post[i];
	av[k++] = (char *)req->url;
	av[k] = NULL;
	return av;
}

/* What curl wrote: the body, a '\n' and the status after the last one. */
static int
curl_output(const struct run *run, struct http_resp *r)
{
	const char *out = run->out.p, *why;
	size_t n = run->out.len, nl;
	long long st;

	if (run->out_truncated) {
		say(r, "curl: response over %u bytes, its status lost",
		    RUN_OUTPUT_MAX);
		return -1;
	}
	for (nl = n; nl > 0 && out[nl - 1] != '\n'; nl--)
		;
	if (nl == 0 || strlen(out + nl) != n - nl ||
	    num_ll(out + nl, 100, 599, &st, &why) == -1) {
		say(r, "curl: no status in its output");
		return -1;
	}
	r->status = (int)st;
	nl--;
	if (buf_add(&r->body, out, nl < HTTPC_BODY_MAX ? nl :
	    HTTPC_BODY_MAX) == -1 || buf_add(&r->body, "", 0) == -1) {
		say(r, "out of memory");
		return -1;
	}
	return 0;
}

/* https: curl(1) does it, as no TLS library is linked. */
static int
via_curl(const struct http_req *req, double timeout, struct http_resp *r)
{
	struct run run;
	const char *line;
	char tm[32], failed[128];
	size_t len;
	int rc = -1;

	memset(&run, 0, sizeof(run));
	snprintf(tm, sizeof(tm), "%g", timeout);
	if ((run.argv = curl_argv(req, tm)) == NULL) {
		say(r, "out of memory");
		return -1;
	}
	run.in = req->body_len > 0 ? req->body : NULL;
	run.in_len = req->body_len;
	if (run_all(&run, 1, timeout + CURL_GRACE) == -1)
		say(r, "%s: %s", run.argv[0], strerror(errno));
	else if (run_failed(&run, timeout, failed, sizeof(failed)))
		say(r, "%s: %s", run.argv[0], failed);
	else if (run.status != 0) {
		line = first_line(run.err.p, run.err.len, sizeof(r->why) - 1,
		    &len);
		if (len > 0)
			say(r, "%.*s", (int)len, line);
		else
			say(r, "%s: exit status %d", run.argv[0], run.status);
	} else
		rc = curl_output(&run, r);
	free(run.argv);
	run_free(&run);
	return rc;
}

int
http_request(const struct http_req *req, struct http_resp *r)
{
	double timeout = req->timeout > 0 ? req->timeout : HTTPC_TIMEOUT;
	const char *why;
	struct url u;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!request_ok(req, r))
		return -1;
	if (url_parse(req->url != NULL ? req->url : "", &u, &why) == -1) {
		say(r, "bad URL: %s", why);
		return -1;
	}
	rc = u.tls ? via_curl(req, timeout, r) : plain(req, &u, timeout, r);
	url_free(&u);
	return rc;
}
