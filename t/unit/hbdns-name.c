/*
 * Unit tests of what hbdns lets reach nsupdate: DNS names, addresses
 * written again, the zone a host belongs to, and the script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hbdns/hbdns.h"
#include "tap.h"

/* s for a test's description, a newline shown as \n (TAP is line by line). */
static const char *
shown(const char *s)
{
	static char out[2][400];
	static int k;
	char *o = out[k++ % 2];
	size_t n = 0;

	for (; *s != '\0' && n + 3 < sizeof(out[0]); s++) {
		if (*s == '\n') {
			o[n++] = '\\';
			o[n++] = 'n';
		} else
			o[n++] = *s;
	}
	o[n] = '\0';
	return o;
}

static void
name(const char *s, int want)
{
	is_int(dns_name_ok(s, strlen(s)), want, "%s a DNS name: '%s'",
	    want ? "is" : "is not", shown(s));
}

static void
test_names(void)
{
	char label[80], longname[300];

	name("web-01", 1);
	name("web-01.dyn.example.com", 1);
	name("a", 1);
	name("xn--bcher-kva.example", 1);
	name("", 0);
	name("web_01", 0);
	name("-web", 0);
	name("web-", 0);
	name("a..b", 0);
	name(".a", 0);
	name("a.", 0);
	name("web-01\nupdate delete x", 0);
	name("web;x", 0);
	name("web x", 0);
	memset(label, 'a', 63);
	label[63] = '\0';
	name(label, 1);
	memset(label, 'a', 64);
	label[64] = '\0';
	name(label, 0);
	memset(longname, 'a', sizeof(longname));
	for (size_t i = 60; i < 253; i += 61)
		longname[i] = '.';
	longname[253] = '\0';
	name(longname, 1);
	longname[253] = 'a';
	longname[254] = '\0';
	name(longname, 0);
}

static void
addr(const char *s, const char *type, const char *canon)
{
	char out[ADDR_TEXT_MAX];
	const char *t = addr_canon(s, out);

	is_str(t, type, "'%s' is %s", shown(s), type ? type : "no address");
	if (type != NULL)
		is_str(out, canon, "'%s' written as %s", shown(s), canon);
}

static void
test_addresses(void)
{
	addr("192.0.2.10", "A", "192.0.2.10");
	addr("2001:DB8:0:0::1", "AAAA", "2001:db8::1");
	addr("::1", "AAAA", "::1");
	addr("::ffff:192.0.2.7", "A", "192.0.2.7");
	addr("192.0.2.1\nsend", NULL, NULL);
	addr("192.0.2.1 ", NULL, NULL);
	addr("192.0.2", NULL, NULL);
	addr("010.0.0.1", NULL, NULL);
	addr("web-01", NULL, NULL);
	addr("", NULL, NULL);
	addr("fe80::1%eth0", NULL, NULL);
}

static struct zone *
zone(const char *nm, int all, const char *hosts)
{
	struct zone *z = calloc(1, sizeof(*z));

	z->name = strdup(nm);
	z->all = all;
	z->ttl = 60;
	if (hosts != NULL)
		names_add(&z->hosts, hosts, strlen(hosts));
	return z;
}

static void
test_zones(void)
{
	struct zone *zs[2];
	struct config c;
	char fqdn[DNS_NAME_MAX + 1];
	const struct zone *z;

	memset(&c, 0, sizeof(c));
	zs[0] = zone("dyn.example.com", 0, "web-01");
	zs[1] = zone("all.example.org", 1, NULL);
	c.zones = zs;
	c.nzones = 2;
	z = zone_for(&c, "web-01", fqdn);
	ok(z == zs[0], "a listed short name goes to its zone");
	is_str(fqdn, "web-01.dyn.example.com", "as name.zone");
	z = zone_for(&c, "db-01", fqdn);
	ok(z == zs[1], "another to the zone that takes all");
	is_str(fqdn, "db-01.all.example.org", "as name.zone");
	z = zone_for(&c, "mx.DYN.example.com", fqdn);
	ok(z == zs[0], "a name inside a zone goes there, whatever the case");
	is_str(fqdn, "mx.DYN.example.com", "under its own name");
	ok(zone_for(&c, "mx.example.net", fqdn) == NULL,
	    "a name in no zone goes nowhere");
	ok(zone_for(&c, "dyn.example.com", fqdn) == NULL,
	    "the zone's own name is no host of it");
	ok(zone_for(&c, "web_01", fqdn) == NULL, "nor is a name with '_'");
	zone_free(zs[0]);
	zone_free(zs[1]);
}

static void
test_script(void)
{
	struct update a, b, *u[2] = { &a, &b };
	struct buf out = BUF_INIT;
	struct zone *z = zone("dyn.example.com", 1, NULL);

	z->server = strdup("2001:db8::53");
	z->port = strdup("5353");
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	strcpy(a.fqdn, "web-01.dyn.example.com");
	a.type = "A";
	strcpy(a.addr, "192.0.2.10");
	strcpy(b.fqdn, "web-02.dyn.example.com");
	b.type = "AAAA";
	strcpy(b.addr, "2001:db8::2");
	script_write(&out, z, u, 2);
	is_str(out.p, "server 2001:db8::53 5353\n"
	    "zone dyn.example.com\n"
	    "update delete web-01.dyn.example.com A\n"
	    "update add web-01.dyn.example.com 60 A 192.0.2.10\n"
	    "update delete web-02.dyn.example.com AAAA\n"
	    "update add web-02.dyn.example.com 60 AAAA 2001:db8::2\n"
	    "send\n", "one UPDATE message for the batch");
	buf_free(&out);
	free(z->server);
	z->server = NULL;
	script_write(&out, z, u, 1);
	is_str(out.p, "zone dyn.example.com\n"
	    "update delete web-01.dyn.example.com A\n"
	    "update add web-01.dyn.example.com 60 A 192.0.2.10\n"
	    "send\n", "no server: nsupdate finds the primary");
	buf_free(&out);
	zone_free(z);
}

int
main(void)
{
	test_names();
	test_addresses();
	test_zones();
	test_script();
	return done_testing();
}
