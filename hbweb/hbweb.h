/* hbweb: what its parts share. */
#ifndef HBWEB_H
#define HBWEB_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "hmap.h"
#include "hostaccess.h"
#include "hostconf.h"
#include "json.h"
#include "logconf.h"
#include "net.h"
#include "userconf.h"

#define CHILDREN_DEFAULT	64	/* connections served at once with -l */
#define BODY_MAX		(1u << 20)	/* bytes of an API request body */
#define IDLE_TIMEOUT		30.0	/* seconds a kept-alive connection may idle */
#define HEAD_TIMEOUT		10.0	/* seconds for a request's head, once begun */
#define BODY_TIMEOUT		30.0	/* seconds for its body */
#define SESSION_DEFAULT		(7 * 86400.0)
#define TOKEN_LEN		64	/* hex digits of a session token */
#define PASSWORD_MAX		1024	/* bytes of a password */
#define ITERATIONS_DEFAULT	600000	/* of PBKDF2 for a new password */

/* What hbweb keeps in the state directory itself, read again when it changed. */
struct kept {
	struct hostaccess access;	/* STATEDIR/access.json */
	struct users	 users;		/* STATEDIR/users.json: made through the API */
	char		*users_path;
	struct timespec	 users_mtime;
	off_t		 users_size;
	ino_t		 users_ino;
	unsigned long	 users_loads;	/* times users.json was read */
};

enum { LIVE_NONE, LIVE_WS, LIVE_SSE };

struct config {
	char		*statedir;
	struct logconf	 journal;	/* hbrecv's, for the live feed's messages */
	struct logconf	 events;	/* hbstate's, for its events */
	struct kept	*kept;		/* from the state directory, beside hb.conf */
	struct hmap	 hosts;		/* struct hostconf */
	struct users	 users;
	struct hb_addr	 listen;
	int		 have_listen;
	char		*user;		/* to run as, after binding */
	int		 children;
	int		 secure;	/* behind TLS: cookies get Secure */
	double		 session;	/* seconds a session lives unused */
	long		 iterations;	/* of PBKDF2 for passwords set through the API */
	char		*conf_file;	/* -c, for /api/0/settings to read again; or NULL */
};

void	config_init(struct config *);
int	config_load(struct config *, const char *path, struct buf *err);
void	config_free(struct config *);

/* A response being made. */
struct resp {
	int		 status;
	const char	*type;		/* Content-Type */
	struct buf	 body;
	const char	*shared;	/* instead of body: bytes kept elsewhere, sent as they are */
	size_t		 shared_len;
	struct buf	 head;		/* extra header lines, each ending in CRLF */
	const char	*cache;		/* Cache-Control; NULL: no-store */
	int		 live;		/* LIVE_WS or LIVE_SSE: the feed follows the head */
	char		 live_user[USER_NAME_MAX + 1];	/* whom it is for; "" anyone */
	int		 close;		/* Connection: close after it */
};

void	resp_init(struct resp *);
void	resp_free(struct resp *);
/* {"error": text} with the status. */
void	resp_error(struct resp *, int status, const char *text);
/* The response as bytes to write, without a shared body (sent apart); the body left out for HEAD. */
void	resp_format(const struct resp *, int head, struct buf *out);
const char *status_text(int status);

/* The picture: what hbstate and hbrecv wrote, read again when it changes. */
struct picture {
	char		*alerts_path;
	struct timespec	 mtime;		/* with ino and size: the file read last */
	ino_t		 ino;
	off_t		 size;
	struct json_doc	 doc;
	const struct json *hosts;	/* the "hosts" object of alerts.json */
	const struct json *alerts;	/* its "alerts" array */
	struct hmap	 counts;	/* host -> int[3]: its critical, warning, unknown alerts */
	struct buf	 text;		/* the file, which doc points into */
	/* the last /api/0/hosts answer, for whom: kept-alive clients ask again and again */
	struct buf	 hosts_answer;
	char		 hosts_for[USER_NAME_MAX + 2];	/* "" none; "-" nobody logged in */
	unsigned long	 hosts_roles;	/* the kept_generation it was made in */
};

void	picture_init(struct picture *, const char *statedir);
/* Read alerts.json again if it changed. 0, or -1 when it cannot be read (an empty picture). */
int	picture_fresh(struct picture *);
void	picture_free(struct picture *);
/* The alert counts of a host: critical, warning, unknown. */
const int *picture_counts(const struct picture *, const char *host);

struct httpreq;

/* One request as the API sees it. */
struct call {
	const struct config	*c;
	struct picture		*pic;
	const struct httpreq	*rq;
	const char		*peer;
	double			 now;
	const char		*method;
	const char		*path;		/* canonical */
	const char		*query;		/* raw, or NULL */
	const char		*user;		/* authenticated, or NULL */
	char			 userbuf[USER_NAME_MAX + 1];
	char			 token[TOKEN_LEN + 1];	/* as presented */
	int			 by_cookie;	/* the token came in the cookie */
};

/* session.c */
int	session_new(const struct config *, const char *user, double now,
	    char token[TOKEN_LEN + 1]);
int	session_user(const struct config *, const char *token, double now,
	    char *user, size_t size);
int	session_end(const struct config *, const char *token);

/* throttle.c: failed logins, per user and per address. */
/* Seconds to wait before the next try of key; 0 when it may try now. */
double	throttle_wait(const struct config *, const char *key, double now);
void	throttle_note(const struct config *, const char *key, int ok,
	    double now);

/* auth.c */
/* Who presents a token (Bearer, else the cookie), into k->user. */
void	auth_identify(struct call *);
/* A state-changing request authenticated by cookie must come from our own pages: 1 or 0 (403 made). */
int	auth_origin_ok(struct call *, struct resp *);
/*
 * Check a login (throttled), keep its session, set the cookie: 0 with the
 * token, or -1 with the answer made (401, 429, 500).
 */
int	login_attempt(struct call *, struct resp *, const char *user,
	    const char *pw, char token[TOKEN_LEN + 1]);
/* End the caller's session, if any, and clear the cookie. */
void	logout(struct call *, struct resp *);
void	api_login(struct call *, struct resp *);
void	api_logout(struct call *, struct resp *);

/* access.c: what a user may do with a host. */
enum role { ROLE_NONE, ROLE_MONITOR, ROLE_MANAGER, ROLE_OWNER };

enum role role_of(const struct config *, const char *user, const char *host);
const char *role_name(enum role);
/* The host's roles as they stand (access.json over hb.conf); NULL when none are named. */
const struct hostconf *roles_of(const struct config *, const char *host);
/* The owner of a host as it stands: named, else the default owner, else the first admin; NULL. */
const char *owner_of(const struct config *, const char *host);
/*
 * May the caller act on host with role need? The role, or ROLE_NONE with
 * the answer made: 404 when the host is unknown or not the caller's to
 * see, 403 when the caller's role is too small.
 */
enum role host_allowed(struct call *, struct resp *, const char *host,
	    enum role need);
/* Is the caller an admin (everyone is while there are no users)? */
int	is_admin(const struct call *);

/* kept.c */
void	kept_init(struct kept *, const char *statedir);
/* Read access.json and users.json again where they changed. */
void	kept_fresh(struct kept *);
/* A number that changes whenever either was read again (NULL: 0). */
unsigned long kept_generation(const struct kept *);
void	kept_free(struct kept *);
/* A user of hb.conf, else of users.json; NULL. */
const struct userconf *user_get(const struct config *, const char *name);
/* Are there users at all (else nothing asks who one is)? */
int	users_any(const struct config *);
/* Put u (NULL: take name away) into users.json. 0, or -1 with errno. */
int	kept_user_set(struct kept *, const char *name, const struct userconf *u);

/* route.c: the answer to a call. */
void	route(struct call *, struct resp *);
/* The request's body as a JSON object, or NULL with a 400 saying what was expected. */
const struct json *call_json(struct call *, struct resp *, struct json_doc *,
	    const char *expected);

/* api_hosts.c */
void	api_hosts(struct call *, struct resp *);
void	api_host(struct call *, struct resp *, const char *name);
void	api_alerts(struct call *, struct resp *, const char *host);
void	api_me(struct call *, struct resp *);

/* api_plugins.c */
void	api_plugins(struct call *, struct resp *, const char *host);
void	api_plugin_history(struct call *, struct resp *, const char *host,
	    const char *plugin);

/* A file of hbweb/www/, built in (hbweb/embed.sh makes the table). */
struct asset {
	const char		*name;
	const unsigned char	*data;
	size_t			 len;
};

extern const struct asset assets[];	/* ended by a NULL name */

/* html.c: pages, every text escaped on its way out. */
void	html_text(struct buf *, const char *);
void	html_num(struct buf *, double);
/* The alerts the user's lists hold: critical, warning, unknown. */
void	alert_totals(const struct call *, int n[3]);
/* The frame: head, navigation (here: the current path) with the alert pie; script: a /static/ file or NULL. */
void	page_begin(struct call *, struct resp *, const char *title,
	    const char *here, const char *script);
void	page_end(struct resp *);
void	page_redirect(struct resp *, const char *where);

/* pages.c: the dashboards' first paint; 0 when the path is none of theirs. */
int	page_route(struct call *, struct resp *);
/* page_alerts.c: GET /alerts; and how the pages tell times. */
void	alerts_page(struct call *, struct resp *);
/* secs as "12 s", "5 min", "3 h 5 min", "2 d 4 h". */
void	page_ago(struct buf *, double secs);
/* ts as a <time> that says how long before now it was; a dash for none. */
void	page_when(struct buf *, double ts, double now);
/* page_plugins.c: GET /plugins/NAME, the host overview. */
void	plugins_page(struct call *, struct resp *, const char *host);
/* page_settings.c: GET /settings. */
void	settings_page(struct call *, struct resp *);

/* glance.c: the numbers on a host's card, NAN where unknown. */
struct glance {
	double	cpu, memory, disk;
};
int	glance_of(const struct config *, const char *host, struct glance *);
void	api_glance(struct call *, struct resp *);

/* asset.c: GET /static/NAME, with an ETag to revalidate by. */
void	static_asset(struct call *, struct resp *, const char *name);

/* api_access.c */
void	api_access(struct call *, struct resp *, const char *host);
void	api_owner(struct call *, struct resp *, const char *host);

/* api_actions.c: requests left for hbrecv and hbdns, actions queued for a host. */
void	api_drop(struct call *, struct resp *, const char *host);
void	api_dns(struct call *, struct resp *, const char *host);
void	api_commands(struct call *, struct resp *, const char *host);

/* api_users.c */
void	api_users(struct call *, struct resp *, const char *name);
/* {"users": [...]}, as GET /api/0/users answers, into w. */
void	users_write(struct jw *, const struct call *);
/* One user, as GET /api/0/users/NAME answers, into w. */
void	user_write(struct jw *, const struct call *, const struct userconf *);

/* api_settings.c */
void	api_settings(struct call *, struct resp *);
/* The configuration, as GET /api/0/settings answers, into w: 0, or -1 when hb.conf cannot be read again. */
int	settings_write(struct jw *, const struct config *);

/* conn.c: serve one connection until it ends; in and out may be the same socket. */
void	serve(const struct config *, int in, int out, const char *peer);
/* n bytes to the client, unless it stops reading for 30 s: 0 or -1. */
int	send_bytes(int out, const void *, size_t n);

/* live.c: GET /api/0/live, and the feed on the connection after its head. */
void	api_live(struct call *, struct resp *);
/*
 * Answer with r's head, then serve the feed until the client goes; got:
 * bytes already read after the request.
 */
void	live_serve(const struct config *, int in, int out, const struct resp *,
	    const char *got, size_t ngot);

/* listen.c: accept on fd, a child per connection, at most c->children. */
void	accept_loop(const struct config *, int fd);
/* A listening TCP socket on a (IPv6 v6-only); the fd, or -1 with errno. */
int	tcp_listen(const struct hb_addr *a);
/* Become user (NULL: stay); dies when it cannot, or could become root again. */
void	drop_privileges(const char *user);

/* password.c */
int	random_bytes(void *, size_t n);
/* A new pbkdf2:sha256:ITERATIONS$SALT$HASH for pw into out. 0 or -1. */
int	password_hash(const char *pw, unsigned long iterations, char *out,
	    size_t size);
/* Does pw match the stored hash? 1 or 0, in time independent of where they differ. */
int	password_check(const char *pw, const char *stored);

/* passwd.c: hbweb passwd USER; the exit status. */
int	passwd_main(const char *user);

#endif
