/* num: the one range-checked way numbers from outside become numbers. */
#ifndef HB_NUM_H
#define HB_NUM_H

#include <stddef.h>

/*
 * A whole decimal integer in [min, max]: optional '-', digits, nothing
 * else (no blanks, no '+', no base prefix). 0, or -1 with *why set.
 */
int	num_ll(const char *s, long long min, long long max, long long *out,
	    const char **why);
/* A finite decimal number in [min, max] ("12", "-0.5", "1e3"). 0, or -1 with *why set. */
int	num_double(const char *s, double min, double max, double *out,
	    const char **why);

/* The same for the n bytes at s (a word inside a line); NaN when it is none. */
double	num_span(const char *s, size_t n, double min, double max);

#endif
