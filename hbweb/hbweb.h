/* hbweb: what its parts share. */
#ifndef HBWEB_H
#define HBWEB_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "hmap.h"
#include "hostconf.h"
#include "json.h"
#include "net.h"
#include "userconf.h"

#define CHILDREN_DEFAULT	64	/* connections served at once with -l */
#define BODY_MAX		(1u << 20)	/* bytes of an API request body */
#define IDLE_TIMEOUT		30.0	/* seconds a kept-alive connection may idle */
#define HEAD_TIMEOUT		10.0	/* seconds for a request's head, once begun */
#define BODY_TIMEOUT		30.0	/* seconds for its body */
#define SESSION_DEFAULT		(7 * 86400.0)
#define TOKEN_LEN		64	/* hex digits of a session token */

struct config {
	char		*statedir;
	struct hmap	 hosts;		/* struct hostconf */
	struct users	 users;
	struct hb_addr	 listen;
	int		 have_listen;
	char		*user;		/* to run as, after binding */
	int		 children;
	int		 secure;	/* behind TLS: cookies get Secure */
	double		 session;	/* seconds a session lives unused */
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
	struct timespec	 mtime;
	struct json_doc	 doc;
	const struct json *hosts;	/* the "hosts" object of alerts.json */
	const struct json *alerts;	/* its "alerts" array */
	struct hmap	 counts;	/* host -> int[3]: its critical, warning, unknown alerts */
	struct buf	 text;		/* the file, which doc points into */
	/* the last /api/0/hosts answer, for whom: kept-alive clients ask again and again */
	struct buf	 hosts_answer;
	char		 hosts_for[USER_NAME_MAX + 2];	/* "" none; "-" nobody logged in */
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
void	api_login(struct call *, struct resp *);
void	api_logout(struct call *, struct resp *);

/* access.c: what a user may do with a host. */
enum role { ROLE_NONE, ROLE_MONITOR, ROLE_MANAGER, ROLE_OWNER };

enum role role_of(const struct config *, const char *user, const char *host);
const char *role_name(enum role);

/* route.c: the answer to a call. */
void	route(struct call *, struct resp *);

/* api_hosts.c */
void	api_hosts(struct call *, struct resp *);
void	api_host(struct call *, struct resp *, const char *name);
void	api_alerts(struct call *, struct resp *, const char *host);
void	api_me(struct call *, struct resp *);

/* api_plugins.c */
void	api_plugins(struct call *, struct resp *, const char *host);
void	api_plugin_history(struct call *, struct resp *, const char *host,
	    const char *plugin);

/* conn.c: serve one connection until it ends; in and out may be the same socket. */
void	serve(const struct config *, int in, int out, const char *peer);

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
