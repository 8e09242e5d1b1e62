/*
 * Unit tests of hbnotify's reading of events (their checks and how grave
 * each is), the words of its messages, and the names of its deliveries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hbnotify/hbnotify.h"
#include "tap.h"

#define MAXEV	16

static struct event evs[MAXEV];
static struct event *evp[MAXEV];
static char lines[MAXEV][512];
static int nev;

/* An event of kind and state (prev may be NULL) for host, kept for the group. */
static struct event *
add(const char *host, const char *kind, const char *state, const char *prev)
{
	struct event *ev = &evs[nev];
	const char *why;
	char *l = lines[nev];

	snprintf(l, sizeof(lines[0]), "{\"id\":\"e%d\",\"ts\":1795397730.5,"
	    "\"host\":\"%s\",\"kind\":\"%s\",\"state\":\"%s\"%s%s%s,"
	    "\"text\":\"%s: %s\"}", nev, host, kind, state,
	    prev ? ",\"prev\":\"" : "", prev ? prev : "", prev ? "\"" : "",
	    state, host);
	memset(ev, 0, sizeof(*ev));
	if (event_parse(ev, l, strlen(l), &why) == -1)
		diag("%s: %s", l, why);
	evp[nev] = ev;
	nev++;
	return ev;
}

static void
reset(void)
{
	int i;

	for (i = 0; i < nev; i++)
		event_free(&evs[i]);
	nev = 0;
}

static void
grade(const char *kind, const char *state, const char *prev,
    const char *sev, int recovery)
{
	struct event *ev = add("web-01", kind, state, prev);

	is_str(sev_name(ev->sev), sev, "%s %s after %s: %s", kind, state,
	    prev ? prev : "nothing", sev);
	is_int(ev->recovery, recovery, "%s %s after %s: %s a recovery", kind,
	    state, prev ? prev : "nothing", recovery ? "is" : "is not");
	reset();
}

static void
test_grades(void)
{
	grade("host", "DOWN", "UP", "critical", 0);
	grade("host", "DOWN", "DOWN", "critical", 0);
	grade("host", "UP", "DOWN", "critical", 1);
	grade("host", "BOOT", "DOWN", "critical", 1);
	grade("host", "UP", "NEW", "info", 0);
	grade("host", "UP", "SHUTDOWN", "info", 0);
	grade("host", "SHUTDOWN", "UP", "info", 0);
	grade("metric", "WARNING", "OK", "warning", 0);
	grade("metric", "CRITICAL", "WARNING", "critical", 0);
	grade("metric", "UNKNOWN", "OK", "unknown", 0);
	grade("metric", "OK", "WARNING", "warning", 1);
	grade("metric", "OK", "CRITICAL", "critical", 1);
	grade("metric", "OK", NULL, "info", 0);
	grade("service", "degraded", "healthy", "warning", 0);
	grade("service", "healthy", "critical", "critical", 1);
	grade("address", "ADDRESS", NULL, "address", 0);
	grade("message", "MESSAGE", NULL, "info", 0);
}

static void
bad(const char *line, const char *want)
{
	struct event ev;
	const char *why = "";

	memset(&ev, 0, sizeof(ev));
	is_int(event_parse(&ev, line, strlen(line), &why), -1, "refused: %s",
	    line);
	ok(strstr(why, want) != NULL, "because %s (%s)", want, why);
	event_free(&ev);
}

static void
test_refusals(void)
{
	static const char ok_tail[] = "\"ts\":1,\"kind\":\"host\","
	    "\"state\":\"UP\",\"text\":\"t\"}";
	char l[512];

	bad("", "");
	bad("[1]", "not a JSON object");
	bad("{\"id\":\"a b\",\"host\":\"h\",\"ts\":1,\"kind\":\"host\","
	    "\"state\":\"UP\",\"text\":\"t\"}", "no id");
	bad("{\"id\":\"x\",\"host\":\"-bad\",\"ts\":1,\"kind\":\"host\","
	    "\"state\":\"UP\",\"text\":\"t\"}", "no host");
	bad("{\"id\":\"x\",\"host\":\"h\",\"ts\":1,\"kind\":\"host\","
	    "\"state\":\"UP\"}", "text missing");
	bad("{\"id\":\"x\",\"host\":\"h\",\"kind\":\"host\",\"state\":\"UP\","
	    "\"text\":\"t\"}", "no ts");
	bad("{\"id\":\"x\\u0000y\",\"host\":\"h\",\"ts\":1,\"kind\":\"host\","
	    "\"state\":\"UP\",\"text\":\"t\"}", "no id");
	snprintf(l, sizeof(l), "{\"id\":\"%070d\",\"host\":\"h\",%s", 7, ok_tail);
	bad(l, "no id");
}

static void
test_flags(void)
{
	static const char l[] = "{\"id\":\"x\",\"host\":\"h\",\"ts\":1,"
	    "\"kind\":\"host\",\"state\":\"DOWN\",\"prev\":\"DOWN\","
	    "\"text\":\"t\",\"notify\":false,\"reminder\":true}";
	struct event ev;
	const char *why;

	memset(&ev, 0, sizeof(ev));
	is_int(event_parse(&ev, l, strlen(l), &why), 0, "a reminder parses");
	is_int(ev.notify, 0, "notify:false is kept");
	is_int(ev.reminder, 1, "reminder:true is kept");
	event_free(&ev);
}

static void
title(const char *want)
{
	struct buf b = BUF_INIT;

	render_title(&b, evp, nev);
	is_str(b.p, want, "title of %d: %s", nev, want);
	buf_free(&b);
	reset();
}

static void
test_titles(void)
{
	char name[16];
	int i;

	add("web-01", "host", "DOWN", "UP");
	title("DOWN: web-01");
	add("web-a", "host", "DOWN", "UP");
	add("web-b", "host", "DOWN", "UP");
	add("db-c", "host", "DOWN", "UP");
	title("3 hosts DOWN: web-a, web-b, db-c");
	add("web-a", "host", "DOWN", "UP");
	add("web-a", "host", "DOWN", "DOWN");
	title("2 events DOWN: web-a");
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "h%02d", i);
		add(name, "host", "DOWN", "UP");
	}
	title("12 hosts DOWN: h00, h01, h02, h03, h04, h05, h06, h07, h08, "
	    "h09 and 2 more");
	add("web-a", "metric", "CRITICAL", "OK");
	add("web-b", "metric", "CRITICAL", "WARNING");
	title("2 alerts CRITICAL: web-a, web-b");
	add("web-a", "host", "DOWN", "UP");
	add("web-b", "metric", "WARNING", "OK");
	add("web-c", "host", "DOWN", "UP");
	title("3 events: 2 DOWN, 1 WARNING");
}

static void
test_body(void)
{
	struct buf b = BUF_INIT;

	add("web-01", "host", "DOWN", "UP");
	render_body(&b, evp, nev);
	is_str(b.p, "DOWN: web-01\n\nhost:  web-01\nwhen:  "
	    "2026-11-23T01:35:30.500Z\nevent: e0\n", "the body of one");
	buf_reset(&b);
	add("db-01", "host", "UP", "DOWN");
	render_body(&b, evp, nev);
	is_str(b.p, "DOWN: web-01\n    2026-11-23T01:35:30.500Z, event e0\n"
	    "UP: db-01\n    2026-11-23T01:35:30.500Z, event e1\n",
	    "the body of a group lists each");
	buf_free(&b);
	reset();
}

static void
test_priority(void)
{
	add("a", "host", "UP", "DOWN");
	is_int(render_priority(evp, nev), -1, "a recovery is quiet");
	add("b", "metric", "WARNING", "OK");
	is_int(render_priority(evp, nev), 0, "a warning is normal");
	add("c", "host", "DOWN", "UP");
	is_int(render_priority(evp, nev), 1, "a critical in the group is high");
	reset();
}

static void
test_ids(void)
{
	char a[DELIVERY_ID_LEN + 1], b[DELIVERY_ID_LEN + 1];

	delivery_id(a, "e1", "email", "alice@example.com");
	is_str(a, "4577271b23ed2a62",
	    "a delivery id is stable: spools name their files by it");
	delivery_id(b, "e1", "email", "alice@example.com");
	is_str(a, b, "the same delivery, the same id");
	delivery_id(b, "e1", "email", "bob@example.com");
	ok(strcmp(a, b) != 0, "another target, another id");
	delivery_id(b, "e1", "mail", "alice@example.com");
	ok(strcmp(a, b) != 0, "another channel, another id");
	delivery_id(b, "e1e", "mail", "alice@example.com");
	delivery_id(a, "e1", "email", "alice@example.com");
	ok(strcmp(a, b) != 0, "fields do not run into each other");
}

static void
test_severity_lists(void)
{
	const char *why;
	unsigned bits;

	is_int(severity_parse("critical", &bits, &why), 0, "critical");
	is_int(bits, SEV_CRITICAL, "critical alone");
	is_int(severity_parse("critical,warning,address", &bits, &why), 0,
	    "a list");
	is_int(bits, SEV_CRITICAL | SEV_WARNING | SEV_ADDRESS, "its bits");
	is_int(severity_parse("critical,", &bits, &why), -1, "a trailing comma");
	is_int(severity_parse("loud", &bits, &why), -1, "an unknown word");
	is_int(severity_parse("", &bits, &why), -1, "nothing");
}

int
main(void)
{
	test_grades();
	test_refusals();
	test_flags();
	test_titles();
	test_body();
	test_priority();
	test_ids();
	test_severity_lists();
	return done_testing();
}
