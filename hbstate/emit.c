/*
 * emit: events to the events log (hb-events(5)) and to standard output.
 * An event's id is a hash of what makes it that event, so the decisions
 * repeated after a crash (between appending events and the checkpoint
 * that covers them) are recognised and dropped: each event once.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbstate.h"
#include "log.h"

#define SEEN_MAX_READ	(256u << 20)	/* of events written after a checkpoint */

struct emitter {
	int		 json, dry;
	char		*path;
	struct journal	 log;
	struct buf	 pend;		/* lines for the log */
	struct buf	 out;		/* lines for standard output */
	struct hmap	 seen;		/* ids already in the log, not yet repeated */
	unsigned long long repeats;
};

static void
make_id(char id[17], const char *host, const char *kind, const char *subject,
    const char *state, double basis, int reminder)
{
	uint64_t h = HASH64_INIT;
	char tail[48];

	h = hash64(h, host, strlen(host) + 1);
	h = hash64(h, kind, strlen(kind) + 1);
	h = hash64(h, subject, strlen(subject) + 1);
	h = hash64(h, state, strlen(state) + 1);
	snprintf(tail, sizeof(tail), "%d %.0f", reminder, basis * 1e6);
	h = hash64(h, tail, strlen(tail));
	snprintf(id, 17, "%016" PRIx64, h);
}

void
ev_begin(struct ev *ev, const char *kind, const struct host *h,
    const char *subject, const char *state, const char *prev, double basis,
    int reminder, double now)
{
	memset(ev, 0, sizeof(*ev));
	make_id(ev->id, h->name, kind, subject, state, basis, reminder);
	ev->notify = h->conf == NULL || h->conf->watch;
	jw_init(&ev->w, &ev->json);
	jw_obj(&ev->w);
	jw_kstr(&ev->w, "id", ev->id);
	jw_knum(&ev->w, "ts", now);
	jw_kstr(&ev->w, "host", h->name);
	jw_kstr(&ev->w, "kind", kind);
	if (strcmp(kind, "metric") == 0)
		jw_kstr(&ev->w, "metric", subject);
	jw_kstr(&ev->w, "state", state);
	if (prev != NULL)
		jw_kstr(&ev->w, "prev", prev);
}

void
ev_emit(struct emitter *em, struct ev *ev)
{
	struct hent *e;

	jw_kstr(&ev->w, "text", ev->text.p ? ev->text.p : "");
	if (!ev->notify)
		jw_kbool(&ev->w, "notify", 0);
	jw_end(&ev->w, '}');
	buf_addc(&ev->json, '\n');
	if (hmap_get(&em->seen, ev->id, 16) != NULL &&
	    (e = hmap_put(&em->seen, ev->id, 16)) != NULL) {
		e->val = NULL;		/* a third time would be new */
		em->repeats++;
	} else if (!em->dry && !ev->w.err) {
		buf_add(&em->pend, ev->json.p, ev->json.len);
		if (em->json)
			buf_add(&em->out, ev->json.p, ev->json.len);
		else if (ev->notify)
			buf_printf(&em->out, "%s\n", ev->text.p ? ev->text.p : "");
	}
	buf_free(&ev->json);
	buf_free(&ev->text);
}

struct emitter *
emitter_open(const struct config *c, int json, int dry)
{
	struct emitter *em;
	size_t n;

	if ((em = calloc(1, sizeof(*em))) == NULL)
		die("out of memory");
	em->json = json;
	em->dry = dry;
	em->log.fd = -1;
	n = strlen(c->statedir) + sizeof("/events");
	if (c->events.path != NULL)
		em->path = strdup(c->events.path);
	else if ((em->path = malloc(n)) != NULL)
		snprintf(em->path, n, "%s/events", c->statedir);
	if (em->path == NULL)
		die("out of memory");
	if (dry)
		return em;
	if (journal_open(&em->log, em->path) == -1)
		die("open %s:", em->path);
	if (em->log.cut > 0)
		warnx("%s: cut %llu bytes of a line torn by a crash", em->path,
		    (unsigned long long)em->log.cut);
	logconf_apply(&c->events, &em->log);
	return em;
}

int
emitter_flush(struct emitter *em)
{
	if (em->pend.len > 0) {
		if (journal_write(&em->log, em->pend.p, em->pend.len) == -1) {
			warnx("write %s:", em->path);
			return -1;
		}
		buf_reset(&em->pend);
	}
	if (em->out.len > 0) {
		fwrite(em->out.p, 1, em->out.len, stdout);
		buf_reset(&em->out);
	}
	if (fflush(stdout) == EOF && errno != EPIPE)
		warnx("standard output:");
	journal_tick(&em->log);
	return 0;
}

int
emitter_sync(struct emitter *em)
{
	if (em->dry || em->log.sync == JSYNC_NONE || em->log.fd == -1)
		return 0;
	return fsync(em->log.fd);
}

void
emitter_position(const struct emitter *em, uint64_t *ino, uint64_t *off)
{
	struct stat st;

	*ino = *off = 0;
	if (em->log.fd != -1 && fstat(em->log.fd, &st) == 0) {
		*ino = (uint64_t)st.st_ino;
		*off = em->log.size;
	}
}

/* The ids in the lines of text, to be dropped when decided again. */
static void
collect(struct emitter *em, const char *p, size_t n)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *id;
	const char *nl;
	struct hent *e;

	for (; n > 0 && (nl = memchr(p, '\n', n)) != NULL;
	    n -= (size_t)(nl - p) + 1, p = nl + 1) {
		if (json_parse(&doc, p, (size_t)(nl - p), NULL) == -1)
			continue;
		id = json_get(&doc.root, "id");
		if (id == NULL || id->type != JSON_STRING || id->len != 16)
			continue;
		if ((e = hmap_put(&em->seen, id->u.str, 16)) != NULL)
			e->val = em;
	}
	json_doc_free(&doc);
}

/* The ids written from off to the end of path, if it is the file of inode ino. 1 if it was. */
static int
ids_from(struct emitter *em, const char *path, uint64_t ino, uint64_t off)
{
	struct buf b = BUF_INIT;
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || (uint64_t)st.st_ino != ino) {
		close(fd);
		return 0;
	}
	if ((uint64_t)st.st_size > off &&
	    (uint64_t)st.st_size - off < SEEN_MAX_READ &&
	    lseek(fd, (off_t)off, SEEK_SET) != -1) {
		while (buf_reserve(&b, 65536) == 0 &&
		    (n = read(fd, b.p + b.len, 65536)) > 0)
			b.len += (size_t)n;
		collect(em, b.p, b.len);
	}
	buf_free(&b);
	close(fd);
	return 1;
}

int
emitter_seen_after(struct emitter *em, uint64_t ino, uint64_t off)
{
	struct stat st;
	char *old;
	size_t n;

	if (ino == 0 || em->dry)
		return 0;
	if (ids_from(em, em->path, ino, off))
		return 0;
	n = strlen(em->path) + 3;
	if ((old = malloc(n)) == NULL)
		die("out of memory");
	snprintf(old, n, "%s.1", em->path);
	/* rotated since: the rest of the old file, then all of the new one */
	if (ids_from(em, old, ino, off) && stat(em->path, &st) == 0)
		ids_from(em, em->path, (uint64_t)st.st_ino, 0);
	free(old);
	return 0;
}

void
emitter_close(struct emitter *em)
{
	if (em->repeats > 0)
		info("events decided again after a restart, not repeated: %llu",
		    em->repeats);
	if (!em->dry)
		journal_close(&em->log);
	hmap_free(&em->seen);
	buf_free(&em->pend);
	buf_free(&em->out);
	free(em->path);
	free(em);
}
