/*
 * directives: every directive some hb program owns. A program handles its
 * own and skips these; anything else in hb.conf is a mistake worth an error.
 * A directive added to a program is added here and to hb.conf(5).
 */
#include <string.h>

#include "conf.h"

static const char *const known[] = {
	"action",
	"compress",
	"default-owner",
	"dyndomain",
	"events",
	"grace",
	"history",
	"host",
	"interval",
	"journal",
	"listen",
	"notify",
	"plugin",
	"port",
	"profile",
	"rcvbuf",
	"renotify",
	"statedir",
	"threshold",
	"user",
	"web",
};

int
conf_known(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i], name) == 0)
			return 1;
	return 0;
}

const char *
conf_known_at(size_t i)
{
	return i < sizeof(known) / sizeof(known[0]) ? known[i] : NULL;
}
