/* hbnotify: what its parts share. */
#ifndef HBNOTIFY_H
#define HBNOTIFY_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "hmap.h"
#include "hostaccess.h"
#include "hostconf.h"
#include "json.h"
#include "logconf.h"
#include "userconf.h"

/* Severities, as bits of a channel's filter. */
#define SEV_CRITICAL	0x01
#define SEV_WARNING	0x02
#define SEV_UNKNOWN	0x04
#define SEV_INFO	0x08
#define SEV_ADDRESS	0x10
#define SEV_DEFAULT	(SEV_CRITICAL | SEV_WARNING | SEV_UNKNOWN | SEV_INFO)

#define GIVE_UP_DEFAULT	86400.0		/* seconds a delivery is retried */
#define SEND_TIMEOUT	30.0		/* seconds one attempt may take */
#define GROUP_MAX	100		/* events in one message */
#define RATE_WINDOW	60.0		/* seconds a rate counts by default */
#define EVENT_MAX	(64u << 10)	/* bytes of one event line */

enum chtype {
	CH_EMAIL, CH_PUSHOVER, CH_MATTERMOST, CH_SLACK, CH_WEBHOOK, CH_SIGNAL,
	CH_EXEC
};

/* One notify directive: a way to reach people, with its settings. */
struct channel {
	char		*name;		/* the type's name unless given */
	enum chtype	 type;
	char		*dest;		/* its own destination, or NULL */
	int		 route_all;	/* every event goes to dest */
	unsigned	 severity;	/* SEV_ bits it passes */
	double		 group_wait;	/* seconds; 0: a message per event */
	int		 rate;		/* messages in a window; 0: no limit */
	double		 rate_window;	/* seconds */
	double		 timeout, give_up;
	char		*from, *from_name;	/* email */
	char		**sendmail;	/* email: argv, without -t -i */
	char		*token;		/* pushover */
	char		*url;		/* pushover's API, or the webhook */
	char		*room, *username;	/* mattermost, slack */
	char		*account;	/* signal */
	char		**command;	/* signal's program, exec's argv */
	char		*curl;		/* for https:// */
	struct names	 headers;	/* webhook: "Name: value" */
	char		 where[128];
};

struct config {
	char		*statedir;
	struct logconf	 events;
	struct hmap	 hosts;		/* struct hostconf */
	struct hostaccess *access;	/* roles given through hbweb, over hosts' */
	struct users	 users;
	struct channel	**ch;
	int		 nch;
};

void	config_init(struct config *);
/* Read hb.conf(5); FILE:LINE errors into err. 0 or -1. */
int	config_load(struct config *, const char *path, struct buf *err);
void	config_free(struct config *);
const struct channel *config_channel(const struct config *, const char *name);

/* channel.c */
int	channel_directive(const struct conf_line *, struct config *);
/* Is target something a channel of this type can deliver to? NULL, or why not. */
const char *channel_target_why(const struct channel *, const char *target);
const char *chtype_name(enum chtype);
void	channel_free(struct channel *);
/* "critical,warning" into SEV_ bits; 0, or -1 with why. */
int	severity_parse(const char *, unsigned *bits, const char **why);

/* An event as read from a line of hb-events(5). */
struct event {
	struct json_doc	 doc;
	const struct json *root;
	const char	*line;		/* the line itself */
	size_t		 len;
	const char	*id, *host, *kind, *state, *prev, *text;
	double		 ts;
	int		 notify;	/* 0: "notify":false */
	int		 reminder;
	int		 recovery;	/* back to normal from a problem */
	unsigned	 sev;		/* one SEV_ bit: what it is, or recovers from */
};

/* Parse a line (kept by reference) into ev; 0, or -1 with why. */
int	event_parse(struct event *, const char *line, size_t len,
	    const char **why);
void	event_free(struct event *);
const char *sev_name(unsigned);

/* route.c: who gets an event, on which channel. */
struct route {
	const struct channel	*ch;
	const char		*target;
	const char		*user;	/* NULL: the channel's own destination */
	const char		*role;	/* "owner", "manager", "admin", "all events" */
};

/*
 * Every (channel, target) the event goes to, once each, into r (at most
 * max); their number. None for notify:false or a host with watch no.
 */
int	route_event(const struct config *, const struct event *,
	    struct route *r, int max);
#define ROUTES_MAX	256

/* render.c: the words of a message about n events. */
void	render_title(struct buf *, struct event *const *, int n);
void	render_body(struct buf *, struct event *const *, int n);
/* The Pushover priority: -1, 0 or 1. */
int	render_priority(struct event *const *, int n);

/* The outcome of one attempt. */
enum sent { SENT_OK, SENT_RETRY, SENT_FAIL };

/*
 * send.c: deliver one message about events ev[0..n-1] to target on ch;
 * id names the delivery (the first of the group). Says why on failure
 * into why.
 */
enum sent send_message(const struct channel *, const char *target,
	    const char *id, struct event *const *ev, int n, struct buf *why);
enum sent send_http(const struct channel *, const char *target,
	    const char *id, struct event *const *ev, int n, struct buf *why);
enum sent send_command(const struct channel *, const char *target,
	    const char *id, struct event *const *ev, int n, struct buf *why);

/* spool.c: the deliveries waiting, one file each, in the manner of maildir. */
#define DELIVERY_ID_LEN	16

/* One event for one destination. */
struct delivery {
	char		 id[DELIVERY_ID_LEN + 1];
	char		*channel, *target, *user, *event_id;
	double		 queued;
	double		 seq;		/* the order it was spooled in, within queued */
	int		 attempts;
	int		 tried;		/* since this run began */
	struct delivery	*next;		/* in its destination's line */
};

struct spool {
	char		*dir;		/* STATEDIR/notify */
	char		*tmp, *new, *failed;
	int		 lockfd;
	long		 holder;	/* when the lock is taken: its pid */
	double		 seq;		/* of the next delivery spooled */
	struct hmap	 done;		/* ids delivered or given up */
	struct journal	 log;		/* the deliveries log */
};

/* Make and lock STATEDIR/notify, read the log; 0, or -1 with errno (EAGAIN: locked). */
int	spool_open(struct spool *, const char *statedir);
void	spool_close(struct spool *);
/* Take the lock again in a child of the process that held it. 0, or -1 with errno. */
int	spool_relock(struct spool *);
void	delivery_id(char out[DELIVERY_ID_LEN + 1], const char *event_id,
	    const char *channel, const char *target);
/* Has the delivery been made, given up, or spooled already? 1 or 0. */
int	spool_known(const struct spool *, const char *id);
/* Write it into tmp/, then move it into new/ (data synced). 0, or -1 with errno. */
int	spool_add(struct spool *, const char *id, const struct route *,
	    const struct event *, double now);
/* Make the moves into new/ durable. 0, or -1 with errno. */
int	spool_sync(struct spool *);
/*
 * The pending delivery id, from its file: into d (its strings malloc'd,
 * delivery_free) and, when ev is not NULL, its event, whose line is kept
 * in raw. 0, or -1 with why.
 */
int	spool_load(const struct spool *, const char *id, struct delivery *d,
	    struct buf *raw, struct event *ev, const char **why);
void	delivery_free(struct delivery *);
/* Remove the file of a delivery the log says is done (a crash came between). */
void	spool_drop(struct spool *, const char *id);
/*
 * Log the fate ("sent" or "failed") of n deliveries in one write, then
 * remove their files or move them into failed/. 0, or -1 with errno.
 */
int	spool_done(struct spool *, struct delivery *const *d, int n,
	    const char *result, const char *why, double now);

/* queue.c: the pending deliveries, grouped by destination, and the workers. */
struct queue;

struct queue *queue_new(const struct config *, struct spool *);
void	queue_free(struct queue *);
/* Take the files of new/ (at start: what an earlier run left). */
int	queue_scan(struct queue *, double now);
/* A delivery just spooled. */
int	queue_add(struct queue *, const char *id, const char *event_id,
	    const char *channel, const char *target, double queued, double now);
/* Start what is due, collect what finished; the seconds until more is due. */
double	queue_run(struct queue *, double now);
/* A finished worker (from the SIGCHLD handler's wakeup). */
void	queue_reap(struct queue *, double now);
size_t	queue_pending(const struct queue *);
size_t	queue_busy(const struct queue *);
/* Has every pending delivery been tried since start? 1 or 0. */
int	queue_all_tried(const struct queue *);

#endif
