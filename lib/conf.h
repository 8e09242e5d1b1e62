/* conf: the hb.conf(5) reader that every program shares. */
#ifndef HB_CONF_H
#define HB_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CONF_DEFAULT	"/etc/hb/hb.conf"
#define CONF_MAX_LINE	4096	/* bytes in one line */
#define CONF_MAX_WORDS	64	/* words in one line */
#define CONF_MAX_SIZE	(16u << 20)	/* bytes in one file */
#define CONF_MAX_ERRORS	20

/* One directive as its handler sees it: argv[0] is its name. */
struct conf_line {
	const char	*file;
	unsigned	 lineno;
	int		 argc;
	char		**argv;
	struct buf	*err;
};

/* A handler returns 0, or -1 after saying why with conf_err. */
typedef int (*conf_fn)(const struct conf_line *, void *ctx);

struct conf_handler {
	const char	*name;
	conf_fn		 fn;
};

/*
 * Read the text (n bytes) named file in the manner of hb.conf(5), calling
 * the handler (table ended by a NULL name) of each directive that is ours;
 * the directives of other programs (conf_known) are skipped, unknown ones
 * are errors. Every error becomes a line "FILE:LINE: what" in err. 0 or -1.
 */
int	conf_parse(const char *file, const char *text, size_t n,
	    const struct conf_handler *, void *ctx, struct buf *err);
/*
 * The file named by path (from -c), else $HB_CONF, else CONF_DEFAULT, read
 * and parsed as conf_parse does. A missing default file is no error: the
 * program runs on its defaults. 0 or -1 (with err).
 */
int	conf_load(const char *path, const struct conf_handler *, void *ctx,
	    struct buf *err);
/*
 * The same for a program with a file of its own: path (from -c) must
 * exist; without it, the first of the NULL-ended defaults that exists is
 * read, and none at all is no error.
 */
int	conf_load_first(const char *path, const char *const *defaults,
	    const struct conf_handler *, void *ctx, struct buf *err);
/*
 * After a failed load: the FILE:LINE lines of err on stderr, err freed;
 * then exit 2 when fatal, else -1 for the caller to return.
 */
int	conf_failed(struct buf *err, int fatal);
/* Is name a directive of some hb program? 1 or 0. */
int	conf_known(const char *name);
/* The i-th of those directives, from 0; NULL past the last. */
const char *conf_known_at(size_t i);

/* Add "FILE:LINE: " and the message to l->err; returns -1 for the handler to return. */
int	conf_err(const struct conf_line *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Check that a directive has between min and max arguments; 0, or -1 via conf_err. */
int	conf_nargs(const struct conf_line *, int min, int max);

/*
 * A directive with one argument: a duration or a size within [min, max]
 * into *v. 0, or -1 after saying why with conf_err.
 */
int	conf_arg_duration(const struct conf_line *, double min, double max,
	    double *v);
int	conf_arg_size(const struct conf_line *, uint64_t min, uint64_t max,
	    uint64_t *v);

/* Values; each is 0, or -1 with *why set. */
/* "30", "90s", "500ms", "5m", "1h30m", "2d" into seconds, at most ten years. */
int	conf_duration(const char *, double *secs, const char **why);
/* "512", "64K", "100M", "2G" (powers of 1024) into bytes. */
int	conf_size(const char *, uint64_t *bytes, const char **why);
/* "2%" into 0.02; from 0% to 100%. */
int	conf_fraction(const char *, double *frac, const char **why);
/* "yes", "no", "true", "false", "on", "off". */
int	conf_bool(const char *, int *v, const char **why);

#endif
