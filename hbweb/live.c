/*
 * live: GET /api/0/live, the feed of the live view. Over a WebSocket
 * (RFC 6455) or, where one cannot be had, as server-sent events, each
 * item is a JSON text: an event of hbstate ({"type":"event","event":
 * {...}}), a message a host sent ({"type":"message"}: MSG, BOOT, SHUT)
 * or that a host was heard from ({"type":"seen"}, at most every
 * SEEN_EVERY seconds a host). Only the hosts the user may see, from the
 * moment the feed begins: what came before is in the other endpoints.
 * The process serves this one client until it goes.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "follow.h"
#include "hbtime.h"
#include "hbweb.h"
#include "httpreq.h"
#include "json.h"
#include "log.h"
#include "proto.h"
#include "ws.h"

#define LINE_MAX_LEN	(64u << 10)	/* longer lines are not for the feed */
#define CLIENT_MSG_MAX	4096		/* bytes of what a client may say */
#define TICK_MS		250
#define PING_EVERY	25.0		/* seconds: proxies drop quiet connections */
#define ROLES_EVERY	5.0		/* seconds between looks at access.json */
#define SEEN_EVERY	2.0		/* seconds between "seen" items of a host */
#define LINES_A_TICK	2000		/* so a flood cannot starve the client's input */

struct live {
	const struct config	*c;
	int			 in, out, ws;
	const char		*user;		/* NULL: no users, all visible */
	struct ws_rx		 rx;
	struct follow		 ev, jr;
	struct hmap		 seen;		/* host -> double *: when last said */
	struct buf		 item;
	int			 done;
};

static int
has_token(const char *h, const char *token)
{
	size_t n = strlen(token);

	for (; h != NULL && *h != '\0'; h++)
		if (strncasecmp(h, token, n) == 0 &&
		    (h[n] == '\0' || h[n] == ',' || h[n] == ' '))
			return 1;
	return 0;
}

static void
websocket(struct call *k, struct resp *r)
{
	const char *key = httpreq_header(k->rq, "Sec-WebSocket-Key");
	const char *ver = httpreq_header(k->rq, "Sec-WebSocket-Version");
	char accept[WS_ACCEPT_LEN + 1];

	if (!has_token(httpreq_header(k->rq, "Connection"), "upgrade")) {
		resp_error(r, 400, "Connection: Upgrade expected");
		return;
	}
	if (ver == NULL || strcmp(ver, "13") != 0) {
		resp_error(r, 426, "WebSocket version 13 expected");
		buf_adds(&r->head, "Sec-WebSocket-Version: 13\r\n");
		return;
	}
	if (key == NULL || ws_accept_key(key, accept) == -1) {
		resp_error(r, 400, "Sec-WebSocket-Key: 16 bytes in base64 "
		    "expected");
		return;
	}
	buf_reset(&r->body);
	r->status = 101;
	r->live = LIVE_WS;
	buf_printf(&r->head, "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %s\r\n", accept);
}

void
api_live(struct call *k, struct resp *r)
{
	const char *up = httpreq_header(k->rq, "Upgrade");
	const char *accept = httpreq_header(k->rq, "Accept");

	/* a browser opens a WebSocket from any page it shows: only ours */
	if (k->by_cookie && !auth_origin_ok(k, r))
		return;
	if (up != NULL && strcasecmp(up, "websocket") == 0)
		websocket(k, r);
	else if (accept != NULL && strstr(accept, "text/event-stream")) {
		r->live = LIVE_SSE;
		r->type = "text/event-stream";
	} else
		resp_error(r, 400, "a WebSocket (Upgrade: websocket) or an "
		    "event stream (Accept: text/event-stream) expected");
	if (r->live == LIVE_NONE)
		return;
	r->close = 1;
	snprintf(r->live_user, sizeof(r->live_user), "%s",
	    k->user ? k->user : "");
}

static int
send_item(struct live *l, const struct buf *b)
{
	unsigned char head[WS_HEAD_MAX];
	size_t n;

	if (!l->ws)
		return send_bytes(l->out, "data: ", 6) == -1 ||
		    send_bytes(l->out, b->p, b->len) == -1 ||
		    send_bytes(l->out, "\n\n", 2) == -1 ? -1 : 0;
	n = ws_frame_head(head, WS_OP_TEXT, 1, b->len);
	return send_bytes(l->out, head, n) == -1 ||
	    send_bytes(l->out, b->p, b->len) == -1 ? -1 : 0;
}

static int
visible(const struct live *l, const char *host)
{
	return users_any(l->c) ? l->user != NULL &&
	    role_of(l->c, l->user, host) >= ROLE_MONITOR : 1;
}

/* Has the host's "seen" been said within SEEN_EVERY? If not, note it now. */
static int
said_lately(struct live *l, const char *host, double now)
{
	struct hent *e = hmap_put(&l->seen, host, strlen(host));
	double *t;

	if (e == NULL)
		return 1;
	if ((t = e->val) == NULL) {
		if ((t = e->val = malloc(sizeof(*t))) == NULL)
			return 1;
	} else if (now - *t < SEEN_EVERY)
		return 1;
	*t = now;
	return 0;
}

/* A line of hbstate's events: passed on whole when its host may be seen. */
static void
event_item(struct live *l, const char *line, size_t n, struct json_doc *doc)
{
	const char *host;
	struct jw w;

	if (json_parse(doc, line, n, NULL) == -1 ||
	    (host = json_get_str(&doc->root, "host")) == NULL ||
	    !visible(l, host))
		return;
	buf_reset(&l->item);
	jw_init(&w, &l->item);
	jw_obj(&w);
	jw_kstr(&w, "type", "event");
	jw_key(&w, "event");
	jw_tree(&w, &doc->root);
	jw_end(&w, '}');
	if (!w.err && send_item(l, &l->item) == -1)
		l->done = 1;
}

/* A line of hbrecv's journal: what the live view shows of it. */
static void
journal_item(struct live *l, const char *line, size_t n, struct json_doc *doc)
{
	const struct json *m;
	const char *id, *host;
	struct jw w;
	int htb;

	if (json_parse(doc, line, n, NULL) == -1 ||
	    (m = json_get(&doc->root, "message")) == NULL ||
	    (id = json_get_str(m, "ID")) == NULL ||
	    (host = json_get_str(m, "name")) == NULL ||
	    !proto_name_ok(host, strlen(host)))
		return;
	htb = strcmp(id, "HTB") == 0;
	if ((!htb && strcmp(id, "MSG") != 0 && strcmp(id, "BOOT") != 0 &&
	    strcmp(id, "SHUT") != 0) || !visible(l, host) ||
	    (htb && said_lately(l, host, time_mono())))
		return;
	buf_reset(&l->item);
	jw_init(&w, &l->item);
	jw_obj(&w);
	jw_kstr(&w, "type", htb ? "seen" : "message");
	jw_kstr(&w, "host", host);
	if (!htb)
		jw_kstr(&w, "id", id);
	jw_knum(&w, "ts", json_get_num(&doc->root, "timestamp", 0));
	jw_kstr(&w, "address", json_get_str(&doc->root, "source_ip"));
	if (htb && json_get(m, "rtt") != NULL)
		jw_knum(&w, "rtt", json_get_num(m, "rtt", 0));
	if (!htb)
		jw_kstr(&w, "text", json_get_str(m, "text"));
	jw_end(&w, '}');
	if (!w.err && send_item(l, &l->item) == -1)
		l->done = 1;
}

/* What the logs got since the last look, a bounded number of lines. */
static void
drain(struct live *l)
{
	struct json_doc doc = JSON_DOC_INIT;
	const char *line;
	size_t n;
	int i;

	for (i = 0; i < LINES_A_TICK && !l->done &&
	    (line = follow_line(&l->ev, &n)) != NULL; i++)
		event_item(l, line, n, &doc);
	for (i = 0; i < LINES_A_TICK && !l->done &&
	    (line = follow_line(&l->jr, &n)) != NULL; i++)
		journal_item(l, line, n, &doc);
	json_doc_free(&doc);
}

/* The end, said the WebSocket way (SSE has nothing to say). */
static void
close_with(struct live *l, int code)
{
	unsigned char f[WS_CONTROL_FRAME_MAX];
	size_t n;

	if (l->ws) {
		n = ws_close_frame(f, code, "");
		send_bytes(l->out, f, n);
	}
	l->done = 1;
}

/* What the client sent: pings answered, a close returned, errors closed with their code. */
static void
client_bytes(struct live *l, const char *p, size_t n)
{
	unsigned char f[WS_CONTROL_FRAME_MAX];
	size_t used, len;

	if (!l->ws)
		return;		/* an event stream hears nothing back */
	while (!l->done && n > 0) {
		switch (ws_rx_feed(&l->rx, p, n, &used)) {
		case WS_PING:
			len = ws_pong_frame(f, l->rx.data, l->rx.len);
			if (send_bytes(l->out, f, len) == -1)
				l->done = 1;
			break;
		case WS_CLOSE:
			close_with(l, l->rx.code);
			break;
		case WS_ERROR:
			warnx("live: %s", l->rx.why);
			close_with(l, l->rx.code);
			break;
		default:
			break;	/* text, binary, pong: nothing is asked of us */
		}
		p += used;
		n -= used;
	}
}

/* Keep a quiet connection open through proxies, and find a dead one. */
static void
ping(struct live *l)
{
	unsigned char f[WS_HEAD_MAX];
	size_t n;

	if (l->ws) {
		n = ws_frame_head(f, WS_OP_PING, 1, 0);
		if (send_bytes(l->out, f, n) == -1)
			l->done = 1;
	} else if (send_bytes(l->out, ": ping\n\n", 8) == -1)
		l->done = 1;
}

static void
run(struct live *l)
{
	struct pollfd p = { l->in, POLLIN, 0 };
	double now, next_ping = time_mono() + PING_EVERY;
	double next_roles = time_mono() + ROLES_EVERY;
	char buf[4096];
	ssize_t n;

	while (!l->done) {
		if (poll(&p, 1, TICK_MS) > 0) {
			n = read(l->in, buf, sizeof(buf));
			if (n == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN && errno != EWOULDBLOCK))
				return;
			if (n > 0)
				client_bytes(l, buf, (size_t)n);
		}
		if ((now = time_mono()) >= next_roles) {
			kept_fresh(l->c->kept);
			next_roles = now + ROLES_EVERY;
		}
		drain(l);
		if (!l->done && now >= next_ping) {
			ping(l);
			next_ping = now + PING_EVERY;
		}
	}
}

static int
head_out(int out, const struct resp *r)
{
	struct buf b = BUF_INIT;
	int rc;

	resp_format(r, 0, &b);
	rc = b.p != NULL ? send_bytes(out, b.p, b.len) : -1;
	buf_free(&b);
	return rc;
}

/* The logs cannot be followed: a 500 instead of the feed. */
static void
fail_out(int out)
{
	struct resp r;

	resp_init(&r);
	resp_error(&r, 500, "cannot follow the logs");
	r.close = 1;
	head_out(out, &r);
	resp_free(&r);
}

void
live_serve(const struct config *c, int in, int out, const struct resp *r,
    const char *got, size_t ngot)
{
	struct live l;
	struct hent *e = NULL;
	size_t i = 0;

	memset(&l, 0, sizeof(l));
	l.c = c;
	l.in = in;
	l.out = out;
	l.ws = r->live == LIVE_WS;
	l.user = r->live_user[0] != '\0' ? r->live_user : NULL;
	ws_rx_init(&l.rx, CLIENT_MSG_MAX);
	/* the logs' ends first: what comes after the answer is in the feed */
	if (follow_open(&l.ev, c->events.path, c->events.backups, NULL,
	    LINE_MAX_LEN) == -1 || follow_open(&l.jr, c->journal.path,
	    c->journal.backups, NULL, LINE_MAX_LEN) == -1) {
		warnx("live: %s", strerror(errno));
		fail_out(out);
	} else if (head_out(out, r) == 0) {
		client_bytes(&l, got, ngot);
		run(&l);
	}
	follow_close(&l.ev);
	follow_close(&l.jr);
	ws_rx_free(&l.rx);
	buf_free(&l.item);
	while ((e = hmap_next(&l.seen, &i, e)) != NULL)
		free(e->val);
	hmap_free(&l.seen);
}
