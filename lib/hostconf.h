/* hostconf: the host directive of hb.conf(5), shared by the programs that read it. */
#ifndef HB_HOSTCONF_H
#define HB_HOSTCONF_H

#include "conf.h"
#include "hmap.h"

struct names {
	char		**v;
	int		 n;
};

/* Append a copy of the len bytes at s; 0, or -1 without memory. */
int	names_add(struct names *, const char *s, size_t len);
void	names_free(struct names *);

struct hostconf {
	char		*name;
	struct names	 profiles;	/* applied left to right */
	int		 watch;		/* 0: its events page nobody */
	double		 grace;		/* seconds; < 0: the global grace */
	char		*owner;
	struct names	 managers, monitors;
	char		 where[128];	/* "FILE:LINE", for errors found later */
};

/*
 * host NAME [profile a,b] [watch BOOL] [grace DURATION] [owner USER]
 * [managers u,v] [monitors u,v], into the table (name -> struct hostconf *).
 * A host given twice is an error. 0, or -1 via conf_err.
 */
int	hostconf_directive(const struct conf_line *, struct hmap *hosts);
/* The settings of a host, or NULL when it has none. */
const struct hostconf *hostconf_get(const struct hmap *, const char *name);
void	hostconf_free(struct hostconf *);
void	hostconf_free_all(struct hmap *);

#endif
