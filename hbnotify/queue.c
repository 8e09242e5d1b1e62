/*
 * queue: the pending deliveries in lines, one line per destination
 * (channel and target), each sent in order by a worker process of its
 * own, so that a slow or hanging peer holds up only its own line and a
 * fault in sending never takes hbnotify down. A failed attempt is tried
 * again after 1, 2, 4 ... seconds, at most an hour apart, until the
 * channel's give-up age; then the delivery is logged and kept in failed/.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbnotify.h"
#include "log.h"

#define WORKERS_MAX	4
#define BACKOFF_MAX	3600.0
#define WHY_MAX		1024

struct dest {
	const struct channel *ch;
	char		*target;
	struct delivery	*head, *tail;
	size_t		 n;
	double		 next;		/* no attempt before */
	int		 failures;	/* in a row */
	int		 held;		/* held back by the rate: the next message takes all */
	pid_t		 pid;		/* its worker, or 0 */
	int		 fd;		/* the worker's why, or -1 */
	int		 sending;	/* deliveries at the head in the worker's hands */
};

/* When a channel's latest messages went: a ring of rate entries. */
struct rate {
	double		*t;
	int		 n, i;
};

struct queue {
	const struct config	*c;
	struct spool		*sp;
	struct hmap		 dests;		/* "channel\ttarget" -> struct dest */
	struct hmap		 ids;		/* pending ids */
	struct hmap		 rates;		/* channel -> struct rate */
	size_t			 pending;
	int			 busy;
};

struct queue *
queue_new(const struct config *c, struct spool *sp)
{
	struct queue *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->c = c;
	q->sp = sp;
	return q;
}

static void
dest_free(struct dest *d)
{
	struct delivery *x;

	while ((x = d->head) != NULL) {
		d->head = x->next;
		delivery_free(x);
		free(x);
	}
	if (d->fd != -1)
		close(d->fd);
	free(d->target);
	free(d);
}

void
queue_free(struct queue *q)
{
	struct hent *e = NULL;
	struct rate *r;
	size_t i = 0;

	if (q == NULL)
		return;
	while ((e = hmap_next(&q->dests, &i, e)) != NULL)
		dest_free(e->val);
	e = NULL;
	i = 0;
	while ((e = hmap_next(&q->rates, &i, e)) != NULL) {
		r = e->val;
		free(r->t);
		free(r);
	}
	hmap_free(&q->dests);
	hmap_free(&q->ids);
	hmap_free(&q->rates);
	free(q);
}

static struct dest *
dest_get(struct queue *q, const struct channel *ch, const char *target)
{
	struct buf key = BUF_INIT;
	struct hent *e;
	struct dest *d;

	buf_printf(&key, "%s\t%s", ch->name, target);
	e = key.p == NULL ? NULL : hmap_put(&q->dests, key.p, key.len);
	buf_free(&key);
	if (e == NULL)
		return NULL;
	if (e->val != NULL)
		return e->val;
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->target = strdup(target)) == NULL) {
		free(d);
		return NULL;
	}
	d->ch = ch;
	d->fd = -1;
	e->val = d;
	return d;
}

/* Into its line; a line that was idle waits group-wait for company. */
static int
enqueue(struct queue *q, struct delivery *x, double now)
{
	const struct channel *ch = config_channel(q->c, x->channel);
	struct hent *e;
	struct dest *d;

	if ((d = dest_get(q, ch, x->target)) == NULL ||
	    (e = hmap_put(&q->ids, x->id, strlen(x->id))) == NULL)
		return -1;
	e->val = x;
	if (d->n == 0 && d->failures == 0)
		d->next = fmax(now, x->queued + ch->group_wait);
	if (d->tail != NULL)
		d->tail->next = x;
	else
		d->head = x;
	d->tail = x;
	d->n++;
	q->pending++;
	return 0;
}

int
queue_add(struct queue *q, const char *id, const char *event_id,
    const char *channel, const char *target, double queued, double now)
{
	struct delivery *x;

	if (hmap_get(&q->ids, id, strlen(id)) != NULL)
		return 0;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return -1;
	snprintf(x->id, sizeof(x->id), "%s", id);
	x->queued = queued;
	if ((x->channel = strdup(channel)) == NULL ||
	    (x->event_id = strdup(event_id)) == NULL ||
	    (x->target = strdup(target)) == NULL ||
	    enqueue(q, x, now) == -1) {
		delivery_free(x);
		free(x);
		return -1;
	}
	return 0;
}

/* A file of new/ that cannot be sent any more is given up at once. */
static void
unsendable(struct queue *q, struct delivery *x, const char *why, double now)
{
	struct delivery *one[1] = { x };

	warnx("delivery %s: %s: given up", x->id, why);
	if (x->channel == NULL)
		x->channel = strdup("?");
	if (x->target == NULL)
		x->target = strdup("?");
	if (x->channel != NULL && x->target != NULL)
		spool_done(q->sp, one, 1, "failed", why, now);
}

/* A file of new/, loaded; NULL when it is not to be sent (dealt with here). */
static struct delivery *
scan_one(struct queue *q, const char *id, double now)
{
	struct delivery *x;
	const char *why;

	if (hmap_get(&q->ids, id, strlen(id)) != NULL ||
	    (x = malloc(sizeof(*x))) == NULL)
		return NULL;
	if (spool_load(q->sp, id, x, NULL, NULL, &why) == -1)
		unsendable(q, x, why, now);
	else if (hmap_get(&q->sp->done, id, strlen(id)) != NULL)
		spool_drop(q->sp, id);
	else if (config_channel(q->c, x->channel) == NULL)
		unsendable(q, x, "its channel is no longer configured", now);
	else
		return x;
	delivery_free(x);
	free(x);
	return NULL;
}

static int
valid_id(const char *s)
{
	return strlen(s) == DELIVERY_ID_LEN &&
	    strspn(s, "0123456789abcdef") == DELIVERY_ID_LEN;
}

static int
by_spooling(const void *a, const void *b)
{
	const struct delivery *x = *(struct delivery *const *)a;
	const struct delivery *y = *(struct delivery *const *)b;

	if (x->queued != y->queued)
		return x->queued < y->queued ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* In the order they were spooled: a DOWN still goes before its UP. */
int
queue_scan(struct queue *q, double now)
{
	struct delivery **v = NULL, **nv, *x;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *dir;

	if ((dir = opendir(q->sp->new)) == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL) {
		if (!valid_id(e->d_name) || (x = scan_one(q, e->d_name,
		    now)) == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				delivery_free(x);
				free(x);
				break;
			}
			v = nv;
		}
		v[n++] = x;
	}
	closedir(dir);
	if (n > 1)
		qsort(v, n, sizeof(*v), by_spooling);
	for (i = 0; i < n; i++)
		if (enqueue(q, v[i], now) == -1) {
			delivery_free(v[i]);
			free(v[i]);
		}
	free(v);
	return 0;
}

static struct rate *
rate_get(struct queue *q, const struct channel *ch)
{
	struct hent *e;
	struct rate *r;

	if ((e = hmap_put(&q->rates, ch->name, strlen(ch->name))) == NULL)
		return NULL;
	if (e->val != NULL)
		return e->val;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->t = calloc((size_t)ch->rate, sizeof(double))) == NULL) {
		free(r);
		return NULL;
	}
	r->n = ch->rate;
	e->val = r;
	return r;
}

/* 0 when a message may go now; else when one may. */
static double
rate_wait(struct queue *q, const struct channel *ch, double now)
{
	struct rate *r;

	if (ch->rate == 0 || (r = rate_get(q, ch)) == NULL)
		return 0;
	/* the oldest of the last n messages left the window? */
	if (r->t[r->i] == 0 || now - r->t[r->i] >= ch->rate_window)
		return 0;
	return r->t[r->i] + ch->rate_window;
}

static void
rate_note(struct queue *q, const struct channel *ch, double now)
{
	struct rate *r;

	if (ch->rate == 0 || (r = rate_get(q, ch)) == NULL)
		return;
	r->t[r->i] = now;
	r->i = (r->i + 1) % r->n;
}

/* In the worker: load the events, send them, say why on fd. */
static void __attribute__((noreturn))
work(struct queue *q, struct dest *d, int k, int fd)
{
	struct event *evp[GROUP_MAX], ev[GROUP_MAX];
	struct buf raw[GROUP_MAX], why = BUF_INIT;
	struct delivery *x, tmp;
	const char *err;
	enum sent r = SENT_RETRY;
	int i;

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	for (i = 0, x = d->head; i < k; i++, x = x->next) {
		memset(&raw[i], 0, sizeof(raw[i]));
		memset(&ev[i], 0, sizeof(ev[i]));
		evp[i] = &ev[i];
		if (spool_load(q->sp, x->id, &tmp, &raw[i], &ev[i], &err) == -1) {
			buf_printf(&why, "%s: %s", x->id, err);
			goto out;
		}
		delivery_free(&tmp);
	}
	r = send_message(d->ch, d->target, d->head->id, evp, k, &why);
out:
	if (why.len > 0)
		file_write_all(fd, why.p, why.len < WHY_MAX ? why.len : WHY_MAX);
	_exit(r == SENT_OK ? 0 : r == SENT_FAIL ? 2 : 1);
}

static void
start(struct queue *q, struct dest *d, double now)
{
	int k, p[2];

	k = d->ch->group_wait > 0 || d->held ? (int)d->n : 1;
	if (k > GROUP_MAX)
		k = GROUP_MAX;
	if (pipe(p) == -1) {
		warnx("pipe:");
		d->next = now + 1;
		return;
	}
	fflush(NULL);
	if ((d->pid = fork()) == -1) {
		warnx("fork:");
		close(p[0]);
		close(p[1]);
		d->pid = 0;
		d->next = now + 1;
		return;
	}
	if (d->pid == 0) {
		close(p[0]);
		work(q, d, k, p[1]);
	}
	close(p[1]);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	d->fd = p[0];
	d->sending = k;
	d->held = 0;
	q->busy++;
	rate_note(q, d->ch, now);
}

/* The head's k deliveries (at most GROUP_MAX) leave the line. */
static void
settle_some(struct queue *q, struct dest *d, int k, const char *result,
    const char *why, double now)
{
	struct delivery *v[GROUP_MAX];
	int i;

	for (i = 0; i < k && d->head != NULL; i++) {
		v[i] = d->head;
		d->head = d->head->next;
	}
	if (d->head == NULL)
		d->tail = NULL;
	if (spool_done(q->sp, v, i, result, why, now) == -1)
		warnx("deliveries log:");
	for (k = i, i = 0; i < k; i++) {
		hmap_del(&q->ids, v[i]->id, strlen(v[i]->id));
		delivery_free(v[i]);
		free(v[i]);
		d->n--;
		q->pending--;
	}
}

static void
settle(struct queue *q, struct dest *d, int k, const char *result,
    const char *why, double now)
{
	for (; k > GROUP_MAX; k -= GROUP_MAX)
		settle_some(q, d, GROUP_MAX, result, why, now);
	settle_some(q, d, k, result, why, now);
}

/* What failed is tried again later; what is too old is given up. */
static void
again(struct queue *q, struct dest *d, const char *why, double now)
{
	struct delivery *x;
	double wait;
	int k = 0;

	d->failures++;
	wait = fmin(BACKOFF_MAX, ldexp(1.0, d->failures - 1));
	d->next = now + wait;
	/* the line keeps its order: the oldest go first */
	for (k = 0, x = d->head; x != NULL && x->queued + d->ch->give_up <= now;
	    x = x->next)
		k++;
	warnx("%s %s: %s (attempt %d; %s)", d->ch->name, d->target, why,
	    d->head->attempts, k > 0 ? "given up" : "tried again later");
	if (k > 0)
		settle(q, d, k, "failed", why, now);
}

static void
finished(struct queue *q, struct dest *d, int status, double now)
{
	char why[WHY_MAX + 1];
	ssize_t n;
	struct delivery *x;
	int k;

	n = read(d->fd, why, WHY_MAX);
	why[n > 0 ? n : 0] = '\0';
	close(d->fd);
	d->fd = -1;
	d->pid = 0;
	q->busy--;
	for (x = d->head, k = 0; x != NULL && k < d->sending; x = x->next, k++) {
		x->tried = 1;
		x->attempts++;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		d->failures = 0;
		settle(q, d, d->sending, "sent", NULL, now);
		d->next = now;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
		warnx("%s %s: %s (given up)", d->ch->name, d->target, why);
		settle(q, d, d->sending, "failed", why, now);
		d->next = now;
	} else
		again(q, d, *why ? why : "the sender died", now);
	d->sending = 0;
}

void
queue_reap(struct queue *q, double now)
{
	struct hent *e = NULL;
	struct dest *d;
	size_t i = 0;
	int status;

	while ((e = hmap_next(&q->dests, &i, e)) != NULL) {
		d = e->val;
		if (d->pid != 0 && waitpid(d->pid, &status, WNOHANG) == d->pid)
			finished(q, d, status, now);
	}
}

double
queue_run(struct queue *q, double now)
{
	struct hent *e = NULL;
	double soon = HUGE_VAL, t;
	struct dest *d;
	size_t i = 0;

	queue_reap(q, now);
	while ((e = hmap_next(&q->dests, &i, e)) != NULL) {
		d = e->val;
		if (d->pid != 0 || d->n == 0)
			continue;
		if (d->next > now) {
			soon = fmin(soon, d->next);
			continue;
		}
		if ((t = rate_wait(q, d->ch, now)) > 0) {
			d->held = 1;
			soon = fmin(soon, t);
			continue;
		}
		/* when all workers are busy, the next to finish wakes us */
		if (q->busy < WORKERS_MAX)
			start(q, d, now);
	}
	return soon == HUGE_VAL ? HUGE_VAL : fmax(0, soon - now);
}

size_t
queue_pending(const struct queue *q)
{
	return q->pending;
}

size_t
queue_busy(const struct queue *q)
{
	return (size_t)q->busy;
}

int
queue_all_tried(const struct queue *q)
{
	const struct dest *d;
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(&q->dests, &i, e)) != NULL) {
		d = e->val;
		if (d->head != NULL && !d->head->tried)
			return 0;
	}
	return 1;
}
