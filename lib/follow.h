/* follow: the whole lines of a log being appended to and rotated, from a cursor. */
#ifndef HB_FOLLOW_H
#define HB_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct cursor {
	uint64_t	ino;	/* inode of the file the offset is in; 0: none */
	uint64_t	off;	/* bytes of that file already consumed (always after a '\n') */
};

/* A file opened ahead of its turn, so that later renames do not lose it. */
struct follow_file {
	int		fd;
	uint64_t	ino;
};

struct follow {
	char		*path;	/* NULL when following an fd (a pipe) */
	int		 backups;	/* how many rotated files PATH.1..PATH.backups to look in */
	size_t		 max_line;	/* longer lines are skipped whole (and counted) */
	int		 fd;	/* -1: path is waited for */
	struct cursor	 at;	/* position just after the last line handed out */
	struct buf	 buf;	/* bytes read but not yet handed out */
	size_t		 start;	/* where the next line begins in buf */
	uint64_t	 skipped;	/* lines longer than max_line, or never ended */
	uint64_t	 lost;	/* times the cursor was not found, or its file was cut short */
	int		 eof;	/* a pipe reached end of file */
	int		 err;	/* errno of the last follow_line's failure; 0 */

	/* private */
	struct follow_file *next;	/* files still to read after fd, newest first */
	int		 nnext;
	int		 skipping;	/* inside a line longer than max_line */
	uint64_t	 skip_len;	/* bytes of it dropped so far, not yet in at.off */
};

/*
 * Follow path (a log rotated as path.1 ... path.backups). With a cursor
 * (ino != 0), resume just after it: in path itself, or in the rotated file
 * that now holds that inode (then the newer ones in order, then path). A
 * cursor whose file is gone: start at the oldest file that exists, count
 * one in lost; so does one beyond the end of its file, or not just after
 * a newline of it, and that file is read from its start. Without a cursor (NULL or ino 0): start at the end of path
 * (only lines written from now on). A missing path is not an error: it is
 * waited for. 0, or -1 with errno.
 */
int	follow_open(struct follow *, const char *path, int backups,
	    const struct cursor *at, size_t max_line);
/*
 * Follow an already open descriptor (a pipe, stdin) from where it is; it
 * stays the caller's to close.
 */
void	follow_fd(struct follow *, int fd, size_t max_line);
/*
 * The next complete line, without its '\n' but NUL-terminated (the pointer
 * is valid until the next call), its length in *len; NULL when no whole
 * line is there yet (call again later) or, for a descriptor, at its end
 * (then f->eof is set). Never blocks on a regular file (reads what is
 * there); on a descriptor it reads once with read(2), so callers poll(2)
 * it first. After a line is returned, f->at is the cursor just past it.
 * A failure to read returns NULL with errno set and f->err set to errno.
 */
const char *follow_line(struct follow *, size_t *len);
/* Close the files follow_open opened, free the buffer. */
void	follow_close(struct follow *);

/*
 * Cursor files: "ino off\n", replaced atomically (file_replace, FILE_SYNC).
 * cursor_load: 0; a missing file: 0 with ino 0; -1 with errno on other
 * errors, EINVAL on bad contents. cursor_save: 0, or -1 with errno.
 */
int	cursor_load(const char *path, struct cursor *);
int	cursor_save(const char *path, const struct cursor *);

#endif
