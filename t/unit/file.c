/* Unit tests of file: atomic replacement, whole-line appends, bounded reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "file.h"
#include "tap.h"

static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int
main(void)
{
	char dir[] = "/tmp/hbfileXXXXXX", path[64], bad[80];
	struct buf b = BUF_INIT;
	struct stat st;
	int fd;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/state.json", dir);
	ok(file_replace(path, "{\"a\":1}\n", 8, 0644, FILE_SYNC) == 0, "replace creates");
	ok(file_read(path, &b, 100) == 0 && strcmp(b.p, "{\"a\":1}\n") == 0,
	    "and reads back");
	ok(file_replace(path, "{}", 2, 0600, FILE_SYNC_DATA) == 0, "replace again");
	buf_reset(&b);
	ok(file_read(path, &b, 100) == 0 && strcmp(b.p, "{}") == 0, "new contents");
	stat(path, &st);
	ok((st.st_mode & 0777) == 0600, "with the mode asked for");
	is_int(entries(dir), 1, "no temporary file left behind");
	ok(file_sync_dir(path) == 0, "the directory syncs");
	ok(file_replace(path, "{}", 2, 0600, FILE_NOSYNC) == 0, "and without sync");
	snprintf(bad, sizeof(bad), "%s/missing/x", dir);
	ok(file_replace(bad, "x", 1, 0644, FILE_SYNC) == -1 && errno == ENOENT,
	    "replace in a missing directory fails with ENOENT");

	buf_reset(&b);
	ok(file_read(path, &b, 1) == -1 && errno == EFBIG && b.len == 0,
	    "reading past max fails with EFBIG, buffer unchanged");
	ok(file_read(bad, &b, 100) == -1 && errno == ENOENT, "missing file");

	fd = open(path, O_WRONLY | O_APPEND | O_TRUNC);
	ok(file_append(fd, "one\n", 4) == 0 && file_append(fd, "two\n", 4) == 0,
	    "appends");
	close(fd);
	buf_reset(&b);
	file_read(path, &b, 100);
	is_str(b.p, "one\ntwo\n", "appended whole lines");
	ok(file_append(-1, "x\n", 2) == -1 && errno == EBADF, "a bad fd fails");

	unlink(path);
	rmdir(dir);
	buf_free(&b);
	return done_testing();
}
