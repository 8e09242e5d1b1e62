/* Unit tests of hbtime: ISO 8601 UTC with milliseconds, both ways. */
#include <string.h>

#include "hbtime.h"
#include "tap.h"

static void
fmt(double t, const char *want)
{
	char s[ISO8601_LEN];

	time_iso8601(t, s);
	is_str(s, want, "%.3f formats", t);
}

static void
parse(const char *s, double want)
{
	double t = -1;

	ok(time_parse_iso8601(s, strlen(s), &t) == 0 && t > want - 1e-6 &&
	    t < want + 1e-6, "'%s' parses to %.3f (got %.6f)", s, want, t);
}

int
main(void)
{
	static const char *const bad[] = {
		"", "2024-03-23", "2024-03-23T22:56:07", "2024-13-01T00:00:00Z",
		"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-03-23T24:00:00Z",
		"2024-03-23T22:60:00Z", "2024-03-23 22:56:07Z", "2024-03-23T22:56:07.Z",
		"2024-03-23T22:56:07Zx", "2024-03-23T22:56:07+01:00", "24-03-23T22:56:07Z",
		"2024-3-23T22:56:07Z", "+024-03-23T22:56:07Z",
	};
	char s[ISO8601_LEN];
	double t, now;
	size_t i;

	fmt(0, "1970-01-01T00:00:00.000Z");
	fmt(1711234567.123, "2024-03-23T22:56:07.123Z");
	fmt(1711234567.9996, "2024-03-23T22:56:08.000Z");
	fmt(951782400, "2000-02-29T00:00:00.000Z");
	fmt(-1.5, "1969-12-31T23:59:58.500Z");
	fmt(4102444800.0, "2100-01-01T00:00:00.000Z");
	fmt(253402300799.999, "9999-12-31T23:59:59.999Z");
	ok(time_iso8601(253402300800.0, s) == 0, "year 10000 is out of range");
	ok(time_iso8601(-62167219201.0, s) == 0, "year -1 is out of range");
	ok(time_iso8601(0.0 / 0.0, s) == 0, "NaN is out of range");
	parse("2024-03-23T22:56:07.123Z", 1711234567.123);
	parse("2024-03-23T22:56:07Z", 1711234567);
	parse("2024-03-23t22:56:07.5z", 1711234567.5);
	parse("2024-03-23T22:56:07+00:00", 1711234567);
	parse("2000-02-29T00:00:00Z", 951782400);
	parse("1969-12-31T23:59:58.500Z", -1.5);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(time_parse_iso8601(bad[i], strlen(bad[i]), &t) == -1,
		    "'%s' refused", bad[i]);
	now = time_now();
	time_iso8601(now, s);
	ok(time_parse_iso8601(s, strlen(s), &t) == 0 && t - now < 0.001 &&
	    now - t < 0.001, "now round-trips within a millisecond");
	t = time_mono();
	ok(time_mono() >= t, "the monotonic clock does not go back");
	return done_testing();
}
