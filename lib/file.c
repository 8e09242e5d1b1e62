/* file: how hb writes files so that no reader and no crash ever sees half of one. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

int
file_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
file_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd, rc;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else if ((size_t)(slash - path) < sizeof(dir)) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	} else {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	/* some file systems cannot fsync a directory; the rename stands */
	return rc == -1 && errno != EINVAL && errno != EROFS ? -1 : 0;
}

int
file_replace(const char *path, const void *data, size_t n, int mode,
    enum fsync_how sync)
{
	char tmp[PATH_MAX];
	int fd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	if (fchmod(fd, (mode_t)mode) == -1 || file_write_all(fd, data, n) == -1 ||
	    (sync != FILE_NOSYNC && fsync(fd) == -1))
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		fd = -1;
		goto fail;
	}
	return sync == FILE_SYNC ? file_sync_dir(path) : 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int
file_append(int fd, const void *data, size_t n)
{
	/* one write(2) unless the disk fills, and then the rest still follows */
	return file_write_all(fd, data, n);
}

int
file_read(const char *path, struct buf *b, size_t max)
{
	size_t start = b->len;
	ssize_t r;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		if (buf_reserve(b, 8192) == -1)
			goto fail;
		if ((r = read(fd, b->p + b->len, 8192)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		b->len += (size_t)r;
		b->p[b->len] = '\0';
		if (b->len - start > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	b->len = start;
	if (b->cap > 0)
		b->p[b->len] = '\0';
	errno = saved;
	return -1;
}

int
file_whole_lines(int fd, off_t size, off_t *end)
{
	char chunk[4096];
	off_t at = size;
	ssize_t n, i;

	while (at > 0) {
		n = at < (off_t)sizeof(chunk) ? (ssize_t)at :
		    (ssize_t)sizeof(chunk);
		at -= n;
		if (pread(fd, chunk, (size_t)n, at) != n)
			return -1;
		for (i = n; i > 0; i--)
			if (chunk[i - 1] == '\n') {
				*end = at + i;
				return 0;
			}
	}
	*end = 0;
	return 0;
}

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s;

	if ((s = malloc(n)) != NULL)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

int
file_lock(const char *path, long *holder)
{
	struct flock fl;
	int fd, e, r;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return -1;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while ((r = fcntl(fd, holder != NULL ? F_SETLK : F_SETLKW, &fl)) == -1 &&
	    errno == EINTR && holder == NULL)
		;
	if (r == 0)
		return fd;
	e = errno == EACCES ? EAGAIN : errno;
	if (e == EAGAIN && holder != NULL && fcntl(fd, F_GETLK, &fl) == 0)
		*holder = (long)fl.l_pid;
	close(fd);
	errno = e;
	return -1;
}

int
file_lock_beside(const char *path)
{
	char *lock;
	int fd, e;

	if ((lock = malloc(strlen(path) + sizeof(".lock"))) == NULL)
		return -1;
	sprintf(lock, "%s.lock", path);
	fd = file_lock(lock, NULL);
	e = errno;
	free(lock);
	errno = e;
	return fd;
}
