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
#include "log.h"

void
evin_open(struct evin *in, const char *statedir, const char *prog,
    const char *file, int follow, int backups, size_t max_line)
{
	char *dir;

	memset(in, 0, sizeof(*in));
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

int
evin_moved(const struct evin *in)
{
	return !in->stream && (in->f.at.ino != in->saved.ino ||
	    in->f.at.off != in->saved.off);
}

void
evin_save(struct evin *in)
{
	if (!evin_moved(in))
		return;
	if (cursor_save(in->cursor, &in->f.at) == -1)
		die("save %s:", in->cursor);
	in->saved = in->f.at;
}

void
evin_close(struct evin *in)
{
	follow_close(&in->f);
	free(in->cursor);
	in->cursor = NULL;
}
