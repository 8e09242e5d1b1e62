/* p_disk: the disk_monitor plugin, space per disk and I/O per block device. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sys/statvfs.h>

#include "mounts.h"

#define GIB	1073741824.0
#define MIB	1048576.0

/* A physical mount, and whether it is left out. */
struct part {
	struct mount	 m;
	int		 skip;
};

/*
 * Space as df(1) counts it: what root's reserve holds back is neither
 * used nor free, so percent is used / (used + available).
 */
static void
space(struct jw *w, const char *root, const char *dir)
{
	struct statvfs sv;
	char path[4096];
	double bs, used, avail;
	int n;

	n = snprintf(path, sizeof(path), "%s%s", root, dir);
	if (n < 0 || (size_t)n >= sizeof(path) || statvfs(path, &sv) == -1)
		return;
	bs = sv.f_frsize > 0 ? (double)sv.f_frsize : (double)sv.f_bsize;
	used = sv.f_bfree < sv.f_blocks ?
	    (double)(sv.f_blocks - sv.f_bfree) * bs : 0;
	avail = (double)sv.f_bavail * bs;
	jw_knum(w, "size_gb", one_decimal((double)sv.f_blocks * bs / GIB));
	jw_knum(w, "used_gb", one_decimal(used / GIB));
	jw_knum(w, "free_gb", one_decimal(avail / GIB));
	jw_knum(w, "free_mb", round(avail / MIB));
	jw_knum(w, "percent", percent_of(used, used + avail));
	/* btrfs and others have no inode table: 0 files */
	if (sv.f_files > 0 && sv.f_ffree <= sv.f_files)
		jw_knum(w, "inodes_percent", percent_of(
		    (double)(sv.f_files - sv.f_ffree), (double)sv.f_files));
}

/*
 * Report each disk once, under the mount point that shows it: a mount
 * hidden by a later one on the same point is left out (statvfs would see
 * the later), and so is a bind mount of a device and type already shown.
 */
static void
choose(struct part *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = i + 1; k < n && !v[i].skip; k++)
			if (strcmp(v[i].m.dir, v[k].m.dir) == 0)
				v[i].skip = 1;
	for (i = 0; i < n; i++)
		for (k = 0; k < i && !v[i].skip; k++)
			if (!v[k].skip && strcmp(v[i].m.dev, v[k].m.dev) == 0 &&
			    strcmp(v[i].m.type, v[k].m.type) == 0)
				v[i].skip = 1;
}

/* The physical mounts of the table in b, as an array in parts. 1 when cut short. */
static int
physical(struct buf *b, struct buf *parts)
{
	struct part pt;
	struct scan s;

	memset(&pt, 0, sizeof(pt));
	scan_init(&s, b);
	while (mounts_next(&s, &pt.m)) {
		if (!mounts_physical(&pt.m))
			continue;
		if (parts->len / sizeof(pt) >= MOUNTS_MAX)
			return 1;
		if (buf_add(parts, &pt, sizeof(pt)) == -1)
			return 1;
	}
	return 0;
}

static int
partitions(struct plugin *p, struct jw *w, struct buf *b)
{
	struct buf parts = BUF_INIT;
	struct part *v;
	size_t i, n, start = w->b->len;
	int cut;

	if (mounts_read(p, b) == -1)
		return -1;
	cut = physical(b, &parts);
	v = (struct part *)(void *)parts.p;
	n = parts.len / sizeof(*v);
	choose(v, n);
	jw_key(w, "partitions");
	jw_obj(w);
	for (i = 0; i < n; i++) {
		if (v[i].skip)
			continue;
		if (w->b->len - start > LIST_BUDGET) {
			cut = 1;
			break;
		}
		jw_key(w, v[i].m.dir);
		jw_obj(w);
		jw_kstr(w, "device", v[i].m.dev);
		jw_kstr(w, "fstype", v[i].m.type);
		space(w, p->root ? p->root : "", v[i].m.dir);
		jw_end(w, '}');
	}
	jw_end(w, '}');
	buf_free(&parts);
	return cut;
}

/* Memory pretending to be disks: nothing of a disk's health shows there. */
static int
ram_device(const char *name)
{
	return strncmp(name, "loop", 4) == 0 || strncmp(name, "ram", 3) == 0 ||
	    strncmp(name, "zram", 4) == 0;
}

/*
 * One line of /proc/diskstats: major minor name, then reads, reads
 * merged, sectors read, ms reading, writes, writes merged, sectors
 * written, ms writing, I/Os in flight, ms doing I/O, ... Sectors are
 * 512 bytes whatever the device's own size.
 */
static void
device(struct jw *w, char *line)
{
	char *f[13];
	long long v[13];
	int i;

	if (scan_fields(line, f, 13) < 13 || ram_device(f[2]))
		return;
	for (i = 3; i < 13; i++)
		if (scan_count(f[i], &v[i]) == -1)
			return;
	jw_key(w, f[2]);
	jw_obj(w);
	jw_knum(w, "reads", (double)v[3]);
	jw_knum(w, "writes", (double)v[7]);
	jw_knum(w, "read_bytes", (double)v[5] * 512);
	jw_knum(w, "write_bytes", (double)v[9] * 512);
	jw_knum(w, "io_time_ms", (double)v[12]);
	jw_end(w, '}');
}

/* 1 when cut short. */
static int
io(struct plugin *p, struct jw *w, struct buf *b)
{
	struct scan s;
	char *line;
	size_t start = w->b->len;
	int cut = 0;

	if (plugin_read(p, "/proc/diskstats", b) == -1)
		return 0;
	scan_init(&s, b);
	jw_key(w, "io");
	jw_obj(w);
	while ((line = scan_line(&s)) != NULL) {
		if (w->b->len - start > LIST_BUDGET) {
			cut = 1;
			break;
		}
		device(w, line);
	}
	jw_end(w, '}');
	return cut;
}

int
disk_monitor_collect(struct plugin *p, struct jw *w)
{
	struct buf b = BUF_INIT;
	int cut;

	if ((cut = partitions(p, w, &b)) == -1) {
		buf_free(&b);
		return -1;
	}
	cut |= io(p, w, &b);
	if (cut)
		jw_kbool(w, "truncated", 1);
	buf_free(&b);
	return 0;
}
