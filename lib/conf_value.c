/* conf_value: the value syntaxes of hb.conf(5): durations, sizes, fractions, booleans. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "num.h"

#define TEN_YEARS	(10.0 * 366 * 86400)

/* The leading decimal number of s, copied out so num_double can check it. */
static const char *
number(const char *s, char *out, size_t size)
{
	size_t n = strspn(s, "0123456789.");

	if (n == 0 || n >= size)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return s + n;
}

static double
unit(const char *s, size_t *len)
{
	static const struct { const char *name; double secs; } units[] = {
		{ "ms", 0.001 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
		{ "d", 86400 }, { "w", 7 * 86400 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		n = strlen(units[i].name);
		if (strncmp(s, units[i].name, n) == 0) {
			*len = n;
			return units[i].secs;
		}
	}
	return 0;
}

int
conf_duration(const char *s, double *secs, const char **why)
{
	double total = 0, v, u;
	const char *start = s;
	char tmp[32];
	size_t len;

	if (*s == '\0') {
		*why = "empty duration";
		return -1;
	}
	while (*s != '\0') {
		if ((s = number(s, tmp, sizeof(tmp))) == NULL ||
		    num_double(tmp, 0, TEN_YEARS, &v, why) == -1) {
			*why = "bad duration (say 30s, 5m, 1h30m, 2d)";
			return -1;
		}
		if (*s == '\0' && total == 0 && s - start == (ptrdiff_t)strlen(tmp))
			u = 1, len = 0;		/* a bare number is seconds */
		else if ((u = unit(s, &len)) == 0) {
			*why = "bad duration unit (ms, s, m, h, d or w)";
			return -1;
		}
		s += len;
		total += v * u;
		if (total > TEN_YEARS) {
			*why = "duration too long";
			return -1;
		}
	}
	*secs = total;
	return 0;
}

int
conf_size(const char *s, uint64_t *bytes, const char **why)
{
	static const char units[] = "KMGT";
	const char *u;
	long long v;
	char tmp[32];
	size_t n = strspn(s, "0123456789");
	int shift = 0;

	if (n == 0 || n >= sizeof(tmp)) {
		*why = "bad size (say 512, 64K, 100M, 2G)";
		return -1;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (s[n] != '\0') {
		if (s[n + 1] != '\0' || (u = strchr(units, s[n] & ~0x20)) == NULL ||
		    (s[n] & ~0x20) == '\0') {
			*why = "bad size unit (K, M, G or T)";
			return -1;
		}
		shift = 10 * (int)(u - units + 1);
	}
	if (num_ll(tmp, 0, (long long)(INT64_MAX >> shift), &v, why) == -1)
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

int
conf_fraction(const char *s, double *frac, const char **why)
{
	size_t n = strlen(s);
	char tmp[32];
	double v;

	if (n < 2 || n >= sizeof(tmp) || s[n - 1] != '%') {
		*why = "bad fraction (say 2%)";
		return -1;
	}
	memcpy(tmp, s, n - 1);
	tmp[n - 1] = '\0';
	if (num_double(tmp, 0, 100, &v, why) == -1)
		return -1;
	*frac = v / 100;
	return 0;
}

int
conf_bool(const char *s, int *v, const char **why)
{
	static const char *const yes[] = { "yes", "true", "on" };
	static const char *const no[] = { "no", "false", "off" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	*why = "yes or no expected";
	return -1;
}

int
conf_arg_duration(const struct conf_line *l, double min, double max, double *v)
{
	const char *why;
	double d;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (conf_duration(l->argv[1], &d, &why) == -1)
		return conf_err(l, "%s", why);
	if (d < min || d > max)
		return conf_err(l, "%s is out of range (%gs to %gs)", l->argv[1],
		    min, max);
	*v = d;
	return 0;
}

int
conf_arg_size(const struct conf_line *l, uint64_t min, uint64_t max,
    uint64_t *v)
{
	const char *why;
	uint64_t n;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (conf_size(l->argv[1], &n, &why) == -1)
		return conf_err(l, "%s", why);
	if (n < min || n > max)
		return conf_err(l, "%s is out of range (%llu to %llu bytes)",
		    l->argv[1], (unsigned long long)min, (unsigned long long)max);
	*v = n;
	return 0;
}
