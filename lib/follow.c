/*
 * follow: hand out the whole lines of a log that a writer appends to and
 * rotates (PATH to PATH.1 ...), keeping a cursor (inode, offset) from which
 * a restart resumes with no line lost and none handed out twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "follow.h"

#define CHUNK	(64u << 10)

/* The name of the k-th file: path itself for 0, path.k after; 0 or -1. */
static int
name(const struct follow *f, int k, char *s, size_t size)
{
	int n;

	if (k == 0)
		n = snprintf(s, size, "%s", f->path);
	else
		n = snprintf(s, size, "%s.%d", f->path, k);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Close the queued files from index i on. */
static void
close_next(struct follow *f, int i)
{
	while (f->nnext > i)
		close(f->next[--f->nnext].fd);
}

static int
queued(const struct follow *f, uint64_t ino)
{
	int i;

	for (i = 0; i < f->nnext; i++)
		if (f->next[i].ino == ino)
			return 1;
	return 0;
}

/* Queue fd unless its file is queued already; 0 or -1. */
static int
enqueue(struct follow *f, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		close(fd);
		return -1;
	}
	if (queued(f, (uint64_t)st.st_ino)) {
		close(fd);
		return 0;
	}
	f->next[f->nnext].fd = fd;
	f->next[f->nnext].ino = (uint64_t)st.st_ino;
	f->nnext++;
	return 0;
}

#define SCAN_TRIES	20

/*
 * Open path, path.1, ... path.backups, newest first, into the queue (empty
 * before). A missing one does not end the list: a rotation renames the
 * oldest first, and leaves a hole that moves down to path. Opening newest
 * first means that a rotation while this runs shows a file under two names
 * but never hides one: it is kept once. 0, or -1 with the queue empty.
 */
static int
scan_once(struct follow *f)
{
	char p[PATH_MAX];
	int k, fd, saved;

	for (k = 0; k <= f->backups; k++) {
		if (name(f, k, p, sizeof(p)) == -1)
			goto fail;
		if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1) {
			if (errno != ENOENT)
				goto fail;
			continue;
		}
		if (enqueue(f, fd) == -1)
			goto fail;
	}
	return 0;
fail:
	saved = errno;
	close_next(f, 0);
	errno = saved;
	return -1;
}

/* path's inode, or 0 when it is not there (between a rename and a create). */
static uint64_t
path_ino(const struct follow *f)
{
	struct stat st;

	return stat(f->path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/*
 * One rotation under way shifts each file up by one name, which a scan
 * newest first survives; a rotation completed meanwhile (path made anew)
 * could carry a file past it twice: then the scan is done again.
 */
static int
scan(struct follow *f)
{
	uint64_t before;
	int tries;

	for (tries = 0;; tries++) {
		before = path_ino(f);
		if (scan_once(f) == -1)
			return -1;
		if (path_ino(f) == before || tries == SCAN_TRIES)
			return 0;
		close_next(f, 0);
	}
}

/* The oldest queued file becomes the one read, from its start. */
static void
take_next(struct follow *f)
{
	f->nnext--;
	f->fd = f->next[f->nnext].fd;
	f->at.ino = f->next[f->nnext].ino;
	f->at.off = 0;
}

/* Forget what is buffered: a last line without its '\n' will never have one. */
static void
drop_partial(struct follow *f)
{
	if (!f->skipping && f->buf.len > f->start)
		f->skipped++;
	f->skipping = 0;
	f->skip_len = 0;
	f->start = 0;
	buf_reset(&f->buf);
}

/*
 * Without a cursor, the lines from now on, and the one being written: a
 * reader may see a write(2) half done.
 */
static int
open_end(struct follow *f)
{
	struct stat st;
	off_t end;

	if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(f->fd, &st) == -1 ||
	    file_whole_lines(f->fd, st.st_size, &end) == -1 ||
	    lseek(f->fd, end, SEEK_SET) == -1)
		return -1;
	f->at.ino = (uint64_t)st.st_ino;
	f->at.off = (uint64_t)end;
	return 0;
}

/*
 * Start the file read at off, which must lie just after one of its
 * newlines: one that does not (the file is shorter, or the inode was
 * reused) cannot be trusted, and the file is read from its start.
 */
static int
seek_to(struct follow *f, uint64_t off)
{
	struct stat st;
	ssize_t n;
	char c = '\n';
	int bad = 0;

	if (fstat(f->fd, &st) == -1)
		return -1;
	if (off > (uint64_t)st.st_size)
		bad = 1;
	else if (off > 0) {
		if ((n = pread(f->fd, &c, 1, (off_t)off - 1)) == -1)
			return -1;
		bad = n != 1 || c != '\n';
	}
	if (bad) {
		off = 0;
		f->lost++;
	}
	if (lseek(f->fd, (off_t)off, SEEK_SET) == -1)
		return -1;
	f->at.off = off;
	return 0;
}

/* Find the cursor's file among path and its backups; 0 or -1. */
static int
resume(struct follow *f, const struct cursor *at)
{
	int i, tries;

	for (tries = 0;; tries++) {
		if (scan(f) == -1)
			return -1;
		for (i = 0; i < f->nnext && f->next[i].ino != at->ino; i++)
			;
		if (i < f->nnext || tries == 2)
			break;
		/* rotations during the scan can carry it past: look again */
		close_next(f, 0);
	}
	if (i == f->nnext) {
		/* rotated away while no one looked: the oldest there is */
		f->lost++;
		f->at = *at;
		if (f->nnext > 0)
			take_next(f);
		return 0;
	}
	close_next(f, i + 1);
	take_next(f);
	return seek_to(f, at->off);
}

int
follow_open(struct follow *f, const char *path, int backups,
    const struct cursor *at, size_t max_line)
{
	struct cursor from = { 0, 0 };
	size_t size;
	int rc, saved;

	/* at may well be f->at, which is about to be cleared */
	if (at != NULL)
		from = *at;
	follow_fd(f, -1, max_line);
	if (backups < 0) {
		errno = EINVAL;
		return -1;
	}
	f->backups = backups;
	if ((f->path = strdup(path)) == NULL ||
	    size_mul((size_t)backups + 1, sizeof(*f->next), &size) == -1 ||
	    (f->next = malloc(size)) == NULL)
		goto fail;
	if (from.ino != 0)
		rc = resume(f, &from);
	else
		rc = open_end(f);
	if (rc == 0)
		return 0;
fail:
	saved = errno;
	follow_close(f);
	errno = saved;
	return -1;
}

void
follow_fd(struct follow *f, int fd, size_t max_line)
{
	*f = (struct follow){ .fd = fd, .max_line = max_line };
}

/* Bytes of a line longer than max_line, dropped as they come. */
static void
skip_part(struct follow *f, size_t n)
{
	if (!f->skipping) {
		f->skipping = 1;
		f->skipped++;
	}
	f->skip_len += n;
	f->start += n;
}

/* The next whole line in the buffer, past overlong ones; NULL if none is. */
static const char *
take_line(struct follow *f, size_t *len)
{
	char *p, *nl;
	size_t n;

	for (;;) {
		if ((n = f->buf.len - f->start) == 0)
			return NULL;
		p = f->buf.p + f->start;
		if ((nl = memchr(p, '\n', n)) == NULL) {
			if (f->skipping || n > f->max_line)
				skip_part(f, n);
			return NULL;
		}
		n = (size_t)(nl - p);
		f->start += n + 1;
		f->at.off += f->skip_len + n + 1;
		f->skip_len = 0;
		if (f->skipping)
			f->skipping = 0;
		else if (n > f->max_line)
			f->skipped++;
		else {
			*nl = '\0';
			*len = n;
			return p;
		}
	}
}

/*
 * Read a chunk after what is left of the buffer, moved to its front so
 * that it holds at most max_line bytes and a chunk. read(2)'s result.
 */
static ssize_t
read_chunk(struct follow *f)
{
	size_t left = f->buf.len - f->start;
	ssize_t r;

	if (f->start > 0) {
		memmove(f->buf.p, f->buf.p + f->start, left);
		f->buf.len = left;
		f->buf.p[left] = '\0';
		f->start = 0;
	}
	if (buf_reserve(&f->buf, CHUNK) == -1)
		return -1;
	if ((r = read(f->fd, f->buf.p + f->buf.len, CHUNK)) > 0) {
		f->buf.len += (size_t)r;
		f->buf.p[f->buf.len] = '\0';
	}
	return r;
}

/* Waiting for path to exist: it is new, read from its start. 1, 0 or -1. */
static int
open_new(struct follow *f)
{
	struct stat st;

	if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(f->fd, &st) == -1) {
		close(f->fd);
		f->fd = -1;
		return -1;
	}
	f->at.ino = (uint64_t)st.st_ino;
	f->at.off = 0;
	return 1;
}

/*
 * At the end of the newest file, a last line without its newline is given
 * back, to be read again whole: a writer restarted after a crash cuts such
 * a torn line off (journal_reopen) and writes on from there. A file cut
 * shorter than the cursor (truncated in place) is read again from its start.
 */
static int
give_back(struct follow *f)
{
	struct stat st;

	f->start = 0;
	buf_reset(&f->buf);
	if (fstat(f->fd, &st) == -1)
		return -1;
	if ((uint64_t)st.st_size < f->at.off + f->skip_len) {
		/* an overlong line cut there ends there: it was counted */
		f->skipping = 0;
		f->skip_len = 0;
	}
	if ((uint64_t)st.st_size < f->at.off) {
		f->at.off = 0;
		f->lost++;
	}
	if (lseek(f->fd, (off_t)(f->at.off + f->skip_len), SEEK_SET) == -1)
		return -1;
	return 0;
}

/*
 * At the end of the newest file: has path gone to another file? Then the
 * newer files are queued (two rotations may have passed) and 1 says to
 * read this one once more to its end, for what the writer appended to it
 * before renaming it. 0: nothing new now; -1.
 */
static int
rotated(struct follow *f)
{
	struct stat st;
	int i, tries;

	if (stat(f->path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((uint64_t)st.st_ino == f->at.ino)
		return 0;
	for (tries = 0;; tries++) {
		if (scan(f) == -1)
			return -1;
		for (i = 0; i < f->nnext && f->next[i].ino != f->at.ino; i++)
			;
		if (i < f->nnext)
			break;
		/* rotations during the scan carried this file past it */
		close_next(f, 0);
		if (tries == 2) {
			/* which are newer is unknown: only the newest is sure */
			if (scan(f) == -1)
				return -1;
			close_next(f, f->nnext > 0 ? 1 : 0);
			f->lost++;
			return f->nnext > 0;
		}
	}
	/* the files older than this one, and this one, were read */
	close_next(f, i);
	return f->nnext > 0;
}

/* More bytes to look at from path: 1, 0 if none are there now, or -1. */
static int
fill_path(struct follow *f)
{
	ssize_t r;

	if (f->fd == -1)
		return open_new(f);
	if ((r = read_chunk(f)) > 0)
		return 1;
	if (r == -1)
		return errno == EINTR ? 1 : -1;
	if (f->nnext == 0)
		return give_back(f) == -1 ? -1 : rotated(f);
	/* a rotated file is never written to again: on to the next */
	drop_partial(f);
	close(f->fd);
	take_next(f);
	return 1;
}

/* One read(2) of a descriptor: 1, 0 if nothing came, or -1. */
static int
fill_fd(struct follow *f)
{
	ssize_t r;

	if (f->eof)
		return 0;
	if ((r = read_chunk(f)) > 0)
		return 1;
	if (r == 0) {
		drop_partial(f);
		f->eof = 1;
		return 0;
	}
	if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	return -1;
}

const char *
follow_line(struct follow *f, size_t *len)
{
	const char *line;
	int tries, r;

	f->err = 0;
	for (tries = 0; (line = take_line(f, len)) == NULL; tries++) {
		/* a descriptor may block: one read(2) a call, after a poll(2) */
		if (f->path == NULL && tries > 0)
			return NULL;
		r = f->path != NULL ? fill_path(f) : fill_fd(f);
		if (r == -1)
			f->err = errno;
		if (r <= 0)
			return NULL;
	}
	return line;
}

void
follow_close(struct follow *f)
{
	/* a descriptor given to follow_fd is the caller's */
	if (f->path != NULL && f->fd != -1)
		close(f->fd);
	f->fd = -1;
	close_next(f, 0);
	free(f->next);
	f->next = NULL;
	free(f->path);
	f->path = NULL;
	buf_free(&f->buf);
	f->start = 0;
}

/* A decimal number ending in the byte end; 0 or -1. */
static int
parse_u64(const char **s, int end, uint64_t *v)
{
	unsigned long long n;
	char *e;

	if (**s < '0' || **s > '9')
		return -1;
	errno = 0;
	n = strtoull(*s, &e, 10);
	if (errno == ERANGE || *e != end)
		return -1;
	*v = n;
	*s = e + 1;
	return 0;
}

static int
parse_cursor(const struct buf *b, struct cursor *c)
{
	const char *s = b->p ? b->p : "";
	struct cursor got;

	if (strlen(s) != b->len || parse_u64(&s, ' ', &got.ino) == -1 ||
	    parse_u64(&s, '\n', &got.off) == -1 || *s != '\0') {
		errno = EINVAL;
		return -1;
	}
	*c = got;
	return 0;
}

int
cursor_load(const char *path, struct cursor *c)
{
	struct buf b = BUF_INIT;
	int rc, saved;

	c->ino = c->off = 0;
	if (file_read(path, &b, 64) == 0)
		rc = parse_cursor(&b, c);
	else if (errno == ENOENT)
		rc = 0;
	else {
		if (errno == EFBIG)
			errno = EINVAL;
		rc = -1;
	}
	saved = errno;
	buf_free(&b);
	errno = saved;
	return rc;
}

int
cursor_save(const char *path, const struct cursor *c)
{
	char s[64];
	int n;

	n = snprintf(s, sizeof(s), "%" PRIu64 " %" PRIu64 "\n", c->ino, c->off);
	return file_replace(path, s, (size_t)n, 0644, FILE_SYNC);
}
