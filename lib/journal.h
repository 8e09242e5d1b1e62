/* journal: an append-only log of JSON lines, rotated by size (the journal, the event log). */
#ifndef HB_JOURNAL_H
#define HB_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

enum jsync { JSYNC_NONE, JSYNC_SECOND, JSYNC_BATCH };

struct journal {
	const char	*path;
	int		 fd;
	uint64_t	 size;		/* bytes in the current file */
	uint64_t	 max_size;	/* rotate before exceeding it; 0: never */
	int		 backups;	/* PATH.1 ... PATH.backups are kept */
	enum jsync	 sync;
	int		 unsynced;	/* written since the last fsync */
	double		 synced_at;	/* time_mono() of the last fsync */
	uint64_t	 cut;		/* bytes of a torn last line cut at open */
	uint64_t	 flushed;	/* writeback started up to here */
};

#define JOURNAL_MAX_SIZE	(100u << 20)
#define JOURNAL_BACKUPS		10

/* Open (create) path for appending, with the defaults above; 0, or -1 with errno. */
int	journal_open(struct journal *, const char *path);
/*
 * Append n bytes of whole lines in one write(2), rotating first when they
 * would take the file past max_size (a burst never straddles two files).
 * With JSYNC_BATCH, fsync before returning. 0, or -1 with errno.
 */
int	journal_write(struct journal *, const void *data, size_t n);
/* With JSYNC_SECOND, fsync what was written if a second has passed. */
void	journal_tick(struct journal *);
/*
 * Close and open path again (it may have been moved away). A last line
 * without its newline is the torn end of a write cut short by a crash
 * (Linux may stop a large write(2) part-way for SIGKILL): it is cut off,
 * and its size left in cut. 0 or -1.
 */
int	journal_reopen(struct journal *);
/* Sync (unless JSYNC_NONE) and close. */
void	journal_close(struct journal *);
/* "none", "second", "batch" into *s; 0 or -1. */
int	journal_sync_parse(const char *, enum jsync *s);

#endif
