/* plugin: options and file reading for the built-in plugins. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "file.h"
#include "plugin.h"

const char *
plugin_optn(const struct plugin *p, const char *key, int i)
{
	int k;

	for (k = 0; k < p->nopts; k++)
		if (strcmp(p->opts[k].key, key) == 0 && i-- == 0)
			return p->opts[k].val;
	return NULL;
}

const char *
plugin_opt(const struct plugin *p, const char *key)
{
	const char *v = NULL;
	int k;

	for (k = 0; k < p->nopts; k++)
		if (strcmp(p->opts[k].key, key) == 0)
			v = p->opts[k].val;
	return v;
}

int
plugin_optbool(const struct plugin *p, const char *key, int dflt)
{
	const char *v = plugin_opt(p, key), *why;
	int b;

	if (v == NULL || conf_bool(v, &b, &why) == -1)
		return dflt;
	return b;
}

int
plugin_read(const struct plugin *p, const char *path, struct buf *b)
{
	char full[4096];
	int n;

	n = snprintf(full, sizeof(full), "%s%s", p->root ? p->root : "", path);
	if (n < 0 || (size_t)n >= sizeof(full)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	buf_reset(b);
	return file_read(full, b, PLUGIN_FILE_MAX);
}
