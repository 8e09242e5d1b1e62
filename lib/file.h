/* file: whole-file atomic replacement, whole-line appends, bounded reads. */
#ifndef HB_FILE_H
#define HB_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/* How much of a replacement must survive a power loss, not only a crash. */
enum fsync_how {
	FILE_NOSYNC,	/* nothing: the kernel writes it when it likes */
	FILE_SYNC,	/* the file and the directory entry */
	FILE_SYNC_DATA	/* the file; the caller syncs the directory after many */
};

/*
 * Replace path with the n bytes at data so that a reader (or a crash) sees
 * the old file or the new one, never a mix: a temporary file in the same
 * directory, then rename. 0, or -1 with errno.
 */
int	file_replace(const char *path, const void *data, size_t n, int mode,
	    enum fsync_how);
/* Write all n bytes, going on after short writes and EINTR. 0, or -1 with errno. */
int	file_write_all(int fd, const void *data, size_t n);
/* fsync the directory that holds path. 0, or -1 with errno. */
int	file_sync_dir(const char *path);
/*
 * Append the n bytes at data to fd (opened with O_APPEND) in one write(2),
 * so that concurrent readers see whole lines; should the disk fill, the rest
 * follows in further writes. 0, or -1 with errno.
 */
int	file_append(int fd, const void *data, size_t n);
/*
 * Where the last whole line of the first size bytes of fd ends (just past
 * its newline; 0 when there is none), read backwards. 0, or -1 with errno.
 */
int	file_whole_lines(int fd, off_t size, off_t *end);
/* Read all of path into b (appended), failing with EFBIG beyond max bytes. 0 or -1. */
int	file_read(const char *path, struct buf *b, size_t max);

/* "dir/name", malloc'd; NULL without memory. */
char	*path_join(const char *dir, const char *name);
/*
 * Open (create) path and take an exclusive fcntl lock on it, held until
 * the process ends: the descriptor, or -1 with errno; EAGAIN when another
 * process holds it, its pid then in *holder. With holder NULL, waits
 * until the lock is free instead.
 */
int	file_lock(const char *path, long *holder);
/* Wait for the lock of path (the file path.lock): the descriptor to close, or -1 with errno. */
int	file_lock_beside(const char *path);

#endif
