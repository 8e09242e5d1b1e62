/* hbtime: clocks and ISO 8601, with our own calendar so no timegm(3) is needed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hbtime.h"

double
time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double
time_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

size_t
time_iso8601(double t, char out[ISO8601_LEN])
{
	int64_t ms, secs, days, y;
	unsigned mo, d, sod;
	int n;

	/* years 0000-9999 only, so the text always has the same shape */
	if (!(t >= -62167219200.0 && t < 253402300800.0))
		return 0;
	ms = (int64_t)floor(t * 1000.0 + 0.5);
	secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	sod = (unsigned)(secs - days * 86400);
	civil_from_days(days, &y, &mo, &d);
	if (y > 9999) {
		/* only the rounding of the last millisecond of 9999 gets here */
		y = 9999, mo = 12, d = 31, sod = 86399;
		ms = 999;
	}
	n = snprintf(out, ISO8601_LEN, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
	    (long long)y, mo, d, sod / 3600, sod / 60 % 60, sod % 60,
	    (unsigned)(ms - secs * 1000));
	return n > 0 ? (size_t)n : 0;
}

static int
num(const char *s, size_t n, size_t *i, size_t width, unsigned *v)
{
	size_t k;

	*v = 0;
	if (n - *i < width)
		return -1;
	for (k = 0; k < width; k++) {
		if (s[*i + k] < '0' || s[*i + k] > '9')
			return -1;
		*v = *v * 10 + (unsigned)(s[*i + k] - '0');
	}
	*i += width;
	return 0;
}

static int
lit(const char *s, size_t n, size_t *i, const char *alts)
{
	if (*i >= n || s[*i] == '\0' || strchr(alts, s[*i]) == NULL)
		return -1;
	(*i)++;
	return 0;
}

static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static int
leap(unsigned y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
time_parse_iso8601(const char *s, size_t n, double *t)
{
	unsigned y, mo, d, h, mi, sec, dig;
	double frac = 0, scale = 0.1;
	size_t i = 0;

	if (num(s, n, &i, 4, &y) || lit(s, n, &i, "-") ||
	    num(s, n, &i, 2, &mo) || lit(s, n, &i, "-") ||
	    num(s, n, &i, 2, &d) || lit(s, n, &i, "Tt") ||
	    num(s, n, &i, 2, &h) || lit(s, n, &i, ":") ||
	    num(s, n, &i, 2, &mi) || lit(s, n, &i, ":") ||
	    num(s, n, &i, 2, &sec))
		return -1;
	if (i < n && s[i] == '.') {
		i++;
		if (num(s, n, &i, 1, &dig))
			return -1;
		do {
			frac += dig * scale;
			scale /= 10;
		} while (num(s, n, &i, 1, &dig) == 0);
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z'))
		i++;
	else if (n - i == 6 && memcmp(s + i, "+00:00", 6) == 0)
		i += 6;
	else
		return -1;
	if (i != n || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap(y)) || h > 23 || mi > 59 || sec > 60)
		return -1;
	*t = (double)(days_from_civil(y, mo, d) * 86400 +
	    (int64_t)h * 3600 + mi * 60 + sec) + frac;
	return 0;
}
