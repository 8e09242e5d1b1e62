/* hbstate: the decider's shared declarations. */
#ifndef HBSTATE_H
#define HBSTATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "hmap.h"
#include "hostconf.h"
#include "journal.h"
#include "json.h"
#include "logconf.h"
#include "threshold.h"

#define GRACE_DEFAULT		10.0
#define RENOTIFY_DEFAULT	3600.0
#define SUPPRESS_BELOW		4.0	/* a DOWN shorter than this: its UP pages nobody */
#define ADDR_MAX		64

/* What hb.conf says to hbstate. */
struct config {
	char		*statedir;
	struct logconf	 journal;	/* what -f follows by default */
	struct logconf	 events;
	double		 grace, renotify;
	double		 interval;	/* for hosts that announce none; 0: not judged */
	struct thconf	 th;		/* thresholds and profiles */
	struct hmap	 hosts;		/* name -> struct hostconf * */
};

enum hstate { HS_NEW, HS_UP, HS_DOWN, HS_SHUTDOWN };

/* One metric that is not OK. */
struct alert {
	struct alert	*next;
	char		*metric;
	enum level	 state;
	double		 since;		/* when it left OK */
	double		 notified;	/* the last event or reminder */
	double		 updated;	/* the last value */
	struct mvalue	 value;		/* str owned */
	double		 threshold;	/* the level crossed; NaN: none */
	enum op		 op;
	char		*display;	/* the rendered template, or NULL */
};

/* The latest pulse of a service (SVC), graded when shown. */
struct service {
	struct service	*next;
	double		 ts, interval;
	int		 error;
	char		*text;		/* its error, or NULL */
	char		 name[];
};

struct host {
	const char	*name;		/* the key of its table entry */
	enum hstate	 state;
	double		 since;		/* when it entered state */
	double		 notified;	/* DOWN: the last event or reminder */
	double		 last_seen;	/* the receiver's time of its last message */
	double		 interval;	/* announced; 0: none */
	double		 rtt;		/* ms; < 0: unknown */
	char		 addr[ADDR_MAX];
	char		*version;
	const struct hostconf *conf;
	const struct thset *th;
	struct alert	*alerts;
	struct service	*services;
	unsigned	 scanned;	/* the scan that last found its file */
	int		 filed;		/* its file was seen in this run */
};

/* A sign of life or of death, as a message or a host file tells it. */
enum beat { BEAT_ANY, BEAT_HTB, BEAT_BOOT, BEAT_SHUT };

struct world {
	struct config	*c;
	const char	*conf_path;	/* -c, for a reload */
	struct hmap	 hosts;		/* name -> struct host * */
	int		 dry;		/* decide, but emit and write nothing */
	int		 dirty;		/* verdicts changed since the last save */
	struct emitter	*em;
};

/* config.c */
void	config_init(struct config *);
int	config_load(struct config *, const char *path, struct buf *err);
void	config_free(struct config *);
/* The thresholds for a host, its profiles laid over the defaults. */
const struct thset *config_thresholds(struct config *, const struct hostconf *);
double	config_grace(const struct config *, const struct host *);

/* SIGHUP: the configuration read again (not statedir, journal, events). */
void	world_reload(struct world *);

/* world.c */
void	world_init(struct world *, struct config *, struct emitter *);
/* The host of that name, made (state HS_NEW) when new; NULL only without memory. */
struct host *world_host(struct world *, const char *name);
struct host *world_find(const struct world *, const char *name);
struct alert *alert_find(const struct host *, const char *metric);
struct alert *alert_add(struct host *, const char *metric);
void	alert_drop(struct host *, struct alert *);
void	mvalue_set(struct mvalue *dst, const struct mvalue *src);
/* Hosts sorted by name, for output; the caller frees the array. */
/* Forget a host and its alerts. */
void	world_drop(struct world *, struct host *);
/* Forget every host. */
void	world_free(struct world *);
struct host **world_sorted(const struct world *, size_t *n);
/* The deadline of an UP host, or 0 when it has none. */
double	host_deadline(const struct world *, const struct host *);
enum level host_worst(const struct host *, int *nalerts);
/* A pulse of service name (status "ok" or "error"). */
void	service_pulse(struct host *, const char *name, double ts,
	    double interval, const char *status, const char *error);
/* healthy, warning, degraded, critical: by intervals missed, as SmrtHub grades. */
const char *service_health(const struct service *, double now, double grace);
const char *hstate_name(enum hstate);
int	hstate_parse(const char *, enum hstate *);

/* liveness.c */
/* A message of a host at time ts (the receiver's clock), from addr. */
void	live_beat(struct world *, struct host *, enum beat, double ts,
	    const char *addr);
/* Taken as UP since ts without an event (a host first met already silent). */
void	live_assume(struct world *, struct host *, double ts);
/* Deadlines and reminders at time now. */
void	live_tick(struct world *, double now);

/* metrics.c */
/* A plugin sample: every leaf of data against the host's thresholds. */
void	metrics_sample(struct world *, struct host *, const char *plugin,
	    const struct json *data, double ts);
/* A heartbeat's round-trip time, against rtt.NAME (else rtt). */
void	metrics_rtt(struct world *, struct host *, double rtt, double ts);
/* Reminders of ongoing alerts due at now. */
void	metrics_tick(struct world *, struct host *, double now);

/* render.c */
/* A value as texts show it: 85.0, 12.5, 0.001, "text"; 2 for nagios. */
void	render_value(struct buf *, const struct mvalue *, enum op);
/* t to the microsecond, all a clock here means, and cheap to write as JSON. */
double	usec(double t);
/* How long, as texts show it: "3600s". */
void	render_secs(struct buf *, double);

/* emit.c: events out, to the log and standard output, each once. */
struct emitter;
struct ev {
	struct buf	 json;
	struct buf	 text;
	struct jw	 w;
	char		 id[17];
	int		 notify;
};
struct emitter *emitter_open(const struct config *, int json, int dry);
/*
 * Begin an event: its id comes from what makes it this event (host,
 * kind, subject, state, reminder, basis), so that the same decision made
 * again after a restart is known as a repeat.
 */
void	ev_begin(struct ev *, const char *kind, const struct host *,
	    const char *subject, const char *state, const char *prev,
	    double basis, int reminder, double now);
/* Finish with the text (already in ev->text) and hand it out. */
void	ev_emit(struct emitter *, struct ev *);
/* Write out what was emitted: events log, then standard output. 0 or -1. */
int	emitter_flush(struct emitter *);
/* fsync the log (before a checkpoint names its size). */
int	emitter_sync(struct emitter *);
void	emitter_position(const struct emitter *, uint64_t *ino, uint64_t *off);
/* The ids of events written after (ino, off), from a crash before a checkpoint. */
int	emitter_seen_after(struct emitter *, uint64_t ino, uint64_t off);
void	emitter_close(struct emitter *);

/* checkpoint.c: alerts.json */
struct ckpt {
	uint64_t	 cur_ino, cur_off;	/* the journal followed */
	uint64_t	 ev_ino, ev_off;	/* the events log */
	double		 updated;		/* when it was written */
	int		 have;
};
/* Load alerts.json into the world; a missing file is an empty world. 0 or -1. */
int	checkpoint_load(struct world *, struct ckpt *);
int	checkpoint_save(struct world *, const struct ckpt *, double now);
/* One alert as alerts.json and dumps show it. */
void	alert_json(struct jw *, const struct host *, const struct alert *);

/* scan.c: the hosts as hbrecv's files tell them */
int	scan_hosts(struct world *, double now);
int	scan_one(struct world *, const char *name, double now);

/* dropped.c: hosts whose files are gone (a drop), forgotten as -f runs */
struct sweep {
	struct timespec	 mtime;		/* of hosts/ at the last look; 0: look at all */
	double		 next;		/* time_mono() before which no look */
};
/* At most every 2 s: forget the hosts whose files were removed. */
void	dropped_sweep(struct world *, struct sweep *, double now);
/* Forget the hosts past their deadline whose files were removed: no DOWN. */
void	dropped_due(struct world *, double now);

/* tail.c: follow the journal or a stream */
int	tail_run(struct world *, const char *file, const struct ckpt *);

/* dump.c, status.c, check.c */
int	dump_json(const struct world *, double now);
int	status_table(const struct world *, double now);
int	check_host(const struct world *, const char *name, double now);

#endif
