/* hbdns: what its parts share. */
#ifndef HBDNS_H
#define HBDNS_H

#include <stddef.h>

#include "buf.h"
#include "hmap.h"
#include "hostconf.h"
#include "log.h"
#include "logconf.h"

#define DNS_NAME_MAX	253	/* bytes of a name, without the final dot */
#define ADDR_TEXT_MAX	46	/* INET6_ADDRSTRLEN */
#define WINDOW_DEFAULT	2.0	/* seconds changes of one host are gathered */
#define BATCH_DEFAULT	50	/* hosts in one update */
#define TTL_DEFAULT	60
#define NSUPDATE_TIMEOUT 10.0	/* seconds nsupdate is given */
#define BACKOFF_MAX	3600.0

/* One dyndomain directive: a zone whose host records follow their addresses. */
struct zone {
	char		*name;		/* "dyn.example.com", no final dot */
	char		*server;	/* address or name; NULL: nsupdate's own choice */
	char		*port;		/* NULL: 53 */
	char		*key;		/* TSIG key file for nsupdate -k, or NULL */
	int		 local;		/* nsupdate -l */
	long		 ttl;
	int		 all;		/* every host with a short name */
	struct names	 hosts;		/* short names that belong here */
	int		 batch;		/* hosts in one update */
	double		 window;	/* seconds a host's changes are gathered */
	double		 timeout;
	char		**nsupdate;	/* argv */
	char		 where[128];
};

struct config {
	char		*statedir;
	struct logconf	 events;
	struct zone	**zones;
	int		 nzones;
};

void	config_init(struct config *);
int	config_load(struct config *, const char *path, struct buf *err);
void	config_free(struct config *);
int	zone_directive(const struct conf_line *, struct config *);
void	zone_free(struct zone *);

/* name.c: what may reach nsupdate. */
/* Is s (n bytes) a DNS name of letters, digits and hyphens, labels of 1-63? */
int	dns_name_ok(const char *s, size_t n);
/*
 * The zone a host's records go in, and its name there: NAME.ZONE for a
 * short name the zone takes, NAME itself when it ends in .ZONE. NULL when
 * no zone takes it (or the name is no DNS name).
 */
const struct zone *zone_for(const struct config *, const char *host,
	    char fqdn[DNS_NAME_MAX + 1]);
/*
 * An address as text, checked and written again canonically into out;
 * an IPv4-mapped IPv6 address becomes IPv4. "A" or "AAAA", or NULL when
 * it is no address.
 */
const char *addr_canon(const char *s, char out[ADDR_TEXT_MAX]);

/* One record to set. */
struct update {
	char		 host[DNS_NAME_MAX + 1];
	char		 fqdn[DNS_NAME_MAX + 1];
	const char	*type;		/* "A" or "AAAA" */
	char		 addr[ADDR_TEXT_MAX];
	const struct zone *zone;
	double		 due;		/* not before: the window of changes */
	double		 next;		/* after a failure */
	double		 since;		/* when it was asked for */
	int		 attempts;
	int		 asked;		/* by a request: made even when it is what was set */
};

/* script.c: the words nsupdate reads for updates u[0..n-1] of one zone. */
void	script_write(struct buf *, const struct zone *,
	    struct update *const *u, int n);
/*
 * Run nsupdate on the script; 0 when it applied, else -1 with why (its
 * complaint: "update failed: REFUSED", a timeout, the exit status).
 */
int	nsupdate_run(const struct zone *, const struct buf *script,
	    struct buf *why);

/* update.c: hbdns update HOST, at once; the exit status. */
int	update_host(const struct config *, const char *host, int dry);
/*
 * The record to set for host: its zone, name, and the address in
 * STATEDIR/hosts/HOST.json, into u. 0, or -1 with why.
 */
int	host_record(const struct config *, const char *host, struct update *u,
	    struct buf *why);

/* pending.c: the updates not yet made, and what was last set, kept in STATEDIR/dns/state.json. */
struct pending {
	char		*path;
	struct hmap	 want;		/* host -> struct update *: to do */
	struct hmap	 done;		/* host -> struct update *: set */
	int		 dirty;
};

int	pending_load(struct pending *, const char *statedir,
	    const struct config *, const char **why);
int	pending_save(struct pending *);
void	pending_free(struct pending *);
/*
 * A host is at addr now: an update, unless that is what was set and no
 * user asked for one. 1 when one was queued.
 */
int	pending_note(struct pending *, const struct config *, const char *host,
	    const char *addr, double now);
/*
 * A user asked for r (host_record): wanted now, even when it is what was
 * set, and kept so by later events. 0, or -1 without memory.
 */
int	pending_ask(struct pending *, const struct update *r, double now);
/* Updates of a zone that are due, at most max, oldest first; their number. */
int	pending_due(struct pending *, const struct zone *, double now,
	    struct update **u, int max);
/* They were made: now what is set. */
void	pending_done(struct pending *, struct update *const *u, int n,
	    double now);
/* They failed: tried again after a backoff. */
void	pending_failed(struct pending *, struct update *const *u, int n,
	    double now);
/* Seconds until something is due; HUGE_VAL when nothing waits. */
double	pending_wait(const struct pending *, double now);

/*
 * request.c: STATEDIR/requests/dns/NAME, a user's "set this host's
 * record now" that hbweb leaves.
 */
struct requests {
	struct hmap	 kept;		/* names that stay: not taken again */
	struct ratelimit rl;		/* of complaints about requests */
};

#define REQUESTS_INIT { HMAP_INIT, RATELIMIT_INIT(10, 60) }

/*
 * Every request waiting becomes a wanted update (pending_ask); the state
 * is saved and only then are the requests removed. Those that cannot be
 * done are removed with a warning. With dry, nothing is saved or removed,
 * and each request is told once; one that cannot be removed is taken
 * once too.
 */
void	requests_take(struct requests *, struct pending *,
	    const struct config *, double now, int dry);
void	requests_free(struct requests *);

#endif
