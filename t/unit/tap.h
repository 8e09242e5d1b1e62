/* tap: the few TAP helpers the unit tests of lib/ need (prove reads the output). */
#ifndef HB_TAP_H
#define HB_TAP_H

#include <stddef.h>

/* Report one test; returns cond so a caller can say more on failure. */
int	ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compare integers / strings (NULL allowed) and show both on failure. */
int	is_int(long long got, long long want, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	is_str(const char *got, const char *want, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* A diagnostic line ("# ..."). */
void	diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan from the count so far; the exit status: 0 if all passed. */
int	done_testing(void);

#endif
