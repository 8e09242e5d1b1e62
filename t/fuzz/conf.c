/* Fuzz target: the hb.conf(5) reader, its value parsers, and the host and user directives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hostconf.h"
#include "userconf.h"

struct ctx {
	struct users	users;
	struct hmap	hosts;
};

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

static int
user(const struct conf_line *l, void *ctx)
{
	return userconf_directive(l, &((struct ctx *)ctx)->users);
}

static int
host(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct ctx *)ctx)->hosts);
}

static const struct conf_handler handlers[] = {
	{ "user", user },
	{ "host", host },
	{ "interval", values },
	{ "grace", values },
	{ "listen", values },
	{ NULL, NULL }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ctx c = { USERS_INIT, HMAP_INIT };
	struct buf err = BUF_INIT;
	int rc;

	rc = conf_parse("fuzz.conf", (const char *)data, n, handlers, &c, &err);
	if ((rc == 0) != (err.len == 0))
		abort();
	buf_reset(&err);
	userconf_first_admin(&c.users);
	rc = userconf_check_hosts(&c.users, &c.hosts, &err);
	if ((rc == 0) != (err.len == 0))
		abort();
	userconf_free_all(&c.users);
	hostconf_free_all(&c.hosts);
	buf_free(&err);
	return 0;
}
