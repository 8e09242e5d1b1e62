/*
 * flush: the write-behind of host files and plugin history. Once a second
 * a child process is forked to write what changed, from its copy of the
 * hosts, while the parent goes on receiving: no disk, however slow, holds
 * up the socket. At exit everything left is written in the parent itself.
 * Hosts are dropped here too, between writers, so that none writes a
 * dropped host's file again.
 */
#define _XOPEN_SOURCE 700	/* nice(3) */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbrecv.h"

static pid_t child = -1;

/* Write every dirty host and its history; the number of failures. */
static int
write_dirty(const struct hosts *t, const struct config *c)
{
	const struct host *h;
	const struct item *it;
	int errors = 0;

	for (h = t->dirty; h != NULL; h = h->dirty_next) {
		if (hostfile_write(c, h) == -1) {
			warnx("write %s/hosts/%s.json:", c->statedir, h->name);
			errors++;
		}
		for (it = h->items; it != NULL; it = it->next)
			if (it->fresh && c->history > 0 && history_append(c, h,
			    it, it->nhistory + 1 > 2 * c->history) == -1) {
				warnx("write %s/hosts/%s.hist/%s:", c->statedir,
				    h->name, it->name);
				errors++;
			}
	}
	/* the renames of all of them survive a power loss together */
	if (t->dirty != NULL && c->journal.sync == JSYNC_BATCH &&
	    file_sync_dir(hostfile_path(c, t->dirty)) == -1) {
		warnx("fsync %s/hosts:", c->statedir);
		errors++;
	}
	return errors;
}

/* What the writer was given is written: forget it; count its history lines. */
static void
clear_dirty(struct hosts *t, const struct config *c)
{
	struct host *h, *next;
	struct item *it;

	for (h = t->dirty; h != NULL; h = next) {
		next = h->dirty_next;
		h->dirty = 0;
		h->dirty_next = NULL;
		for (it = h->items; it != NULL; it = it->next) {
			if (!it->fresh)
				continue;
			if (++it->nhistory > 2 * c->history)
				it->nhistory = c->history;	/* the writer cut it */
			it->fresh = 0;
		}
	}
	t->dirty = NULL;
	t->dirty_tail = &t->dirty;
}

static void
reap(struct stats *st, int block)
{
	int status;

	if (child == -1 || waitpid(child, &status, block ? 0 : WNOHANG) <= 0)
		return;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		st->state_errors++;
	child = -1;
}

/*
 * The writer also syncs the journal once a second (fsync second): a disk
 * that is slow to sync then holds up the writer, never the receiver.
 */
static int
sync_journal(struct journal *j)
{
	if (j->sync != JSYNC_SECOND || j->fd == -1 || fsync(j->fd) == 0)
		return 0;
	warnx("fsync %s:", j->path);
	return 1;
}

/*
 * The writer lets go of the sockets first: should the receiver die, a new
 * one must be able to bind them while the writer finishes. It yields the
 * processor to the receiver, whose socket buffer holds only some tens of
 * milliseconds of a flood.
 */
static void
writer(struct hosts *t, const struct config *c, struct journal *j,
    const struct pollfd *socks, int nsocks)
{
	int i;

	if (nice(10) == -1 && errno != 0)
		warnx("nice:");
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (i = 0; i < nsocks; i++)
		close(socks[i].fd);
	acker_forget();
	_exit(write_dirty(t, c) + sync_journal(j) ? 1 : 0);
}

void
flush_tick(struct hosts *t, const struct config *c, struct journal *j,
    struct stats *st, const struct pollfd *socks, int nsocks, int all)
{
	reap(st, all);
	if (child != -1)
		return;
	/* with no writer at work, no write can bring back a dropped host */
	if (!all)
		drop_requests(t, c);
	if (t->dirty == NULL && !j->unsynced)
		return;
	if (!all && (child = fork()) == 0)
		writer(t, c, j, socks, nsocks);
	if (child != -1)
		j->unsynced = 0;	/* the writer has it in hand */
	if (all || child == -1) {
		/* at exit, or when no child can be had: write here */
		if (!all)
			warnx("fork: %s; writing state in the receiver",
			    strerror(errno));
		st->state_errors += (unsigned long long)write_dirty(t, c);
	}
	clear_dirty(t, c);
}
