/* mounts: the mount table, and the scanning of /proc text, for the system plugins. */
#ifndef HBSEND_MOUNTS_H
#define HBSEND_MOUNTS_H

#include "buf.h"
#include "plugin.h"

/* Bytes of a sample one list (of mounts, disks, interfaces) may take. */
#define LIST_BUDGET	(SAMPLE_MAX / 2)
/* Mounts considered of one table; beyond them the sample says truncated. */
#define MOUNTS_MAX	1024

/* The lines of text read into a buf, taken apart in place. */
struct scan {
	char	*p;
	char	*end;
};

/* One line of the mount table, its fields decoded (\040 is a blank). */
struct mount {
	char	*dev;
	char	*dir;
	char	*type;
	char	*opts;
};

/* Scan the len bytes of b. */
void	scan_init(struct scan *, struct buf *b);
/* The next line, NUL-terminated in place (it may hold NULs), or NULL at the end. */
char	*scan_line(struct scan *);
/*
 * Split line in place at blanks into at most max fields (the rest of the
 * line stays unsplit after the last); how many there are.
 */
int	scan_fields(char *line, char **f, int max);
/* A count: decimal digits only, within long long. 0, or -1. */
int	scan_count(const char *, long long *);
/* A decimal number in [0, 1e15) ("0.75"). 0, or -1. */
int	scan_real(const char *, double *);

/* x rounded to one decimal, as samples show percentages and sizes. */
double	one_decimal(double x);
/* part of whole in percent, to one decimal; 0 when whole is not positive. */
double	percent_of(double part, double whole);

/*
 * Read the mount table (/proc/self/mounts, else /proc/mounts) under
 * p->root into b. 0, or -1 with p->why set.
 */
int	mounts_read(struct plugin *p, struct buf *b);
/* The next well-formed line of the table in *m; 0 at the end. */
int	mounts_next(struct scan *, struct mount *m);
/* Does the mount hold files on a disk of this machine? 1 or 0. */
int	mounts_physical(const struct mount *);

#endif
