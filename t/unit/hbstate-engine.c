/*
 * Unit tests of hbstate's decisions with a fake clock: every time is
 * given, none is read. Events are read back from the events log.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../hbstate/hbstate.h"
#include "file.h"
#include "tap.h"

static char dir[] = "/tmp/hbengineXXXXXX";
static struct config c;
static struct world w;
static size_t seen_bytes;	/* of the events log, already looked at */

static const char conf[] =
	"renotify 1h\n"
	"grace 10s\n"
	"threshold cpu_monitor.cpu_percent > warning 80 critical 90\n"
	"threshold memory_monitor.percent > warning 85 critical 95\n"
	"threshold disk_monitor.partitions./.free_gb < warning 10 critical 5\n"
	"threshold nagios_runner.status_code nagios display \"{check_name}: {output}\"\n"
	"threshold rtt.web-01 warning 100 critical 500\n"
	"threshold rtt warning 50\n"
	"threshold load.load_1min > critical 10 display \"{value} of {cores} cores, {nothing}\"\n"
	"profile tight_cpu threshold cpu_monitor.cpu_percent > warning 60 critical 75\n"
	"profile db_disk threshold disk_monitor.partitions./var/lib/pg.percent > warning 75 critical 88\n"
	"host db-01 profile tight_cpu,db_disk\n"
	"host quiet watch no\n";

/* The events (of one host, or all) written since the last look, as their texts. */
static const char *
events_of(const char *host)
{
	static struct buf out;
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	const struct json *t, *n, *hn;
	char path[256];
	char *p, *nl;
	int saved;

	fflush(stdout);
	saved = dup(1);
	dup2(open("/dev/null", O_WRONLY), 1);
	emitter_flush(w.em);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	snprintf(path, sizeof(path), "%s/events", dir);
	file_read(path, &b, 1 << 20);
	buf_reset(&out);
	buf_adds(&out, "");
	for (p = b.p + seen_bytes; p < b.p + b.len; p = nl + 1) {
		nl = strchr(p, '\n');
		if (json_parse(&doc, p, (size_t)(nl - p), NULL) == -1)
			buf_adds(&out, "(bad json)\n");
		t = json_get(&doc.root, "text");
		n = json_get(&doc.root, "notify");
		hn = json_get(&doc.root, "host");
		if (host != NULL && (hn == NULL || strcmp(hn->u.str, host) != 0))
			continue;
		buf_printf(&out, "%s%s\n", t ? t->u.str : "(no text)",
		    n && n->type == JSON_FALSE ? " [quiet]" : "");
	}
	seen_bytes = b.len;
	json_doc_free(&doc);
	buf_free(&b);
	return out.p;
}

static const char *
events(void)
{
	return events_of(NULL);
}

static void
setup(void)
{
	char path[256];
	struct buf err = BUF_INIT;

	if (mkdtemp(dir) == NULL)
		exit(1);
	snprintf(path, sizeof(path), "%s/hb.conf", dir);
	file_replace(path, conf, sizeof(conf) - 1, 0644, FILE_NOSYNC);
	config_init(&c);
	if (config_load(&c, path, &err) == -1) {
		printf("Bail out! %s\n", err.p);
		exit(1);
	}
	c.statedir = strdup(dir);
	world_init(&w, &c, emitter_open(&c, 1, 0));
}

static void
sample(struct host *h, const char *plugin, const char *json, double ts)
{
	struct json_doc doc = JSON_DOC_INIT;

	if (json_parse(&doc, json, strlen(json), NULL) == -1)
		printf("Bail out! bad test JSON %s\n", json);
	metrics_sample(&w, h, plugin, &doc.root, ts);
	json_doc_free(&doc);
}

static void
escalation(void)
{
	struct host *h = world_host(&w, "web-01");

	sample(h, "cpu_monitor", "{\"cpu_percent\":70.0}", 100);
	is_str(events(), "", "70 is OK: no event");
	sample(h, "cpu_monitor", "{\"cpu_percent\":85.0}", 110);
	is_str(events(), "WARNING: web-01 - cpu_monitor.cpu_percent = 85.0\n",
	    "OK to WARNING, as the seed writes it");
	sample(h, "cpu_monitor", "{\"cpu_percent\":86.0}", 115);
	is_str(events(), "", "still WARNING: no event");
	sample(h, "cpu_monitor", "{\"cpu_percent\":96.5}", 120);
	is_str(events(), "CRITICAL: web-01 - cpu_monitor.cpu_percent = 96.5\n",
	    "WARNING to CRITICAL");
	sample(h, "cpu_monitor", "{\"cpu_percent\":85}", 130);
	is_str(events(), "", "CRITICAL to WARNING is silent");
	is_str(level_name(alert_find(h, "cpu_monitor.cpu_percent")->state),
	    "WARNING", "but recorded");
	sample(h, "cpu_monitor", "{\"cpu_percent\":12.5}", 140);
	is_str(events(), "RECOVERED: web-01 - cpu_monitor.cpu_percent = 12.5 "
	    "(WARNING -> OK)\n", "anything to OK is RECOVERED");
	ok(alert_find(h, "cpu_monitor.cpu_percent") == NULL, "an OK metric has no alert");
	sample(h, "disk_monitor", "{\"partitions\":{\"/\":{\"free_gb\":4.2},"
	    "\"/home\":{\"free_gb\":1}}}", 150);
	is_str(events(), "CRITICAL: web-01 - disk_monitor.partitions./.free_gb = 4.2\n",
	    "a nested path, and only the configured one");
}

static void
reminders(void)
{
	struct host *h = world_host(&w, "mailserver");

	h->state = HS_UP;
	sample(h, "load", "{\"load_1min\":12.5,\"cores\":4}", 1000);
	is_str(events(), "CRITICAL: mailserver - load.load_1min = 12.5 "
	    "12.5 of 4 cores, {nothing}\n",
	    "a display with a plugin field; a missing one stays as written");
	metrics_tick(&w, h, 4599);
	is_str(events(), "", "no reminder before renotify");
	metrics_tick(&w, h, 4600);
	is_str(events(), "REMINDER (CRITICAL): mailserver - load.load_1min = "
	    "12.5 (ongoing for 3600s)\n", "a reminder after renotify");
	metrics_tick(&w, h, 4601);
	is_str(events(), "", "and not again at once");
	metrics_tick(&w, h, 8200);
	is_str(events(), "REMINDER (CRITICAL): mailserver - load.load_1min = "
	    "12.5 (ongoing for 7200s)\n", "the next an hour later");
	h->state = HS_DOWN;
	metrics_tick(&w, h, 20000);
	is_str(events(), "", "a host that is down is not reminded of per metric");
}

static void
nagios(void)
{
	struct host *h = world_host(&w, "db-01");

	sample(h, "nagios_runner", "{\"check_disk_root_status_code\":2,"
	    "\"check_disk_root_output\":\"DISK CRITICAL - / 97%\","
	    "\"check_disk_root_status\":\"CRITICAL\",\"check_load_status_code\":0}",
	    500);
	is_str(events(), "CRITICAL: db-01 - nagios_runner.check_disk_root_status_code"
	    " = 2 check_disk_root: DISK CRITICAL - / 97%\n",
	    "generic matching, {check_name} and {output}");
	sample(h, "nagios_runner", "{\"check_disk_root_status_code\":3}", 510);
	is_str(events(), "", "CRITICAL to UNKNOWN is a de-escalation");
	sample(h, "nagios_runner", "{\"check_disk_root_status_code\":0,"
	    "\"check_disk_root_output\":\"DISK OK\"}", 520);
	is_str(events(), "RECOVERED: db-01 - nagios_runner.check_disk_root_status_code"
	    " = 0 (UNKNOWN -> OK) check_disk_root: DISK OK\n", "recovered");
}

static void
profiles(void)
{
	struct host *h = world_host(&w, "db-01");

	sample(h, "cpu_monitor", "{\"cpu_percent\":70}", 600);
	is_str(events(), "WARNING: db-01 - cpu_monitor.cpu_percent = 70.0\n",
	    "tight_cpu lowers the cpu levels of db-01");
	sample(h, "memory_monitor", "{\"percent\":90}", 600);
	is_str(events(), "WARNING: db-01 - memory_monitor.percent = 90.0\n",
	    "what the profiles leave alone comes from the defaults");
	sample(h, "disk_monitor", "{\"partitions\":{\"/var/lib/pg\":{\"percent\":90}}}",
	    600);
	is_str(events(), "CRITICAL: db-01 - disk_monitor.partitions./var/lib/pg.percent"
	    " = 90.0\n", "db_disk adds its own");
	sample(world_host(&w, "web-01"), "disk_monitor",
	    "{\"partitions\":{\"/var/lib/pg\":{\"percent\":90}}}", 600);
	is_str(events(), "", "which other hosts do not have");
}

static void
rtt(void)
{
	metrics_rtt(&w, world_host(&w, "web-01"), 125.3, 700);
	is_str(events(), "WARNING: web-01 - rtt.web-01 = 125.3\n",
	    "rtt.HOST, on a heartbeat");
	metrics_rtt(&w, world_host(&w, "web-01"), 45.2, 710);
	is_str(events(), "RECOVERED: web-01 - rtt.web-01 = 45.2 (WARNING -> OK)\n",
	    "and its recovery");
	metrics_rtt(&w, world_host(&w, "other"), 60, 720);
	is_str(events(), "WARNING: other - rtt.other = 60.0\n",
	    "a plain rtt threshold covers the other hosts");
}

static void
liveness(void)
{
	struct host *h = world_host(&w, "app");

	h->interval = 30;
	live_beat(&w, h, BEAT_HTB, 1000, "192.0.2.10");
	is_str(events_of("app"), "UP: app - 192.0.2.10\n", "first heartbeat: UP");
	live_tick(&w, 1040);
	is_str(events_of("app"), "", "not DOWN at interval + grace");
	live_tick(&w, 1040.5);
	is_str(events_of("app"), "DOWN: app - no heartbeat for 40s (interval 30s, grace 10s)\n",
	    "DOWN just after");
	live_beat(&w, h, BEAT_HTB, 1042, "192.0.2.10");
	is_str(events_of("app"), "UP: app - 192.0.2.10 (DOWN -> UP after 2s) [quiet]\n",
	    "a DOWN under 4 s recovers without a page");
	live_tick(&w, 1083);
	events_of("app");
	live_beat(&w, h, BEAT_HTB, 1090, "192.0.2.11");
	is_str(events_of("app"), "ADDRESS: app - 192.0.2.10 -> 192.0.2.11\n"
	    "UP: app - 192.0.2.11 (DOWN -> UP after 8s)\n",
	    "a longer one pages; a new address is said");
	live_beat(&w, h, BEAT_SHUT, 1100, NULL);
	is_str(events_of("app"), "SHUTDOWN: app - shut down on purpose\n", "SHUT");
	live_tick(&w, 5000);
	is_str(events_of("app"), "", "no DOWN after SHUT");
	live_beat(&w, h, BEAT_ANY, 5001, NULL);
	is_str(events_of("app"), "", "a late message does not end a shutdown");
	live_beat(&w, h, BEAT_BOOT, 6000, NULL);
	is_str(events_of("app"), "BOOT: app - 192.0.2.11 (SHUTDOWN -> UP)\n", "BOOT");
	live_tick(&w, 6041);
	events_of("app");
	live_tick(&w, 6041 + 3599);
	is_str(events_of("app"), "", "no reminder of a DOWN before renotify");
	live_tick(&w, 6041 + 3600);
	is_str(events_of("app"), "REMINDER (DOWN): app - no heartbeat for 3641s\n",
	    "a DOWN is reminded of");
}

static void
watch(void)
{
	struct host *h = world_host(&w, "quiet");

	h->interval = 10;
	live_beat(&w, h, BEAT_HTB, 100, "192.0.2.20");
	live_tick(&w, 200);
	sample(h, "cpu_monitor", "{\"cpu_percent\":99}", 200);
	is_str(events_of("quiet"), "UP: quiet - 192.0.2.20 [quiet]\n"
	    "DOWN: quiet - no heartbeat for 100s (interval 10s, grace 10s) [quiet]\n"
	    "CRITICAL: quiet - cpu_monitor.cpu_percent = 99.0 [quiet]\n",
	    "watch no: every event is logged, none pages");
}

/* The same decision made again (after a crash) is known by its id. */
static void
repeats(void)
{
	uint64_t ino, off;
	struct host *h = world_host(&w, "again");

	events_of("again");
	emitter_position(w.em, &ino, &off);
	h->interval = 30;
	live_beat(&w, h, BEAT_HTB, 100, "192.0.2.30");
	is_str(events_of("again"), "UP: again - 192.0.2.30\n", "an event");
	emitter_close(w.em);
	w.em = emitter_open(&c, 1, 0);
	emitter_seen_after(w.em, ino, off);
	h->state = HS_NEW;
	live_beat(&w, h, BEAT_HTB, 100, "192.0.2.30");
	is_str(events_of("again"), "", "decided again after a restart: not repeated");
	live_tick(&w, 200);
	is_str(events_of("again"), "DOWN: again - no heartbeat for 100s (interval 30s, grace 10s)\n",
	    "what is new is written");
}

int
main(void)
{
	setup();
	escalation();
	reminders();
	nagios();
	profiles();
	rtt();
	liveness();
	watch();
	repeats();
	emitter_close(w.em);
	world_free(&w);
	config_free(&c);
	return done_testing();
}
