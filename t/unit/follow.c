/* Unit tests of follow: lines in order, rotation, cursors, restarts, pipes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "follow.h"
#include "journal.h"
#include "tap.h"

static char dir[] = "/tmp/hbfollowXXXXXX";

/* A path in the test's directory, good for the next 63 calls. */
static const char *
at(const char *name)
{
	static char paths[64][128];
	static int n;
	char *s = paths[n++ % 64];

	snprintf(s, 128, "%s/%s", dir, name);
	return s;
}

static void
append_n(const char *name, const char *s, size_t n)
{
	int fd;

	if ((fd = open(at(name), O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1 ||
	    write(fd, s, n) != (ssize_t)n)
		diag("append to %s: %s", name, strerror(errno));
	if (fd != -1)
		close(fd);
}

static void
append(const char *name, const char *s)
{
	append_n(name, s, strlen(s));
}

static uint64_t
ino(const char *name)
{
	struct stat st;

	return stat(at(name), &st) == -1 ? 0 : (uint64_t)st.st_ino;
}

/* Every whole line there is now, each with its newline again. */
static const char *
lines(struct follow *f)
{
	static struct buf b;
	const char *s;
	size_t len;

	buf_reset(&b);
	buf_adds(&b, "");
	while ((s = follow_line(f, &len)) != NULL) {
		buf_add(&b, s, len);
		buf_addc(&b, '\n');
	}
	if (f->err)
		diag("follow_line: %s", strerror(f->err));
	return b.p;
}

/* The journal keeps its path: a copy of its own. */
static void
jopen(struct journal *j, const char *name, uint64_t max_size, int backups)
{
	if (journal_open(j, strdup(at(name))) == -1)
		diag("journal_open %s: %s", name, strerror(errno));
	j->max_size = max_size;
	j->backups = backups;
	j->sync = JSYNC_NONE;
}

static void
jclose(struct journal *j)
{
	journal_close(j);
	free((char *)j->path);
}

static void
jwrite(struct journal *j, const char *s)
{
	if (journal_write(j, s, strlen(s)) == -1)
		diag("journal_write: %s", strerror(errno));
}

static void
test_order(void)
{
	struct journal j;
	struct follow f;

	jopen(&j, "a", 0, 0);
	jwrite(&j, "old\n");
	ok(follow_open(&f, at("a"), 0, NULL, 100) == 0, "open without a cursor");
	is_str(lines(&f), "", "it starts at the end: older lines are not read");
	ok(f.at.ino == ino("a") && f.at.off == 4, "the cursor is at the end");
	jwrite(&j, "one\n");
	jwrite(&j, "two\nthree\n");
	is_str(lines(&f), "one\ntwo\nthree\n", "new lines, in order");
	is_int((long long)f.at.off, 18, "the cursor is just past the last");
	append("a", "par");
	is_str(lines(&f), "", "a partial line is not handed out");
	is_int((long long)f.at.off, 18, "and the cursor stays");
	append("a", "tial\n");
	is_str(lines(&f), "partial\n", "it is, whole, once its newline comes");
	follow_close(&f);
	append("a", "half");
	ok(follow_open(&f, at("a"), 0, NULL, 100) == 0,
	    "open while a line is half written");
	is_int((long long)f.at.off, 26, "the cursor is before that line");
	append("a", " line\n");
	is_str(lines(&f), "half line\n", "which is handed out whole");
	follow_close(&f);
	jclose(&j);
}

static void
test_missing(void)
{
	struct follow f;

	ok(follow_open(&f, at("m"), 2, NULL, 100) == 0, "a missing path is no error");
	is_str(lines(&f), "", "nothing to read");
	ok(f.err == 0 && f.fd == -1, "it is waited for");
	append("m", "first\n");
	is_str(lines(&f), "first\n", "once there, it is read from its start");
	ok(f.at.ino == ino("m") && f.at.off == 6, "cursor in it");
	follow_close(&f);
	ok(follow_open(&f, at("nodir/m"), 2, NULL, 100) == 0,
	    "a missing directory is waited for too");
	follow_close(&f);
	ok(follow_open(&f, at("m"), -1, NULL, 100) == -1 && errno == EINVAL,
	    "negative backups: EINVAL");
}

static void
test_resume(void)
{
	struct follow f;
	struct cursor c;

	append("r", "1\n2\n3\n");
	c.ino = ino("r");
	c.off = 2;
	ok(follow_open(&f, at("r"), 0, &c, 100) == 0, "open at a cursor");
	is_str(lines(&f), "2\n3\n", "resumes just after it");
	ok(f.lost == 0, "nothing lost");
	ok(cursor_save(at("r.cur"), &f.at) == 0, "save the cursor");
	follow_close(&f);
	append("r", "4\n");
	ok(cursor_load(at("r.cur"), &c) == 0 && c.ino == ino("r") && c.off == 6,
	    "load it");
	follow_open(&f, at("r"), 0, &c, 100);
	is_str(lines(&f), "4\n", "a restart hands out the next line only");
	follow_close(&f);
	append("r", "5\n");
	follow_open(&f, at("r"), 0, &f.at, 100);
	is_str(lines(&f), "5\n", "reopening at its own f->at works");
	follow_close(&f);

	c.off = 1000;
	follow_open(&f, at("r"), 0, &c, 100);
	is_int((long long)f.lost, 1, "a cursor beyond the end of its file is lost");
	is_str(lines(&f), "1\n2\n3\n4\n5\n", "and the file is read from its start");
	follow_close(&f);
	c.off = 3;
	follow_open(&f, at("r"), 0, &c, 100);
	ok(f.lost == 1 && f.at.off == 0, "so is one that is not after a newline");
	follow_close(&f);
	c.off = 10;
	follow_open(&f, at("r"), 0, &c, 100);
	ok(f.lost == 0 && strcmp(lines(&f), "") == 0,
	    "a cursor at the very end reads nothing");
	follow_close(&f);
}

static void
test_rotation(void)
{
	struct journal j;
	struct follow f;
	uint64_t old;

	jopen(&j, "rot", 15, 3);
	jwrite(&j, "aaaa\n");
	follow_open(&f, at("rot"), 3, NULL, 100);
	is_str(lines(&f), "", "at the end of the journal");
	old = ino("rot");
	jwrite(&j, "bbbb\n");
	jwrite(&j, "cccc\n");
	jwrite(&j, "dddd\n");
	ok(ino("rot.1") == old, "the journal rotated");
	is_str(lines(&f), "bbbb\ncccc\ndddd\n",
	    "the lines left in the old file, then the new file from its start");
	ok(f.at.ino == ino("rot") && f.at.off == 5, "the cursor is in the new file");
	jwrite(&j, "eeee\n");
	jwrite(&j, "ffff\n");
	jwrite(&j, "gggg\n");
	jwrite(&j, "hhhh\n");
	jwrite(&j, "iiii\n");
	jwrite(&j, "jjjj\n");
	ok(ino("rot.2") == f.at.ino, "two rotations between two looks");
	is_str(lines(&f), "eeee\nffff\ngggg\nhhhh\niiii\njjjj\n",
	    "the file between is not skipped");
	follow_close(&f);
	jclose(&j);

	append("mv", "");
	follow_open(&f, at("mv"), 1, NULL, 100);
	append("mv", "x\ntorn");
	is_str(lines(&f), "x\n", "a line, and a torn one");
	rename(at("mv"), at("mv.1"));
	append("mv", "");
	is_str(lines(&f), "", "the new file is empty");
	ok(f.at.ino == ino("mv") && f.at.off == 0,
	    "the cursor is at the start of the new file");
	is_int((long long)f.skipped, 1, "the torn line of the old one was dropped");
	append("mv", "y\n");
	is_str(lines(&f), "y\n", "and the new one is followed");
	rename(at("mv"), at("mv.1"));
	is_str(lines(&f), "", "path gone: wait");
	append("mv", "z\n");
	is_str(lines(&f), "z\n", "and take the new one when it comes");
	follow_close(&f);
}

static void
test_truncated(void)
{
	struct journal j;
	struct follow f;

	append("t", "");
	follow_open(&f, at("t"), 0, NULL, 100);
	append("t", "one\ntw");
	is_str(lines(&f), "one\n", "a line, and a torn one");
	jopen(&j, "t", 0, 0);
	is_int((long long)j.cut, 2, "a restarted writer cuts the torn line");
	jwrite(&j, "three\n");
	is_str(lines(&f), "three\n", "what it writes then is read whole");
	ok(f.lost == 0 && f.skipped == 0, "nothing lost or skipped");
	jclose(&j);
	if (truncate(at("t"), 0) == -1)
		diag("truncate: %s", strerror(errno));
	is_str(lines(&f), "", "a file truncated under the cursor");
	ok(f.lost == 1 && f.at.off == 0, "counts one lost, and starts again at 0");
	append("t", "new\n");
	is_str(lines(&f), "new\n", "the new lines are read");
	follow_close(&f);
}

static void
test_backups(void)
{
	struct journal j;
	struct follow f;
	struct cursor c1, c2;

	jopen(&j, "b", 10, 3);
	jwrite(&j, "1111\n");
	jwrite(&j, "2222\n");
	c1.ino = ino("b");
	c1.off = 5;
	jwrite(&j, "3333\n");
	jwrite(&j, "4444\n");
	c2.ino = ino("b");
	c2.off = 5;
	jwrite(&j, "5555\n");
	jwrite(&j, "6666\n");
	ok(ino("b.2") == c1.ino && ino("b.1") == c2.ino,
	    "the cursors' files are b.2 and b.1");
	ok(follow_open(&f, at("b"), 3, &c1, 100) == 0, "open at a cursor in b.2");
	is_str(lines(&f), "2222\n3333\n4444\n5555\n6666\n",
	    "its rest, then b.1, then b");
	ok(f.lost == 0 && f.at.ino == ino("b") && f.at.off == 10,
	    "the cursor ends in b");
	jwrite(&j, "7777\n");
	is_str(lines(&f), "7777\n", "and rotations go on being followed");
	follow_close(&f);
	ok(follow_open(&f, at("b"), 3, &c2, 100) == 0, "open at a cursor now in b.2");
	is_str(lines(&f), "4444\n5555\n6666\n7777\n", "through to b");
	follow_close(&f);
	ok(follow_open(&f, at("b"), 1, &c1, 100) == 0, "a follower told of one backup");
	is_int((long long)f.lost, 1, "does not find b.2");
	is_str(lines(&f), "5555\n6666\n7777\n",
	    "and starts at the oldest it looks in");
	follow_close(&f);
	jclose(&j);
}

static void
test_gone(void)
{
	struct journal j;
	struct follow f;
	struct cursor c;
	int keep;

	jopen(&j, "g", 10, 1);
	jwrite(&j, "1111\n2222\n");
	c.ino = ino("g");
	c.off = 5;
	/* held open, so that no new file takes its inode number */
	keep = open(at("g"), O_RDONLY);
	jwrite(&j, "3333\n");
	jwrite(&j, "4444\n");
	jwrite(&j, "5555\n");
	ok(ino("g.1") != c.ino && ino("g") != c.ino, "the cursor's file is gone");
	ok(follow_open(&f, at("g"), 1, &c, 100) == 0, "open at that cursor");
	is_int((long long)f.lost, 1, "one lost");
	is_str(lines(&f), "3333\n4444\n5555\n", "starts at the oldest file there is");
	follow_close(&f);
	ok(follow_open(&f, at("nothing"), 1, &c, 100) == 0 && f.lost == 1,
	    "no file at all: lost, and waited for");
	append("nothing", "x\n");
	is_str(lines(&f), "x\n", "read from its start");
	follow_close(&f);
	close(keep);
	jclose(&j);
}

static void
test_overlong(void)
{
	struct follow f;
	const char *s;
	char *big;
	size_t len, n = 300 << 10;

	append("o", "");
	follow_open(&f, at("o"), 0, NULL, 8);
	append("o", "short\nxxxxxxxxxxxxxxxxxxxx\nnext\n");
	is_str(lines(&f), "short\nnext\n", "a line longer than max_line is skipped");
	is_int((long long)f.skipped, 1, "and counted");
	append("o", "12345678\n123456789\n");
	is_str(lines(&f), "12345678\n", "max_line bytes pass, one more does not");
	append("o", "yyyyyyyyyy");
	is_str(lines(&f), "", "an overlong line in pieces");
	append("o", "yyy\nafter\n");
	is_str(lines(&f), "after\n", "is skipped whole");
	is_int((long long)f.skipped, 3, "and counted once");
	is_int((long long)f.at.off, 71, "the cursor is past the next line");
	append_n("o", "a\0b\n", 4);
	s = follow_line(&f, &len);
	ok(s != NULL && len == 3 && memcmp(s, "a\0b", 4) == 0,
	    "a NUL byte is handed out as it is");
	follow_close(&f);

	big = malloc(n + 1);
	memset(big, 'z', n);
	big[n] = '\n';
	append("o2", "");
	follow_open(&f, at("o2"), 0, NULL, 1000);
	append_n("o2", big, n + 1);
	append("o2", "end\n");
	is_str(lines(&f), "end\n", "a line of 300 KiB is skipped");
	ok(f.buf.cap <= 2 * (1000 + (64 << 10) + 1), "without being held (%zu bytes)",
	    f.buf.cap);
	follow_close(&f);
	free(big);
}

static void
test_pipe(void)
{
	struct follow f;
	const char *s;
	size_t len;
	int p[2];

	if (pipe(p) == -1)
		return;
	follow_fd(&f, p[0], 100);
	ok(write(p[1], "hel", 3) == 3, "half a line into a pipe");
	ok(follow_line(&f, &len) == NULL && !f.eof && f.err == 0, "is no line");
	ok(write(p[1], "lo\nwor", 6) == 6, "the rest, and half of another");
	s = follow_line(&f, &len);
	is_str(s, "hello", "the first line");
	ok(write(p[1], "ld\na\nb\n", 7) == 7, "more lines");
	is_str(follow_line(&f, &len), "world", "the second");
	is_str(follow_line(&f, &len), "a", "the third");
	is_str(follow_line(&f, &len), "b", "the fourth, without a read");
	ok(write(p[1], "tail", 4) == 4, "a last line without newline");
	close(p[1]);
	ok(follow_line(&f, &len) == NULL && !f.eof, "a read, no line");
	ok(follow_line(&f, &len) == NULL && f.eof, "end of file");
	is_int((long long)f.skipped, 1, "the unfinished line is dropped");
	is_int((long long)f.at.off, 16, "the bytes of the lines handed out");
	ok(follow_line(&f, &len) == NULL && f.eof && f.err == 0,
	    "and it stays at its end");
	follow_close(&f);
	ok(fcntl(p[0], F_GETFD) != -1, "the descriptor is the caller's");
	close(p[0]);
}

/* A cursor file of these n bytes is refused. */
static void
bad_cursor(const char *s, size_t n, const char *what)
{
	static int k;
	struct cursor c;
	char name[16];

	snprintf(name, sizeof(name), "junk%d", k++);
	append_n(name, s, n);
	errno = 0;
	ok(cursor_load(at(name), &c) == -1 && errno == EINVAL, "%s: EINVAL", what);
}

static void
test_cursor_files(void)
{
	struct cursor c = { 123456789012ULL, 42 }, d = { 1, 1 };
	struct buf b = BUF_INIT;

	ok(cursor_save(at("c"), &c) == 0, "cursor_save");
	file_read(at("c"), &b, 100);
	is_str(b.p, "123456789012 42\n", "as \"ino off\"");
	buf_free(&b);
	ok(cursor_load(at("c"), &d) == 0 && d.ino == c.ino && d.off == c.off,
	    "cursor_load reads it back");
	c.ino = c.off = UINT64_MAX;
	ok(cursor_save(at("c"), &c) == 0 && cursor_load(at("c"), &d) == 0 &&
	    d.ino == UINT64_MAX && d.off == UINT64_MAX, "the largest numbers");
	ok(cursor_load(at("nocursor"), &d) == 0 && d.ino == 0 && d.off == 0,
	    "a missing file is no cursor");
	bad_cursor("hello\n", 6, "garbage");
	bad_cursor("12 34", 5, "no newline");
	bad_cursor("12 -34\n", 7, "a sign");
	bad_cursor("18446744073709551616 1\n", 23, "2^64");
	bad_cursor("1 2\n3\n", 6, "more after");
	bad_cursor("1 2\n\0", 5, "a NUL");
	bad_cursor("00000000000000000000000000000000000000000000000000001 2\n"
	    "00000000000000000000000000000000000000000000000000000000000\n", 116,
	    "a file too long");
	ok(cursor_save(at("nodir/c"), &c) == -1, "cursor_save into no directory");
}

static uint32_t seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

/* Read at most n lines, saving the cursor after each, as a program would. */
static void
run(struct buf *got, unsigned n, uint64_t *lost)
{
	struct follow f;
	struct cursor c;
	const char *s;
	size_t len;

	if (cursor_load(at("s.cur"), &c) == -1 ||
	    follow_open(&f, at("s"), 3, &c, 100) == -1) {
		diag("open: %s", strerror(errno));
		return;
	}
	cursor_save(at("s.cur"), &f.at);
	while (n-- > 0 && (s = follow_line(&f, &len)) != NULL) {
		buf_add(got, s, len);
		buf_addc(got, '\n');
		cursor_save(at("s.cur"), &f.at);
	}
	*lost += f.lost + f.skipped;
	follow_close(&f);
}

static void
test_restart(void)
{
	struct buf want = BUF_INIT, got = BUF_INIT;
	struct journal j;
	uint64_t lost = 0;
	char line[32];
	int i = 0, k, round;

	jopen(&j, "s", 60, 3);
	buf_adds(&got, "");
	run(&got, 0, &lost);
	/* fewer lines written than read, on average: it never falls 3 files behind */
	for (round = 0; round < 60; round++) {
		for (k = rnd(8); k > 0; k--) {
			snprintf(line, sizeof(line), "line %03d\n", i++);
			jwrite(&j, line);
			buf_adds(&want, line);
		}
		run(&got, rnd(12), &lost);
	}
	run(&got, 1000, &lost);
	ok(i > 150 && strcmp(got.p, want.p) == 0,
	    "%d lines, 60 restarts: each handed out once, in order", i);
	is_int((long long)lost, 0, "none lost or skipped");
	jclose(&j);
	buf_free(&want);
	buf_free(&got);
}

static size_t
differ(const struct buf *a, const struct buf *b)
{
	size_t i;

	for (i = 0; i < a->len && i < b->len && a->p[i] == b->p[i]; i++)
		;
	return i;
}

/* Another process writes and rotates while this one follows (and restarts). */
static void
test_concurrent(void)
{
	struct buf want = BUF_INIT, got = BUF_INIT;
	struct journal j;
	struct follow f;
	const char *s;
	char line[32];
	size_t len;
	pid_t pid;
	uint64_t lost = 0;
	int i, k, n = 3000, ended = 0, restarts = 0;

	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "line %05d\n", i);
		buf_adds(&want, line);
	}
	append("w", "");
	follow_open(&f, at("w"), 200, NULL, 100);
	if ((pid = fork()) == 0) {
		jopen(&j, "w", 330, 200);
		for (i = 0; i < n; i += k) {
			if ((k = 1 + rnd(3)) > n - i)
				k = n - i;
			journal_write(&j, want.p + 11 * i, 11 * (size_t)k);
		}
		_exit(0);
	}
	buf_adds(&got, "");
	while (got.len < want.len && f.err == 0) {
		if ((s = follow_line(&f, &len)) == NULL) {
			/* caught up with a writer that had ended: that is all */
			if (ended)
				break;
			ended = waitpid(pid, NULL, WNOHANG) == pid;
			continue;
		}
		buf_add(&got, s, len);
		buf_addc(&got, '\n');
		if (rnd(300) == 0) {
			lost += f.lost + f.skipped;
			follow_close(&f);
			follow_open(&f, at("w"), 200, &f.at, 100);
			restarts++;
		}
	}
	if (!ended)
		waitpid(pid, NULL, 0);
	if (!ok(strcmp(got.p, want.p) == 0,
	    "%d lines written and rotated meanwhile, %d restarts: each handed "
	    "out once, in order",
	    n, restarts))
		diag("the first difference is in line %zu", differ(&got, &want) / 11);
	lost += f.lost + f.skipped;
	ok(lost == 0 && f.err == 0, "none lost or skipped");
	follow_close(&f);
	buf_free(&want);
	buf_free(&got);
}

static void
cleanup(void)
{
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(at(e->d_name));
	closedir(d);
	rmdir(dir);
}

/* The lowest free descriptor: the same at the end as at the start. */
static int
free_fd(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

int
main(void)
{
	int fd0 = free_fd();

	if (mkdtemp(dir) == NULL)
		return 1;
	test_order();
	test_missing();
	test_resume();
	test_rotation();
	test_truncated();
	test_backups();
	test_gone();
	test_overlong();
	test_pipe();
	test_cursor_files();
	test_restart();
	test_concurrent();
	is_int(free_fd(), fd0, "no descriptor left open");
	cleanup();
	return done_testing();
}
