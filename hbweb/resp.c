/*
 * resp: the bytes of a response. Every answer carries the headers that
 * keep a browser from doing what we did not mean: no sniffing, no
 * framing, no inline script, no referrer beyond our origin.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hbweb.h"

static const char security[] =
	"X-Content-Type-Options: nosniff\r\n"
	"Content-Security-Policy: default-src 'self'; script-src 'self'; "
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; "
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
	"form-action 'self'\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: same-origin\r\n";

const char *
status_text(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 101: return "Switching Protocols";
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 426: return "Upgrade Required";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->type = "application/json";
}

void
resp_free(struct resp *r)
{
	buf_free(&r->body);
	buf_free(&r->head);
}

void
resp_error(struct resp *r, int status, const char *text)
{
	struct jw w;

	r->status = status;
	r->type = "application/json";
	buf_reset(&r->body);
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "error", text);
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
	/* a request we could not read leaves the connection where it was */
	if (status == 400 || status == 408 || status == 411 || status == 413 ||
	    status == 414 || status == 431 || status == 501 || status == 505)
		r->close = 1;
}

/*
 * RFC 9110 5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT", whatever the locale;
 * made once a second, not for each of the answers a kept-alive client
 * asks for in it.
 */
static void
http_date(struct buf *b)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static char line[64];
	static time_t made = (time_t)-1;
	static int len;
	time_t now = time(NULL);
	struct tm tm;

	if (now != made) {
		if (gmtime_r(&now, &tm) == NULL)
			return;
		len = snprintf(line, sizeof(line),
		    "Date: %.3s, %02d %.3s %04d %02d:%02d:%02d GMT\r\n",
		    days + 3 * tm.tm_wday, tm.tm_mday, months + 3 * tm.tm_mon,
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (len < 0 || (size_t)len >= sizeof(line))
			return;
		made = now;
	}
	buf_add(b, line, (size_t)len);
}

void
resp_format(const struct resp *r, int head, struct buf *out)
{
	buf_printf(out, "HTTP/1.1 %d %s\r\n", r->status, status_text(r->status));
	http_date(out);
	buf_adds(out, security);
	buf_printf(out, "Cache-Control: %s\r\n", r->cache ? r->cache : "no-store");
	if (r->status != 204 && r->status != 304 && r->status != 101)
		buf_printf(out, "Content-Type: %s\r\n", r->type);
	/* a live feed has no length: it ends when the connection does */
	if (r->status != 204 && r->status != 304 && r->live == LIVE_NONE)
		buf_printf(out, "Content-Length: %zu\r\n",
		    r->shared ? r->shared_len : r->body.len);
	if (r->close && r->live != LIVE_WS)
		buf_adds(out, "Connection: close\r\n");
	if (r->head.len > 0)
		buf_add(out, r->head.p, r->head.len);
	buf_adds(out, "\r\n");
	if (!head && r->shared == NULL && r->body.len > 0)
		buf_add(out, r->body.p, r->body.len);
}
