/* num: strict decimal numbers with ranges, in the manner of strtonum(3). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int
num_ll(const char *s, long long min, long long max, long long *out,
    const char **why)
{
	const char *p = s;
	char *end;
	long long v;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9') {
		*why = "not a number";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*why = "not a number";
		return -1;
	}
	if (errno == ERANGE) {
		*why = *s == '-' ? "too small" : "too large";
		return -1;
	}
	if (v < min) {
		*why = "too small";
		return -1;
	}
	if (v > max) {
		*why = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

int
num_double(const char *s, double min, double max, double *out,
    const char **why)
{
	const char *p = s;
	char *end;
	double v;

	/* strtod also takes hex, "inf", "nan" and blanks; none is ours */
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9' || strspn(p, "0123456789.eE+-") != strlen(p)) {
		*why = "not a number";
		return -1;
	}
	v = strtod(s, &end);
	if (*end != '\0') {
		*why = "not a number";
		return -1;
	}
	if (!isfinite(v) || v > max) {
		*why = "too large";
		return -1;
	}
	if (v < min) {
		*why = "too small";
		return -1;
	}
	*out = v;
	return 0;
}

double
num_span(const char *s, size_t n, double min, double max)
{
	const char *why;
	char tmp[64];
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return NAN;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (num_double(tmp, min, max, &v, &why) == -1)
		return NAN;
	return v;
}
