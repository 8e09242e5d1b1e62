/* Unit tests of log: the "prog: what: why" shape, exit codes, and the rate limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "log.h"
#include "tap.h"

static char path[] = "/tmp/hblogXXXXXX";

/* What went to stderr since the last call. */
static const char *
said(void)
{
	static struct buf b = BUF_INIT;

	fflush(stderr);
	buf_reset(&b);
	file_read(path, &b, 1 << 20);
	if (ftruncate(STDERR_FILENO, 0) == -1 ||
	    lseek(STDERR_FILENO, 0, SEEK_SET) == -1)
		return "(cannot truncate)";
	return b.p ? b.p : "";
}

static int
status_of(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(99);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
dies(void)
{
	errno = ENOENT;
	die("open %s:", "/x");
}

static void
usage(void)
{
	usage_exit("hbtest [-v] file");
}

static void
help(void)
{
	if (freopen(path, "w", stdout) == NULL)
		_exit(98);
	usage_help("hbtest [-v] file");
}

int
main(void)
{
	struct ratelimit rl = RATELIMIT_INIT(3, 60);
	int fd, i;

	if ((fd = mkstemp(path)) == -1 || dup2(fd, STDERR_FILENO) == -1)
		return 1;
	log_init("/usr/local/bin/hbtest");
	is_str(log_prog(), "hbtest", "the program name is the last path component");
	warnx("plain %d", 1);
	is_str(said(), "hbtest: plain 1\n", "prog: what");
	errno = EACCES;
	warnx("open %s:", "/etc/x");
	is_str(said(), "hbtest: open /etc/x: Permission denied\n",
	    "a trailing ':' appends strerror(errno)");
	is_int(status_of(dies), 1, "die exits 1");
	is_str(said(), "hbtest: open /x: No such file or directory\n", "die says why");
	is_int(status_of(usage), 2, "usage exits 2");
	is_str(said(), "usage: hbtest [-v] file\n", "usage line");
	is_int(status_of(help), 0, "-h exits 0");
	is_str(said(), "usage: hbtest [-v] file\n", "with the usage line on stdout");

	for (i = 0; i < 10; i++)
		warnx_rl(&rl, "bad datagram %d", i);
	is_str(said(), "hbtest: bad datagram 0\nhbtest: bad datagram 1\n"
	    "hbtest: bad datagram 2\n", "the rate limit lets a burst of 3 through");
	rl.start -= 60;		/* as if the period had passed */
	warnx_rl(&rl, "bad datagram %d", 10);
	is_str(said(), "hbtest: 7 similar messages suppressed\n"
	    "hbtest: bad datagram 10\n", "then tells how many it held back");
	unlink(path);
	fd = dup(STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	return done_testing();
}
