/* userconf: the user directive of hb.conf(5), shared by hbnotify and hbweb. */
#ifndef HB_USERCONF_H
#define HB_USERCONF_H

#include "conf.h"
#include "hmap.h"
#include "hostconf.h"

#define USER_NAME_MAX	64

struct userconf {
	char		*name;
	int		 admin;
	int		 receive_all;	/* an admin paged for every host */
	char		*full_name;
	char		*password;	/* as written: pbkdf2:sha256:ITER$SALT$HASH */
	char		*avatar;
	struct names	 notify;	/* "CHANNEL:TARGET", in order */
	int		 order;		/* its place among the users, from 0 */
	char		 where[128];	/* "FILE:LINE" */
};

struct users {
	struct hmap	 map;		/* name -> struct userconf * */
	int		 n;
	char		*default_owner;	/* of hosts that name none, or NULL */
	char		 default_owner_where[128];
};

#define USERS_INIT { HMAP_INIT, 0, NULL, "" }

/*
 * user NAME [admin] [name TEXT] [password HASH] [avatar URL]
 * [receive all|own] [notify CHANNEL:TARGET ...], into users. notify takes
 * the words after it that hold a ':'. A user given twice is an error, and
 * so is receive all for a user who is no admin. 0, or -1 via conf_err.
 */
int	userconf_directive(const struct conf_line *, struct users *);
/* default-owner USER. 0, or -1 via conf_err. */
int	userconf_default_owner(const struct conf_line *, struct users *);
/* A user by name, or NULL. */
const struct userconf *userconf_get(const struct users *, const char *name);
/*
 * The owner of a host (h may be NULL): its owner, else the default
 * owner, else the first admin; NULL when there is none.
 */
const struct userconf *userconf_owner(const struct users *,
	    const struct hostconf *h);
/* The admin given first, or NULL. */
const struct userconf *userconf_first_admin(const struct users *);
/* Is s a user name: [A-Za-z0-9][A-Za-z0-9._-]*, at most USER_NAME_MAX? */
int	user_name_ok(const char *s);
/*
 * Every user a host names (owner, managers, monitors) and the default
 * owner must be a user when there are users; each one that is not
 * becomes a line "FILE:LINE: ..." in err. 0, or -1.
 */
int	userconf_check_hosts(const struct users *, const struct hmap *hosts,
	    struct buf *err);
void	userconf_free(struct userconf *);
void	userconf_free_all(struct users *);

#endif
