/* threshold: parsing one threshold's words, and the verdict on a value. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "num.h"
#include "threshold.h"

static const char *const levels[] = { "OK", "WARNING", "UNKNOWN", "CRITICAL" };
static const char *const ops[] = { ">", ">=", "<", "<=", "==", "!=", "nagios" };

const char *
level_name(enum level lv)
{
	return levels[lv];
}

int
level_parse(const char *s, enum level *lv)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, levels[i]) == 0) {
			*lv = (enum level)i;
			return 0;
		}
	return -1;
}

const char *
op_name(enum op op)
{
	return ops[op];
}

static int
op_parse(const char *s, enum op *op)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(s, ops[i]) == 0) {
			*op = (enum op)i;
			return 0;
		}
	return -1;
}

static int
fail(const char **why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(const char **why, const char *fmt, ...)
{
	static char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*why = msg;
	return -1;
}

/* Numbers always; strings only where equality is all that is asked. */
static int
limit_parse(const struct threshold *t, struct limit *l, const char *key,
    const char *val, const char **why)
{
	const char *nwhy;

	if (l->set)
		return fail(why, "%s given twice", key);
	l->set = 1;
	if (num_double(val, -1e300, 1e300, &l->num, &nwhy) == 0)
		return 0;
	if (t->op != OP_EQ && t->op != OP_NE)
		return fail(why, "%s: '%s': %s", key, val, nwhy);
	if ((l->str = strdup(val)) == NULL)
		return fail(why, "out of memory");
	return 0;
}

/* "2%" as the configuration writes fractions, or "0.02" as the seed did. */
static int
hyst_parse(struct threshold *t, const char *val, int *seen, const char **why)
{
	const char *fwhy;

	if (*seen)
		return fail(why, "hysteresis given twice");
	*seen = 1;
	if (strchr(val, '%') != NULL) {
		if (conf_fraction(val, &t->hyst, &fwhy) == -1)
			return fail(why, "hysteresis: '%s': %s", val, fwhy);
	} else if (num_double(val, 0, 1, &t->hyst, &fwhy) == -1)
		return fail(why, "hysteresis: '%s': %s (0 to 1, or a percentage)",
		    val, fwhy);
	return 0;
}

static int
option_parse(struct threshold *t, const char *key, const char *val,
    int *hseen, const char **why)
{
	if (strcmp(key, "warning") == 0)
		return limit_parse(t, &t->warn, key, val, why);
	if (strcmp(key, "critical") == 0)
		return limit_parse(t, &t->crit, key, val, why);
	if (strcmp(key, "hysteresis") == 0)
		return hyst_parse(t, val, hseen, why);
	if (strcmp(key, "display") == 0) {
		if (t->display != NULL)
			return fail(why, "display given twice");
		if ((t->display = strdup(val)) == NULL)
			return fail(why, "out of memory");
		return 0;
	}
	if (op_parse(key, &t->op) == 0)
		return fail(why, "the operator '%s' comes first, after the metric",
		    key);
	return fail(why, "unknown keyword '%s' (warning, critical, hysteresis, "
	    "display)", key);
}

/* Levels that can never be reached in their order are a mistake. */
static int
check_order(const struct threshold *t, int hseen, const char **why)
{
	int up = t->op == OP_GT || t->op == OP_GE;
	int down = t->op == OP_LT || t->op == OP_LE;

	if (t->op == OP_NAGIOS) {
		if (t->warn.set || t->crit.set)
			return fail(why, "nagios takes its levels from exit codes: "
			    "no warning or critical");
		if (hseen)
			return fail(why, "nagios has no hysteresis");
		return 0;
	}
	if (!t->warn.set && !t->crit.set)
		return fail(why, "warning or critical expected");
	if (hseen && !up && !down)
		return fail(why, "hysteresis applies to >, >=, < and <= only");
	if (!t->warn.set || !t->crit.set)
		return 0;
	if (up && t->warn.num >= t->crit.num)
		return fail(why, "warning %g must be below critical %g for %s",
		    t->warn.num, t->crit.num, op_name(t->op));
	if (down && t->warn.num <= t->crit.num)
		return fail(why, "warning %g must be above critical %g for %s",
		    t->warn.num, t->crit.num, op_name(t->op));
	return 0;
}

int
threshold_parse(struct threshold *t, const char *metric, int argc,
    char **argv, const char **why)
{
	int i = 0, hseen = 0;

	memset(t, 0, sizeof(*t));
	t->op = OP_GT;
	t->hyst = HYSTERESIS_DEFAULT;
	if (*metric == '\0' || *metric == '.' || metric[strlen(metric) - 1] == '.')
		return fail(why, "'%s': not a metric path", metric);
	if (argc > 0 && op_parse(argv[0], &t->op) == 0)
		i = 1;
	for (; i < argc; i += 2) {
		if (i + 1 == argc)
			return fail(why, "%s: value expected", argv[i]);
		if (option_parse(t, argv[i], argv[i + 1], &hseen, why) == -1)
			return -1;
	}
	if (check_order(t, hseen, why) == -1)
		return -1;
	if ((t->metric = strdup(metric)) == NULL)
		return fail(why, "out of memory");
	return 0;
}

void
threshold_free(struct threshold *t)
{
	free(t->metric);
	free(t->warn.str);
	free(t->crit.str);
	free(t->display);
	memset(t, 0, sizeof(*t));
}

static int
equal(const struct limit *l, const struct mvalue *v)
{
	if (l->str != NULL)
		return !v->isnum && strlen(l->str) == v->len &&
		    memcmp(l->str, v->str, v->len) == 0;
	return v->isnum && v->num == l->num;
}

/*
 * Is the limit crossed? Holding a level, the limit moves towards the good
 * side by the hysteresis, so a value must come back past it to recover.
 */
static int
crossed(const struct threshold *t, const struct limit *l,
    const struct mvalue *v, int holding)
{
	double shift = holding ? t->hyst * fabs(l->num) : 0;

	switch (t->op) {
	case OP_EQ:
		return equal(l, v);
	case OP_NE:
		return !equal(l, v);
	default:
		break;
	}
	if (!v->isnum)
		return 0;
	switch (t->op) {
	case OP_GT:
		return v->num > l->num - shift;
	case OP_GE:
		return v->num >= l->num - shift;
	case OP_LT:
		return v->num < l->num + shift;
	default:
		return v->num <= l->num + shift;
	}
}

/* Exit codes 0 to 3, or the names nagios_runner writes beside them. */
static enum level
nagios_level(const struct mvalue *v)
{
	enum level lv;
	char name[16];

	if (v->isnum)
		return v->num == 0 ? LV_OK : v->num == 1 ? LV_WARNING :
		    v->num == 2 ? LV_CRITICAL : LV_UNKNOWN;
	if (v->len >= sizeof(name))
		return LV_UNKNOWN;
	memcpy(name, v->str, v->len);
	name[v->len] = '\0';
	return level_parse(name, &lv) == 0 ? lv : LV_UNKNOWN;
}

enum level
threshold_eval(const struct threshold *t, const struct mvalue *v,
    enum level cur)
{
	int ordered = t->op != OP_EQ && t->op != OP_NE;

	if (t->op == OP_NAGIOS)
		return nagios_level(v);
	if (ordered && !v->isnum)
		return LV_UNKNOWN;
	if (t->crit.set && crossed(t, &t->crit, v, cur == LV_CRITICAL))
		return LV_CRITICAL;
	if (t->warn.set && crossed(t, &t->warn, v,
	    cur == LV_WARNING || cur == LV_CRITICAL))
		return LV_WARNING;
	return LV_OK;
}

double
threshold_level(const struct threshold *t, enum level lv)
{
	const struct limit *l = lv == LV_CRITICAL ? &t->crit :
	    lv == LV_WARNING ? &t->warn : NULL;

	if (l == NULL || !l->set || l->str != NULL || t->op == OP_NAGIOS)
		return NAN;
	return l->num;
}
