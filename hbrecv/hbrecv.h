/* hbrecv: the receiver's shared declarations. */
#ifndef HBRECV_H
#define HBRECV_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "journal.h"
#include "logconf.h"
#include "log.h"
#include "net.h"
#include "proto.h"

#define MAX_LISTEN	16
#define HISTORY_SAMPLES	288
#define HISTORY_BYTES	(1u << 20)
#define RCVBUF		(8 << 20)
#define STATS_EVERY	5.0	/* seconds between rewrites of hbrecv.stats */

/* What the configuration and the flags say. */
struct config {
	char		*statedir;
	struct logconf	 journal;
	struct hb_addr	 listen[MAX_LISTEN];
	int		 nlisten;
	uint64_t	 rcvbuf;
	unsigned	 history;	/* samples kept per plugin */
	uint64_t	 history_bytes;
};

enum item_kind { ITEM_PLUGIN, ITEM_SERVICE, ITEM_JOB, ITEM_MESSAGE };

/* The latest of one plugin, service or job of a host, as JSON text. */
struct item {
	struct item	*next;
	enum item_kind	 kind;
	double		 started;	/* jobs: when the current run started */
	struct buf	 json;		/* the value written under its name */
	int		 fresh;		/* plugins: a sample since the last write */
	unsigned	 nhistory;	/* lines in the history file, as far as known */
	char		 name[];
};

struct host {
	struct host	*next;		/* hash chain */
	struct host	*dirty_next;
	struct item	*items;
	struct cmdq	*cmds;		/* its queue, once there was one */
	char		*version;
	double		 first_seen, last_seen, boot_time;
	double		 interval, rtt;
	long long	 seq;
	uint16_t	 port;
	unsigned char	 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	unsigned char	 shutdown;	/* a SHUT came after the last BOOT/HTB */
	unsigned char	 dirty;
	char		 name[];
};

struct hosts {
	struct host	**bucket;
	size_t		 nbucket, count;
	struct host	*dirty, **dirty_tail;
	unsigned	 history;	/* samples kept per plugin */
};

struct stats {
	unsigned long long received, accepted, ignored, acks, ack_errors;
	unsigned long long journal_bytes, journal_errors, state_errors;
	unsigned long long dropped[PR_NREASONS];
	double		 started;
	int		 rcvbuf;
};

/* config.c */
void	config_defaults(struct config *);
int	config_load(struct config *, const char *path, struct buf *err);
void	config_free(struct config *);

/* socks.c */
int	socks_open(const struct config *, int *fds, int explicit_listen);

/* Commands queued for one host: STATEDIR/queue/NAME/new/, oldest first. */
#define CMDS_MAX	32	/* hb-proto(5): names in one ACK */
struct cmdq {
	struct cmdq	*next;
	char		*dir;		/* STATEDIR/queue/NAME/new */
	struct timespec	 mtime;		/* of dir, when it was last read */
	int		 n;		/* commands held */
	int		 taken;		/* the first taken ride in an ACK */
	char		*id[CMDS_MAX];	/* file name, NUL, command */
	const char	*cmd[CMDS_MAX];	/* the command in id[i] */
	int		 mark;
	char		 name[];
};

/* hosts.c */
void	hosts_init(struct hosts *);
/* The host of that name, made when missing; NULL without memory. */
struct host *hosts_get(struct hosts *, const char *name);
/* The host of that name, or NULL. */
struct host *hosts_find(const struct hosts *, const char *name);
/* Let go of a host, also of its pending write; 1, or 0 when it was unknown. */
int	hosts_forget(struct hosts *, const char *name);
void	hosts_update(struct hosts *, struct host *, const struct hb_msg *,
	    const struct sockaddr *, double now);
void	hosts_mark(struct hosts *, struct host *);
void	hosts_free(struct hosts *);
struct item *item_get(struct host *, enum item_kind, const char *name);

/* hostfile.c */
int	hostfile_write(const struct config *, const struct host *);
/* STATEDIR/hosts/NAME.json, in a buffer that the next call reuses. */
const char *hostfile_path(const struct config *, const struct host *);
int	hostfile_load(struct hosts *, const struct config *);
void	host_json(struct buf *, const struct host *);

/* flush.c: the write-behind of host files and history */
/*
 * Once a second: carry out the drop requests, then fork a writer for what
 * changed, which also syncs the journal (fsync second); with all, write
 * everything here and now.
 */
void	flush_tick(struct hosts *, const struct config *, struct journal *,
	    struct stats *, const struct pollfd *socks, int nsocks, int all);

/* drop.c */
/* Carry out STATEDIR/requests/drop/NAME: only while no writer runs. */
void	drop_requests(struct hosts *, const struct config *);

/* queue.c */
/* Once a second: read what is new in STATEDIR/queue/NAME/new/. */
void	queue_scan(struct hosts *, const struct config *);
/* The queue of host name, or NULL. */
struct cmdq *queue_find(const char *name);
/* The taken commands of q went out (handed): remove their files; or not: keep them. */
void	queue_sent(struct cmdq *q, int handed);
void	queue_free(struct hosts *);

/* requests.c */
#define REQUEST_MAX	4096	/* bytes of one request file */
/* s (n bytes) as a JSON string, harmless in a log line, in a buffer the next call reuses. */
const char *request_quote(const char *s, size_t n);
/*
 * Read the request name of directory dirfd, a regular file, into doc: 0
 * when it holds a JSON object of at most REQUEST_MAX bytes; 1 when it holds
 * something else, and -1 when the file is unfit, with *why saying why (or
 * NULL when the file is gone).
 */
int	request_read(int dirfd, const char *name, struct json_doc *doc,
	    const char **why);
/* Say (rate-limited) why the request dir/name is refused, and remove it. */
void	request_refuse(struct ratelimit *, int dirfd, const char *dir,
	    const char *name, const char *why);

/* history.c */
int	history_append(const struct config *, const struct host *,
	    const struct item *, int full);

/*
 * An acknowledgement on its way: where to, and its datagram. ACK_MAX holds
 * one command of the longest name for a host of the longest name; only
 * the bytes in use are handed to the acker.
 */
#define ACK_BATCH	64
#define ACK_MAX		1024
struct ack {
	struct sockaddr_storage	 to;
	size_t			 len;
	char			 data[ACK_MAX];
};

/* acker.c */
/* Fork the process that sends ACKs from these sockets; 0, or -1 (then they go from here). */
int	acker_start(const struct pollfd *socks, int nsocks);
/* In a child of the receiver: let go of the acker's socket. */
void	acker_forget(void);
/* n ACKs from socket fd: handed to the acker, or sent here; how many. */
int	ack_send(int fd, const struct ack *, int n);

/* recv.c */
void	recv_ready(int fd, struct hosts *, struct journal *, int *out,
	    struct stats *);

/* stats.c */
void	stats_write(const struct stats *, const struct config *, size_t hosts,
	    const struct journal *);
void	stats_log(const struct stats *, size_t hosts, const struct journal *);

extern int verbose;

#endif
