/* logconf: directives naming a rotated log (journal, events) and the state directory. */
#ifndef HB_LOGCONF_H
#define HB_LOGCONF_H

#include <stdint.h>

#include "conf.h"
#include "journal.h"

struct logconf {
	char		*path;		/* NULL: the program's default place */
	uint64_t	 max_size;
	int		 backups;
	enum jsync	 sync;
};

/* 100M, 10 backups, fsync second. */
void	logconf_defaults(struct logconf *);
/* NAME FILE [max-size SIZE] [backups N] [fsync POLICY]; 0, or -1 via conf_err. */
int	logconf_directive(const struct conf_line *, struct logconf *);
/* The options on an open journal. */
void	logconf_apply(const struct logconf *, struct journal *);
/* NAME PATH: one non-empty path into *dst, replacing it; 0, or -1 via conf_err. */
int	conf_arg_path(const struct conf_line *, char **dst);

/*
 * The state directory: flag (-s), else *statedir (the directive), else
 * /var/lib/hb, made absolute into *statedir; and the events log in it
 * when no events directive named one. Dies without memory.
 */
void	logconf_places(char **statedir, const char *flag, struct logconf *events);

#endif
