/*
 * queue: the commands hbweb queues for hosts, maildir style, in
 * STATEDIR/queue/NAME/new/ID. Once a second hbrecv looks for what is new,
 * reading queue/ and each NAME/new/ only when its time of modification
 * changed: a queue at rest costs a stat(2) a host. A host holds its oldest
 * commands (CMDS_MAX), which its next ACK carries (recv.c); once that is
 * handed over for sending, their files are removed, and the directory,
 * changed by that, is read again for the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hbrecv.h"
#include "hbtime.h"
#include "hmap.h"
#include "json.h"

/*
 * A file system stamps times from a coarse clock, so a change in the same
 * tick as the one seen leaves the same time: a directory that changed this
 * recently (seconds) is read again, whatever its time says.
 */
#define RECENT	2.0
#define ID_MAX	255	/* bytes of a file name */

static struct hmap	 byname;	/* host name -> struct cmdq */
static struct cmdq	*queues;
static struct timespec	 top_seen;	/* of queue/ */
static struct ratelimit	 queue_rl = RATELIMIT_INIT(10, 60);

/* Did the directory change since *seen? Remembers what it is now. */
static int
changed(const struct stat *st, struct timespec *seen, double now)
{
	double t = (double)st->st_mtim.tv_sec + st->st_mtim.tv_nsec / 1e9;

	if (st->st_mtim.tv_sec == seen->tv_sec &&
	    st->st_mtim.tv_nsec == seen->tv_nsec && now - t >= RECENT)
		return 0;
	*seen = st->st_mtim;
	return 1;
}

static void
clear(struct cmdq *q)
{
	int i;

	for (i = 0; i < q->n; i++)
		free(q->id[i]);
	q->n = 0;
}

/* The queue of a host not seen before in queue/; NULL without memory. */
static struct cmdq *
cmdq_new(const char *top, const char *name)
{
	size_t len = strlen(name), n = strlen(top) + len + sizeof("//new");
	struct hent *e;
	struct cmdq *q;

	if ((q = calloc(1, sizeof(*q) + len + 1)) == NULL)
		return NULL;
	if ((q->dir = malloc(n)) == NULL ||
	    (e = hmap_put(&byname, name, len)) == NULL) {
		free(q->dir);
		free(q);
		return NULL;
	}
	snprintf(q->dir, n, "%s/%s/new", top, name);
	memcpy(q->name, name, len + 1);
	e->val = q;
	q->next = queues;
	queues = q;
	return q;
}

static void
cmdq_free(struct hosts *t, struct cmdq *q)
{
	struct host *h = hosts_find(t, q->name);

	if (h != NULL && h->cmds == q)
		h->cmds = NULL;
	hmap_del(&byname, q->name, strlen(q->name));
	clear(q);
	free(q->dir);
	free(q);
}

/* Let go of the queues that were not marked. */
static void
sweep(struct hosts *t)
{
	struct cmdq **l = &queues, *q;

	while ((q = *l) != NULL)
		if (q->mark)
			l = &q->next;
		else {
			*l = q->next;
			cmdq_free(t, q);
		}
}

/* queue/ changed: which hosts have a queue now. 0, or -1 when it cannot be read. */
static int
list_hosts(struct hosts *t, const char *top)
{
	struct dirent *e;
	struct cmdq *q;
	struct stat st;
	DIR *d;

	if ((d = opendir(top)) == NULL) {
		warnx_rl(&queue_rl, "open %s:", top);
		return -1;
	}
	for (q = queues; q != NULL; q = q->next)
		q->mark = 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!proto_name_ok(e->d_name, strlen(e->d_name))) {
			warnx_rl(&queue_rl, "%s/%s: not a host name; ignored",
			    top, request_quote(e->d_name, strlen(e->d_name)));
			continue;
		}
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISDIR(st.st_mode))
			continue;	/* gone, or not a queue */
		if ((q = hmap_get(&byname, e->d_name, strlen(e->d_name))) == NULL &&
		    (q = cmdq_new(top, e->d_name)) == NULL) {
			warnx_rl(&queue_rl, "%s/%s: out of memory", top, e->d_name);
			continue;
		}
		q->mark = 1;
	}
	closedir(d);
	sweep(t);
	return 0;
}

/* Of the names seen, keep the max smallest in ids[0..*n), in order. */
static void
keep_smallest(char ids[][ID_MAX + 1], int *n, int max, const char *name)
{
	int i;

	if (*n == max && strcmp(name, ids[max - 1]) >= 0)
		return;
	i = *n < max ? (*n)++ : max - 1;
	for (; i > 0 && strcmp(name, ids[i - 1]) < 0; i--)
		memcpy(ids[i], ids[i - 1], ID_MAX + 1);
	memcpy(ids[i], name, strlen(name) + 1);
}

/* The command of request id, read anew or as q held it; NULL when refused or gone. */
static char *
command(struct cmdq *q, int dirfd, const char *id)
{
	static struct json_doc doc = JSON_DOC_INIT;
	const struct json *cmd;
	const char *why;
	size_t idlen = strlen(id);
	char *s;
	int i;

	for (i = 0; i < q->n; i++)
		if (q->id[i] != NULL && strcmp(q->id[i], id) == 0) {
			s = q->id[i];
			q->id[i] = NULL;	/* taken over */
			return s;
		}
	if (request_read(dirfd, id, &doc, &why) != 0) {
		if (why != NULL)
			request_refuse(&queue_rl, dirfd, q->dir, id, why);
		return NULL;
	}
	cmd = json_get(&doc.root, "cmd");
	if (cmd == NULL || cmd->type != JSON_STRING ||
	    !proto_name_ok(cmd->u.str, cmd->len)) {
		request_refuse(&queue_rl, dirfd, q->dir, id,
		    "its \"cmd\" is not a name");
		return NULL;
	}
	if ((s = malloc(idlen + 1 + cmd->len + 1)) == NULL) {
		warnx_rl(&queue_rl, "%s/%s: out of memory", q->dir,
		    request_quote(id, idlen));
		return NULL;
	}
	memcpy(s, id, idlen + 1);
	memcpy(s + idlen + 1, cmd->u.str, cmd->len + 1);
	return s;
}

/* NAME/new/ changed: the oldest requests in it, in ID order. */
static void
read_queue(struct cmdq *q)
{
	static char ids[CMDS_MAX][ID_MAX + 1];
	struct dirent *e;
	char *keep[CMDS_MAX];
	int fd, n = 0, k = 0, i;
	DIR *d;

	if ((fd = open(q->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (errno != ENOENT)
			warnx_rl(&queue_rl, "open %s:", q->dir);
		if (fd != -1)
			close(fd);
		clear(q);
		memset(&q->mtime, 0, sizeof(q->mtime));	/* to try again */
		return;
	}
	/* hbweb writes in tmp/, so a dot file here is no one's request */
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && strlen(e->d_name) <= ID_MAX)
			keep_smallest(ids, &n, CMDS_MAX, e->d_name);
	for (i = 0; i < n; i++)
		if ((keep[k] = command(q, fd, ids[i])) != NULL)
			k++;
	closedir(d);
	clear(q);
	for (i = 0; i < k; i++) {
		q->id[i] = keep[i];
		q->cmd[i] = keep[i] + strlen(keep[i]) + 1;
	}
	q->n = k;
}

void
queue_scan(struct hosts *t, const struct config *c)
{
	char top[PATH_MAX];
	double now = time_now();
	struct cmdq *q;
	struct host *h;
	struct stat st;

	snprintf(top, sizeof(top), "%s/queue", c->statedir);
	if (stat(top, &st) == -1) {
		if (errno != ENOENT)
			warnx_rl(&queue_rl, "stat %s:", top);
		for (q = queues; q != NULL; q = q->next)
			q->mark = 0;
		sweep(t);
		memset(&top_seen, 0, sizeof(top_seen));
		return;
	}
	if (changed(&st, &top_seen, now) && list_hosts(t, top) == -1)
		memset(&top_seen, 0, sizeof(top_seen));	/* to try again */
	for (q = queues; q != NULL; q = q->next) {
		if (stat(q->dir, &st) == -1) {
			clear(q);	/* none yet, or gone */
			memset(&q->mtime, 0, sizeof(q->mtime));
		} else if (changed(&st, &q->mtime, now))
			read_queue(q);
		/* a host may have come since, or have been dropped and come again */
		if (q->n > 0 && (h = hosts_find(t, q->name)) != NULL)
			h->cmds = q;
	}
}

struct cmdq *
queue_find(const char *name)
{
	return hmap_get(&byname, name, strlen(name));
}

void
queue_sent(struct cmdq *q, int handed)
{
	char path[PATH_MAX];
	int i;

	if (handed) {
		for (i = 0; i < q->taken; i++) {
			snprintf(path, sizeof(path), "%s/%s", q->dir, q->id[i]);
			if (unlink(path) == -1 && errno != ENOENT)
				warnx_rl(&queue_rl, "remove %s/%s:", q->dir,
				    request_quote(q->id[i], strlen(q->id[i])));
			free(q->id[i]);
		}
		q->n -= q->taken;
		memmove(q->id, q->id + q->taken, (size_t)q->n * sizeof(q->id[0]));
		memmove(q->cmd, q->cmd + q->taken, (size_t)q->n * sizeof(q->cmd[0]));
	}
	q->taken = 0;
}

void
queue_free(struct hosts *t)
{
	struct cmdq *q;

	for (q = queues; q != NULL; q = q->next)
		q->mark = 0;
	sweep(t);
	hmap_free(&byname);
}
