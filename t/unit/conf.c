/* Unit tests of the hb.conf(5) reader: words, quoting, values, and errors with their lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "tap.h"

/* What the test program "owns": it records every line it is handed. */
struct seen {
	int		 lines;
	struct buf	 words;		/* "lineno:argv[0]|argv[1]|...\n" */
};

static int
record(const struct conf_line *l, void *ctx)
{
	struct seen *s = ctx;
	int i;

	s->lines++;
	buf_printf(&s->words, "%u:", l->lineno);
	for (i = 0; i < l->argc; i++)
		buf_printf(&s->words, "%s%s", i ? "|" : "", l->argv[i]);
	buf_addc(&s->words, '\n');
	return 0;
}

static int
duration(const struct conf_line *l, void *ctx)
{
	double d;

	if (conf_arg_duration(l, 0, 3600, &d) == -1)
		return -1;
	return record(l, ctx);
}

static int
size(const struct conf_line *l, void *ctx)
{
	uint64_t n;

	if (conf_arg_size(l, 1024, 1u << 20, &n) == -1)
		return -1;
	return record(l, ctx);
}

static const struct conf_handler handlers[] = {
	{ "statedir", record },
	{ "listen", record },
	{ "user", record },
	{ "interval", duration },
	{ "rcvbuf", size },
	{ NULL, NULL }
};

/* Parse text; return the words seen and the errors, joined for comparison. */
static int
parse(const char *text, struct seen *s, struct buf *err)
{
	s->lines = 0;
	buf_reset(&s->words);
	buf_reset(err);
	buf_adds(&s->words, "");
	buf_adds(err, "");
	return conf_parse("t.conf", text, strlen(text), handlers, s, err);
}

static void
words(void)
{
	struct seen s = { 0, BUF_INIT };
	struct buf err = BUF_INIT;

	is_int(parse("# a comment\n\n   \t\nstatedir /var/lib/hb\n"
	    "listen 0.0.0.0:50003   # trailing comment\n"
	    "user alice admin name \"Alice \\\"A\\\" Smith\" x\"y z\"w\n"
	    "user bob name \"\" note \"a # not a comment\"\n"
	    "user tab\t\"t\\tn\\n\\\\\"\r\n"
	    "threshold cpu > warning 80\n"
	    "statedir /last", &s, &err), 0, "a good file parses");
	is_str(s.words.p,
	    "4:statedir|/var/lib/hb\n"
	    "5:listen|0.0.0.0:50003\n"
	    "6:user|alice|admin|name|Alice \"A\" Smith|xy zw\n"
	    "7:user|bob|name||note|a # not a comment\n"
	    "8:user|tab|t\tn\n\\\n"
	    "10:statedir|/last\n", "words, quotes, escapes, comments, CRLF, no final newline");
	is_str(err.p, "", "no errors");
	buf_free(&s.words);
	buf_free(&err);
}

static void
errors(void)
{
	struct seen s = { 0, BUF_INIT };
	struct buf err = BUF_INIT, big = BUF_INIT;
	int i;

	is_int(parse("statedir /a\nbogus 1\ninterval 30x\ninterval\n"
	    "user \"open\nuser a \\q \"\\q\"\ninterval 5m\ninterval 2h\n"
	    "rcvbuf 1K 2K\nrcvbuf 2M\nrcvbuf 64K\n", &s, &err), -1,
	    "a bad file fails");
	is_str(err.p,
	    "t.conf:2: unknown directive 'bogus'\n"
	    "t.conf:3: interval: bad duration unit (ms, s, m, h, d or w)\n"
	    "t.conf:4: interval: argument expected\n"
	    "t.conf:5: unterminated quoted string\n"
	    "t.conf:6: invalid escape in quoted string\n"
	    "t.conf:8: interval: 2h is out of range (0s to 3600s)\n"
	    "t.conf:9: rcvbuf: too many arguments (at most 1)\n"
	    "t.conf:10: rcvbuf: 2M is out of range (1024 to 1048576 bytes)\n",
	    "every error, with its line");
	is_str(s.words.p, "1:statedir|/a\n7:interval|5m\n11:rcvbuf|64K\n",
	    "good lines around bad ones are still read");

	parse("listen a\x00" "b\n", &s, &err);
	is_int(parse("statedir \xc3\x28\n", &s, &err), -1, "invalid UTF-8 fails");
	is_str(err.p, "t.conf:1: invalid UTF-8\n", "and says so");

	for (i = 0; i < CONF_MAX_LINE; i++)
		buf_addc(&big, 'a');
	is_int(parse(big.p, &s, &err), -1, "a 4096-byte line is refused");
	ok(strstr(err.p, "unknown directive") != NULL, "...only as unknown");
	buf_addc(&big, 'a');
	parse(big.p, &s, &err);
	is_str(err.p, "t.conf:1: line too long (at most 4096 bytes)\n",
	    "a 4097-byte line is too long");
	buf_reset(&big);
	buf_adds(&big, "user");
	for (i = 0; i < CONF_MAX_WORDS; i++)
		buf_adds(&big, " w");
	parse(big.p, &s, &err);
	is_str(err.p, "t.conf:1: too many words (at most 64)\n", "65 words");
	buf_reset(&big);
	for (i = 0; i < 30; i++)
		buf_adds(&big, "bogus\n");
	parse(big.p, &s, &err);
	ok(strstr(err.p, "t.conf:20: too many errors, giving up\n") != NULL,
	    "stops after 20 errors");
	buf_free(&big);
	buf_free(&s.words);
	buf_free(&err);
}

static void
others_directives(void)
{
	struct seen s = { 0, BUF_INIT };
	struct buf err = BUF_INIT;

	is_int(parse("threshold a > warning 1\nhost web-01 watch no\n"
	    "notify email from x\ndyndomain example.com\nprofile p\n"
	    "default-owner alice\ngrace 10s\nrenotify 1h\njournal /j\n",
	    &s, &err), 0, "directives of other programs are skipped");
	is_int(s.lines, 0, "and not handed to this one");
	buf_free(&s.words);
	buf_free(&err);
}

static void
durations(void)
{
	static const struct { const char *s; double secs; } good[] = {
		{ "30", 30 }, { "90s", 90 }, { "5m", 300 }, { "1h", 3600 },
		{ "2d", 172800 }, { "1w", 604800 }, { "1h30m", 5400 },
		{ "500ms", 0.5 }, { "1.5s", 1.5 }, { "0", 0 },
	};
	static const char *const bad[] = {
		"", "s", "30x", "-5s", "1h30", "1e3s", "5 m", "3661d",
		"99999999999", "1..5s", "m5",
	};
	const char *why;
	double d;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(conf_duration(good[i].s, &d, &why) == 0 && d == good[i].secs,
		    "duration '%s' is %g s", good[i].s, good[i].secs);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(conf_duration(bad[i], &d, &why) == -1, "duration '%s' refused",
		    bad[i]);
}

static void
sizes_fractions_bools(void)
{
	static const struct { const char *s; uint64_t n; } good[] = {
		{ "0", 0 }, { "512", 512 }, { "64K", 65536 }, { "100M", 104857600 },
		{ "2G", 2147483648ULL }, { "1T", 1099511627776ULL }, { "3k", 3072 },
	};
	static const char *const bad[] = {
		"", "M", "10X", "10MB", "-1", "1.5M", "99999999999999999999",
		"9000000T", " 5", "5 ",
	};
	const char *why;
	uint64_t n;
	double f;
	size_t i;
	int b;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(conf_size(good[i].s, &n, &why) == 0 && n == good[i].n,
		    "size '%s'", good[i].s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(conf_size(bad[i], &n, &why) == -1, "size '%s' refused", bad[i]);
	ok(conf_fraction("2%", &f, &why) == 0 && f == 0.02, "2%% is 0.02");
	ok(conf_fraction("0.5%", &f, &why) == 0 && f == 0.005, "0.5%%");
	ok(conf_fraction("100%", &f, &why) == 0 && f == 1, "100%%");
	ok(conf_fraction("101%", &f, &why) == -1, "101%% refused");
	ok(conf_fraction("2", &f, &why) == -1, "a fraction needs %%");
	ok(conf_fraction("%", &f, &why) == -1, "%% alone refused");
	ok(conf_fraction("-1%", &f, &why) == -1, "-1%% refused");
	ok(conf_bool("yes", &b, &why) == 0 && b == 1, "yes");
	ok(conf_bool("off", &b, &why) == 0 && b == 0, "off");
	ok(conf_bool("maybe", &b, &why) == -1, "maybe refused");
}

static void
loading(void)
{
	char dir[] = "/tmp/hbconfXXXXXX", path[64], want[128];
	struct seen s = { 0, BUF_INIT };
	struct buf err = BUF_INIT;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/hb.conf", dir);
	is_int(conf_load(path, handlers, &s, &err), -1,
	    "a missing file named with -c is an error");
	ok(strstr(err.p, "No such file") != NULL, "which says why: %s", err.p);
	buf_reset(&err);
	f = fopen(path, "w");
	fputs("statedir /x\nnope\n", f);
	fclose(f);
	setenv("HB_CONF", path, 1);
	is_int(conf_load(NULL, handlers, &s, &err), -1, "$HB_CONF is read");
	snprintf(want, sizeof(want), "%s:2: unknown directive 'nope'\n", path);
	is_str(err.p, want, "errors name the file");
	buf_reset(&err);
	s.lines = 0;
	unsetenv("HB_CONF");
	unlink(path);
	if (access(CONF_DEFAULT, F_OK) == 0) {
		ok(1, "# SKIP " CONF_DEFAULT " exists here");
		ok(1, "# SKIP " CONF_DEFAULT " exists here");
	} else {
		is_int(conf_load(NULL, handlers, &s, &err), 0,
		    "no file at the default place: built-in defaults");
		setenv("HB_CONF", "", 1);
		is_int(conf_load(NULL, handlers, &s, &err), 0,
		    "an empty $HB_CONF counts as unset");
	}
	unlink(path);
	rmdir(dir);
	buf_free(&s.words);
	buf_free(&err);
}

int
main(void)
{
	words();
	errors();
	others_directives();
	durations();
	sizes_fractions_bools();
	loading();
	return done_testing();
}
