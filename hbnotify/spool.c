/*
 * spool: a delivery is a file, written in tmp/ and moved into new/ when
 * whole, as maildir does; it leaves new/ when the deliveries log says it
 * was sent (removed) or given up (moved into failed/). The log is read
 * back at start, so that a delivery confirmed once is never made again.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbnotify.h"
#include "journal.h"

#define LOG_MAX_SIZE	(4u << 20)
#define LOG_BACKUPS	2
#define FILE_MAX	(EVENT_MAX + 4096)

void
delivery_id(char out[DELIVERY_ID_LEN + 1], const char *event_id,
    const char *channel, const char *target)
{
	uint64_t h = HASH64_INIT;

	h = hash64(h, event_id, strlen(event_id) + 1);
	h = hash64(h, channel, strlen(channel) + 1);
	h = hash64(h, target, strlen(target));
	snprintf(out, DELIVERY_ID_LEN + 1, "%016" PRIx64, h);
}

static int
mkdirs(struct spool *s, const char *statedir)
{
	if (mkdir(statedir, 0755) == -1 && errno != EEXIST)
		return -1;
	if ((s->dir = path_join(statedir, "notify")) == NULL ||
	    (s->tmp = path_join(s->dir, "tmp")) == NULL ||
	    (s->new = path_join(s->dir, "new")) == NULL ||
	    (s->failed = path_join(s->dir, "failed")) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	/* the files name people's addresses */
	if ((mkdir(s->dir, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(s->tmp, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(s->new, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(s->failed, 0700) == -1 && errno != EEXIST))
		return -1;
	return 0;
}

/* Lines begin {"id":"ID", as spool_done writes them; others are skipped. */
static int
load_log(struct spool *s, const char *path)
{
	static const char pre[] = "{\"id\":\"";
	struct buf b = BUF_INIT;
	const char *p, *end, *nl;
	struct hent *e;

	if (file_read(path, &b, 64u << 20) == -1) {
		buf_free(&b);
		return errno == ENOENT ? 0 : -1;
	}
	for (p = b.p, end = b.p + b.len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if ((size_t)(nl - p) < sizeof(pre) + DELIVERY_ID_LEN ||
		    memcmp(p, pre, sizeof(pre) - 1) != 0 ||
		    p[sizeof(pre) - 1 + DELIVERY_ID_LEN] != '"')
			continue;
		e = hmap_put(&s->done, p + sizeof(pre) - 1, DELIVERY_ID_LEN);
		if (e == NULL) {
			buf_free(&b);
			errno = ENOMEM;
			return -1;
		}
		e->val = s;
	}
	buf_free(&b);
	return 0;
}

static int
load_logs(struct spool *s, const char *path)
{
	char old[4096];
	int i;

	for (i = LOG_BACKUPS; i >= 1; i--) {
		snprintf(old, sizeof(old), "%s.%d", path, i);
		if (load_log(s, old) == -1)
			return -1;
	}
	return load_log(s, path);
}

int
spool_open(struct spool *s, const char *statedir)
{
	char *lock = NULL, *log = NULL;
	int r = -1;

	memset(s, 0, sizeof(*s));
	s->lockfd = -1;
	s->log.fd = -1;
	if (mkdirs(s, statedir) == -1)
		return -1;
	if ((lock = path_join(s->dir, "lock")) == NULL ||
	    (log = path_join(s->dir, "deliveries")) == NULL) {
		errno = ENOMEM;
		goto out;
	}
	if ((s->lockfd = file_lock(lock, &s->holder)) == -1)
		goto out;
	if (load_logs(s, log) == -1 || journal_open(&s->log, log) == -1)
		goto out;
	s->log.max_size = LOG_MAX_SIZE;
	s->log.backups = LOG_BACKUPS;
	s->log.sync = JSYNC_BATCH;
	log = NULL;	/* the journal keeps the path */
	r = 0;
out:
	free(lock);
	free(log);
	return r;
}

int
spool_relock(struct spool *s)
{
	char *lock;
	int tries;

	if ((lock = path_join(s->dir, "lock")) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	close(s->lockfd);
	/* the parent lets go of it as it exits, a moment from now */
	for (tries = 0; tries < 100; tries++) {
		if ((s->lockfd = file_lock(lock, &s->holder)) != -1 ||
		    errno != EAGAIN)
			break;
		poll(NULL, 0, 20);
	}
	free(lock);
	return s->lockfd == -1 ? -1 : 0;
}

void
spool_close(struct spool *s)
{
	if (s->log.fd != -1) {
		journal_close(&s->log);
		free((char *)s->log.path);
	}
	if (s->lockfd != -1)
		close(s->lockfd);
	hmap_free(&s->done);
	free(s->dir);
	free(s->tmp);
	free(s->new);
	free(s->failed);
	memset(s, 0, sizeof(*s));
	s->lockfd = -1;
}

static int
exists(const char *dir, const char *id)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, id);
	return stat(path, &st) == 0;
}

int
spool_known(const struct spool *s, const char *id)
{
	return hmap_get(&s->done, id, strlen(id)) != NULL ||
	    exists(s->new, id) || exists(s->failed, id);
}

static int
write_tmp(const char *path, const struct buf *b)
{
	int fd, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	if (file_write_all(fd, b->p, b->len) == -1 || fdatasync(fd) == -1) {
		e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return -1;
	}
	return close(fd);
}

int
spool_add(struct spool *s, const char *id, const struct route *r,
    const struct event *ev, double now)
{
	char tmp[4096], new[4096];
	struct buf b = BUF_INIT;
	struct jw w;
	int rc;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "id", id);
	jw_kstr(&w, "channel", r->ch->name);
	jw_kstr(&w, "target", r->target);
	jw_kstr(&w, "user", r->user);
	jw_knum(&w, "queued", now);
	jw_knum(&w, "seq", s->seq++);
	jw_key(&w, "event");
	jw_raw(&w, ev->line, ev->len);
	jw_end(&w, '}');
	buf_addc(&b, '\n');
	if (w.err) {
		buf_free(&b);
		errno = ENOMEM;
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/%s.%ld", s->tmp, id, (long)getpid());
	snprintf(new, sizeof(new), "%s/%s", s->new, id);
	rc = write_tmp(tmp, &b);
	buf_free(&b);
	if (rc == 0 && (rc = rename(tmp, new)) == -1)
		unlink(tmp);
	return rc;
}

int
spool_sync(struct spool *s)
{
	char any[4096];

	snprintf(any, sizeof(any), "%s/x", s->new);
	return file_sync_dir(any);
}

static char *
dup_str(const struct json *root, const char *key)
{
	const char *v = json_get_str(root, key);

	return v == NULL ? NULL : strdup(v);
}

/* The members of a spool file into d; the event's text into raw. */
static int
fields(const struct json *root, const char *text, struct delivery *d,
    struct buf *raw, const char **why)
{
	const struct json *ev = json_get(root, "event");
	const char *eid;

	d->channel = dup_str(root, "channel");
	d->target = dup_str(root, "target");
	d->user = dup_str(root, "user");
	d->queued = json_get_num(root, "queued", -1);
	d->seq = json_get_num(root, "seq", 0);
	if (ev == NULL || ev->type != JSON_OBJECT ||
	    (eid = json_get_str(ev, "id")) == NULL ||
	    (d->event_id = strdup(eid)) == NULL || d->channel == NULL ||
	    d->target == NULL || d->queued < 0) {
		*why = "channel, target, queued or event missing";
		return -1;
	}
	if (raw != NULL && buf_add(raw, text + ev->off, ev->rawlen) == -1) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

int
spool_load(const struct spool *s, const char *id, struct delivery *d,
    struct buf *raw, struct event *ev, const char **why)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char path[4096];
	int r = -1;

	memset(d, 0, sizeof(*d));
	snprintf(d->id, sizeof(d->id), "%s", id);
	snprintf(path, sizeof(path), "%s/%s", s->new, id);
	if (file_read(path, &b, FILE_MAX) == -1)
		*why = strerror(errno);
	else if (json_parse(&doc, b.p, b.len, NULL) == -1)
		*why = doc.err;
	else if (fields(&doc.root, b.p, d, raw, why) == 0)
		r = ev == NULL ? 0 : event_parse(ev, raw->p, raw->len, why);
	json_doc_free(&doc);
	buf_free(&b);
	return r;
}

void
delivery_free(struct delivery *d)
{
	free(d->channel);
	free(d->target);
	free(d->user);
	free(d->event_id);
	d->channel = d->target = d->user = d->event_id = NULL;
}

void
spool_drop(struct spool *s, const char *id)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", s->new, id);
	unlink(path);
}

static void
log_line(struct buf *b, const struct delivery *d, const char *result,
    const char *why, double now)
{
	struct jw w;

	/* the id first: load_log reads it without a parser */
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "id", d->id);
	jw_knum(&w, "ts", now);
	jw_kstr(&w, "result", result);
	jw_kstr(&w, "channel", d->channel);
	jw_kstr(&w, "target", d->target);
	jw_kstr(&w, "event", d->event_id);
	jw_knum(&w, "attempts", d->attempts);
	if (why != NULL)
		jw_kstr(&w, "why", why);
	jw_end(&w, '}');
	buf_addc(b, '\n');
}

static void
settle(struct spool *s, const struct delivery *d, int sent)
{
	char from[4096], to[4096];
	struct hent *e;

	snprintf(from, sizeof(from), "%s/%s", s->new, d->id);
	snprintf(to, sizeof(to), "%s/%s", s->failed, d->id);
	if (sent)
		unlink(from);
	else
		rename(from, to);
	if ((e = hmap_put(&s->done, d->id, strlen(d->id))) != NULL)
		e->val = s;
}

int
spool_done(struct spool *s, struct delivery *const *d, int n,
    const char *result, const char *why, double now)
{
	struct buf b = BUF_INIT;
	int i, r;

	for (i = 0; i < n; i++)
		log_line(&b, d[i], result, why, now);
	if (b.p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	r = journal_write(&s->log, b.p, b.len);
	buf_free(&b);
	if (r == -1)
		return -1;
	for (i = 0; i < n; i++)
		settle(s, d[i], strcmp(result, "sent") == 0);
	return 0;
}
