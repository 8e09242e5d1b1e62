/* hbtime: Unix time as a double, and ISO 8601 UTC with milliseconds both ways. */
#ifndef HB_HBTIME_H
#define HB_HBTIME_H

#include <stddef.h>

#define ISO8601_LEN	sizeof("-2147483648-12-31T23:59:59.999Z")

/* Seconds since the epoch, with the fraction, from the real-time clock. */
double	time_now(void);
/* Seconds from an arbitrary origin that never jumps (for timeouts). */
double	time_mono(void);
/* "2024-03-23T22:56:07.123Z" into out; the length, or 0 when t is out of range. */
size_t	time_iso8601(double t, char out[ISO8601_LEN]);
/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.fff...]Z" (or +00:00, or a lower-case t/z)
 * of n bytes into *t; 0, or -1 when it is not exactly that.
 */
int	time_parse_iso8601(const char *s, size_t n, double *t);

#endif
