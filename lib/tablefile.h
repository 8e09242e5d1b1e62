/*
 * tablefile: the state files that hold one object per name,
 * {"version":1,"KEY":{"NAME":{...},...}}, as hbweb keeps access.json and
 * users.json: written again whole, atomically, with one entry changed.
 */
#ifndef HB_TABLEFILE_H
#define HB_TABLEFILE_H

#include "hmap.h"
#include "json.h"

/* Writes one entry: its name as the key, then its object. */
typedef void (*tablefile_out)(struct jw *, const char *name, const void *entry);

/*
 * Replace path (mode) with the entries of m under key, but the one named
 * name: with in its place, or none when with is NULL. 0, or -1 with errno.
 */
int	tablefile_write(const char *path, int mode, const char *key,
	    const struct hmap *m, const char *name, const void *with,
	    tablefile_out);

#endif
