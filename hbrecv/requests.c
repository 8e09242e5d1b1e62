/*
 * requests: reading the request files that hbweb leaves for hbrecv
 * (drops, queued commands), which are untrusted: a file is opened without
 * following a link or waiting on a FIFO, read to a bound, and what is
 * refused is said (rate-limited, its name made harmless) and removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hbrecv.h"
#include "json.h"

const char *
request_quote(const char *s, size_t n)
{
	static struct buf b;

	buf_reset(&b);
	if (json_write_str(&b, s, n) == -1)
		return "(no memory to say)";
	return b.p;
}

int
request_read(int dirfd, const char *name, struct json_doc *doc,
    const char **why)
{
	char data[REQUEST_MAX + 1];
	struct stat st;
	ssize_t n;
	int fd;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		*why = errno == ENOENT ? NULL : errno == ELOOP ?
		    "a symbolic link" : strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = "not a regular file";
		return -1;
	}
	n = read(fd, data, sizeof(data));
	close(fd);
	if (n == -1) {
		*why = strerror(errno);
		return -1;
	}
	if (n > REQUEST_MAX) {
		*why = "longer than 4096 bytes";
		return 1;
	}
	if (json_parse(doc, data, (size_t)n, NULL) == -1 ||
	    doc->root.type != JSON_OBJECT) {
		*why = "not a JSON object";
		return 1;
	}
	return 0;
}

void
request_refuse(struct ratelimit *rl, int dirfd, const char *dir,
    const char *name, const char *why)
{
	const char *q = request_quote(name, strlen(name));

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		warnx_rl(rl, "%s/%s: %s; removed", dir, q, why);
	else
		warnx_rl(rl, "%s/%s: %s; cannot remove it: %s", dir, q, why,
		    strerror(errno));
}
