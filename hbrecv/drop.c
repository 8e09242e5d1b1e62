/*
 * drop: STATEDIR/requests/drop/NAME, a request (from hbweb) to forget a
 * host. hbrecv lets go of it in memory, removes its host file and its
 * history, and removes the request. A later message makes the host anew.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hbrecv.h"
#include "json.h"

static struct ratelimit drop_rl = RATELIMIT_INIT(10, 60);

/* Remove hosts/NAME.hist/: its files (the history of each plugin, and what a crash left of a cut), then itself. */
static void
remove_history(int hostsfd, const char *hosts, const char *name)
{
	char hist[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int fd;

	snprintf(hist, sizeof(hist), "%s.hist", name);
	if ((fd = openat(hostsfd, hist, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			warnx("drop %s: open %s/%s:", name, hosts, hist);
		return;
	}
	if ((d = fdopendir(fd)) == NULL) {
		warnx("drop %s: open %s/%s:", name, hosts, hist);
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(fd, e->d_name, 0) == -1 && errno != ENOENT)
			warnx("drop %s: remove %s/%s/%s:", name, hosts, hist,
			    request_quote(e->d_name, strlen(e->d_name)));
	closedir(d);
	if (unlinkat(hostsfd, hist, AT_REMOVEDIR) == -1 && errno != ENOENT)
		warnx("drop %s: remove %s/%s:", name, hosts, hist);
}

/* Forget the host and remove its files. */
static void
drop_host(struct hosts *t, const struct config *c, const char *name)
{
	char hosts[PATH_MAX], file[PATH_MAX];
	int fd;

	hosts_forget(t, name);
	snprintf(hosts, sizeof(hosts), "%s/hosts", c->statedir);
	if ((fd = open(hosts, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			warnx("drop %s: open %s:", name, hosts);
		return;
	}
	snprintf(file, sizeof(file), "%s.json", name);
	if (unlinkat(fd, file, 0) == -1 && errno != ENOENT)
		warnx("drop %s: remove %s/%s:", name, hosts, file);
	remove_history(fd, hosts, name);
	close(fd);
}

/* One entry of requests/drop/: a host to drop, or a name to refuse. */
static void
request(struct hosts *t, const struct config *c, int dirfd, const char *dir,
    const char *name)
{
	static struct json_doc doc = JSON_DOC_INIT;
	const struct json *user = NULL;
	const char *why;

	if (!proto_name_ok(name, strlen(name))) {
		request_refuse(&drop_rl, dirfd, dir, name, "not a host name");
		return;
	}
	/* the content only names who asked: a drop goes ahead without it */
	switch (request_read(dirfd, name, &doc, &why)) {
	case 0:
		user = json_get(&doc.root, "user");
		break;
	case -1:
		if (why != NULL)
			request_refuse(&drop_rl, dirfd, dir, name, why);
		return;
	}
	drop_host(t, c, name);
	if (user != NULL && user->type == JSON_STRING)
		info("dropped host %s at the request of %s", name,
		    request_quote(user->u.str, user->len));
	else
		info("dropped host %s", name);
	if (unlinkat(dirfd, name, 0) == -1 && errno != ENOENT)
		warnx_rl(&drop_rl, "remove %s/%s:", dir, name);
}

void
drop_requests(struct hosts *t, const struct config *c)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int fd;

	snprintf(dir, sizeof(dir), "%s/requests/drop", c->statedir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			warnx_rl(&drop_rl, "open %s:", dir);
		return;
	}
	if ((d = fdopendir(fd)) == NULL) {
		warnx_rl(&drop_rl, "open %s:", dir);
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			request(t, c, fd, dir, e->d_name);
	closedir(d);
}
