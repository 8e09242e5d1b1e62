/*
 * threshold: limits on metrics, with warning and critical levels and
 * hysteresis; named sets of them (profiles) and their layering per host.
 */
#ifndef HB_THRESHOLD_H
#define HB_THRESHOLD_H

#include <stddef.h>

#include "conf.h"
#include "hmap.h"
#include "hostconf.h"

/* Verdicts, in rising severity: a change upwards is an escalation. */
enum level { LV_OK, LV_WARNING, LV_UNKNOWN, LV_CRITICAL };

enum op { OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ, OP_NE, OP_NAGIOS };

#define HYSTERESIS_DEFAULT	0.02

/* One side of a threshold: a number, or a string for == and !=. */
struct limit {
	int		 set;
	double		 num;
	char		*str;	/* NULL: a number */
};

struct threshold {
	char		*metric;	/* "cpu_monitor.cpu_percent", "rtt.web-01" */
	enum op		 op;
	struct limit	 warn, crit;
	double		 hyst;		/* a fraction of the level */
	char		*display;	/* a template, or NULL */
};

/* A metric's value as a sample gives it. */
struct mvalue {
	int		 isnum;
	double		 num;
	const char	*str;
	size_t		 len;
};

/*
 * Fill t from the words after "threshold METRIC": [OP] [warning V]
 * [critical V] [hysteresis F] [display T], in any order after the
 * operator. 0, or -1 with a message in why (a static or thread-unsafe
 * buffer, valid until the next call).
 */
int	threshold_parse(struct threshold *, const char *metric, int argc,
	    char **argv, const char **why);
void	threshold_free(struct threshold *);
/*
 * The verdict for value v when the current one is cur: a level holds, once
 * reached, until the value is back past the level moved by the hysteresis
 * towards the good side (critical 90, hysteresis 10%: until below 81).
 */
enum level threshold_eval(const struct threshold *, const struct mvalue *v,
	    enum level cur);
/* The level crossed at verdict lv: its number, or NaN (nagios, strings). */
double	threshold_level(const struct threshold *, enum level lv);

const char *level_name(enum level);
/* "OK", "WARNING", ... into *lv; 0 or -1. */
int	level_parse(const char *, enum level *lv);
const char *op_name(enum op);

/* A set of thresholds by metric. */
struct thset {
	struct hmap	 by_metric;	/* metric -> struct threshold * */
	struct hmap	 firsts;	/* the first components of the metrics */
	struct hmap	 lasts;		/* and their last ones, for generic matching */
};

void	thset_init(struct thset *);
/* Add t (the set takes it), replacing one of the same metric. 0 or -1. */
int	thset_put(struct thset *, struct threshold *t);
/* The set owns its thresholds unless it was made by thset_layer. */
void	thset_free(struct thset *, int owned);
/* Lay every threshold of top over dst (shared, not copied). 0 or -1. */
int	thset_layer(struct thset *dst, const struct thset *top);
/* Has some metric of the set this first component ("cpu_monitor", "rtt")? */
int	thset_covers(const struct thset *, const char *first, size_t len);
/*
 * The threshold for a metric path: the exact entry, else (generic
 * matching) the path with leading '_'-separated words of its last
 * component stripped, one by one; *strip is how many bytes of that
 * component were stripped (0 for an exact match, else the length of
 * {check_name} plus its '_'). NULL when none matches.
 */
const struct threshold *thset_find(const struct thset *, const char *path,
	    size_t len, size_t *strip, size_t *lastcomp);

/* The thresholds of hb.conf(5): those outside profiles, and the profiles. */
struct thconf {
	struct thset	 defaults;
	struct hmap	 profiles;	/* name -> struct thset * */
	struct hmap	 resolved;	/* "a,b" -> struct thset * (layered) */
};

void	thconf_init(struct thconf *);
/*
 * threshold METRIC ..., or profile NAME threshold METRIC ... (the profile
 * "default" is the thresholds outside profiles). 0, or -1 via conf_err.
 */
int	thconf_directive(const struct conf_line *, struct thconf *);
/* Does every profile that a host names exist? 0, or -1 with a line in err for each that does not. */
int	thconf_check(const struct thconf *, const struct hmap *hosts,
	    struct buf *err);
/*
 * The thresholds for a host (h NULL: one without settings), its profiles
 * laid over the defaults from left to right; hosts with the same profiles
 * share one set, kept until thconf_free.
 */
const struct thset *thconf_host(struct thconf *, const struct hostconf *h);
void	thconf_free(struct thconf *);

#endif
