/*
 * evin: where hbnotify and hbdns read events. A consumer saves its
 * cursor only once what it did with the lines before it is durable, so
 * a restart resumes there: nothing lost, nothing done twice.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "evin.h"
#include "file.h"

void
evin_open(struct evin *in, const char *statedir, const char *prog,
    const char *file, int follow, int backups, size_t max_line)
{
	char *dir;

	memset(in, 0, sizeof(*in));
	in->rl = (struct ratelimit)RATELIMIT_INIT(10, 60);
	if (!follow || strcmp(file, "-") == 0) {
		in->stream = 1;
		fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
		follow_fd(&in->f, 0, max_line);
		return;
	}
	if ((dir = path_join(statedir, "cursors")) == NULL ||
	    (in->cursor = path_join(dir, prog)) == NULL)
		die("out of memory");
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", dir);
	free(dir);
	if (cursor_load(in->cursor, &in->saved) == -1)
		die("%s: not a cursor; remove it to start at the end of %s",
		    in->cursor, file);
	if (follow_open(&in->f, file, backups, &in->saved, max_line) == -1)
		die("follow %s:", file);
	if (in->f.lost > 0)
		warnx("%s: the position of the last run is gone (rotated "
		    "away); reading from the oldest events kept", file);
}

static void
commit(struct evin *in, const struct evin_fns *fns, void *ctx)
{
	if (in->stream || (in->f.at.ino == in->saved.ino &&
	    in->f.at.off == in->saved.off) || !fns->durable(ctx))
		return;
	if (cursor_save(in->cursor, &in->f.at) == -1)
		die("save %s:", in->cursor);
	in->saved = in->f.at;
}

int
evin_drain(struct evin *in, int max, const struct evin_fns *fns, void *ctx)
{
	const char *p;
	size_t n;
	int k;

	for (k = 0; k < max; k++) {
		if ((p = follow_line(&in->f, &n)) == NULL) {
			if (in->f.err != 0)
				warnx_rl(&in->rl, "read %s: %s", in->stream ?
				    "standard input" : in->f.path,
				    strerror(in->f.err));
			commit(in, fns, ctx);
			return 0;
		}
		fns->line(ctx, p, n);
	}
	commit(in, fns, ctx);
	return 1;
}

void
evin_close(struct evin *in)
{
	follow_close(&in->f);
	free(in->cursor);
	in->cursor = NULL;
}
