/*
 * perfdata: what monitoring commands print, made into sample members:
 * Nagios plugins' output and performance data (perfdata.c, p_nagios.c),
 * ping's summary (p_ping.c) and zpool's tables (p_zfs.c). Each parser
 * works on text, so it is tested on text.
 */
#ifndef HBSEND_PERFDATA_H
#define HBSEND_PERFDATA_H

#include <stddef.h>

#include "buf.h"
#include "json.h"
#include "run.h"

#define PERF_LABEL_MAX	128		/* bytes of a label, NUL included */
#define PERF_UOM_MAX	16

/* One item of Nagios performance data. */
struct perf {
	char	 label[PERF_LABEL_MAX];	/* as written, unquoted */
	double	 value;
	char	 uom[PERF_UOM_MAX];	/* "" when there is none */
	double	 warn, crit, min, max;	/* NAN: absent, range, not a number */
};

typedef void perf_fn(const struct perf *, void *arg);

/*
 * Call fn for each item 'label'=value[UOM];[warn];[crit];[min];[max] of
 * s (n bytes) whose value is a number, in order; the count. Items that
 * are not so ("U", garbage) are skipped.
 */
size_t	perf_parse(const char *s, size_t n, perf_fn *fn, void *arg);

/*
 * A Nagios plugin's standard output s (n bytes): the text of its first
 * line before any '|' (*text, *len; blanks around it dropped), and its
 * performance data, which follows the '|' of the first line and the
 * first '|' of the lines after it (appended to perf). 0, or -1 without
 * memory.
 */
int	nagios_split(const char *s, size_t n, const char **text, size_t *len,
	    struct buf *perf);

/*
 * The members of n checks that have run: NAME_status_code, NAME_status,
 * NAME_output of each, then the performance data of each, as NAME_LABEL
 * and NAME_LABEL_uom, _warn, _crit, _min, _max. A member whose name is
 * taken already is left out, so no label overwrites a status. timeout
 * is for the words of a timeout. 0, or -1 without memory. (p_nagios.c)
 */
int	nagios_write(struct jw *, const char *const *names,
	    const struct run *, size_t n, double timeout);

/*
 * The summary of ping's output s (iputils, busybox or BSD) as the
 * members transmitted, received, loss_percent, rtt_min_ms, rtt_avg_ms,
 * rtt_max_ms, rtt_mdev_ms (those it has) and reachable. 0, or -1
 * (nothing written) when s holds no summary. (p_ping.c)
 */
int	ping_parse(const char *s, struct jw *);

/*
 * The member "pools" from the outputs of zpool list -Hp -o
 * name,size,alloc,free,frag,cap,dedup,health, zpool status -p and
 * zpool iostat -Hp (any may be NULL). 0, or -1 without memory. (p_zfs.c)
 */
int	zpool_write(struct jw *, const char *list, const char *status,
	    const char *iostat);

#endif
