/*
 * api_actions: what users ask to be done to a host. hbweb does none of
 * it itself, for the files belong to others (the one-writer rule): it
 * leaves a request that the owner of the data takes up, written in a
 * tmp/ directory and renamed into place, so a reader never sees half:
 *
 *   STATEDIR/requests/drop/NAME    hbrecv forgets the host and its files
 *   STATEDIR/requests/dns/NAME     hbdns sets the host's record again
 *   STATEDIR/queue/NAME/new/ID     hbrecv hands the action to the host
 *                                  in its next ACK (maildir style)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "json.h"
#include "log.h"
#include "proto.h"

#define QUEUE_MAX	100	/* actions waiting for one host */
#define ACTION_FILE_MAX	4096

/* statedir/rel and the directories on the way. 0, or -1 with errno. */
static int
mkdirs(const char *statedir, const char *rel)
{
	char path[4096];
	char *p;
	int end, n = snprintf(path, sizeof(path), "%s/%s", statedir, rel);

	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = path + strlen(statedir) + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		end = *p == '\0';
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			return -1;
		if (end)
			return 0;
		*p = '/';
	}
}

/* b into statedir/dir/name by way of statedir/tmp. 0, or -1 with errno. */
static int
hand_over(const char *statedir, const char *tmpdir, const char *dir,
    const char *name, const struct buf *b)
{
	char tmp[4096], dst[4096];
	int fd, e;

	if (mkdirs(statedir, tmpdir) == -1 || mkdirs(statedir, dir) == -1)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/%s/%s.XXXXXX", statedir, tmpdir, name);
	snprintf(dst, sizeof(dst), "%s/%s/%s", statedir, dir, name);
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	if (fchmod(fd, 0644) == -1 || file_write_all(fd, b->p, b->len) == -1 ||
	    fsync(fd) == -1) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, dst) == -1) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return file_sync_dir(dst);
}

/* The request's line: {"host" or "cmd": what, "user", "ts"}. */
static void
request_line(struct buf *b, const struct call *k, const char *key,
    const char *what)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, key, what);
	jw_kstr(&w, "user", k->user);
	jw_knum(&w, "ts", k->now);
	jw_end(&w, '}');
	buf_addc(b, '\n');
}

/* The line b into statedir/dir/name; else a 500, the reason logged. 0 or -1. */
static int
leave(struct call *k, struct resp *r, const char *tmpdir, const char *dir,
    const char *name, const struct buf *b)
{
	if (hand_over(k->c->statedir, tmpdir, dir, name, b) == 0)
		return 0;
	warnx("%s/%s/%s: %s", k->c->statedir, dir, name, strerror(errno));
	resp_error(r, 500, "cannot leave the request");
	return -1;
}

/* 202: {"host", key: val, and key2: val2 when there is key2}. */
static void
accepted(struct resp *r, const char *host, const char *key, const char *val,
    const char *key2, const char *val2)
{
	struct jw w;

	r->status = 202;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "host", host);
	jw_kstr(&w, key, val);
	if (key2 != NULL)
		jw_kstr(&w, key2, val2);
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}

/* Leave the request kind (drop, dns) for host. */
static void
request(struct call *k, struct resp *r, const char *kind, const char *host)
{
	struct buf b = BUF_INIT;
	char dir[32];

	request_line(&b, k, "host", host);
	snprintf(dir, sizeof(dir), "requests/%s", kind);
	if (leave(k, r, "requests/tmp", dir, host, &b) == 0) {
		info("%s: %s of %s asked by %s", k->peer, kind, host,
		    k->user ? k->user : "-");
		accepted(r, host, "requested", kind, NULL, NULL);
	}
	buf_free(&b);
}

void
api_drop(struct call *k, struct resp *r, const char *host)
{
	if (host_allowed(k, r, host, ROLE_OWNER) != ROLE_NONE)
		request(k, r, "drop", host);
}

void
api_dns(struct call *k, struct resp *r, const char *host)
{
	if (host_allowed(k, r, host, ROLE_MANAGER) != ROLE_NONE)
		request(k, r, "dns", host);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the actions waiting in dir, sorted (their time order). */
static int
waiting(const char *dir, struct names *n)
{
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.' &&
		    names_add(n, d->d_name, strlen(d->d_name)) == -1)
			break;
	closedir(dp);
	if (d != NULL)
		return -1;
	if (n->n > 1)
		qsort(n->v, (size_t)n->n, sizeof(*n->v), by_name);
	return 0;
}

/* One waiting action as the list shows it: its file's line, with its id. */
static void
action_out(struct jw *w, const char *dir, const char *id)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char path[8192];

	snprintf(path, sizeof(path), "%s/%s", dir, id);
	if (file_read(path, &b, ACTION_FILE_MAX) == 0 &&
	    json_parse(&doc, b.p, b.len, NULL) == 0) {
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "command", json_get_str(&doc.root, "cmd"));
		jw_kstr(w, "user", json_get_str(&doc.root, "user"));
		jw_knum(w, "ts", json_get_num(&doc.root, "ts", 0));
		jw_end(w, '}');
	}
	json_doc_free(&doc);
	buf_free(&b);
}

static void
commands_list(struct resp *r, const char *host, const char *dir,
    const struct names *n)
{
	struct jw w;
	int i;

	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "host", host);
	jw_key(&w, "waiting");
	jw_arr(&w);
	for (i = 0; i < n->n; i++)
		action_out(&w, dir, n->v[i]);
	jw_end(&w, ']');
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}

static void
command_queue(struct call *k, struct resp *r, const char *host,
    const char *cmd, int nwaiting)
{
	struct buf b = BUF_INIT;
	char rel[PROTO_NAME_MAX + 16], tmpdir[PROTO_NAME_MAX + 16], id[96];
	unsigned rnd = 0;

	if (nwaiting >= QUEUE_MAX) {
		resp_error(r, 429, "too many actions wait for the host");
		return;
	}
	random_bytes(&rnd, sizeof(rnd));
	snprintf(id, sizeof(id), "%017.6f.%ld.%08x", k->now, (long)getpid(),
	    rnd);
	snprintf(rel, sizeof(rel), "queue/%s/new", host);
	snprintf(tmpdir, sizeof(tmpdir), "queue/%s/tmp", host);
	request_line(&b, k, "cmd", cmd);
	if (leave(k, r, tmpdir, rel, id, &b) == 0) {
		info("%s: %s queued for %s by %s", k->peer, cmd, host,
		    k->user ? k->user : "-");
		accepted(r, host, "command", cmd, "id", id);
	}
	buf_free(&b);
}

void
api_commands(struct call *k, struct resp *r, const char *host)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct names n = { NULL, 0 };
	const struct json *body;
	const char *cmd;
	char dir[4096];

	if (host_allowed(k, r, host, ROLE_MANAGER) == ROLE_NONE)
		return;
	snprintf(dir, sizeof(dir), "%s/queue/%s/new", k->c->statedir, host);
	if (waiting(dir, &n) == -1) {
		warnx("%s: %s", dir, strerror(errno));
		resp_error(r, 500, "cannot read the queue");
	} else if (strcmp(k->method, "POST") != 0)
		commands_list(r, host, dir, &n);
	else if ((body = call_json(k, r, &doc, "{\"command\": NAME} "
	    "expected")) == NULL)
		;
	else if ((cmd = json_get_str(body, "command")) == NULL ||
	    !proto_name_ok(cmd, strlen(cmd)))
		resp_error(r, 400, "command: a name of letters, digits and "
		    "._- expected");
	else
		command_queue(k, r, host, cmd, n.n);
	names_free(&n);
	json_doc_free(&doc);
}
