/*
 * send_http: the channels that POST: Pushover's message API, Mattermost
 * and Slack incoming webhooks, and the generic webhook. Plain http:// is
 * spoken here; https:// goes through curl (lib/httpc).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hbnotify.h"
#include "httpc.h"
#include "utf8.h"

#define PUSHOVER_TITLE_MAX	250	/* characters, the API's limits */
#define PUSHOVER_MESSAGE_MAX	1024
#define HEADERS_MAX		40

/* At most max characters of s, never half of one. */
static size_t
chars(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), at = 0, len;
	uint32_t cp;

	while (at < n && max-- > 0) {
		if ((len = utf8_decode(p + at, n - at, &cp)) == 0)
			len = 1;
		at += len;
	}
	return at;
}

static void
form(struct buf *b, const char *key, const char *val, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	buf_printf(b, "%s%s=", b->len ? "&" : "", key);
	for (i = 0; i < len; i++) {
		c = (unsigned char)val[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_addc(b, c);
		else if (c == ' ')
			buf_addc(b, '+');
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

static void
pushover(struct buf *b, const struct channel *ch, const char *target,
    struct event *const *ev, int n)
{
	struct buf title = BUF_INIT, msg = BUF_INIT;
	char num[32];

	render_title(&title, ev, n);
	render_body(&msg, ev, n);
	form(b, "token", ch->token, strlen(ch->token));
	form(b, "user", target, strlen(target));
	if (title.p != NULL)
		form(b, "title", title.p, chars(title.p, PUSHOVER_TITLE_MAX));
	if (msg.p != NULL)
		form(b, "message", msg.p, chars(msg.p, PUSHOVER_MESSAGE_MAX));
	snprintf(num, sizeof(num), "%d", render_priority(ev, n));
	form(b, "priority", num, strlen(num));
	snprintf(num, sizeof(num), "%.0f", floor(ev[0]->ts));
	form(b, "timestamp", num, strlen(num));
	buf_free(&title);
	buf_free(&msg);
}

/* Mattermost and Slack read the same: text, and where to post it. */
static void
chat(struct buf *b, const struct channel *ch, const char *room,
    struct event *const *ev, int n)
{
	struct buf text = BUF_INIT;
	struct jw w;

	render_title(&text, ev, n);
	if (n > 1) {
		buf_addc(&text, '\n');
		render_body(&text, ev, n);
	}
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "text", text.p);
	if (ch->username != NULL)
		jw_kstr(&w, "username", ch->username);
	if (room != NULL)
		jw_kstr(&w, "channel", room);
	jw_end(&w, '}');
	buf_free(&text);
}

/* The event itself; in a channel that groups, always the group. */
static void
webhook(struct buf *b, const struct channel *ch, struct event *const *ev,
    int n)
{
	struct buf title = BUF_INIT;
	struct jw w;
	int i;

	if (n == 1 && ch->group_wait == 0) {
		buf_add(b, ev[0]->line, ev[0]->len);
		return;
	}
	render_title(&title, ev, n);
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "text", title.p);
	jw_knum(&w, "count", n);
	jw_key(&w, "events");
	jw_arr(&w);
	for (i = 0; i < n; i++)
		jw_raw(&w, ev[i]->line, ev[i]->len);
	jw_end(&w, ']');
	jw_end(&w, '}');
	buf_free(&title);
}

/* The URL, body and headers of the request. */
static const char *
build(const struct channel *ch, const char *target, struct event *const *ev,
    int n, struct buf *body, const char **type)
{
	*type = "Content-Type: application/json";
	switch (ch->type) {
	case CH_PUSHOVER:
		*type = "Content-Type: application/x-www-form-urlencoded";
		pushover(body, ch, target, ev, n);
		return ch->url;
	case CH_MATTERMOST:
	case CH_SLACK:
		if (strncmp(target, "http", 4) == 0) {
			chat(body, ch, ch->room, ev, n);
			return target;
		}
		/* a channel name: posted through the line's own hook */
		chat(body, ch, target, ev, n);
		return ch->url;
	default:
		webhook(body, ch, ev, n);
		return target;
	}
}

/*
 * 2xx delivered. A refusal (4xx) will be refused again: bad token, bad
 * key, gone. The peer's trouble (5xx), a timeout or too many requests
 * may pass: tried again.
 */
static enum sent
judge(const struct http_resp *r, struct buf *why)
{
	if (r->status >= 200 && r->status < 300)
		return SENT_OK;
	buf_printf(why, "HTTP %d", r->status);
	if (r->body.len > 0)
		buf_printf(why, ": %.*s", (int)(r->body.len < 200 ?
		    r->body.len : 200), r->body.p);
	if (r->status == 408 || r->status == 425 || r->status == 429 ||
	    r->status >= 500 || r->status < 200)
		return SENT_RETRY;
	return SENT_FAIL;
}

enum sent
send_http(const struct channel *ch, const char *target, const char *id,
    struct event *const *ev, int n, struct buf *why)
{
	const char *headers[HEADERS_MAX + 3];
	struct http_resp resp;
	struct http_req req;
	struct buf body = BUF_INIT;
	char delivery[64];
	enum sent r;
	int k, i = 0;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.method = "POST";
	req.url = build(ch, target, ev, n, &body, &headers[i++]);
	snprintf(delivery, sizeof(delivery), "X-HB-Delivery: %s", id);
	headers[i++] = delivery;
	for (k = 0; k < ch->headers.n && k < HEADERS_MAX; k++)
		headers[i++] = ch->headers.v[k];
	headers[i] = NULL;
	req.headers = headers;
	req.body = body.p;
	req.body_len = body.len;
	req.timeout = ch->timeout;
	req.curl = ch->curl;
	if (http_request(&req, &resp) == -1) {
		buf_printf(why, "%s", resp.why);
		r = SENT_RETRY;
	} else
		r = judge(&resp, why);
	http_resp_free(&resp);
	buf_free(&body);
	return r;
}
