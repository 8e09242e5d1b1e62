/*
 * Unit tests of the threshold engine in lib/: parsing, every operator,
 * hysteresis both ways, generic matching, layering, display templates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "template.h"
#include "threshold.h"

/* A threshold from the words of a directive, split at blanks. */
static struct threshold *
th(const char *metric, const char *words, const char **why)
{
	static char copy[512];
	struct threshold *t = malloc(sizeof(*t));
	char *argv[32], *w;
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", words);
	for (w = strtok(copy, " "); w != NULL && argc < 32; w = strtok(NULL, " "))
		argv[argc++] = w;
	if (threshold_parse(t, metric, argc, argv, why) == -1) {
		threshold_free(t);
		free(t);
		return NULL;
	}
	return t;
}

static void
drop(struct threshold *t)
{
	threshold_free(t);
	free(t);
}

static struct mvalue
num(double d)
{
	struct mvalue v = { 1, d, NULL, 0 };

	return v;
}

static struct mvalue
text(const char *s)
{
	struct mvalue v = { 0, 0, s, strlen(s) };

	return v;
}

/* Feed values in turn; the levels reached, as "W C C O". */
static const char *
run(const struct threshold *t, const double *vals, int n)
{
	static char out[256];
	enum level lv = LV_OK;
	struct mvalue v;
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		v = num(vals[i]);
		lv = threshold_eval(t, &v, lv);
		strcat(out, i ? " " : "");
		strncat(out, level_name(lv), 1);
	}
	return out;
}

struct optest {
	const char	*words;
	double		 vals[6];
	int		 n;
	const char	*want;
};

static void
operators(void)
{
	static const struct optest tests[] = {
		{ "> warning 80 critical 90 hysteresis 0%", { 79, 80, 81, 90, 91, 50 }, 6, "O O W W C O" },
		{ ">= warning 80 critical 90 hysteresis 0%", { 79, 80, 89, 90, 10 }, 5, "O W W C O" },
		{ "< warning 10 critical 5 hysteresis 0%", { 11, 10, 9, 5, 4, 20 }, 6, "O O W W C O" },
		{ "<= warning 10 critical 5 hysteresis 0%", { 11, 10, 6, 5, 50 }, 5, "O W W C O" },
		{ "== warning 1 critical 2", { 0, 1, 2, 3, 1 }, 5, "O W C O W" },
		{ "!= critical 0", { 0, 1, -1, 0 }, 4, "O C C O" },
		{ "nagios", { 0, 1, 2, 3, 0, -1 }, 6, "O W C U O U" },
		{ "warning 100 critical 500", { 50, 120, 520, 499, 20 }, 5, "O W C C O" },
		/* the seed's example: critical 90, hysteresis 10%, recovery at 81 */
		{ "> critical 90 hysteresis 10%", { 91, 85, 81.5, 79 }, 4, "C C C O" },
		/* and its mirror for <: critical 10, recovery above 11 */
		{ "< critical 10 hysteresis 10%", { 9, 10.5, 10.9, 11.5 }, 4, "C C C O" },
		/* levels step down through the warning zone: a de-escalation */
		{ "> warning 80 critical 90 hysteresis 10%", { 95, 79, 70, 81, 91 }, 5, "C W O W C" },
		/* the default hysteresis is 2%: 90 holds until 88.2 */
		{ "> critical 90", { 91, 88.3, 88.1 }, 3, "C C O" },
	};
	struct threshold *t;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		t = th("m.x", tests[i].words, &why);
		if (!ok(t != NULL, "parses: %s", tests[i].words)) {
			diag("%s", why);
			continue;
		}
		is_str(run(t, tests[i].vals, tests[i].n), tests[i].want,
		    "levels of %s", tests[i].words);
		drop(t);
	}
}

static void
strings(void)
{
	const char *why;
	struct threshold *t = th("zfs_monitor.pools.tank.health",
	    "!= critical ONLINE", &why);
	struct mvalue v;

	ok(t != NULL, "a string level with !=");
	v = text("ONLINE");
	is_str(level_name(threshold_eval(t, &v, LV_OK)), "OK", "ONLINE is OK");
	v = text("DEGRADED");
	is_str(level_name(threshold_eval(t, &v, LV_OK)), "CRITICAL",
	    "DEGRADED is CRITICAL");
	drop(t);
	t = th("m.x", "> warning 1", &why);
	v = text("high");
	is_str(level_name(threshold_eval(t, &v, LV_OK)), "UNKNOWN",
	    "a string where > wants a number is UNKNOWN");
	drop(t);
	t = th("nagios_runner.status", "nagios", &why);
	v = text("WARNING");
	is_str(level_name(threshold_eval(t, &v, LV_OK)), "WARNING",
	    "nagios takes the status names too");
	drop(t);
	t = th("m.x", "> warning 80 critical 90", &why);
	ok(threshold_level(t, LV_WARNING) == 80 &&
	    threshold_level(t, LV_CRITICAL) == 90 &&
	    isnan(threshold_level(t, LV_OK)), "the levels crossed");
	drop(t);
}

static void
errors(void)
{
	static const char *const bad[][2] = {
		{ "> warning 90 critical 80", "warning 90 must be below critical 80 for >" },
		{ "< warning 5 critical 10", "warning 5 must be above critical 10 for <" },
		{ ">= warning 5 critical 5", "warning 5 must be below critical 5 for >=" },
		{ "=> warning 1", "unknown keyword '=>' (warning, critical, hysteresis, display)" },
		{ "> warning high", "warning: 'high': not a number" },
		{ ">", "warning or critical expected" },
		{ "nagios critical 2", "nagios takes its levels from exit codes: no warning or critical" },
		{ "> warning 1 warning 2", "warning given twice" },
		{ "> warning 1 hysteresis 200%", "hysteresis: '200%': too large" },
		{ "== warning 1 hysteresis 1%", "hysteresis applies to >, >=, < and <= only" },
		{ "> warning", "warning: value expected" },
		{ "warning 1 > 2", "the operator '>' comes first, after the metric" },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = "";
		ok(th("m.x", bad[i][0], &why) == NULL, "refused: %s", bad[i][0]);
		is_str(why, bad[i][1], "why: %s", bad[i][0]);
	}
	ok(th(".x", "> warning 1", &why) == NULL, "a metric starting with a dot");
	ok(th("x.", "> warning 1", &why) == NULL, "a metric ending with a dot");
}

static void
matching(void)
{
	struct thset s, top, lay;
	const struct threshold *t;
	const char *why, *p;
	size_t strip, last;

	thset_init(&s);
	thset_put(&s, th("nagios_runner.status_code", "nagios", &why));
	thset_put(&s, th("nagios_runner.root_status_code", "> warning 0", &why));
	thset_put(&s, th("disk_monitor.partitions./.percent", "> warning 80", &why));
	p = "nagios_runner.check_disk_root_status_code";
	t = thset_find(&s, p, strlen(p), &strip, &last);
	is_str(t ? t->metric : NULL, "nagios_runner.root_status_code",
	    "the longest generic entry wins over a shorter one");
	is_int((long long)strip, (long long)strlen("check_disk_"), "what was stripped");
	is_int((long long)last, (long long)strlen("nagios_runner."), "where the field begins");
	p = "nagios_runner.check_load_status_code";
	t = thset_find(&s, p, strlen(p), &strip, &last);
	is_str(t ? t->metric : NULL, "nagios_runner.status_code", "stripped to the generic entry");
	is_int((long long)strip, (long long)strlen("check_load_"), "{check_name} is check_load");
	p = "nagios_runner.status_code";
	t = thset_find(&s, p, strlen(p), &strip, &last);
	ok(t != NULL && strip == 0, "an exact entry is exact");
	p = "disk_monitor.partitions./.percent";
	ok(thset_find(&s, p, strlen(p), &strip, &last) != NULL, "a nested path");
	p = "nagios_runner.check_x_output";
	ok(thset_find(&s, p, strlen(p), &strip, &last) == NULL, "no match is NULL");
	p = "nagios_runner.x_";
	ok(thset_find(&s, p, strlen(p), &strip, &last) == NULL, "never stripped to nothing");
	ok(thset_covers(&s, "nagios_runner", 13) && !thset_covers(&s, "cpu_monitor", 11),
	    "which plugins have thresholds");

	thset_init(&top);
	thset_put(&top, th("nagios_runner.status_code", "== critical 1", &why));
	thset_put(&top, th("cpu_monitor.cpu_percent", "> warning 60", &why));
	thset_init(&lay);
	thset_layer(&lay, &s);
	thset_layer(&lay, &top);
	p = "nagios_runner.status_code";
	t = thset_find(&lay, p, strlen(p), &strip, &last);
	ok(t != NULL && t->op == OP_EQ, "a layer replaces an entry");
	p = "disk_monitor.partitions./.percent";
	ok(thset_find(&lay, p, strlen(p), &strip, &last) != NULL,
	    "what a layer does not mention is inherited");
	ok(thset_covers(&lay, "cpu_monitor", 11), "and what it adds is there");
	thset_free(&lay, 0);
	thset_free(&top, 1);
	thset_free(&s, 1);
}

static int
fields(void *ctx, const char *name, size_t len, struct buf *out)
{
	(void)ctx;
	if (len == 5 && memcmp(name, "value", 5) == 0)
		return buf_adds(out, "85.0") == 0 ? 1 : -1;
	return 0;
}

static void
templates(void)
{
	static const char *const cases[][2] = {
		{ "{value}", "85.0" },
		{ "(threshold: {value}%)", "(threshold: 85.0%)" },
		{ "{missing} and {value}", "{missing} and 85.0" },
		{ "{{value}} {value}", "{value} 85.0" },
		{ "open { brace", "open { brace" },
		{ "{unclosed", "{unclosed" },
		{ "{a{value}}", "{a85.0}" },
		{ "", "" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		ok(template_render(&b, cases[i][0], fields, NULL) == 0, "renders");
		is_str(b.p, cases[i][1], "template '%s'", cases[i][0]);
	}
	buf_free(&b);
}

int
main(void)
{
	operators();
	strings();
	errors();
	matching();
	templates();
	return done_testing();
}
