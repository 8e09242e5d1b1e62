/*
 * request: STATEDIR/requests/dns/NAME, left by hbweb when a user asks
 * for a host's record to be set again (it may have been changed by
 * hand). Each becomes a wanted update that is made even when the address
 * is the one set; the request goes only once that is saved, so a crash
 * in between repeats it, which does no harm. Names and contents come
 * from outside: a name is a host name or refused, and the content, read
 * within a bound, only tells the user for the log.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbdns.h"
#include "json.h"
#include "log.h"
#include "proto.h"

#define REQUEST_MAX	4096	/* bytes of a request's content */
#define REQUESTS_PASS	1000	/* requests taken in one pass; the rest wait */

/* The user the request names, as a JSON string into user; nothing when unknown. */
static void
user_of(int dfd, const char *name, struct buf *user)
{
	struct json_doc doc = JSON_DOC_INIT;
	char text[REQUEST_MAX + 1];
	const struct json *u;
	struct stat st;
	size_t len = 0;
	ssize_t r = 0;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		while (len < sizeof(text)) {
			r = read(fd, text + len, sizeof(text) - len);
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			len += (size_t)r;
		}
	close(fd);
	if (r != -1 && len <= REQUEST_MAX &&
	    json_parse(&doc, text, len, NULL) == 0 &&
	    (u = json_get(&doc.root, "user")) != NULL && u->type == JSON_STRING)
		json_write_str(user, u->u.str, u->len);
	json_doc_free(&doc);
}

/* A request for a host: 1 when it waits for the state to be saved, 0 when it is to go now. */
static int
take_one(struct requests *q, struct pending *p, const struct config *c,
    int dfd, const char *host, double now, int dry)
{
	struct buf user = BUF_INIT, why = BUF_INIT;
	const char *by = "";
	struct update u;
	int r = 0;

	user_of(dfd, host, &user);
	if (user.p != NULL)
		by = " by ";
	if (host_record(c, host, &u, &why) == -1)
		warnx_rl(&q->rl, "request for %s%s%s: %s; %s", host, by,
		    user.p ? user.p : "", why.p ? why.p : "out of memory",
		    dry ? "would be removed" : "removed");
	else if (pending_ask(p, &u, now) == -1)
		die("out of memory");
	else {
		info("request for %s%s%s: %s %s %s", host, by,
		    user.p ? user.p : "", u.fqdn, u.type, u.addr);
		r = 1;
	}
	buf_free(&user);
	buf_free(&why);
	return r;
}

/* A request that stays (-n, or it cannot be removed) is taken once only. */
static void
keep(struct requests *q, const char *name)
{
	struct hent *e;

	if ((e = hmap_put(&q->kept, name, strlen(name))) == NULL)
		die("out of memory");
	e->val = q;		/* any value but NULL: kept */
}

static void
remove_one(struct requests *q, int dfd, const char *name)
{
	struct buf b = BUF_INIT;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return;
	json_write_str(&b, name, strlen(name));
	warnx_rl(&q->rl, "request %s: not taken again, as it cannot be "
	    "removed:", b.p ? b.p : "?");
	buf_free(&b);
	keep(q, name);
}

/* What is not a request is logged (its name escaped) and removed. */
static void
refuse(struct requests *q, int dfd, const char *name, const char *what,
    int dry)
{
	struct buf b = BUF_INIT;

	json_write_str(&b, name, strlen(name));
	warnx_rl(&q->rl, "request %s: %s; %s", b.p ? b.p : "?", what,
	    dry ? "would be removed" : "removed");
	buf_free(&b);
	if (!dry)
		remove_one(q, dfd, name);
}

/* The requests taken: gone now that what they asked for is saved. */
static void
remove_taken(struct requests *q, struct pending *p, int dfd,
    const struct names *taken)
{
	int i;

	if (taken->n == 0)
		return;
	if (pending_save(p) == -1)
		die("save %s:", p->path);
	for (i = 0; i < taken->n; i++)
		remove_one(q, dfd, taken->v[i]);
}

void
requests_take(struct requests *q, struct pending *p, const struct config *c,
    double now, int dry)
{
	struct names taken = { NULL, 0 };
	struct dirent *e;
	struct stat st;
	char *path;
	int dfd, n = 0;
	DIR *dir;

	if ((path = path_join(c->statedir, "requests/dns")) == NULL)
		die("out of memory");
	if ((dir = opendir(path)) == NULL) {
		if (errno != ENOENT)
			warnx_rl(&q->rl, "%s:", path);
		free(path);
		return;
	}
	dfd = dirfd(dir);
	while (n < REQUESTS_PASS && (e = readdir(dir)) != NULL) {
		/* hbweb's own directories are not requests, nor ours to remove */
		if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    S_ISDIR(st.st_mode) ||
		    hmap_get(&q->kept, e->d_name, strlen(e->d_name)) != NULL)
			continue;
		n++;
		if (dry)
			keep(q, e->d_name);
		if (!proto_name_ok(e->d_name, strlen(e->d_name)))
			refuse(q, dfd, e->d_name, "not a host name", dry);
		else if (!S_ISREG(st.st_mode))
			refuse(q, dfd, e->d_name, "not a file", dry);
		else if (take_one(q, p, c, dfd, e->d_name, now, dry) == 0) {
			if (!dry)
				remove_one(q, dfd, e->d_name);
		} else if (!dry && names_add(&taken, e->d_name,
		    strlen(e->d_name)) == -1)
			die("out of memory");
	}
	remove_taken(q, p, dfd, &taken);
	names_free(&taken);
	closedir(dir);
	free(path);
}

void
requests_free(struct requests *q)
{
	hmap_free(&q->kept);
}
