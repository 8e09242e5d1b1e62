/*
 * history: STATEDIR/hosts/NAME.hist/PLUGIN, the recent samples of one
 * plugin as JSON lines. Samples are appended in whole lines; when the file
 * holds twice what it should, it is cut to the newest ones by atomic
 * replacement (so a cut costs as much as the appends since the last one),
 * and a reader always sees whole lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hbrecv.h"

/* Keep the newest lines: at most keep of them, in at most max bytes. */
static int
trim(const char *path, unsigned keep, uint64_t max)
{
	struct buf b = BUF_INIT;
	size_t start, lines = 0;
	int rc;

	if (file_read(path, &b, (size_t)max * 2 + (4u << 20)) == -1) {
		buf_free(&b);
		return -1;
	}
	/* walk back from the end, line by line */
	for (start = b.len; start > 0 && lines < keep; lines++) {
		size_t prev = start - 1;

		while (prev > 0 && b.p[prev - 1] != '\n')
			prev--;
		if (b.len - prev > max)
			break;
		start = prev;
	}
	rc = file_replace(path, b.p + start, b.len - start, 0644, FILE_NOSYNC);
	buf_free(&b);
	return rc;
}

int
history_append(const struct config *c, const struct host *h, const struct item *it,
    int full)
{
	static struct buf line;
	char path[PATH_MAX];
	struct stat st;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/hosts/%s.hist", c->statedir, h->name);
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/hosts/%s.hist/%s", c->statedir,
	    h->name, it->name);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return -1;
	/* one line: the sample is the item as the host file has it */
	buf_reset(&line);
	if ((rc = buf_add(&line, it->json.p, it->json.len)) == 0 &&
	    (rc = buf_addc(&line, '\n')) == 0)
		rc = file_append(fd, line.p, line.len);
	if (rc == 0 && fstat(fd, &st) == 0 &&
	    (uint64_t)st.st_size > 2 * c->history_bytes)
		full = 1;
	close(fd);
	if (rc == 0 && full)
		rc = trim(path, c->history, c->history_bytes);
	return rc;
}
