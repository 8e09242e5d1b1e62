/*
 * journal: the append-only JSON-lines logs (hbrecv's journal, hbstate's
 * events). Lines are only ever appended whole, and rotation happens between
 * writes, so a reader or a crash never sees half a line.
 */
#define _GNU_SOURCE	/* sync_file_range, where there is one */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hbtime.h"
#include "journal.h"

int
journal_open(struct journal *j, const char *path)
{
	j->path = path;
	j->max_size = JOURNAL_MAX_SIZE;
	j->backups = JOURNAL_BACKUPS;
	j->sync = JSYNC_SECOND;
	j->fd = -1;
	return journal_reopen(j);
}

int
journal_reopen(struct journal *j)
{
	struct stat st;
	off_t keep;
	int fd;

	if ((fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || file_whole_lines(fd, st.st_size, &keep) == -1 ||
	    (keep < st.st_size && ftruncate(fd, keep) == -1)) {
		close(fd);
		return -1;
	}
	j->cut = (uint64_t)(st.st_size - keep);
	st.st_size = keep;
	if (j->fd != -1)
		journal_close(j);
	j->fd = fd;
	j->size = (uint64_t)st.st_size;
	j->flushed = j->size;
	j->unsynced = 0;
	j->synced_at = time_mono();
	return 0;
}

static void
sync_now(struct journal *j)
{
	if (j->unsynced && j->sync != JSYNC_NONE)
		fsync(j->fd);
	j->unsynced = 0;
	j->synced_at = time_mono();
}

/* PATH.k-1 to PATH.k, down to PATH to PATH.1; the oldest falls off the end. */
static int
rotate(struct journal *j)
{
	char from[PATH_MAX], to[PATH_MAX];
	int k;

	sync_now(j);
	for (k = j->backups; k >= 1; k--) {
		if (k == 1)
			snprintf(from, sizeof(from), "%s", j->path);
		else
			snprintf(from, sizeof(from), "%s.%d", j->path, k - 1);
		if ((size_t)snprintf(to, sizeof(to), "%s.%d", j->path, k) >= sizeof(to)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (rename(from, to) == -1 && errno != ENOENT)
			return -1;
	}
	if (j->backups == 0 && unlink(j->path) == -1 && errno != ENOENT)
		return -1;
	return journal_reopen(j);
}

/*
 * Every MiB written is sent on its way to the disk at once, without
 * waiting: the sync a second later then finds little left to do, and
 * does not hold up the appends for the length of a large flush.
 */
static void
start_writeback(struct journal *j)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
	if (j->size - j->flushed < (1u << 20))
		return;
	sync_file_range(j->fd, (off_t)j->flushed, (off_t)(j->size - j->flushed),
	    SYNC_FILE_RANGE_WRITE);
	j->flushed = j->size;
#else
	(void)j;
#endif
}

int
journal_write(struct journal *j, const void *data, size_t n)
{
	if (n == 0)
		return 0;
	if (j->max_size > 0 && j->size > 0 && j->size + n > j->max_size &&
	    rotate(j) == -1)
		return -1;
	if (file_append(j->fd, data, n) == -1)
		return -1;
	j->size += n;
	j->unsynced = 1;
	if (j->sync == JSYNC_BATCH)
		sync_now(j);
	else if (j->sync == JSYNC_SECOND)
		start_writeback(j);
	return 0;
}

void
journal_tick(struct journal *j)
{
	if (j->unsynced && j->sync == JSYNC_SECOND &&
	    time_mono() - j->synced_at >= 1.0)
		sync_now(j);
}

void
journal_close(struct journal *j)
{
	if (j->fd == -1)
		return;
	sync_now(j);
	close(j->fd);
	j->fd = -1;
}

int
journal_sync_parse(const char *s, enum jsync *sync)
{
	static const char *const names[] = { "none", "second", "batch" };
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*sync = (enum jsync)i;
			return 0;
		}
	return -1;
}
