/* p_fs: the filesystem_info plugin, the mount table as it stands. */
#include <string.h>

#include "mounts.h"

/* Is "ro" one of the comma-separated options? */
static int
read_only(const char *opts)
{
	size_t n;

	for (;;) {
		n = strcspn(opts, ",");
		if (n == 2 && strncmp(opts, "ro", 2) == 0)
			return 1;
		if (opts[n] == '\0')
			return 0;
		opts += n + 1;
	}
}

static void
one(struct jw *w, const struct mount *m)
{
	jw_obj(w);
	jw_kstr(w, "mount_point", m->dir);
	jw_kstr(w, "device", m->dev);
	jw_kstr(w, "fstype", m->type);
	jw_kstr(w, "options", m->opts);
	jw_kbool(w, "read_only", read_only(m->opts));
	jw_end(w, '}');
}

/*
 * Every line of the table is listed, bind mounts and mounts hidden under
 * later ones included: this is the inventory; disk_monitor is the one
 * that counts each disk once.
 */
int
filesystem_info_collect(struct plugin *p, struct jw *w)
{
	struct buf b = BUF_INIT;
	struct scan s;
	struct mount m;
	size_t start = w->b->len, n = 0;
	int all = plugin_optbool(p, "all", 0), cut = 0;

	if (mounts_read(p, &b) == -1) {
		buf_free(&b);
		return -1;
	}
	scan_init(&s, &b);
	jw_key(w, "filesystems");
	jw_arr(w);
	while (mounts_next(&s, &m)) {
		if (!all && !mounts_physical(&m))
			continue;
		if (w->b->len - start > LIST_BUDGET) {
			cut = 1;
			break;
		}
		one(w, &m);
		n++;
	}
	jw_end(w, ']');
	jw_knum(w, "count", (double)n);
	if (cut)
		jw_kbool(w, "truncated", 1);
	buf_free(&b);
	return 0;
}
