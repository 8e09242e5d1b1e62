/* Fuzz target: the hb.conf(5) reader and its value parsers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
values(const struct conf_line *l, void *ctx)
{
	const char *why;
	uint64_t size;
	double d;
	int i, b;

	(void)ctx;
	for (i = 1; i < l->argc; i++) {
		if (strlen(l->argv[i]) > CONF_MAX_LINE)
			abort();
		conf_duration(l->argv[i], &d, &why);
		conf_size(l->argv[i], &size, &why);
		conf_fraction(l->argv[i], &d, &why);
		conf_bool(l->argv[i], &b, &why);
	}
	return conf_nargs(l, 0, 3);
}

static const struct conf_handler handlers[] = {
	{ "interval", values },
	{ "grace", values },
	{ "listen", values },
	{ NULL, NULL }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf err = BUF_INIT;
	int rc;

	rc = conf_parse("fuzz.conf", (const char *)data, n, handlers, NULL, &err);
	if ((rc == 0) != (err.len == 0))
		abort();
	buf_free(&err);
	return 0;
}
