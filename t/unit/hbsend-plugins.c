/*
 * Unit tests of hbsend's system plugins over fixture trees in
 * t/data/sys/ (a Debian 12 VM as captured, a hand-made ZFS host, and
 * garbage), then over this system. Run from the top of the tree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "../../hbsend/plugin.h"
#include "hbtime.h"
#include "tap.h"

#define DEBIAN	"t/data/sys/debian12"
#define ZFS	"t/data/sys/zfs-host"
#define GARBAGE	"t/data/sys/garbage"

typedef int collect_fn(struct plugin *, struct jw *);

static const struct {
	const char	*name;
	collect_fn	*fn;
	const char	*main;	/* the member every sample has */
} all[] = {
	{ "os_info", os_info_collect, "os" },
	{ "cpu_monitor", cpu_monitor_collect, "cpu_percent" },
	{ "memory_monitor", memory_monitor_collect, "percent" },
	{ "disk_monitor", disk_monitor_collect, "partitions" },
	{ "network_monitor", network_monitor_collect, "interfaces" },
	{ "filesystem_info", filesystem_info_collect, "filesystems" },
};
#define NALL	(sizeof(all) / sizeof(all[0]))

static struct plugin pl;
static struct json_doc doc;
static struct buf out;

/* A plugin that has never sampled, reading under root. */
static struct plugin *
fresh(const char *root)
{
	free(pl.state);
	memset(&pl, 0, sizeof(pl));
	pl.root = root;
	return &pl;
}

static void
opt(struct plugin *p, const char *key, const char *val)
{
	p->opts[p->nopts].key = (char *)key;
	p->opts[p->nopts].val = (char *)val;
	p->nopts++;
}

/*
 * One sample into doc.root, as the framework writes it: the object is
 * opened before and closed after. What collect returned, or -2 when the
 * result is no JSON object.
 */
static int
sample(struct plugin *p, collect_fn *fn)
{
	struct jw w;
	int rc;

	buf_reset(&out);
	jw_init(&w, &out);
	jw_obj(&w);
	p->why = NULL;
	rc = fn(p, &w);
	jw_end(&w, '}');
	if (w.err || json_parse(&doc, out.p, out.len, NULL) == -1 ||
	    doc.root.type != JSON_OBJECT) {
		diag("no JSON object: %s", out.p ? out.p : "(nothing)");
		return -2;
	}
	if (rc == -1 && p->why == NULL)
		diag("failed without saying why");
	return rc;
}

static int
is_num(double got, double want, const char *what)
{
	if (!ok(got == want, "%s", what))
		diag("got %.17g, want %.17g", got, want);
	return got == want;
}

static const char *
str(const struct json *obj, const char *key)
{
	const char *s = json_get_str(obj, key);

	return s != NULL ? s : "(none)";
}

/* How many items an array or members an object has; -1 when it is neither. */
static long long
count(const struct json *v)
{
	if (v == NULL || (v->type != JSON_ARRAY && v->type != JSON_OBJECT))
		return -1;
	return (long long)v->len;
}

static void
fixtures(void)
{
	static const char *const need[] = {
		DEBIAN "/proc/stat", ZFS "/proc/spl/kstat/zfs/arcstats",
		GARBAGE "/proc/self/mounts"
	};
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (access(need[i], R_OK) == -1) {
			printf("Bail out! %s is missing: run from the top of "
			    "the tree\n", need[i]);
			exit(1);
		}
}

static void
os(void)
{
	const struct json *d;

	is_int(sample(fresh(DEBIAN), os_info_collect), 0, "os_info: debian12");
	d = json_get(&doc.root, "distribution");
	is_str(str(d, "name"), "Debian GNU/Linux", "os_info: distribution name");
	is_str(str(d, "version_id"), "12", "os_info: version_id");
	is_str(str(d, "pretty_name"), "Debian GNU/Linux 12 (bookworm)",
	    "os_info: pretty_name");
	is_str(str(d, "id"), "debian", "os_info: id");
	is_num(json_get_num(&doc.root, "boot_time", -1), 1795388666,
	    "os_info: boot_time from btime");
	is_num(json_get_num(&doc.root, "cpu_count", -1), 2,
	    "os_info: cpu_count from the processor lines");
	is_str(str(&doc.root, "os"), "Linux", "os_info: os from uname");
	ok(json_get_str(&doc.root, "kernel") != NULL &&
	    json_get_str(&doc.root, "architecture") != NULL &&
	    json_get_str(&doc.root, "hostname") != NULL,
	    "os_info: kernel, architecture, hostname");

	is_int(sample(fresh(ZFS), os_info_collect), 0, "os_info: zfs-host");
	d = json_get(&doc.root, "distribution");
	is_str(str(d, "pretty_name"), "Ubuntu 24.04.1 LTS",
	    "os_info: quoted pretty_name");
	is_str(str(d, "id"), "ubuntu", "os_info: bare id");
	is_num(json_get_num(&doc.root, "cpu_count", -1), 4,
	    "os_info: four processors");
}

static void
cpu(void)
{
	struct plugin *p = fresh(DEBIAN);
	const struct json *r = &doc.root;

	/* The first sample: shares of the time since boot. */
	is_int(sample(p, cpu_monitor_collect), 0, "cpu_monitor: debian12");
	is_num(json_get_num(r, "cpu_percent", -1), 44.4,
	    "cpu_monitor: busy since boot");
	is_num(json_get_num(r, "user_percent", -1), 30.0, "cpu_monitor: user");
	is_num(json_get_num(r, "system_percent", -1), 14.4,
	    "cpu_monitor: system, irq and softirq");
	is_num(json_get_num(r, "iowait_percent", -1), 1.0,
	    "cpu_monitor: iowait");
	is_num(json_get_num(r, "idle_percent", -1), 54.5, "cpu_monitor: idle");
	is_num(json_get_num(r, "steal_percent", -1), 0.1, "cpu_monitor: steal");
	ok(json_get(r, "per_core") == NULL, "cpu_monitor: per_core only asked");
	is_num(json_get_num(r, "load_1min", -1), 0.04, "cpu_monitor: load_1min");
	is_num(json_get_num(r, "load_5min", -1), 0.42, "cpu_monitor: load_5min");
	is_num(json_get_num(r, "load_15min", -1), 0.75,
	    "cpu_monitor: load_15min");
	is_num(json_get_num(r, "process_count", -1), 83,
	    "cpu_monitor: process_count");
	is_num(json_get_num(r, "procs_running", -1), 1,
	    "cpu_monitor: procs_running");
	is_num(json_get_num(r, "procs_blocked", -1), 0,
	    "cpu_monitor: procs_blocked");
	is_num(json_get_num(r, "cpu_count", -1), 2, "cpu_monitor: cpu_count");
	is_num(json_get_num(r, "frequency_mhz", -1), 2596.1,
	    "cpu_monitor: frequency_mhz");
	is_num(json_get_num(r, "uptime", -1), 13080, "cpu_monitor: uptime");
	is_num(json_get_num(r, "context_switches", -1), 48533444,
	    "cpu_monitor: context_switches");
	is_num(json_get_num(r, "interrupts", -1), 18074204,
	    "cpu_monitor: interrupts");

	/*
	 * zfs-host's counters are debian12's less user 600, system 200,
	 * idle 1000, iowait 100, softirq 100: sampled in that order, the
	 * second sample shares those 2000 ticks.
	 */
	p = fresh(ZFS);
	opt(p, "per_core", "yes");
	is_int(sample(p, cpu_monitor_collect), 0, "cpu_monitor: zfs-host");
	is_int(count(json_get(r, "per_core")), 4, "cpu_monitor: four cores");
	is_num(json_get_num(r, "frequency_mhz", -1), 2850.2,
	    "cpu_monitor: the mean of four frequencies");
	p->root = DEBIAN;
	is_int(sample(p, cpu_monitor_collect), 0, "cpu_monitor: second sample");
	is_num(json_get_num(r, "cpu_percent", -1), 45.0,
	    "cpu_monitor: busy since the previous sample");
	is_num(json_get_num(r, "user_percent", -1), 30.0,
	    "cpu_monitor: user since the previous sample");
	is_num(json_get_num(r, "system_percent", -1), 15.0,
	    "cpu_monitor: system since the previous sample");
	is_num(json_get_num(r, "iowait_percent", -1), 5.0,
	    "cpu_monitor: iowait since the previous sample");
	is_num(json_get_num(r, "idle_percent", -1), 50.0,
	    "cpu_monitor: idle since the previous sample");
	is_int(count(json_get(r, "per_core")), 2,
	    "cpu_monitor: per_core follows the cores there are");
	is_int(sample(p, cpu_monitor_collect), 0, "cpu_monitor: no tick since");
	is_num(json_get_num(r, "cpu_percent", -1), 44.4,
	    "cpu_monitor: no tick in between: since boot again");
}

static void
memory(void)
{
	const struct json *r = &doc.root;

	is_int(sample(fresh(DEBIAN), memory_monitor_collect), 0,
	    "memory_monitor: debian12");
	is_num(json_get_num(r, "percent", -1), 1.8,
	    "memory_monitor: percent from MemAvailable");
	is_num(json_get_num(r, "total_mb", -1), 24106, "memory_monitor: total_mb");
	is_num(json_get_num(r, "available_mb", -1), 23683,
	    "memory_monitor: available_mb");
	is_num(json_get_num(r, "used_mb", -1), 423, "memory_monitor: used_mb");
	is_num(json_get_num(r, "free_mb", -1), 23515, "memory_monitor: free_mb");
	is_num(json_get_num(r, "cached_mb", -1), 471,
	    "memory_monitor: cached_mb counts SReclaimable");
	is_num(json_get_num(r, "swap_total_mb", -1), 0,
	    "memory_monitor: no swap");
	is_num(json_get_num(r, "swap_percent", -1), 0,
	    "memory_monitor: no swap, 0 percent");
	ok(json_get(r, "zfs_arc_counted") == NULL,
	    "memory_monitor: no ZFS, no ARC");

	/* 2345678 kB available, and 8 GiB of ARC of which 512 MiB it keeps. */
	is_int(sample(fresh(ZFS), memory_monitor_collect), 0,
	    "memory_monitor: zfs-host");
	is_num(json_get_num(r, "percent", -1), 37.4,
	    "memory_monitor: the ARC above c_min is available");
	is_num(json_get_num(r, "available_mb", -1), 9971,
	    "memory_monitor: available_mb with the ARC");
	is_num(json_get_num(r, "arc_size_mb", -1), 8192,
	    "memory_monitor: arc_size_mb");
	is_num(json_get_num(r, "arc_min_mb", -1), 512,
	    "memory_monitor: arc_min_mb");
	ok(json_get(r, "zfs_arc_counted") != NULL &&
	    json_get(r, "zfs_arc_counted")->type == JSON_TRUE,
	    "memory_monitor: zfs_arc_counted");
	is_num(json_get_num(r, "swap_used_mb", -1), 1024,
	    "memory_monitor: swap_used_mb");
	is_num(json_get_num(r, "swap_percent", -1), 25.0,
	    "memory_monitor: swap_percent");
}

static void
disk_debian(void)
{
	const struct json *parts, *root, *vda;

	is_int(sample(fresh(DEBIAN), disk_monitor_collect), 0,
	    "disk_monitor: debian12");
	parts = json_get(&doc.root, "partitions");
	is_int(count(parts), 1, "disk_monitor: of 20 mounts one is a disk");
	root = json_get(parts, "/");
	is_str(str(root, "device"), "/dev/vda", "disk_monitor: / on /dev/vda");
	/* statvfs works on the fixture directory itself, for / only */
	ok(json_get_num(root, "percent", -1) >= 0 &&
	    json_get_num(root, "percent", -1) <= 100 &&
	    json_get_num(root, "size_gb", -1) >= 0 &&
	    json_get(root, "free_mb") != NULL,
	    "disk_monitor: / has its space from statvfs");
	is_int(count(json_get(&doc.root, "io")), 1,
	    "disk_monitor: io leaves loop and zram devices out");
	vda = json_get(json_get(&doc.root, "io"), "vda");
	is_num(json_get_num(vda, "reads", -1), 450034, "disk_monitor: vda reads");
	is_num(json_get_num(vda, "writes", -1), 4126031,
	    "disk_monitor: vda writes");
	is_num(json_get_num(vda, "read_bytes", -1), 8273462272.0,
	    "disk_monitor: vda read_bytes");
	is_num(json_get_num(vda, "write_bytes", -1), 68788166656.0,
	    "disk_monitor: vda write_bytes");
	is_num(json_get_num(vda, "io_time_ms", -1), 549652,
	    "disk_monitor: vda io_time_ms");
}

static void
disk_zfs(void)
{
	static const char *const want[] = {
		"/", "/boot", "/boot/efi", "/home", "/srv/vm images",
		"/backup", "/mnt/usb"
	};
	const struct json *parts, *io;
	size_t i;

	is_int(sample(fresh(ZFS), disk_monitor_collect), 0,
	    "disk_monitor: zfs-host");
	parts = json_get(&doc.root, "partitions");
	is_int(count(parts), 7, "disk_monitor: seven disks of 18 mounts");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ok(json_get(parts, want[i]) != NULL, "disk_monitor: %s", want[i]);
	is_str(str(json_get(parts, "/home"), "fstype"), "zfs",
	    "disk_monitor: a dataset is a disk");
	is_str(str(json_get(parts, "/boot"), "device"), "/dev/nvme0n1p2",
	    "disk_monitor: a bind mount counts once, the first");
	is_str(str(json_get(parts, "/mnt/usb"), "device"), "/dev/sdc1",
	    "disk_monitor: the mount on top is the one shown");
	ok(json_get(json_get(parts, "/home"), "percent") == NULL,
	    "disk_monitor: no space where statvfs fails");
	io = json_get(&doc.root, "io");
	is_int(count(io), 6, "disk_monitor: six block devices, no loop, ram, zram");
	is_num(json_get_num(json_get(io, "sdb"), "io_time_ms", -1), 7777,
	    "disk_monitor: the 11 counters of old kernels");
}

static void
network(void)
{
	struct plugin *p = fresh(DEBIAN);
	const struct json *r = &doc.root, *ifs, *tcp;
	double t0, dt, rx, tx;

	is_int(sample(p, network_monitor_collect), 0, "network_monitor: debian12");
	ifs = json_get(r, "interfaces");
	is_int(count(ifs), 3, "network_monitor: three interfaces, lo left out");
	is_num(json_get_num(json_get(ifs, "eth0"), "rx_bytes", -1), 21390567,
	    "network_monitor: eth0 rx_bytes");
	is_num(json_get_num(json_get(ifs, "eth0"), "tx_packets", -1), 1138,
	    "network_monitor: eth0 tx_packets");
	ok(json_get(json_get(ifs, "eth0"), "rx_bytes_per_s") == NULL,
	    "network_monitor: no rate on the first sample");
	is_num(json_get_num(r, "connections", -1), 1,
	    "network_monitor: one TCP socket");
	is_num(json_get_num(json_get(r, "tcp"), "listen", -1), 1,
	    "network_monitor: listening");

	p = fresh(DEBIAN);
	opt(p, "include_lo", "yes");
	sample(p, network_monitor_collect);
	is_int(count(json_get(r, "interfaces")), 4,
	    "network_monitor: include_lo yes");

	p = fresh(ZFS);
	is_int(sample(p, network_monitor_collect), 0, "network_monitor: zfs-host");
	is_num(json_get_num(r, "errors_total", -1), 7,
	    "network_monitor: errors_total");
	is_num(json_get_num(r, "dropped_total", -1), 15,
	    "network_monitor: dropped_total");
	is_num(json_get_num(r, "connections", -1), 13,
	    "network_monitor: connections of tcp and tcp6");
	tcp = json_get(r, "tcp");
	is_num(json_get_num(tcp, "established", -1), 5,
	    "network_monitor: established");
	is_num(json_get_num(tcp, "listen", -1), 5, "network_monitor: listen");
	is_num(json_get_num(tcp, "time_wait", -1), 2,
	    "network_monitor: time_wait");
	is_num(json_get_num(tcp, "close_wait", -1), 1,
	    "network_monitor: close_wait");

	/*
	 * Ten seconds later eth0 has received 12340 bytes and sent 5670;
	 * the plugin measures the ten seconds itself, so a slow machine adds
	 * the time the sample takes, which bounds what the rates may be.
	 */
	t0 = time_mono();
	*(double *)p->state = t0 - 10;
	p->root = DEBIAN;
	is_int(sample(p, network_monitor_collect), 0,
	    "network_monitor: second sample");
	dt = time_mono() - t0;
	ifs = json_get(r, "interfaces");
	rx = json_get_num(json_get(ifs, "eth0"), "rx_bytes_per_s", -1);
	tx = json_get_num(json_get(ifs, "eth0"), "tx_bytes_per_s", -1);
	if (!ok(rx <= 1234 && rx >= round(12340 / (10 + dt)),
	    "network_monitor: rx_bytes_per_s"))
		diag("got %g, want 1234 (%g s late)", rx, dt);
	if (!ok(tx <= 567 && tx >= round(5670 / (10 + dt)),
	    "network_monitor: tx_bytes_per_s"))
		diag("got %g, want 567 (%g s late)", tx, dt);
	ok(json_get(json_get(ifs, "ifb0"), "rx_bytes_per_s") == NULL,
	    "network_monitor: no rate for an interface new since");
}

static void
filesystems(void)
{
	struct plugin *p;
	const struct json *fs, *f;
	size_t i;
	int ro = 0, spaced = 0;

	is_int(sample(fresh(DEBIAN), filesystem_info_collect), 0,
	    "filesystem_info: debian12");
	fs = json_get(&doc.root, "filesystems");
	is_int(count(fs), 1, "filesystem_info: one physical filesystem");
	if (count(fs) >= 1) {
		f = &fs->u.items[0];
		is_str(str(f, "mount_point"), "/", "filesystem_info: mount_point");
		is_str(str(f, "fstype"), "ext4", "filesystem_info: fstype");
		ok(json_get(f, "read_only") != NULL &&
		    json_get(f, "read_only")->type == JSON_FALSE,
		    "filesystem_info: read-write");
		ok(strncmp(str(f, "options"), "rw,relatime,", 12) == 0,
		    "filesystem_info: options");
	}
	p = fresh(DEBIAN);
	opt(p, "all", "yes");
	sample(p, filesystem_info_collect);
	is_int(count(json_get(&doc.root, "filesystems")), 20,
	    "filesystem_info: all yes lists every mount");

	is_int(sample(fresh(ZFS), filesystem_info_collect), 0,
	    "filesystem_info: zfs-host");
	fs = json_get(&doc.root, "filesystems");
	is_int(count(fs), 9, "filesystem_info: bind and hidden mounts listed");
	for (i = 0; count(fs) > 0 && i < fs->len; i++) {
		f = &fs->u.items[i];
		if (strcmp(str(f, "mount_point"), "/backup") == 0)
			ro = json_get(f, "read_only")->type == JSON_TRUE;
		spaced += strcmp(str(f, "mount_point"), "/srv/vm images") == 0;
	}
	ok(ro, "filesystem_info: ro is read_only");
	ok(spaced, "filesystem_info: \\040 is a blank");
}

/* Odd content never crashes, and what comes out is JSON. */
static void
garbage(void)
{
	struct plugin *p;
	size_t i;
	int rc, k;

	for (i = 0; i < NALL; i++) {
		p = fresh(GARBAGE);
		opt(p, "per_core", "yes");
		opt(p, "all", "yes");
		opt(p, "include_lo", "yes");
		for (k = 0; k < 2; k++) {
			rc = sample(p, all[i].fn);
			ok(rc == 0 || rc == -1, "%s: garbage, sample %d: %d%s%s",
			    all[i].name, k + 1, rc, rc == -1 ? ", " : "",
			    rc == -1 ? p->why : "");
		}
	}
	p = fresh(GARBAGE);
	is_int(sample(p, memory_monitor_collect), 0,
	    "memory_monitor: garbage still has a MemTotal");
	ok(json_get_num(&doc.root, "percent", -1) >= 0 &&
	    json_get_num(&doc.root, "percent", -1) <= 100,
	    "memory_monitor: percent stays within 0 and 100");
}

static void
missing(void)
{
	size_t i;
	int rc;

	for (i = 1; i < NALL; i++) {
		rc = sample(fresh("t/data/sys/nothing-here"), all[i].fn);
		ok(rc == -1 && pl.why != NULL, "%s: no files: -1 (%s)",
		    all[i].name, pl.why ? pl.why : "no reason");
	}
}

static void
this_system(void)
{
	struct plugin *p;
	size_t i;
	int k;

	for (i = 0; i < NALL; i++) {
		p = fresh("");
		opt(p, "per_core", "yes");
		for (k = 0; k < 2; k++)
			ok(sample(p, all[i].fn) == 0 &&
			    json_get(&doc.root, all[i].main) != NULL,
			    "%s: this system, sample %d has %s", all[i].name,
			    k + 1, all[i].main);
		diag("%s: %zu bytes", all[i].name, out.len);
	}
}

static char big[] = "/tmp/hbpluginsXXXXXX";

static FILE *
create(const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", big, name);
	if ((f = fopen(path, "w")) == NULL) {
		printf("Bail out! cannot create %s\n", path);
		exit(1);
	}
	return f;
}

static void
unlink_big(void)
{
	static const char *const made[] = { "/proc/net/dev", "/proc/net/tcp",
	    "/proc/net/sockstat", "/proc/net/sockstat6", "/proc/net",
	    "/proc" };
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", big, made[i]);
		if (unlink(path) == -1)
			rmdir(path);
	}
	rmdir(big);
}

/*
 * A host with 3000 interfaces and some 9000 sockets: more than a
 * sample should hold, and more than a plugin reads of /proc/net/tcp.
 */
static void
crowded(void)
{
	char path[256];
	FILE *f;
	int i;

	if (mkdtemp(big) == NULL) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/proc", big);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/proc/net", big);
	mkdir(path, 0700);
	f = create("/proc/net/dev");
	for (i = 0; i < 3000; i++)
		fprintf(f, "veth%d: 1 2 1 0 0 0 0 0 3 4 1 0 0 0 0 0\n", i);
	fclose(f);
	f = create("/proc/net/tcp");
	/* lines of 150 bytes, more than a plugin reads */
	for (i = 0; i < (int)(PLUGIN_FILE_MAX / 128) + 1000; i++)
		fprintf(f, "%4d: 1401A8C0:1F90 0A01A8C0:C350 01 00000000:00000000 "
		    "00:00000000 00000000     0        0 %d 1 0000000000000000 "
		    "20 4 30 10 -1                     \n", i, 40000 + i);
	fclose(f);
	f = create("/proc/net/sockstat");
	fprintf(f, "sockets: used 8400\nTCP: inuse 7990 orphan 0 tw 310 "
	    "alloc 8000 mem 900\nUDP: inuse 3 mem 2\n");
	fclose(f);
	f = create("/proc/net/sockstat6");
	fprintf(f, "TCP6: inuse 12\nUDP6: inuse 1\n");
	fclose(f);

	is_int(sample(fresh(big), network_monitor_collect), 0,
	    "network_monitor: a crowded host");
	ok(out.len < SAMPLE_MAX, "network_monitor: the sample fits (%zu bytes)",
	    out.len);
	ok(json_get(&doc.root, "truncated") != NULL &&
	    json_get(&doc.root, "truncated")->type == JSON_TRUE,
	    "network_monitor: says it was truncated");
	is_num(json_get_num(&doc.root, "errors_total", -1), 6000,
	    "network_monitor: totals count every interface");
	is_num(json_get_num(&doc.root, "connections", -1), 8312,
	    "network_monitor: too many sockets: the kernel's counts");
	is_num(json_get_num(json_get(&doc.root, "tcp"), "time_wait", -1), 310,
	    "network_monitor: and TIME_WAIT among them");
	unlink_big();
}

/* This system's sockets through netlink, and (under the root "/") through /proc. */
static void
sockets(void)
{
	double nl, files;

	sample(fresh(""), network_monitor_collect);
	nl = json_get_num(&doc.root, "connections", -1);
	sample(fresh("/"), network_monitor_collect);
	files = json_get_num(&doc.root, "connections", -1);
	ok(nl >= 0 && files >= 0, "network_monitor: connections by netlink "
	    "and by /proc/net/tcp");
	if (nl != files)
		diag("netlink %g, /proc/net/tcp %g (sockets come and go)", nl,
		    files);
}

int
main(void)
{
	fixtures();
	os();
	cpu();
	memory();
	disk_debian();
	disk_zfs();
	network();
	filesystems();
	garbage();
	missing();
	this_system();
	sockets();
	crowded();
	fresh(NULL);
	json_doc_free(&doc);
	buf_free(&out);
	return done_testing();
}
