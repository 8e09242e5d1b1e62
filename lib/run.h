/*
 * run: commands run side by side without a shell (plugins' checks,
 * sendmail, curl, signal-cli), fed their input, bounded in time and output.
 */
#ifndef HB_RUN_H
#define HB_RUN_H

#include <stddef.h>

#include "buf.h"

#define RUN_TIMEOUT	30.0		/* seconds */
#define RUN_TIMEOUT_MAX	3600.0		/* the most a timeout option may say */
#define RUN_OUTPUT_MAX	(64u << 10)	/* bytes kept of stdout, and of stderr */

/* Zero it (or reuse it) before run_all; run_free releases the buffers. */
struct run {
	char		**argv;		/* NULL-ended; the caller's */
	const void	*in;		/* bytes for its standard input; NULL: /dev/null */
	size_t		 in_len;
	char *const	*env;		/* NULL-ended "NAME=value" added to (or replacing in) the inherited environment; NULL: none */
	int		 status;	/* its exit status, or -1 */
	int		 signal;	/* the signal that ended it, or 0 */
	int		 timed_out;	/* killed (the whole process group) at the timeout */
	int		 started;	/* 0: could not be started; errno in err_no */
	int		 err_no;
	int		 truncated;	/* output beyond RUN_OUTPUT_MAX was dropped */
	int		 out_truncated;	/* of stdout, in particular */
	int		 in_short;	/* not all of in was written: it stopped reading */
	struct buf	 out, err;	/* what it wrote; NUL-terminated */
	double		 duration;	/* seconds */
};

/*
 * Run the n commands at once, each in a process group of its own with
 * standard input from in, or /dev/null, its env entries in its
 * environment and no other descriptor of ours, and wait for all of them,
 * at most timeout seconds (RUN_TIMEOUT when 0 or less): then every group
 * still running is killed. Input is written and output read as the pipes
 * allow, so a chatty command never blocks, and one that leaves input
 * unread neither blocks us nor kills us with SIGPIPE (blocked meanwhile).
 * An env entry that is not NAME=value is a start failure (EINVAL). Only
 * these children are waited for. 0, or -1 when nothing could be set up
 * (errno).
 */
int	run_all(struct run *, size_t n, double timeout);
void	run_free(struct run *);

/*
 * Why a command gave no exit status, in words: "cannot run: ...",
 * "timed out after 30s", "killed by signal 9", into buf. 1 when it
 * failed so, 0 when it exited (buf untouched).
 */
int	run_failed(const struct run *, double timeout, char *buf,
	    size_t size);

/*
 * A "timeout" option (NULL: dflt) in seconds, above 0 and at most
 * RUN_TIMEOUT_MAX. 0, or -1 with *why.
 */
int	run_timeout(const char *opt, double dflt, double *secs,
	    const char **why);

/*
 * Why a command failed, for a log line, appended to why: "prog: exit 75:
 * the first line it wrote on stderr (else stdout)", or "prog: timed out
 * after 30s", and so on.
 */
void	run_complaint(const struct run *, const char *prog, double timeout,
	    struct buf *why);

/*
 * The first line of s (n bytes) that holds more than blanks, without the
 * blanks around it and cut to at most max bytes on a character boundary:
 * its start, and its length in *len (0 when there is none).
 */
const char *first_line(const char *s, size_t n, size_t max, size_t *len);

/*
 * Split a command line into words as a shell would, without one: blanks
 * separate, "..." and '...' quote, a backslash escapes the next character.
 * A NULL-ended array in *argv (free with argv_free). 0, or -1 with *why.
 */
int	argv_split(const char *line, char ***argv, const char **why);
void	argv_free(char **argv);

#endif
