/* Unit tests of hostaccess: STATEDIR/access.json read, checked, kept fresh, and written under a lock by more than one process. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "hostaccess.h"
#include "json.h"
#include "proto.h"
#include "tap.h"
#include "userconf.h"

#define HEAD	"{\"version\":1,\"hosts\":{"
#define BOB	"{\"owner\":\"bob\",\"managers\":[\"carol\"],\"monitors\":[]}"
#define EVE	"{\"owner\":\"eve\",\"managers\":[\"carol\"],\"monitors\":[]}"

static char dir[4096], path[4200];
static struct buf text = BUF_INIT;	/* what contents() read */

static void
fail(const char *what)
{
	fprintf(stderr, "hostaccess: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Remove what the tests left under p, and p. */
static void
rm_tree(const char *p)
{
	struct dirent *e;
	struct stat st;
	char sub[4300];
	DIR *d;

	if (lstat(p, &st) == -1 || !S_ISDIR(st.st_mode)) {
		unlink(p);
		return;
	}
	if ((d = opendir(p)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
				snprintf(sub, sizeof(sub), "%s/%s", p, e->d_name);
				rm_tree(sub);
			}
		closedir(d);
	}
	rmdir(p);
}

/* Replace the file as hbweb does: a new file renamed over the old. */
static void
put(const char *s)
{
	if (file_replace(path, s, strlen(s), 0644, FILE_NOSYNC) == -1)
		fail("file_replace");
}

/* The file's bytes, in a static buffer. */
static const char *
contents(void)
{
	buf_reset(&text);
	if (file_read(path, &text, ACCESS_FILE_MAX) == -1)
		return NULL;
	return text.p != NULL ? text.p : "";
}

static void
names_show(struct buf *b, const struct names *n)
{
	int i;

	if (n->n == 0)
		buf_printf(b, " -");
	for (i = 0; i < n->n; i++)
		buf_printf(b, "%s%s", i == 0 ? " " : ",", n->v[i]);
}

/* A host's roles in a line, "OWNER MANAGERS MONITORS" with "-" for none; "none" without roles. */
static const char *
show(const struct hostconf *h)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	if (h == NULL)
		return "none";
	buf_printf(&b, "%s", h->owner != NULL ? h->owner : "-");
	names_show(&b, &h->managers);
	names_show(&b, &h->monitors);
	return b.p;
}

static const char *
roles(const struct hostaccess *a, const struct hmap *conf, const char *host)
{
	return show(hostaccess_roles(a, conf, host));
}

/* A host directive of hb.conf into the table. */
static void
conf_host(struct hmap *conf, char **argv, int argc)
{
	struct buf err = BUF_INIT;
	struct conf_line l = { "hb.conf", 1, argc, argv, &err };

	if (hostconf_directive(&l, conf) == -1) {
		fprintf(stderr, "hostaccess: %s\n", err.p);
		exit(2);
	}
	buf_free(&err);
}

static void
make_conf(struct hmap *conf)
{
	char *web[] = { "host", "web-01", "owner", "alice", "managers", "zed" };
	char *db[] = { "host", "db-1", "owner", "zed" };
	char *mail[] = { "host", "mail", "owner", "alice", "monitors", "a,b" };
	char *bare[] = { "host", "bare" };

	conf_host(conf, web, 6);
	conf_host(conf, db, 4);
	conf_host(conf, mail, 6);
	conf_host(conf, bare, 2);
}

static void
test_missing(const struct hmap *conf)
{
	struct hostaccess a;
	struct buf err = BUF_INIT;

	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0 && err.len == 0,
	    "missing file: fresh is 0, no error");
	is_int(a.hosts.count, 0, "missing file: no host has roles from it");
	is_str(roles(&a, conf, "web-01"), "alice zed -",
	    "missing file: a host's roles are conf's");
	is_str(roles(&a, conf, "nowhere"), "none",
	    "missing file: a host in neither has none");
	ok(hostaccess_fresh(&a, &err) == 0 && err.len == 0,
	    "missing file: looked at again, still 0");
	hostaccess_free(&a);
	buf_free(&err);
}

static void
test_valid(const struct hmap *conf)
{
	struct hostaccess a;
	struct buf err = BUF_INIT;
	const struct hostconf *h;

	put(HEAD "\"web-01\":{\"owner\":\"bob\",\"managers\":[\"carol\",\"dave\"],"
	    "\"monitors\":[\"erin\"]},"
	    "\"db-1\":{\"owner\":null,\"managers\":[],\"monitors\":[\"frank\"]},"
	    "\"bare\":{}}}\n");
	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0 && err.len == 0, "valid file: read");
	is_int(a.hosts.count, 3, "valid file: three hosts");
	is_str(roles(&a, conf, "web-01"), "bob carol,dave erin",
	    "owner, managers, monitors read, over conf's");
	is_str(roles(&a, conf, "db-1"), "- - frank",
	    "\"owner\":null: no owner, over conf's owner");
	is_str(roles(&a, conf, "bare"), "- - -",
	    "an empty object: no roles at all");
	is_str(roles(&a, conf, "mail"), "alice - a,b",
	    "a host the file does not name: conf's roles");
	h = hostconf_get(&a.hosts, "web-01");
	ok(h != NULL && h->watch == 1 && h->grace < 0 && h->profiles.n == 0,
	    "an entry holds roles only: watch on, global grace, no profiles");
	hostaccess_free(&a);
	buf_free(&err);
}

struct bad {
	const char	*host;	/* as read back: not in the table */
	const char	*json;	/* the member */
	const char	*why;
};

/* An array of n user names, the last one "last". */
static void
many_names(struct buf *b, int n)
{
	int i;

	buf_printf(b, "[");
	for (i = 0; i < n - 1; i++)
		buf_printf(b, "\"u%d\",", i);
	buf_printf(b, "\"last\"]");
}

/* Each bad member between two good ones, in a file of its own. */
static void
bad_one(const struct hmap *conf, const struct bad *bad)
{
	struct buf doc = BUF_INIT, err = BUF_INIT;
	struct hostaccess a;

	buf_printf(&doc, HEAD "\"good-1\":" BOB ",%s,\"good-2\":" EVE "}}",
	    bad->json);
	put(doc.p);
	/* A struct of its own: the freshness of a file is tested apart. */
	hostaccess_init(&a, dir);
	if (!ok(hostaccess_fresh(&a, &err) == 0 && a.hosts.count == 2 &&
	    hostconf_get(&a.hosts, bad->host) == NULL &&
	    strcmp(roles(&a, conf, "good-1"), "bob carol -") == 0 &&
	    strcmp(roles(&a, conf, "good-2"), "eve carol -") == 0,
	    "%s: passed over, the good entries kept", bad->why))
		diag("%zu hosts; read as: %s", a.hosts.count,
		    show(hostconf_get(&a.hosts, bad->host)));
	hostaccess_free(&a);
	buf_free(&doc);
	buf_free(&err);
}

static void
test_bad_entries(const struct hmap *conf)
{
	char longhost[PROTO_NAME_MAX + 2], okhost[PROTO_NAME_MAX + 1],
	    longuser[USER_NAME_MAX + 2], okuser[USER_NAME_MAX + 1];
	struct buf doc = BUF_INIT, err = BUF_INIT, big = BUF_INIT,
	    max = BUF_INIT, m_host = BUF_INIT, m_owner = BUF_INIT,
	    m_managers = BUF_INIT, m_monitors = BUF_INIT;
	struct hostaccess a;
	const struct hostconf *h;
	size_t i;

	memset(longhost, 'h', PROTO_NAME_MAX + 1);
	longhost[PROTO_NAME_MAX + 1] = '\0';
	memset(okhost, 'h', PROTO_NAME_MAX);
	okhost[PROTO_NAME_MAX] = '\0';
	memset(longuser, 'u', USER_NAME_MAX + 1);
	longuser[USER_NAME_MAX + 1] = '\0';
	memset(okuser, 'u', USER_NAME_MAX);
	okuser[USER_NAME_MAX] = '\0';
	many_names(&big, ACCESS_NAMES_MAX + 1);
	many_names(&max, ACCESS_NAMES_MAX);
	buf_printf(&m_host, "\"%s\":" BOB, longhost);
	buf_printf(&m_owner, "\"a\":{\"owner\":\"%s\"}", longuser);
	buf_printf(&m_managers, "\"a\":{\"managers\":%s}", big.p);
	buf_printf(&m_monitors, "\"a\":{\"monitors\":%s}", big.p);
	{
		const struct bad bad[] = {
			{ "web 01", "\"web 01\":" BOB, "a host name with a space" },
			{ longhost, m_host.p, "a host name of 254 bytes" },
			{ ".web", "\".web\":" BOB, "a host name with a leading dot" },
			{ "", "\"\":" BOB, "an empty host name" },
			{ "web\n", "\"web\\n\":" BOB, "a host name with a newline" },
			{ "a", "\"a\":{\"owner\":\"bad user\"}", "an owner with a space" },
			{ "a", "\"a\":{\"owner\":\"-bob\"}", "an owner with a leading dash" },
			{ "a", "\"a\":{\"owner\":\"\"}", "an empty owner" },
			{ "a", m_owner.p, "an owner of 65 bytes" },
			{ "a", "\"a\":{\"owner\":5}", "an owner that is a number" },
			{ "a", "\"a\":{\"owner\":[\"bob\"]}", "an owner that is an array" },
			{ "a", "\"a\":{\"managers\":[\"carol\",\"bad user\"]}",
			    "a bad user name among the managers" },
			{ "a", "\"a\":{\"monitors\":[\".x\"]}",
			    "a bad user name among the monitors" },
			{ "a", "\"a\":{\"managers\":\"carol\"}", "managers not an array" },
			{ "a", "\"a\":{\"monitors\":{\"carol\":1}}", "monitors an object" },
			{ "a", "\"a\":{\"managers\":null}", "managers null" },
			{ "a", "\"a\":{\"managers\":[\"carol\",1]}",
			    "a manager that is not a string" },
			{ "a", "\"a\":{\"monitors\":[[\"carol\"]]}",
			    "a monitor that is an array" },
			{ "a", m_managers.p, "more than ACCESS_NAMES_MAX managers" },
			{ "a", m_monitors.p, "more than ACCESS_NAMES_MAX monitors" },
			{ "a", "\"a\":\"bob\"", "an entry that is a string" },
			{ "a", "\"a\":[\"bob\"]", "an entry that is an array" },
			{ "a", "\"a\":null", "an entry that is null" },
			{ "a", "\"a\":7", "an entry that is a number" },
			{ "a", "\"a\":{\"owner\":\"bob\\u0000x\"}",
			    "an owner with a NUL inside" },
			{ "a", "\"a\":{\"managers\":[\"carol\\u0000x\"]}",
			    "a manager with a NUL inside" },
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			bad_one(conf, &bad[i]);
	}

	/* One bad entry among good ones; conf's roles stand for it. */
	buf_reset(&doc);
	buf_printf(&doc, HEAD "\"web-01\":{\"owner\":\"bad user\"},"
	    "\"%s\":{\"owner\":\"%s\",\"managers\":%s,\"monitors\":%s}}}",
	    okhost, okuser, max.p, max.p);
	put(doc.p);
	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0 && a.hosts.count == 1,
	    "limits: one entry of two read");
	is_str(roles(&a, conf, "web-01"), "alice zed -",
	    "a host whose entry is passed over has conf's roles");
	h = hostconf_get(&a.hosts, okhost);
	ok(h != NULL && h->owner != NULL && strcmp(h->owner, okuser) == 0,
	    "a host name of 253 bytes, an owner of 64 bytes are kept");
	ok(h != NULL && h->managers.n == ACCESS_NAMES_MAX &&
	    h->monitors.n == ACCESS_NAMES_MAX &&
	    strcmp(h->managers.v[ACCESS_NAMES_MAX - 1], "last") == 0,
	    "ACCESS_NAMES_MAX managers and monitors are kept");
	hostaccess_free(&a);

	put(HEAD "\"web-01\":" BOB ",\"web-01\":" EVE "}}");
	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0 && a.hosts.count == 1 &&
	    strcmp(roles(&a, conf, "web-01"), "eve carol -") == 0,
	    "a host named twice: the last entry counts, as in all JSON here");
	hostaccess_free(&a);
	buf_free(&doc);
	buf_free(&err);
	buf_free(&big);
	buf_free(&max);
	buf_free(&m_host);
	buf_free(&m_owner);
	buf_free(&m_managers);
	buf_free(&m_monitors);
}

/* Each of these is refused whole, and the table read before stays. */
static void
test_bad_files(const struct hmap *conf)
{
	static const struct {
		const char	*text;
		const char	*err;
		const char	*what;
	} bad[] = {
		{ "{\"version\":1,\"hosts\":{\"web-01\":" BOB "}",
		    "',' or '}' expected at byte 82", "a document cut short" },
		{ "", "value expected at byte 0", "an empty file" },
		{ "not json", "invalid literal at byte 0", "not JSON" },
		{ "{\"version\":1}", "no \"hosts\" object", "no \"hosts\"" },
		{ "{\"version\":1,\"hosts\":[]}", "no \"hosts\" object",
		    "\"hosts\" an array" },
		{ "{\"version\":1,\"hosts\":null}", "no \"hosts\" object",
		    "\"hosts\" null" },
		{ "[{\"hosts\":{}}]", "no \"hosts\" object", "an array at the top" },
	};
	struct buf err = BUF_INIT;
	struct hostaccess a;
	char want[4400];
	size_t i;
	int fd, r;

	put(HEAD "\"web-01\":" BOB "}}");
	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0, "bad files: a good one read first");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(bad[i].text);
		buf_reset(&err);
		r = hostaccess_fresh(&a, &err);
		is_int(r, -1, "%s: -1", bad[i].what);
		is_str(err.p, bad[i].err, "%s: why in err", bad[i].what);
		is_str(roles(&a, conf, "web-01"), "bob carol -",
		    "%s: what was read before stays", bad[i].what);
	}

	/* Too big: a sparse file costs nothing. */
	if ((fd = open(path, O_WRONLY | O_TRUNC)) == -1 ||
	    ftruncate(fd, ACCESS_FILE_MAX + 1) == -1)
		fail("ftruncate");
	close(fd);
	buf_reset(&err);
	r = hostaccess_fresh(&a, &err);
	snprintf(want, sizeof(want), "%s: %s", path, strerror(EFBIG));
	is_int(r, -1, "a file over ACCESS_FILE_MAX: -1");
	is_str(err.p, want, "a file over ACCESS_FILE_MAX: path and why in err");
	is_str(roles(&a, conf, "web-01"), "bob carol -",
	    "a file over ACCESS_FILE_MAX: what was read before stays");

	put(HEAD "\"db-1\":" EVE "}}");
	buf_reset(&err);
	ok(hostaccess_fresh(&a, &err) == 0 && err.len == 0 &&
	    a.hosts.count == 1 &&
	    strcmp(roles(&a, conf, "db-1"), "eve carol -") == 0,
	    "a good file after bad ones is read");
	is_str(roles(&a, conf, "web-01"), "alice zed -",
	    "and the host it no longer names has conf's roles");

	unlink(path);
	ok(hostaccess_fresh(&a, &err) == 0 && a.hosts.count == 0,
	    "the file removed: 0, and nothing of it stays");
	is_str(roles(&a, conf, "db-1"), "zed - -",
	    "the file removed: conf's roles");
	hostaccess_free(&a);
	buf_free(&err);
}

static void
set_mtime(const char *p, const struct timespec *t)
{
	struct timespec ts[2];

	ts[0] = *t;
	ts[1] = *t;
	if (utimensat(AT_FDCWD, p, ts, 0) == -1)
		fail("utimensat");
}

static void
test_fresh(const struct hmap *conf)
{
	static const struct timespec old = { 1577836800, 0 };	/* 2020 */
	struct buf err = BUF_INIT;
	struct hostaccess a;
	const struct hostconf *h;
	char tmp[4300];
	struct stat st;
	const char *s;
	int fd;

	put(HEAD "\"web-01\":" BOB "}}");
	hostaccess_init(&a, dir);
	ok(hostaccess_fresh(&a, &err) == 0, "fresh: read");
	/* A reading builds its table before freeing the old: a new address. */
	h = hostconf_get(&a.hosts, "web-01");
	ok(hostaccess_fresh(&a, &err) == 0 && hostconf_get(&a.hosts, "web-01") == h,
	    "fresh: an unchanged file is not read again (the same entry)");

	put(HEAD "\"web-01\":{\"owner\":\"dave\"}}}");
	ok(hostaccess_fresh(&a, &err) == 0 && hostconf_get(&a.hosts, "web-01") != h,
	    "fresh: a file renamed over it is read again");
	is_str(roles(&a, conf, "web-01"), "dave - -", "fresh: its roles");

	/*
	 * Bytes changed in place, with size and mtime as they were: the
	 * stat says unchanged, so the file is not read again.
	 */
	put(HEAD "\"web-01\":" BOB "}}");
	set_mtime(path, &old);
	ok(hostaccess_fresh(&a, &err) == 0 &&
	    strcmp(roles(&a, conf, "web-01"), "bob carol -") == 0,
	    "fresh: a new mtime is read");
	s = HEAD "\"web-01\":" EVE "}}";
	if ((fd = open(path, O_WRONLY)) == -1 ||
	    file_write_all(fd, s, strlen(s)) == -1)
		fail("rewrite");
	close(fd);
	set_mtime(path, &old);
	is_str(roles(&a, conf, "web-01"), "bob carol -",
	    "fresh: the same size and mtime: not read again");

	/*
	 * File times come from a coarse clock (one tick is milliseconds):
	 * two replacements in one tick have the same mtime. One of the same
	 * size, renamed over the file that was read, is another file all
	 * the same, and must be read.
	 */
	put(HEAD "\"web-01\":" BOB "}}");
	ok(hostaccess_fresh(&a, &err) == 0 &&
	    strcmp(roles(&a, conf, "web-01"), "bob carol -") == 0 &&
	    stat(path, &st) == 0, "fresh: read, as of now");
	snprintf(tmp, sizeof(tmp), "%s/new", dir);
	s = HEAD "\"web-01\":" EVE "}}";
	if (file_replace(tmp, s, strlen(s), 0644, FILE_NOSYNC) == -1)
		fail("file_replace");
	set_mtime(tmp, &st.st_mtim);
	if (rename(tmp, path) == -1)
		fail("rename");
	ok(hostaccess_fresh(&a, &err) == 0,
	    "fresh: another file of the same size and mtime: 0");
	is_str(roles(&a, conf, "web-01"), "eve carol -",
	    "fresh: a file of the same size renamed over it in the same "
	    "clock tick is read");
	hostaccess_free(&a);
	buf_free(&err);
}

static struct hostconf *
make_roles(const char *owner, const char *manager, const char *monitor)
{
	struct hostconf *h;

	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (owner != NULL && (h->owner = strdup(owner)) == NULL) ||
	    (manager != NULL && names_add(&h->managers, manager,
	    strlen(manager)) == -1) ||
	    (monitor != NULL && names_add(&h->monitors, monitor,
	    strlen(monitor)) == -1))
		fail("make_roles");
	h->watch = 1;
	h->grace = -1;
	return h;
}

/* Is the file JSON with "version":1 and a "hosts" object of n members? */
static int
valid_file(size_t n)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json *hs;
	const char *s = contents();
	long long v;
	int r;

	r = s != NULL && json_parse(&doc, s, strlen(s), NULL) == 0 &&
	    json_int(json_get(&doc.root, "version"), 1, 1, &v) &&
	    (hs = json_get(&doc.root, "hosts")) != NULL &&
	    hs->type == JSON_OBJECT && hs->len == n;
	json_doc_free(&doc);
	return r;
}

static void
test_set(const struct hmap *conf)
{
	struct hostconf *bob = make_roles("bob", "carol", NULL),
	    *none = make_roles(NULL, NULL, "erin"),
	    *db = make_roles("dave", NULL, NULL);
	struct buf err = BUF_INIT;
	struct hostaccess a, b;
	char missing[4300];
	const char *s;

	unlink(path);
	hostaccess_init(&a, dir);
	hostaccess_init(&b, dir);
	ok(hostaccess_fresh(&a, &err) == 0 && hostaccess_fresh(&b, &err) == 0,
	    "set: no file at first");

	bob->name = strdup("not-this-name");
	ok(hostaccess_set(&a, "web-01", bob) == 0, "set: adds an entry");
	is_str(contents(), HEAD "\"web-01\":" BOB "}}\n",
	    "set: the file written, under the host's name, roles only");
	is_str(roles(&a, conf, "web-01"), "bob carol -",
	    "set: the struct that set holds the new roles at once");
	ok(hostaccess_fresh(&b, &err) == 0 &&
	    strcmp(roles(&b, conf, "web-01"), "bob carol -") == 0,
	    "set: another reader sees them on its next fresh");

	ok(hostaccess_set(&a, "web-01", none) == 0, "set: replaces an entry");
	is_str(contents(), HEAD "\"web-01\":{\"owner\":null,\"managers\":[],"
	    "\"monitors\":[\"erin\"]}}}\n", "set: no owner written as null");
	is_str(roles(&a, conf, "web-01"), "- - erin",
	    "set: the file's null owner stands over conf's");

	ok(hostaccess_set(&a, "db-1", db) == 0 && valid_file(2),
	    "set: a second host, both in a valid file with \"version\":1");
	ok(hostaccess_set(&a, "web-01", NULL) == 0 && valid_file(1),
	    "set: roles NULL removes the entry, the file stays valid");
	is_str(roles(&a, conf, "web-01"), "alice zed -",
	    "set: a host removed from the file has conf's roles again");
	is_str(roles(&a, conf, "db-1"), "dave - -",
	    "set: the other host's entry survives");
	ok(hostaccess_set(&a, "nowhere", NULL) == 0 && valid_file(1),
	    "set: removing a host that has no entry changes nothing");

	/* Another process writes the file; a holds what it read before. */
	put(HEAD "\"db-1\":{\"owner\":\"dave\",\"managers\":[],\"monitors\":[]},"
	    "\"mail\":" EVE "}}\n");
	ok(hostaccess_set(&a, "web-01", bob) == 0 && valid_file(3),
	    "set on a stale struct: 0");
	is_str(roles(&a, conf, "mail"), "eve carol -",
	    "set on a stale struct: the other process's change is kept");
	ok(hostaccess_fresh(&b, &err) == 0 &&
	    strcmp(roles(&b, conf, "mail"), "eve carol -") == 0 &&
	    strcmp(roles(&b, conf, "web-01"), "bob carol -") == 0 &&
	    strcmp(roles(&b, conf, "db-1"), "dave - -") == 0,
	    "set on a stale struct: the file holds both changes");

	s = "{\"version\":1,\"hosts\":";
	put(s);
	errno = 0;
	ok(hostaccess_set(&a, "web-01", db) == -1 && errno == EINVAL,
	    "set over a file that is not JSON: -1, EINVAL");
	is_str(contents(), s, "set over a file that is not JSON: left as it was");

	hostaccess_free(&a);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	hostaccess_init(&a, missing);
	errno = 0;
	ok(hostaccess_set(&a, "web-01", bob) == -1 && errno == ENOENT,
	    "set in a missing directory: -1, ENOENT");
	hostaccess_free(&a);
	hostaccess_free(&b);
	hostconf_free(bob);
	hostconf_free(none);
	hostconf_free(db);
	buf_free(&err);
}

/* Set 50 hosts "pN-I" in dir, once the parent closes the pipe; the exit status says all went well. */
static void
setter(const char *state, int n, int go)
{
	struct hostconf *r = make_roles("bob", "carol", "erin");
	struct hostaccess a;
	char host[32], c;
	int i, bad = 0;

	hostaccess_init(&a, state);
	while (read(go, &c, 1) == -1 && errno == EINTR)
		;
	for (i = 0; i < 50; i++) {
		snprintf(host, sizeof(host), "p%d-%02d", n, i);
		bad |= hostaccess_set(&a, host, r) == -1;
	}
	hostaccess_free(&a);
	hostconf_free(r);
	_exit(bad);
}

static void
test_two_processes(void)
{
	struct buf err = BUF_INIT;
	struct hostaccess a;
	char state[4300], host[32];
	int go[2], i, n, st, all = 1;
	pid_t pid[2], w;

	snprintf(state, sizeof(state), "%s/race", dir);
	if (mkdir(state, 0700) == -1 || pipe(go) == -1)
		fail("mkdir, pipe");
	fflush(stdout);
	for (n = 0; n < 2; n++) {
		if ((pid[n] = fork()) == -1)
			fail("fork");
		if (pid[n] == 0) {
			close(go[1]);
			setter(state, n, go[0]);
		}
	}
	close(go[0]);
	close(go[1]);
	for (n = 0; n < 2; n++) {
		while ((w = waitpid(pid[n], &st, 0)) == -1 && errno == EINTR)
			;
		ok(w == pid[n] && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "two processes: the %s's 50 sets all returned 0",
		    n == 0 ? "first" : "second");
	}
	hostaccess_init(&a, state);
	ok(hostaccess_fresh(&a, &err) == 0, "two processes: the file reads");
	is_int(a.hosts.count, 100, "two processes: all 100 entries are there");
	for (n = 0; n < 2; n++)
		for (i = 0; i < 50; i++) {
			snprintf(host, sizeof(host), "p%d-%02d", n, i);
			all &= hostconf_get(&a.hosts, host) != NULL;
		}
	ok(all, "two processes: each one set by name");
	hostaccess_free(&a);
	buf_free(&err);
}

int
main(void)
{
	struct hmap conf = HMAP_INIT;
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/hbaccessXXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL)
		fail("mkdtemp");
	snprintf(path, sizeof(path), "%s/access.json", dir);
	make_conf(&conf);

	test_missing(&conf);
	test_valid(&conf);
	test_bad_entries(&conf);
	test_bad_files(&conf);
	test_fresh(&conf);
	test_set(&conf);
	test_two_processes();

	hostconf_free_all(&conf);
	buf_free(&text);
	rm_tree(dir);
	return done_testing();
}
