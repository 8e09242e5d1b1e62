/* hbsend: the state that the agent's files share. */
#ifndef HBSEND_H
#define HBSEND_H

#include <poll.h>
#include <stddef.h>

#include <sys/types.h>

#include "buf.h"
#include "conf.h"
#include "log.h"
#include "net.h"
#include "plugin.h"
#include "proto.h"

#define HBSEND_VERSION	"hbsend 0.1"
#define HOST_MAX	256	/* a DNS name has at most 253 bytes */
#define PEERS_MAX	8	/* addresses kept of one server */
#define SENT_MAX	8	/* heartbeats kept per server, for their ACKs */
#define V6_TRIES	3	/* failures that drop an unproven IPv6 */
#define LABEL_MAX	(NET_ADDRSTRLEN + 8)	/* "[v6]:port" */
/* A daemon's complaints about one thing: the first, then one an hour. */
#define COMPLAINTS	RATELIMIT_INIT(1, 3600)

/* One address of a server, with its connected socket. */
struct peer {
	struct hb_addr	 a;
	int		 fd;		/* -1: not connected */
	unsigned	 fails;		/* failures in a row */
	int		 worked;	/* took a datagram: there is a route */
	int		 dropped;	/* an IPv6 address given up */
	struct ratelimit rl;		/* complaints about its failures */
};

/* A heartbeat on its way, kept until its ACK comes. */
struct sent {
	long long	 seq;		/* -1: free */
	double		 at;		/* time_mono() when sent */
};

/* A receiver given on the command line. */
struct server {
	const char	*arg;		/* as given, for messages */
	char		 host[HOST_MAX];
	char		 port[8];
	struct peer	 peers[PEERS_MAX];
	int		 npeers;
	int		 cur;		/* the peer that takes our datagrams */
	int		 trouble;	/* a failure since the last look-up */
	int		 acked;		/* an ACK since the last heartbeat */
	int		 err;		/* errno of the latest failure */
	double		 rtt;		/* ms, the latest exchange; -1: none */
	char		 rtt_from[LABEL_MAX];
	struct sent	 sent[SENT_MAX];
	unsigned	 nsent;		/* heartbeats sent; the next slot */
	struct ratelimit rl;		/* complaints about its look-ups */
};

/* Whose a pollfd is: a peer of a server, or no one's (the wake-up pipe). */
struct pollwho {
	struct server	*s;
	struct peer	*p;
};

/* The plugins, in the order of the table in plugins.c. */
struct plugins {
	size_t		 n;
	struct plugin	 p[];
};

/* The process that samples the plugins, and what came from it. */
struct collector {
	pid_t		 pid;
	int		 fd;		/* its samples; -1: none runs */
	int		 life;		/* closed when the agent ends */
	struct buf	 in;
	struct json_doc	 doc;
	double		 restart;	/* time_mono() of the next start after a death */
};

/* An action of the configuration, and the process that runs it. */
struct action {
	char		*name;
	char		**argv;		/* NULL-ended; argv[0] an absolute path */
	double		 timeout;	/* seconds */
	unsigned	 line;		/* of its directive */
	pid_t		 pid;		/* of the process that runs it; 0: none */
	int		 fd;		/* EOF when that process ends; -1: none */
	struct ratelimit rl;		/* complaints about requests while it runs */
};

/* The actions, in the order of the file. */
struct actions {
	size_t		 n;
	struct action	*a;
};

/* The agent: settings, servers and every buffer, allocated once at start. */
struct agent {
	const char	*name;
	double		 interval;
	size_t		 zthreshold;
	int		 verbose;
	long long	 seq;		/* of the next message */
	struct server	*srv;
	size_t		 nsrv;
	struct buf	 out;		/* the datagram being sent */
	struct proto_dec dec;		/* for ACKs */
	char		*rbuf;		/* one received datagram */
	struct pollfd	*pfd;
	struct pollwho	*who;
	struct plugins	*plugins;
	struct actions	*actions;
	int		 acting;	/* the daemon: the cmd of an ACK runs actions */
};

/* servers.c */
/* "host", "host:port", "v6addr" or "[v6addr]:port"; 0, or -1 with *why. */
int	server_parse(struct server *, const char *arg, int defport,
	    const char **why);
/* Look the server up (again), keeping what is known of known addresses. */
void	server_resolve(struct server *);
/* Send through the current peer, else the next that takes it; it or NULL. */
struct peer *server_send(struct server *, const void *, size_t);
/* A peer failed (errno says why): count it, close its socket, move on. */
void	server_fail(struct server *, struct peer *, const char *what);
/* "127.0.0.1:50003" or "[::1]:50003". */
void	peer_label(const struct peer *, char buf[LABEL_MAX]);
void	server_close(struct server *);

/* ack.c */
/* Remember that the heartbeat seq went to s now. */
void	ack_expect(struct server *, long long seq);
/*
 * Wait up to secs for ACKs and errors on every socket, or until wakefd
 * (unless -1) is readable; 1 when datafd (unless -1) is readable, else 0.
 */
int	ack_poll(struct agent *, double secs, int wakefd, int datafd);

/* msg.c */
/*
 * A message of type t to every server (with unacked, to those without an
 * ACK yet); how many took it.
 */
size_t	msg_send(struct agent *, enum proto_type t, const char *text,
	    int unacked);

/* A plugin's sample to every server; a sample no datagram holds is skipped. */
void	msg_plugin(struct agent *, const char *plugin, const struct json *data);

/* plugins.c */
struct plugins *plugins_new(void);
void	plugins_free(struct plugins *);
/* plugin NAME [on|off] [interval DURATION] [KEY VALUE] ...; 0, or -1 via conf_err. */
int	plugins_directive(const struct conf_line *, struct plugins *);

/* actions.c */
struct actions *actions_new(void);
void	actions_free(struct actions *);
/* action NAME [timeout DURATION] COMMAND [ARG ...]; 0, or -1 via conf_err. */
int	actions_directive(const struct conf_line *, struct actions *);
/* At start: warn about commands that are missing or not executable. */
void	actions_check(const struct actions *);
/*
 * The names of cmd, an ACK's, from s: start each configured action that
 * is not running (with acting); say why any other is not run.
 */
void	actions_asked(struct agent *, const struct server *,
	    const struct json *cmd);
/* Reap the processes of the actions that ended. */
void	actions_reap(struct actions *);

/* collect.c */
/* One sample of each enabled plugin on standard output, as JSON lines (-S). */
int	plugins_print(struct plugins *);
/* Is some plugin enabled? */
int	plugins_any(const struct plugins *);
/* Fork the process that samples the plugins. 0, or -1 with errno. */
int	collector_start(struct collector *, struct plugins *);
/* Send what it sent as PLG messages; -1 when it is gone. */
int	collector_read(struct agent *, struct collector *);
void	collector_stop(struct collector *);

/* once.c */
/* The messages asked for, once; with wait, wait for ACKs. The exit status. */
int	once_run(struct agent *, int boot, const char *text, int wait);

/* beat.c */
/* Beat until SIGTERM or SIGINT, in the background unless foreground. */
int	beat_run(struct agent *, int boot, int foreground);

#endif
