/* p_memory: the memory_monitor plugin, RAM and swap, the ZFS ARC counted as free. */
#include <math.h>
#include <string.h>

#include "mounts.h"

/* The rows of /proc/meminfo used, in kB. */
enum { TOTAL, FREE, AVAIL, BUFFERS, CACHED, SRECLAIMABLE, SWAP_TOTAL,
    SWAP_FREE, NROWS };

static const char *const names[NROWS] = {
	"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:",
	"SReclaimable:", "SwapTotal:", "SwapFree:"
};

/* ARC bytes: its size, and the least it shrinks to; -1: no ZFS. */
struct arc {
	long long	size;
	long long	min;
};

static double
mb(double kb)
{
	return round(kb / 1024);
}

static double
at_least0(double x)
{
	return x > 0 ? x : 0;
}

/* -1 for a row that is not there. */
static void
meminfo(struct buf *b, double *m)
{
	struct scan s;
	char *line, *f[2];
	long long v;
	int i;

	for (i = 0; i < NROWS; i++)
		m[i] = -1;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL) {
		if (scan_fields(line, f, 2) < 2 || scan_count(f[1], &v) == -1)
			continue;
		for (i = 0; i < NROWS; i++)
			if (strcmp(f[0], names[i]) == 0)
				m[i] = (double)v;
	}
}

/*
 * The ARC gives memory back when asked, down to c_min, yet the kernel
 * counts it as used: what it holds above c_min is available. The rows
 * read "size  4  1234567", in bytes.
 */
static void
arc(struct plugin *p, struct buf *b, struct arc *a, double *m)
{
	struct scan s;
	char *line, *f[3];
	long long v;

	a->size = a->min = -1;
	if (plugin_read(p, "/proc/spl/kstat/zfs/arcstats", b) == -1)
		return;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL) {
		if (scan_fields(line, f, 3) < 3 || scan_count(f[2], &v) == -1)
			continue;
		if (strcmp(f[0], "size") == 0)
			a->size = v;
		else if (strcmp(f[0], "c_min") == 0)
			a->min = v;
	}
	if (a->size < 0 || a->min < 0)
		a->size = a->min = -1;
	else if (a->size > a->min)
		m[AVAIL] = fmin(m[AVAIL] + (double)(a->size - a->min) / 1024,
		    m[TOTAL]);
}

static void
swap(struct jw *w, const double *m)
{
	double total = at_least0(m[SWAP_TOTAL]);
	double left = fmin(at_least0(m[SWAP_FREE]), total);

	jw_knum(w, "swap_total_mb", mb(total));
	jw_knum(w, "swap_used_mb", mb(total - left));
	jw_knum(w, "swap_free_mb", mb(left));
	jw_knum(w, "swap_percent", percent_of(total - left, total));
}

static void
write_mem(struct jw *w, const double *m, const struct arc *a)
{
	jw_knum(w, "total_mb", mb(m[TOTAL]));
	jw_knum(w, "available_mb", mb(m[AVAIL]));
	jw_knum(w, "used_mb", mb(m[TOTAL] - m[AVAIL]));
	jw_knum(w, "free_mb", mb(m[FREE]));
	jw_knum(w, "percent", percent_of(m[TOTAL] - m[AVAIL], m[TOTAL]));
	jw_knum(w, "buffers_mb", mb(m[BUFFERS]));
	jw_knum(w, "cached_mb", mb(m[CACHED]));
	swap(w, m);
	if (a->size >= 0) {
		jw_knum(w, "arc_size_mb", mb((double)a->size / 1024));
		jw_knum(w, "arc_min_mb", mb((double)a->min / 1024));
		jw_kbool(w, "zfs_arc_counted", 1);
	}
}

/*
 * Cached counts the reclaimable slab too, as free(1) and psutil do: both
 * are caches the kernel drops when memory runs short.
 */
int
memory_monitor_collect(struct plugin *p, struct jw *w)
{
	struct buf b = BUF_INIT;
	struct arc a;
	double m[NROWS];

	if (plugin_read(p, "/proc/meminfo", &b) == -1) {
		buf_free(&b);
		p->why = "no /proc/meminfo here";
		return -1;
	}
	meminfo(&b, m);
	if (m[TOTAL] <= 0) {
		buf_free(&b);
		p->why = "no MemTotal in /proc/meminfo";
		return -1;
	}
	m[FREE] = fmin(at_least0(m[FREE]), m[TOTAL]);
	m[BUFFERS] = at_least0(m[BUFFERS]);
	m[CACHED] = at_least0(m[CACHED]) + at_least0(m[SRECLAIMABLE]);
	/* Before Linux 3.14 there was no estimate: the page cache is free. */
	if (m[AVAIL] < 0)
		m[AVAIL] = m[FREE] + m[BUFFERS] + m[CACHED];
	m[AVAIL] = fmin(m[AVAIL], m[TOTAL]);
	arc(p, &b, &a, m);
	write_mem(w, m, &a);
	buf_free(&b);
	return 0;
}
