/* Fuzz target: STATEDIR/access.json as hostaccess reads it, through hostaccess_fresh on a file in a directory of its own. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hostaccess.h"
#include "proto.h"
#include "userconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[4096];
static struct hostaccess ha;
static time_t tick;	/* the file's mtime: each input is another file */

static void
cleanup(void)
{
	if (ha.path != NULL)
		unlink(ha.path);
	rmdir(dir);
	hostaccess_free(&ha);
}

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/hbfuzzaccessXXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	hostaccess_init(&ha, dir);
	if (ha.path == NULL)
		abort();
	atexit(cleanup);
}

/* The input as the file, with an mtime no earlier input had. */
static void
put(const uint8_t *data, size_t n)
{
	struct timespec ts[2];
	int fd;

	if ((fd = open(ha.path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1 ||
	    file_write_all(fd, data, n) == -1)
		abort();
	ts[0].tv_sec = ts[1].tv_sec = ++tick;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (futimens(fd, ts) == -1)
		abort();
	close(fd);
}

static void
check_names(const struct names *n)
{
	int i;

	if (n->n > ACCESS_NAMES_MAX)
		abort();
	for (i = 0; i < n->n; i++)
		if (!user_name_ok(n->v[i]))
			abort();
}

/* Only well-formed entries are in the table, each under its own name. */
static void
check_table(const struct hmap *hosts)
{
	const struct hostconf *h;
	struct hent *e = NULL;
	size_t i = 0, count = 0;

	while ((e = hmap_next(hosts, &i, e)) != NULL) {
		h = e->val;
		if (h == NULL || strcmp(h->name, e->key) != 0 ||
		    !proto_name_ok(h->name, strlen(h->name)) ||
		    (h->owner != NULL && !user_name_ok(h->owner)) ||
		    h->profiles.n != 0)
			abort();
		check_names(&h->managers);
		check_names(&h->monitors);
		count++;
	}
	if (count != hosts->count)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf err = BUF_INIT;
	struct hmap before;
	int rc;

	if (dir[0] == '\0')
		setup();
	put(data, n);
	before = ha.hosts;
	rc = hostaccess_fresh(&ha, &err);
	if ((rc == 0) != (err.len == 0) || (rc == 0 && ha.mtime.tv_sec != tick))
		abort();
	/* Refused: what was read before stays, untouched. */
	if (rc == -1 && (ha.hosts.bucket != before.bucket ||
	    ha.hosts.count != before.count))
		abort();
	check_table(&ha.hosts);
	/* Unchanged since: not read again. */
	before = ha.hosts;
	if (hostaccess_fresh(&ha, &err) != rc ||
	    ha.hosts.bucket != before.bucket)
		abort();
	buf_free(&err);
	return 0;
}
