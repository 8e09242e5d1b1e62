/* evin: the events a consumer reads: standard input, or the events log followed with a cursor. */
#ifndef HB_EVIN_H
#define HB_EVIN_H

#include "follow.h"
#include "log.h"

struct evin {
	struct follow	 f;
	int		 stream;	/* standard input: no cursor */
	char		*cursor;	/* STATEDIR/cursors/PROGRAM */
	struct cursor	 saved;		/* what the cursor file says */
	struct ratelimit rl;		/* of complaints about reading */
};

/* What a consumer does with the lines of a batch, and then. */
struct evin_fns {
	void	(*line)(void *ctx, const char *line, size_t len);
	/* make what the lines caused durable; 1: save the cursor, 0: not (a dry run) */
	int	(*durable)(void *ctx);
};

/*
 * Standard input (made non-blocking) unless follow is set and file is not
 * "-"; else follow file (rotated with backups) from the position in
 * STATEDIR/cursors/prog, or from its end the first time. Dies when it
 * cannot.
 */
void	evin_open(struct evin *, const char *statedir, const char *prog,
	    const char *file, int follow, int backups, size_t max_line);
/*
 * Up to max whole lines to fns->line; then, when the position moved,
 * fns->durable and the cursor saved (it dies when it cannot). 1 when
 * more lines may be waiting, 0 when none are there now.
 */
int	evin_drain(struct evin *, int max, const struct evin_fns *, void *ctx);
void	evin_close(struct evin *);

#endif
