/*
 * hostaccess: who holds which role on a host when hbweb's users changed
 * it (STATEDIR/access.json, hb-state(5)), over what hb.conf says. hbweb
 * writes the file; hbweb and hbnotify read it.
 */
#ifndef HB_HOSTACCESS_H
#define HB_HOSTACCESS_H

#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "hmap.h"
#include "hostconf.h"

#define ACCESS_FILE_MAX	(16u << 20)
#define ACCESS_NAMES_MAX 256	/* managers, and monitors, of one host */

struct hostaccess {
	char		*path;		/* STATEDIR/access.json */
	struct timespec	 mtime;		/* of what was read; 0 none */
	off_t		 size;
	ino_t		 ino;	/* a file replaced within a tick of the clock has another */
	unsigned long	 loads;		/* times the file was read */
	/* name -> struct hostconf *: only name, owner, managers, monitors set */
	struct hmap	 hosts;
};

void	hostaccess_init(struct hostaccess *, const char *statedir);
/*
 * Read the file again when it changed since the last look (a missing
 * file holds nothing). 0; -1 when it cannot be read or is no such
 * document, with why in err, and what was read last kept.
 */
int	hostaccess_fresh(struct hostaccess *, struct buf *err);
/* The roles of a host as they stand: the file's when it names the host, else conf's (may be NULL). */
const struct hostconf *hostaccess_roles(const struct hostaccess *,
	    const struct hmap *conf, const char *host);
/*
 * Give host these roles (owner NULL: none named), or drop its entry when
 * roles is NULL, and write the file again (atomically, under a lock, read
 * afresh first so that changes made meanwhile by another process stay).
 * 0, or -1 with errno.
 */
int	hostaccess_set(struct hostaccess *, const char *host,
	    const struct hostconf *roles);
void	hostaccess_free(struct hostaccess *);

#endif
