/*
 * dropped: hosts whose files hbrecv removed at a drop request (hb-state(5)),
 * forgotten by hbstate -f as it runs, as a once-a-run scan forgets them:
 * without an event, for a drop is not an outage.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "hbstate.h"
#include "hbtime.h"
#include "log.h"
#include "proto.h"

#define SWEEP_EVERY	2.0	/* seconds between looks at hosts/ */
#define WRITE_BEHIND	5.0	/* seconds hbrecv may take to write a new host's file */
#define RACY		1.0	/* an mtime this recent may yet hide a change */

static struct ratelimit rl = RATELIMIT_INIT(1, 3600);

/* STATEDIR/hosts/, or -1: without it nobody was dropped (scan_hosts trusts it alike). */
static int
hosts_dir(const struct world *w)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/hosts", w->c->statedir);
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 &&
	    errno != ENOENT)
		warnx_rl(&rl, "open %s:", path);
	return fd;
}

/*
 * Whether the host was dropped. hbrecv writes a host's file behind its
 * messages (within a second, later when its writer is slow) and removes
 * it only at a drop, so a missing file means a drop when
 *  - the file was seen in this run (by the scan at start or an earlier
 *    look): it was written, and only a drop takes it away; or
 *  - the host's last message is more than WRITE_BEHIND seconds old in
 *    hbstate's view (the journal's time while it catches up): hbrecv,
 *    had it known the host, would have written the file by then. So goes
 *    a host dropped while hbstate was not running, known from alerts.json.
 * A host first heard from a moment ago meets neither, and is kept until
 * hbrecv writes its file. A file that cannot be looked up for another
 * reason than its absence (a name too long for the file system, which
 * hbrecv cannot write either) proves nothing.
 */
static int
dropped(int dirfd, struct host *h, double now)
{
	char file[PROTO_NAME_MAX + sizeof(".json")];

	snprintf(file, sizeof(file), "%s.json", h->name);
	if (faccessat(dirfd, file, F_OK, 0) == 0) {
		h->filed = 1;
		return 0;
	}
	return errno == ENOENT && (h->filed || now - h->last_seen > WRITE_BEHIND);
}

static void
forget(struct world *w, struct host *h)
{
	info("forgot host %s: its file is gone (dropped)", h->name);
	world_drop(w, h);
}

/*
 * One faccessat a host (10,000 take some 13 ms; a readdir into a set
 * takes about as long, and cannot tell a missing file from a name too
 * long to have one), and only when hosts/ changed; else only the hosts
 * whose files were never seen. hbrecv's writes change it every second on
 * a busy server: the rate, not the mtime, then bounds the cost.
 */
void
dropped_sweep(struct world *w, struct sweep *s, double now)
{
	struct hent *e = NULL;
	struct host *h;
	struct stat st;
	size_t i = 0;
	int fd, all;

	if (time_mono() < s->next)
		return;
	s->next = time_mono() + SWEEP_EVERY;
	if ((fd = hosts_dir(w)) == -1)
		return;
	if (fstat(fd, &st) == -1) {
		warnx_rl(&rl, "stat %s/hosts:", w->c->statedir);
		close(fd);
		return;
	}
	all = st.st_mtim.tv_sec != s->mtime.tv_sec ||
	    st.st_mtim.tv_nsec != s->mtime.tv_nsec;
	/* a change in the same tick of the file system's clock leaves the mtime as it was */
	s->mtime = st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9 < now - RACY ?
	    st.st_mtim : (struct timespec){ 0, 0 };
	while ((e = hmap_next(&w->hosts, &i, e)) != NULL) {
		h = e->val;
		if ((all || !h->filed) && dropped(fd, h, now)) {
			forget(w, h);
			e = NULL;	/* the chain changed: walk this bucket again */
		}
	}
	close(fd);
}

/* Between two sweeps a dropped host may pass its deadline: it goes, not DOWN. */
void
dropped_due(struct world *w, double now)
{
	struct hent *e = NULL;
	struct host *h;
	double deadline;
	size_t i = 0;
	int fd = -1;

	while ((e = hmap_next(&w->hosts, &i, e)) != NULL) {
		h = e->val;
		if ((deadline = host_deadline(w, h)) == 0 || now <= deadline)
			continue;
		if (fd == -1 && (fd = hosts_dir(w)) == -1)
			return;
		if (dropped(fd, h, now)) {
			forget(w, h);
			e = NULL;
		}
	}
	if (fd != -1)
		close(fd);
}
