/* Unit tests of journal: appends, rotation by size, and the cut of a torn last line. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "journal.h"
#include "tap.h"

static char dir[] = "/tmp/hbjournalXXXXXX";

/* A path in the test's directory; the journal keeps it, so none is reused. */
static const char *
at(const char *name)
{
	static char paths[64][128];
	static int n;
	char *s = paths[n++ % 64];

	snprintf(s, 128, "%s/%s", dir, name);
	return s;
}

static const char *
contents(const char *name)
{
	static struct buf b;

	buf_reset(&b);
	if (file_read(at(name), &b, 1 << 20) == -1)
		return "(missing)";
	return b.p ? b.p : "";
}

int
main(void)
{
	struct journal j;
	enum jsync s;
	int fd;

	if (mkdtemp(dir) == NULL)
		return 1;
	ok(journal_open(&j, at("j")) == 0 && j.size == 0 && j.cut == 0, "open creates");
	j.max_size = 10;
	j.backups = 2;
	ok(journal_write(&j, "aaaa\n", 5) == 0 && journal_write(&j, "bbbb\n", 5) == 0,
	    "two lines fit in 10 bytes");
	is_str(contents("j"), "aaaa\nbbbb\n", "in one file");
	ok(journal_write(&j, "cccc\n", 5) == 0, "a third rotates first");
	is_str(contents("j"), "cccc\n", "the new file has it");
	is_str(contents("j.1"), "aaaa\nbbbb\n", "the old one is .1");
	journal_write(&j, "dddd\neeee\n", 10);
	journal_write(&j, "ffff\n", 5);
	is_str(contents("j.2"), "cccc\n", ".1 became .2");
	is_str(contents("j.1"), "dddd\neeee\n", "a burst is never split");
	journal_write(&j, "gggggggggggg\n", 13);
	is_str(contents("j"), "gggggggggggg\n", "a burst larger than max-size has a file to itself");
	is_str(contents("j.2"), "dddd\neeee\n", "and the oldest went");
	journal_close(&j);

	fd = open(at("torn"), O_WRONLY | O_CREAT, 0644);
	ok(write(fd, "one\ntwo\nthr", 11) == 11, "a torn journal");
	close(fd);
	ok(journal_open(&j, at("torn")) == 0, "open a torn journal");
	is_int((long long)j.cut, 3, "the torn line is cut");
	is_int((long long)j.size, 8, "what is left is whole lines");
	journal_write(&j, "four\n", 5);
	is_str(contents("torn"), "one\ntwo\nfour\n", "and appends go on from there");
	journal_close(&j);
	fd = open(at("nonl"), O_WRONLY | O_CREAT, 0644);
	ok(write(fd, "no newline at all", 17) == 17, "a journal of one torn line");
	close(fd);
	ok(journal_open(&j, at("nonl")) == 0 && j.cut == 17 && j.size == 0,
	    "a file with no newline at all is all torn");
	journal_close(&j);

	ok(journal_sync_parse("batch", &s) == 0 && s == JSYNC_BATCH, "batch");
	ok(journal_sync_parse("never", &s) == -1, "never is no policy");
	ok(journal_open(&j, "/nonexistent/dir/j") == -1, "a missing directory fails");
	unlink(at("j"));
	unlink(at("j.1"));
	unlink(at("j.2"));
	unlink(at("torn"));
	unlink(at("nonl"));
	rmdir(dir);
	return done_testing();
}
