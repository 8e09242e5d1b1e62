/*
 * conn: one connection, request after request (kept alive, pipelined),
 * each read within its limits and its time: a client idle for 30 s, or
 * slower than 10 s to send a request's head, is cut, and one that does
 * not read its answers is dropped.
 */
#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hbtime.h"
#include "hbweb.h"
#include "httpreq.h"
#include "log.h"

#define READ_CHUNK	16384
#define WRITE_TIMEOUT	30.0

struct conn {
	const struct config	*c;
	int			 in, out;
	const char		*peer;
	struct httpreq		*rq;
	struct picture		 pic;
	char			 buf[READ_CHUNK];
	size_t			 have, off;	/* bytes in buf, and read of them */
	double			 began;		/* when the request's first byte came */
	double			 body_began;	/* when its head was complete */
	int			 continued;	/* 100 Continue sent */
};

/* Wait for fd to be ready for events until deadline; 1 ready, 0 timed out. */
static int
ready(int fd, short events, double deadline)
{
	struct pollfd p = { fd, events, 0 };
	double left;
	int r;

	for (;;) {
		if ((left = deadline - time_mono()) <= 0)
			return 0;
		r = poll(&p, 1, (int)ceil(left * 1000));
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return 0;
	}
}

/*
 * The n pieces to the client, in one writev when the socket takes them,
 * unless it stops reading for WRITE_TIMEOUT. 0 or -1.
 */
static int
send_vec(int out, struct iovec *v, int n)
{
	double deadline = time_mono() + WRITE_TIMEOUT;
	ssize_t w;

	while (n > 0) {
		if (v->iov_len == 0) {
			v++;
			n--;
			continue;
		}
		if ((w = writev(out, v, n)) > 0) {
			deadline = time_mono() + WRITE_TIMEOUT;
			for (; n > 0 && (size_t)w >= v->iov_len; v++, n--)
				w -= (ssize_t)v->iov_len;
			if (n > 0) {
				v->iov_base = (char *)v->iov_base + w;
				v->iov_len -= (size_t)w;
			}
			continue;
		}
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
		    ready(out, POLLOUT, deadline))
			continue;
		return -1;
	}
	return 0;
}

int
send_bytes(int out, const void *p, size_t n)
{
	struct iovec v = { (void *)p, n };

	return send_vec(out, &v, 1);
}

static int
answer(struct conn *k, struct resp *r, int head)
{
	struct buf out = BUF_INIT;
	struct iovec v[2];
	int rc;

	resp_format(r, head, &out);
	if (out.p == NULL)
		return -1;
	v[0].iov_base = out.p;
	v[0].iov_len = out.len;
	v[1].iov_base = (void *)r->shared;
	v[1].iov_len = r->shared != NULL && !head ? r->shared_len : 0;
	rc = send_vec(k->out, v, 2);
	buf_free(&out);
	return rc;
}

static void
handle(struct conn *k, struct resp *r)
{
	struct call call;

	memset(&call, 0, sizeof(call));
	call.c = k->c;
	call.pic = &k->pic;
	call.rq = k->rq;
	call.peer = k->peer;
	call.now = time_now();
	call.method = k->rq->method;
	call.path = k->rq->path;
	call.query = k->rq->query;
	route(&call, r);
	if (!k->rq->keep_alive)
		r->close = 1;
}

/*
 * How long the next read may wait: a new request may be idle-long in
 * coming; once begun, its head has HEAD_TIMEOUT and its body BODY_TIMEOUT,
 * in all, so that a trickle of tiny chunks cannot hold the process.
 */
static double
deadline(struct conn *k, double now)
{
	if (!k->rq->started)
		return now + IDLE_TIMEOUT;
	if (k->began == 0)
		k->began = now;
	if (!k->rq->head_done)
		return k->began + HEAD_TIMEOUT;
	if (k->body_began == 0)
		k->body_began = now;
	return k->body_began + BODY_TIMEOUT;
}

/* More bytes; 1 got some, 0 the client closed, -1 timed out or failed. */
static int
more(struct conn *k)
{
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
	ssize_t n;
	double until;

	if (k->rq->expect_continue && k->rq->head_done && !k->continued) {
		k->continued = 1;
		if (send_bytes(k->out, cont, sizeof(cont) - 1) == -1)
			return -1;
	}
	until = deadline(k, time_mono());
	for (;;) {
		n = read(k->in, k->buf, sizeof(k->buf));
		if (n > 0) {
			k->have = (size_t)n;
			k->off = 0;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
		    !ready(k->in, POLLIN, until))
			return -1;
	}
}

/* The next request, complete (1), bad (its status), or none (0: closed). */
static int
next_request(struct conn *k)
{
	size_t used;
	int r;

	for (;;) {
		if (k->off < k->have) {
			r = httpreq_feed(k->rq, k->buf + k->off,
			    k->have - k->off, &used);
			k->off += used;
			if (r != 0)
				return r;
			if (k->rq->started && k->began == 0)
				k->began = time_mono();
		}
		switch (more(k)) {
		case 1:
			break;
		case 0:
			return k->rq->started ? 400 : 0;
		default:
			return k->rq->started ? 408 : 0;
		}
	}
}

static void
loop(struct conn *k)
{
	struct resp r;
	int st, head;

	for (;;) {
		if ((st = next_request(k)) == 0)
			return;
		resp_init(&r);
		head = st == 1 && strcmp(k->rq->method, "HEAD") == 0;
		if (st == 1)
			handle(k, &r);
		else
			resp_error(&r, st, status_text(st));
		if (r.live != LIVE_NONE && !head) {
			live_serve(k->c, k->in, k->out, &r, k->buf + k->off,
			    k->have - k->off);
			resp_free(&r);
			return;
		}
		if (answer(k, &r, head) == -1 || r.close || st != 1) {
			resp_free(&r);
			return;
		}
		resp_free(&r);
		httpreq_reset(k->rq);
		k->began = k->body_began = 0;
		k->continued = 0;
	}
}

void
serve(const struct config *c, int in, int out, const char *peer)
{
	static const int sndbuf = 1 << 20;
	struct conn *k;

	if ((k = calloc(1, sizeof(*k))) == NULL ||
	    (k->rq = malloc(sizeof(*k->rq))) == NULL) {
		free(k);
		warnx("%s: out of memory", peer);
		return;
	}
	k->c = c;
	k->in = in;
	k->out = out;
	k->peer = peer;
	fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);
	fcntl(out, F_SETFL, fcntl(out, F_GETFL) | O_NONBLOCK);
	/* a whole answer of a thousand hosts in the socket at once, not in rounds of polls */
	setsockopt(out, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	httpreq_init(k->rq, BODY_MAX);
	picture_init(&k->pic, c->statedir);
	loop(k);
	httpreq_free(k->rq);
	picture_free(&k->pic);
	free(k->rq);
	free(k);
}
