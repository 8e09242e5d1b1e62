/* mounts: the mount table, and the scanning of /proc text, for the system plugins. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "mounts.h"
#include "num.h"

/* Filesystems that live on a disk even when their source is no /dev path. */
static const char *const disk_types[] = {
	"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "vfat", "exfat",
	"ntfs", "ntfs3", "f2fs", "jfs", "reiserfs", "bcachefs", NULL
};

/*
 * Sources under /dev that are no disk space to watch: memory, and images
 * that are full by design (each snap package mounts a squashfs).
 */
static const char *const not_disk[] = {
	"tmpfs", "devtmpfs", "ramfs", "squashfs", "iso9660", NULL
};

void
scan_init(struct scan *s, struct buf *b)
{
	s->p = b->p;
	s->end = b->p == NULL ? NULL : b->p + b->len;
}

char *
scan_line(struct scan *s)
{
	char *line = s->p, *nl;

	if (line == NULL || line >= s->end)
		return NULL;
	if ((nl = memchr(line, '\n', (size_t)(s->end - line))) == NULL) {
		/* The last line, unterminated: the buf's own NUL ends it. */
		s->p = s->end;
		return line;
	}
	*nl = '\0';
	s->p = nl + 1;
	return line;
}

int
scan_fields(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		line += strspn(line, " \t");
		if (*line == '\0')
			break;
		f[n++] = line;
		line += strcspn(line, " \t");
		if (*line != '\0')
			*line++ = '\0';
	}
	return n;
}

int
scan_count(const char *s, long long *v)
{
	const char *why;

	return num_ll(s, 0, LLONG_MAX, v, &why);
}

int
scan_real(const char *s, double *v)
{
	const char *why;

	return num_double(s, 0, 1e15, v, &why);
}

double
one_decimal(double x)
{
	return round(x * 10) / 10;
}

double
percent_of(double part, double whole)
{
	return whole > 0 ? one_decimal(part / whole * 100) : 0;
}

int
mounts_read(struct plugin *p, struct buf *b)
{
	if (plugin_read(p, "/proc/self/mounts", b) == 0 ||
	    plugin_read(p, "/proc/mounts", b) == 0)
		return 0;
	p->why = "no /proc/self/mounts here";
	return -1;
}

static int
odigit(char c, char max)
{
	return c >= '0' && c <= max;
}

/* The kernel writes blank, tab, newline and backslash as \ooo: undo it in place. */
static void
unoctal(char *s)
{
	char *d = s;
	int c;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && odigit(s[1], '3') && odigit(s[2], '7') &&
		    odigit(s[3], '7')) {
			c = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			if (c != 0) {
				*d++ = (char)c;
				s += 3;
				continue;
			}
		}
		*d++ = *s;
	}
	*d = '\0';
}

int
mounts_next(struct scan *s, struct mount *m)
{
	char *line, *f[4];
	int i;

	while ((line = scan_line(s)) != NULL) {
		if (scan_fields(line, f, 4) < 4)
			continue;
		for (i = 0; i < 4; i++)
			unoctal(f[i]);
		m->dev = f[0];
		m->dir = f[1];
		m->type = f[2];
		m->opts = f[3];
		return 1;
	}
	return 0;
}

static int
listed(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int
mounts_physical(const struct mount *m)
{
	if (listed(not_disk, m->type))
		return 0;
	if (strncmp(m->dev, "/dev/", 5) == 0 || listed(disk_types, m->type))
		return 1;
	/*
	 * An overlay is mostly a copy of the disk under it (Docker mounts
	 * one per container), but at / it is a container's own root, the
	 * space its processes fill.
	 */
	return strcmp(m->type, "overlay") == 0 && strcmp(m->dir, "/") == 0;
}
