/*
 * hbstate: decide what the heartbeats mean (up, down, thresholds crossed)
 * and say so as events; answer questions about the picture (hbstate(1)).
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbstate.h"
#include "hbtime.h"
#include "log.h"
#include "proto.h"

#define USAGE "hbstate [-j] [-c conf] [-s statedir] [-f [file | -]]\n" \
	"       hbstate [-c conf] [-s statedir] --json | dump | status | " \
	"check name"

#define REWRITE_AFTER	300.0	/* seconds: values of ongoing alerts are refreshed */

struct flags {
	const char	*conf, *statedir, *file;
	int		 follow, json, dump;
	const char	*cmd, *name;
};

/* --json is the one long option: the picture, as `dump` gives it. */
static int
take_json(int *argc, char *argv[])
{
	int i, j, found = 0;

	for (i = j = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--json") == 0)
			found = 1;
		else
			argv[j++] = argv[i];
	}
	while (i < *argc)
		argv[j++] = argv[i++];
	*argc = j;
	argv[j] = NULL;
	return found;
}

static void
operands(struct flags *f, int argc, char *argv[])
{
	if (f->follow) {
		if (argc > 1)
			usage_exit(USAGE);
		f->file = argc == 1 ? argv[0] : NULL;
		return;
	}
	if (argc == 0)
		return;
	f->cmd = argv[0];
	if ((strcmp(f->cmd, "dump") == 0 || strcmp(f->cmd, "status") == 0) &&
	    argc == 1)
		return;
	if (strcmp(f->cmd, "check") == 0 && argc == 2) {
		f->name = argv[1];
		return;
	}
	usage_exit(USAGE);
}

static void
parse_flags(int argc, char *argv[], struct flags *f)
{
	int ch;

	memset(f, 0, sizeof(*f));
	f->dump = take_json(&argc, argv);
	while ((ch = getopt(argc, argv, "c:fhjs:")) != -1) {
		switch (ch) {
		case 'h': usage_help(USAGE);
		case 'c': f->conf = optarg; break;
		case 'f': f->follow = 1; break;
		case 'j': f->json = 1; break;
		case 's': f->statedir = optarg; break;
		default: usage_exit(USAGE);
		}
	}
	operands(f, argc - optind, argv + optind);
	if (f->dump && (f->follow || f->json || f->cmd != NULL)) {
		warnx("--json prints the picture; it goes with no mode");
		usage_exit(USAGE);
	}
	if (f->json && f->cmd != NULL) {
		warnx("-j is for the events of an evaluation");
		usage_exit(USAGE);
	}
	if (f->dump)
		f->cmd = "dump";
}

static char *
in_statedir(const char *dir, const char *name)
{
	char *s;

	if ((s = path_join(dir, name)) == NULL)
		die("out of memory");
	return s;
}

/* Configuration errors are the caller's to fix: FILE:LINE lines, exit 2. */
static void
configure(struct config *c, const struct flags *f)
{
	struct buf err = BUF_INIT;

	config_init(c);
	if (config_load(c, f->conf, &err) == -1) {
		fprintf(stderr, "%s", err.p ? err.p : "");
		if (err.len && err.p[err.len - 1] != '\n')
			fputc('\n', stderr);
		exit(2);
	}
	buf_free(&err);
	if (f->statedir != NULL) {
		free(c->statedir);
		if ((c->statedir = strdup(f->statedir)) == NULL)
			die("out of memory");
	} else if (c->statedir == NULL &&
	    (c->statedir = strdup("/var/lib/hb")) == NULL)
		die("out of memory");
	if (c->journal.path == NULL)
		c->journal.path = in_statedir(c->statedir, "messages.journal");
}

/* One evaluator per state directory: alerts.json and events have one writer. */
static void
lock_statedir(const struct config *c)
{
	long pid = 0;
	char *path;

	if (mkdir(c->statedir, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", c->statedir);
	path = in_statedir(c->statedir, "hbstate.lock");
	if (file_lock(path, &pid) == -1) {
		if (errno == EAGAIN)
			die("%s: another hbstate (pid %ld) evaluates this state "
			    "directory", c->statedir, pid);
		die("lock %s:", path);
	}
	free(path);
}

static int
evaluate(struct world *w, const struct flags *f)
{
	uint64_t had_cursor;
	struct ckpt k;
	double now;

	if (checkpoint_load(w, &k) == -1)
		die("fix or remove %s/alerts.json", w->c->statedir);
	had_cursor = k.cur_ino;
	emitter_seen_after(w->em, k.ev_ino, k.ev_off);
	now = usec(time_now());
	if (!f->follow || k.cur_ino == 0) {
		/* no position in the journal: the host files tell the present */
		scan_hosts(w, now);
		live_tick(w, now);
		k.cur_ino = k.cur_off = 0;
	}
	if (f->follow) {
		k.have = k.cur_ino != 0;
		return tail_run(w, f->file ? f->file : w->c->journal.path, &k);
	}
	if (emitter_flush(w->em) == -1 || emitter_sync(w->em) == -1)
		return -1;
	/* a cron run that changed no verdict leaves the file alone a while */
	if (!w->dirty && k.have && had_cursor == 0 && now - k.updated < REWRITE_AFTER)
		return 0;
	emitter_position(w->em, &k.ev_ino, &k.ev_off);
	return checkpoint_save(w, &k, now);
}

/* The questions: the present judged in memory, nothing written. */
static int
answer(struct world *w, const struct flags *f)
{
	struct ckpt k;
	double now = usec(time_now());

	checkpoint_load(w, &k);
	if (strcmp(f->cmd, "check") == 0) {
		if (proto_name_ok(f->name, strlen(f->name)))
			scan_one(w, f->name, now);
		live_tick(w, now);
		return check_host(w, f->name, now);
	}
	scan_hosts(w, now);
	live_tick(w, now);
	if (strcmp(f->cmd, "status") == 0)
		return status_table(w, now);
	return dump_json(w, now);
}

int
main(int argc, char *argv[])
{
	struct config c;
	struct flags f;
	struct world w;
	int dry, r;

	log_init("hbstate");
	parse_flags(argc, argv, &f);
	configure(&c, &f);
	dry = f.cmd != NULL;
	if (!dry)
		lock_statedir(&c);
	world_init(&w, &c, emitter_open(&c, f.json, dry));
	w.conf_path = f.conf;
	r = dry ? answer(&w, &f) : evaluate(&w, &f);
	emitter_close(w.em);
	world_free(&w);
	config_free(&c);
	if (dry)
		return r;
	return r == -1 ? 1 : 0;
}
