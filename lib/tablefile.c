/* tablefile: a state file of named entries, written whole. */
#include <errno.h>
#include <string.h>

#include "file.h"
#include "tablefile.h"

int
tablefile_write(const char *path, int mode, const char *key,
    const struct hmap *m, const char *name, const void *with,
    tablefile_out out)
{
	struct buf b = BUF_INIT;
	struct hent *e = NULL;
	struct jw w;
	size_t i = 0;
	int r;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_knum(&w, "version", 1);
	jw_key(&w, key);
	jw_obj(&w);
	while ((e = hmap_next(m, &i, e)) != NULL)
		if (strcmp(e->key, name) != 0)
			out(&w, e->key, e->val);
	if (with != NULL)
		out(&w, name, with);
	jw_end(&w, '}');
	jw_end(&w, '}');
	if (w.err || buf_addc(&b, '\n') == -1) {
		errno = ENOMEM;
		r = -1;
	} else
		r = file_replace(path, b.p, b.len, mode, FILE_SYNC);
	buf_free(&b);
	return r;
}
