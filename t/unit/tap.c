/* tap: numbered "ok"/"not ok" lines and a trailing plan, as prove expects. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int count, failed;

static int
report(int cond, const char *fmt, va_list ap)
{
	count++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got %lld, want %lld\n", got, want);
	return got == want;
}

int
is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same)
		printf("#   got '%s'\n#  want '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
done_testing(void)
{
	printf("1..%d\n", count);
	if (failed)
		printf("# %d of %d failed\n", failed, count);
	return failed ? 1 : 0;
}
