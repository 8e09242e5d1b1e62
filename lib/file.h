/* file: whole-file atomic replacement, whole-line appends, bounded reads. */
#ifndef HB_FILE_H
#define HB_FILE_H

#include <stddef.h>

#include "buf.h"

/*
 * Replace path with the n bytes at data so that a reader (or a crash) sees
 * the old file or the new one, never a mix: a temporary file in the same
 * directory, rename. With sync, the file is fsynced before the rename and
 * the directory after it, so that the new contents survive a power loss
 * too. 0, or -1 with errno.
 */
int	file_replace(const char *path, const void *data, size_t n, int mode,
	    int sync);
/*
 * Append the n bytes at data to fd (opened with O_APPEND) in one write(2),
 * so that concurrent readers see whole lines; should the disk fill, the rest
 * follows in further writes. 0, or -1 with errno.
 */
int	file_append(int fd, const void *data, size_t n);
/* Read all of path into b (appended), failing with EFBIG beyond max bytes. 0 or -1. */
int	file_read(const char *path, struct buf *b, size_t max);

#endif
