/* evin: the events a consumer reads: standard input, or the events log followed with a cursor. */
#ifndef HB_EVIN_H
#define HB_EVIN_H

#include "follow.h"

struct evin {
	struct follow	 f;
	int		 stream;	/* standard input: no cursor */
	char		*cursor;	/* STATEDIR/cursors/PROGRAM */
	struct cursor	 saved;		/* what the cursor file says */
};

/*
 * Standard input (made non-blocking) unless follow is set and file is not
 * "-"; else follow file (rotated with backups) from the position in
 * STATEDIR/cursors/prog, or from its end the first time. Dies when it
 * cannot.
 */
void	evin_open(struct evin *, const char *statedir, const char *prog,
	    const char *file, int follow, int backups, size_t max_line);
/* Has the position moved past what the cursor file says? 1 or 0 (always 0 on a stream). */
int	evin_moved(const struct evin *);
/* Write the cursor file; dies when it cannot. */
void	evin_save(struct evin *);
void	evin_close(struct evin *);

#endif
