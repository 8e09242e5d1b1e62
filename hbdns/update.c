/*
 * update: a host's record set again to the address hbrecv last heard it
 * from (STATEDIR/hosts/HOST.json), whatever was set before: at once by
 * hbdns update HOST, or through the pending updates for a request that
 * hbweb's "trigger DNS" leaves in STATEDIR/requests/dns/.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "hbdns.h"
#include "json.h"
#include "log.h"
#include "proto.h"

#define HOST_FILE_MAX	(16u << 20)

/* The address in the host's file, canonical, into u. */
static int
address(const struct config *c, const char *host, struct update *u,
    struct buf *why)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char path[4096];
	const char *a;
	int r = -1;

	snprintf(path, sizeof(path), "%s/hosts/%s.json", c->statedir, host);
	if (file_read(path, &b, HOST_FILE_MAX) == -1)
		buf_printf(why, "no address known: %s: %s", path,
		    strerror(errno));
	else if (json_parse(&doc, b.p, b.len, NULL) == -1 ||
	    (a = json_get_str(&doc.root, "address")) == NULL)
		buf_printf(why, "no address in %s", path);
	else if ((u->type = addr_canon(a, u->addr)) == NULL)
		buf_printf(why, "'%s' in %s is no address", a, path);
	else
		r = 0;
	json_doc_free(&doc);
	buf_free(&b);
	return r;
}

int
host_record(const struct config *c, const char *host, struct update *u,
    struct buf *why)
{
	memset(u, 0, sizeof(*u));
	if (!proto_name_ok(host, strlen(host)) ||
	    (u->zone = zone_for(c, host, u->fqdn)) == NULL) {
		buf_adds(why, "in no dyndomain");
		return -1;
	}
	snprintf(u->host, sizeof(u->host), "%s", host);
	return address(c, host, u, why);
}

int
update_host(const struct config *c, const char *host, int dry)
{
	struct buf script = BUF_INIT, why = BUF_INIT;
	struct update u, *up = &u;
	int r = 1;

	if (host_record(c, host, &u, &why) == -1)
		warnx("%s: %s", host, why.p);
	else {
		script_write(&script, u.zone, &up, 1);
		if (dry) {
			fwrite(script.p, 1, script.len, stdout);
			r = fflush(stdout) == EOF;
		} else if (nsupdate_run(u.zone, &script, &why) == 0) {
			info("set %s %s %s", u.fqdn, u.type, u.addr);
			r = 0;
		} else
			warnx("%s: %s", host, why.p);
	}
	buf_free(&script);
	buf_free(&why);
	return r;
}
