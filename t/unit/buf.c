/* Unit tests of buf (growth, overflow checks) and num (range-checked numbers). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "num.h"
#include "tap.h"

static void
bufs(void)
{
	struct buf b = BUF_INIT;
	size_t r;
	int i;

	ok(buf_adds(&b, "abc") == 0 && b.len == 3 && strcmp(b.p, "abc") == 0,
	    "append a string");
	for (i = 0; i < 100000; i++)
		buf_addc(&b, 'x');
	ok(b.len == 100003 && b.p[b.len] == '\0', "grows, stays terminated");
	buf_printf(&b, "%d-%s", 42, "z");
	ok(strcmp(b.p + 100003, "42-z") == 0, "printf appends");
	buf_reset(&b);
	ok(b.len == 0 && b.p[0] == '\0' && b.cap > 0, "reset keeps memory");
	errno = 0;
	ok(buf_reserve(&b, SIZE_MAX) == -1, "reserving SIZE_MAX fails");
	ok(buf_reserve(&b, SIZE_MAX - 1) == -1 && b.len == 0,
	    "reserving SIZE_MAX-1 fails and leaves the buffer");
	ok(buf_add(&b, "q", 1) == 0 && strcmp(b.p, "q") == 0, "still usable");
	ok(buf_add(&b, NULL, 0) == 0, "adding nothing");
	buf_free(&b);
	ok(b.p == NULL && b.len == 0 && b.cap == 0, "free empties");
	ok(size_add(SIZE_MAX, 1, &r) == -1 && errno == EOVERFLOW, "size_add overflow");
	ok(size_add(1, 2, &r) == 0 && r == 3, "size_add");
	ok(size_mul(SIZE_MAX / 2 + 1, 2, &r) == -1, "size_mul overflow");
	ok(size_mul(0, SIZE_MAX, &r) == 0 && r == 0, "size_mul by zero");
}

static void
nums(void)
{
	const char *why = NULL;
	long long v;
	double d;

	ok(num_ll("42", 0, 100, &v, &why) == 0 && v == 42, "42");
	ok(num_ll("-7", -10, 10, &v, &why) == 0 && v == -7, "-7");
	ok(num_ll("101", 0, 100, &v, &why) == -1 && strcmp(why, "too large") == 0,
	    "101 too large");
	ok(num_ll("5", 10, 100, &v, &why) == -1 && strcmp(why, "too small") == 0,
	    "5 too small");
	ok(num_ll("99999999999999999999", 0, 100, &v, &why) == -1 &&
	    strcmp(why, "too large") == 0, "overflow is too large");
	ok(num_ll("-99999999999999999999", -5, 100, &v, &why) == -1 &&
	    strcmp(why, "too small") == 0, "underflow is too small");
	ok(num_ll(" 5", 0, 10, &v, &why) == -1, "leading blank refused");
	ok(num_ll("+5", 0, 10, &v, &why) == -1, "'+' refused");
	ok(num_ll("5x", 0, 10, &v, &why) == -1, "trailing junk refused");
	ok(num_ll("0x10", 0, 100, &v, &why) == -1, "hex refused");
	ok(num_ll("", 0, 100, &v, &why) == -1, "empty refused");
	ok(num_double("1.5", 0, 2, &d, &why) == 0 && d == 1.5, "1.5");
	ok(num_double("1e3", 0, 2000, &d, &why) == 0 && d == 1000, "1e3");
	ok(num_double("inf", 0, 1e300, &d, &why) == -1, "inf refused");
	ok(num_double("nan", 0, 1, &d, &why) == -1, "nan refused");
	ok(num_double("0x1p3", 0, 100, &d, &why) == -1, "hex float refused");
	ok(num_double("1e999", 0, 1e308, &d, &why) == -1, "1e999 refused");
	ok(num_double("-0.5", -1, 1, &d, &why) == 0 && d == -0.5, "-0.5");
	ok(num_double("3", 0, 2, &d, &why) == -1, "3 above 2");
}

int
main(void)
{
	bufs();
	nums();
	return done_testing();
}
