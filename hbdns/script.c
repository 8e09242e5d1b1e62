/*
 * script: what nsupdate is told. The updates of one zone go in one
 * UPDATE message (one send), which the server applies whole or not at
 * all; each host's record of its address's type is replaced.
 */
#include <stdio.h>
#include <string.h>

#include "hbdns.h"
#include "run.h"

void
script_write(struct buf *b, const struct zone *z, struct update *const *u,
    int n)
{
	int i;

	if (z->server != NULL)
		buf_printf(b, "server %s %s\n", z->server,
		    z->port != NULL ? z->port : "53");
	buf_printf(b, "zone %s\n", z->name);
	for (i = 0; i < n; i++) {
		buf_printf(b, "update delete %s %s\n", u[i]->fqdn, u[i]->type);
		buf_printf(b, "update add %s %ld %s %s\n", u[i]->fqdn, z->ttl,
		    u[i]->type, u[i]->addr);
	}
	buf_adds(b, "send\n");
}

/* nsupdate -v (TCP: a batch may not fit a datagram) -t TIMEOUT [-k KEY | -l]. */
static void
args(const struct zone *z, char **argv, size_t max, char *timeout)
{
	size_t n = 0;
	char **p;

	for (p = z->nsupdate; *p != NULL && n + 6 < max; p++)
		argv[n++] = *p;
	argv[n++] = "-v";
	argv[n++] = "-t";
	argv[n++] = timeout;
	if (z->local)
		argv[n++] = "-l";
	else if (z->key != NULL) {
		argv[n++] = "-k";
		argv[n++] = z->key;
	}
	argv[n] = NULL;
}

int
nsupdate_run(const struct zone *z, const struct buf *script, struct buf *why)
{
	char *argv[64], timeout[32];
	struct run r;
	int rc = -1;

	snprintf(timeout, sizeof(timeout), "%.0f", z->timeout);
	args(z, argv, sizeof(argv) / sizeof(argv[0]), timeout);
	memset(&r, 0, sizeof(r));
	r.argv = argv;
	r.in = script->p;
	r.in_len = script->len;
	/* nsupdate's own timeout is per try; ours bounds the whole run */
	if (run_all(&r, 1, z->timeout * 3 + 5) == -1)
		buf_printf(why, "nsupdate: cannot run");
	else if (r.started && !r.timed_out && r.signal == 0 && r.status == 0)
		rc = 0;
	else
		run_complaint(&r, "nsupdate", z->timeout * 3 + 5, why);
	run_free(&r);
	return rc;
}
