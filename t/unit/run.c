/*
 * Unit tests of run: commands run side by side (output, exit status,
 * signals, start failures, the timeout and the process groups it kills,
 * what they inherit and what not), the command line splitter, standard
 * input fed while output is read (no deadlock beyond a pipe's buffer),
 * commands that leave input unread (no SIGPIPE, no hang), the timeout
 * over all that, and env entries.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hbtime.h"
#include "num.h"
#include "run.h"
#include "tap.h"

#define BIG	(200u << 10)	/* beyond a pipe's buffer (64 KiB on Linux) */
#define MEG	(1u << 20)

#define CLOSER	"exec <&-; sleep 0.2"

static char big[MEG];

/* A command of up to three words (a1, a2 may be NULL), fed in. */
static struct run
cmd(const char *a0, const char *a1, const char *a2, const void *in,
    size_t in_len)
{
	static char *argv[16][4];
	static int next;
	char **v = argv[next++ % 16];
	struct run r;

	memset(&r, 0, sizeof(r));
	v[0] = (char *)a0;
	v[1] = (char *)a1;
	v[2] = (char *)a2;
	v[3] = NULL;
	r.argv = v;
	r.in = in;
	r.in_len = in_len;
	return r;
}

/* The number a command printed (wc -c's, blanks around), or -1. */
static double
printed(const struct run *r)
{
	const char *s;
	size_t len;
	double v;

	s = first_line(r->out.p, r->out.len, 64, &len);
	v = num_span(s, len, 0, 1e12);
	return isnan(v) ? -1 : v;
}

/* argv_split's words joined by '|', or "ERR why". */
static const char *
split(const char *line)
{
	static struct buf b;
	const char *why;
	char **v;
	size_t i;

	buf_reset(&b);
	if (argv_split(line, &v, &why) == -1) {
		buf_printf(&b, "ERR %s", why);
		return b.p;
	}
	for (i = 0; v[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", v[i]);
	argv_free(v);
	return b.p;
}

/* Is the process gone (or a zombie nobody of ours need reap)? Waits up to 2 s. */
static int
gone(pid_t pid)
{
	char path[64], stat[256];
	double until = time_now() + 2;
	FILE *f;
	char *rp;

	do {
		if (kill(pid, 0) == -1 && errno == ESRCH)
			return 1;
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		if ((f = fopen(path, "r")) != NULL) {
			stat[0] = '\0';
			if (fgets(stat, sizeof(stat), f) == NULL)
				stat[0] = '\0';
			fclose(f);
			if ((rp = strrchr(stat, ')')) != NULL && rp[1] == ' ' &&
			    rp[2] == 'Z')
				return 1;
		}
		poll(NULL, 0, 20);
	} while (time_now() < until);
	return 0;
}

/* A pid a command printed, into *v: a whole number up to 2^30? */
static int
num_ll_ok(const char *s, long long *v)
{
	const char *why;

	return num_ll(s, 1, 1 << 30, v, &why) == 0;
}

static void
test_split(void)
{
	is_str(split("a b  c"), "a|b|c", "blanks separate words");
	is_str(split(" \t/bin/echo  'hello world'  "), "/bin/echo|hello world",
	    "single quotes group, blanks around are dropped");
	is_str(split("\"a \\\"q\\\" \\\\ \\n\""), "a \"q\" \\ \\n",
	    "in double quotes \\\" and \\\\ escape, other backslashes stay");
	is_str(split("'it\\'s"), "it\\s",
	    "a backslash in single quotes is literal: it does not escape the quote");
	is_str(split("'a\\b' c"), "a\\b|c", "single quotes keep backslashes");
	is_str(split("a\\ b c\\'d"), "a b|c'd",
	    "a backslash outside quotes escapes the next character");
	is_str(split("x'y z'\"w\"v"), "xy zwv", "quoted parts join a word");
	is_str(split("'' \"\" x"), "||x", "empty quotes make empty words");
	is_str(split("check_disk -w 20% -c 10% -p /"),
	    "check_disk|-w|20%|-c|10%|-p|/", "a Nagios command line");
	is_str(split("a 'b"), "ERR unterminated quote", "unterminated '");
	is_str(split("a \"b\\\""), "ERR unterminated quote",
	    "unterminated \" (its last quote escaped)");
	is_str(split(""), "ERR empty command", "an empty line");
	is_str(split(" \t "), "ERR empty command", "a blank line");
	is_str(split("abc\\"), "ERR backslash at the end",
	    "a backslash at the end");
}

static void
test_run(void)
{
	char dir[] = "/tmp/hbrunXXXXXX";
	struct run r[8];
	pid_t mine;
	double t0, took;
	int fds[2], i;
	char line[64];
	long long v;
	FILE *f;

	/* a child of the caller's own, which run_all must leave alone */
	if ((mine = fork()) == 0)
		_exit(7);
	poll(NULL, 0, 50);

	r[0] = cmd("echo", "hello", "world", NULL, 0);
	r[1] = cmd("sh", "-c", "echo oops >&2; exit 3", NULL, 0);
	r[2] = cmd("sh", "-c", "kill -9 $$", NULL, 0);
	r[3] = cmd("/nonexistent/command", NULL, NULL, NULL, 0);
	r[4] = cmd("hb-no-such-command", NULL, NULL, NULL, 0);
	r[5] = cmd("sh", "-c", "head -c 1048576 /dev/zero; echo done >&2",
	    NULL, 0);
	r[6] = cmd("sh", "-c", "cat; echo end", NULL, 0);
	r[7] = cmd("sleep", "0.3", NULL, NULL, 0);
	t0 = time_now();
	is_int(run_all(r, 8, 10), 0, "run_all");
	took = time_now() - t0;
	ok(took < 2, "eight commands at once, in %.2fs", took);
	is_str(r[0].out.p, "hello world\n", "stdout");
	ok(r[0].started && r[0].status == 0 && r[0].signal == 0 &&
	    !r[0].timed_out && !r[0].truncated, "status 0, nothing else");
	is_str(r[0].err.p, "", "stderr empty, but a string");
	is_str(r[1].out.p, "", "only stderr: stdout empty");
	is_str(r[1].err.p, "oops\n", "stderr");
	is_int(r[1].status, 3, "exit status 3");
	is_int(r[2].signal, SIGKILL, "killed by a signal");
	is_int(r[2].status, -1, "and no exit status");
	ok(!r[2].timed_out, "not at the timeout");
	ok(!r[3].started && r[3].err_no == ENOENT, "a missing path: ENOENT");
	ok(!r[4].started && r[4].err_no == ENOENT, "missing from PATH: ENOENT");
	is_int((long long)r[5].out.len, RUN_OUTPUT_MAX, "1 MB: 64 KiB kept");
	ok(r[5].truncated && r[5].out_truncated, "truncated");
	ok(r[5].status == 0 && !r[5].timed_out, "the writer was not blocked");
	is_str(r[5].err.p, "done\n", "and its stderr came through");
	is_str(r[6].out.p, "end\n", "stdin is /dev/null");
	ok(r[7].duration >= 0.29 && r[7].duration < 1.5, "duration %.3fs",
	    r[7].duration);
	is_int(waitpid(mine, &i, WNOHANG), mine, "another child stays ours");
	for (i = 0; i < 8; i++)
		run_free(&r[i]);

	/* a read that crosses the limit keeps the part that fits */
	r[0] = cmd("sh", "-c", "head -c 65436 /dev/zero; sleep 0.1; "
	    "head -c 200 /dev/zero", NULL, 0);
	run_all(r, 1, 10);
	is_int((long long)r[0].out.len, RUN_OUTPUT_MAX,
	    "the limit reached across two writes: 64 KiB kept");
	ok(r[0].truncated, "and the rest dropped");
	run_free(&r[0]);

	r[0] = cmd("sh", "-c", "sleep 30 & echo $!; sleep 30", NULL, 0);
	r[1] = cmd("sh", "-c", "sleep 30 >/dev/null & echo started", NULL, 0);
	r[2] = cmd("sh", "-c",
	    "sleep 31 >/dev/null 2>&1 & echo $!; exec 1>&- 2>&-; wait",
	    NULL, 0);
	t0 = time_now();
	run_all(r, 3, 0.3);
	took = time_now() - t0;
	ok(took >= 0.29 && took < 1.5, "a timeout of 0.3s took %.2fs", took);
	ok(r[0].timed_out && r[0].signal == SIGKILL && r[0].status == -1,
	    "timed out, killed");
	v = 0;
	snprintf(line, sizeof(line), "%s", r[0].out.p);
	line[strcspn(line, "\n")] = '\0';
	ok(num_ll_ok(line, &v) && gone((pid_t)v),
	    "with its process group: the sleep in the background is gone");
	ok(!r[1].timed_out && r[1].status == 0, "a command that left a child "
	    "behind finished in time");
	is_str(r[1].out.p, "started\n", "its output");
	ok(r[2].timed_out, "pipes closed early, still running: timed out");
	snprintf(line, sizeof(line), "%s", r[2].out.p);
	line[strcspn(line, "\n")] = '\0';
	ok(num_ll_ok(line, &v) && gone((pid_t)v), "and its group is gone");
	for (i = 0; i < 3; i++)
		run_free(&r[i]);

	/* descriptors of ours reach no command, whatever their flags */
	if (pipe(fds) == 0 && dup2(fds[0], 57) == 57) {
		r[0] = cmd("sh", "-c",
		    "test -e /dev/fd/57 && echo leaked || echo closed",
		    NULL, 0);
		run_all(r, 1, 5);
		is_str(r[0].out.p, "closed\n", "descriptors above 2 are not inherited");
		run_free(&r[0]);
		close(57);
		close(fds[0]);
		close(fds[1]);
	} else
		ok(0, "pipe");
	/* ignored by the collector, but the command gets the default */
	signal(SIGINT, SIG_IGN);
	r[0] = cmd("sh", "-c", "kill -INT $$; echo survived", NULL, 0);
	run_all(r, 1, 5);
	is_int(r[0].signal, SIGINT, "ignored signals are reset to the default");
	run_free(&r[0]);
	signal(SIGINT, SIG_DFL);

	/* a script but for its mode, and a directory: neither runs */
	if (mkdtemp(dir) != NULL) {
		snprintf(line, sizeof(line), "%s/noexec", dir);
		if ((f = fopen(line, "w")) != NULL) {
			fputs("#!/bin/sh\necho hi\n", f);
			fclose(f);
		}
		chmod(line, 0644);
		r[0] = cmd(line, NULL, NULL, NULL, 0);
		r[1] = cmd(dir, NULL, NULL, NULL, 0);
		run_all(r, 2, 5);
		ok(!r[0].started && r[0].err_no == EACCES,
		    "not executable: EACCES");
		ok(!r[1].started && r[1].err_no == EACCES,
		    "a directory: EACCES");
		run_free(&r[0]);
		run_free(&r[1]);
		unlink(line);
		rmdir(dir);
	} else
		ok(0, "mkdtemp");
	memset(&r[0], 0, sizeof(r[0]));
	is_int(run_all(r, 1, 5), 0, "no argv");
	ok(!r[0].started && r[0].err_no == EINVAL, "cannot start: EINVAL");
	run_free(&r[0]);
	is_int(run_all(NULL, 0, 5), 0, "no command at all");
}

static void
test_input(void)
{
	static const char text[] = "hello\nworld \0 and a NUL\n";
	struct run r[5];
	double t0, took;
	int i;

	r[0] = cmd("cat", NULL, NULL, text, sizeof(text) - 1);
	r[1] = cmd("wc", "-c", NULL, big, BIG);
	r[2] = cmd("cat", NULL, NULL, big, BIG);
	r[3] = cmd("sh", "-c", "head -c 300000 /dev/zero >&2; wc -c", big, BIG);
	r[4] = cmd("head", "-c", "10", big, MEG);
	t0 = time_now();
	is_int(run_all(r, 5, 10), 0, "run_all with input");
	took = time_now() - t0;
	ok(took < 3, "five fed at once, in %.2fs", took);
	ok(r[0].out.len == sizeof(text) - 1 &&
	    memcmp(r[0].out.p, text, sizeof(text) - 1) == 0,
	    "cat gives the input back, a NUL in it too");
	ok(r[0].status == 0 && !r[0].in_short && !r[0].timed_out,
	    "status 0, all of it written");
	is_int((long long)printed(&r[1]), BIG, "200 KB through wc -c: all counted");
	ok(r[1].status == 0 && !r[1].in_short, "and all written");
	is_int((long long)r[2].out.len, RUN_OUTPUT_MAX,
	    "200 KB through cat, writing while we write: 64 KiB kept");
	ok(memcmp(r[2].out.p, big, RUN_OUTPUT_MAX) == 0,
	    "the first 64 KiB, as they were fed");
	ok(r[2].out_truncated && r[2].status == 0 && !r[2].in_short &&
	    !r[2].timed_out, "the rest dropped, no deadlock, all written");
	is_int((long long)printed(&r[3]), BIG,
	    "300 KB on stderr before it reads: its input still all counted");
	ok(r[3].truncated && !r[3].out_truncated && r[3].status == 0,
	    "stderr truncated, stdout not");
	ok(r[4].out.len == 10 && memcmp(r[4].out.p, big, 10) == 0,
	    "head -c 10 of 1 MB: 10 bytes");
	ok(r[4].in_short && r[4].status == 0,
	    "it closed its stdin early: in_short, status 0");
	for (i = 0; i < 5; i++)
		run_free(&r[i]);
}

static void
test_unread(void)
{
	struct run r[2];
	sigset_t mask, pending;
	double t0, took;

	r[0] = cmd("true", NULL, NULL, big, MEG);
	t0 = time_now();
	run_all(r, 1, 10);
	took = time_now() - t0;
	ok(took < 3, "true fed 1 MB returns promptly (%.2fs)", took);
	ok(r[0].status == 0 && r[0].in_short && !r[0].timed_out,
	    "status 0, in_short");
	run_free(&r[0]);
	/* alive with stdin closed: our next write fails for sure */
	r[0] = cmd("sh", "-c", CLOSER, big, MEG);
	run_all(r, 1, 10);
	ok(r[0].status == 0 && r[0].in_short && !r[0].timed_out,
	    "one that closes its stdin and lives on: status 0, in_short");
	ok(1, "and SIGPIPE did not kill us");
	sigprocmask(SIG_SETMASK, NULL, &mask);
	ok(!sigismember(&mask, SIGPIPE), "SIGPIPE is unblocked again");
	run_free(&r[0]);

	/* a caller that blocks SIGPIPE gets none of ours, but keeps its own */
	sigemptyset(&mask);
	sigaddset(&mask, SIGPIPE);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	r[0] = cmd("sh", "-c", CLOSER, big, MEG);
	run_all(r, 1, 10);
	sigpending(&pending);
	ok(r[0].in_short && !sigismember(&pending, SIGPIPE),
	    "SIGPIPE blocked by the caller: none of ours left pending");
	raise(SIGPIPE);
	run_all(r, 1, 10);
	sigpending(&pending);
	ok(r[0].in_short && sigismember(&pending, SIGPIPE),
	    "the caller's own stays pending");
	sigprocmask(SIG_SETMASK, NULL, &mask);
	ok(sigismember(&mask, SIGPIPE), "and blocked");
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_DFL);
	run_free(&r[0]);

	r[0] = cmd("sleep", "30", NULL, big, MEG);
	r[1] = cmd("cat", NULL, NULL, NULL, 0);
	t0 = time_now();
	run_all(r, 2, 0.5);
	took = time_now() - t0;
	ok(took >= 0.49 && took < 2, "a sleeper fed 1 MB: the timeout of 0.5s "
	    "holds (%.2fs)", took);
	ok(r[0].timed_out && r[0].signal == SIGKILL && r[0].in_short,
	    "killed at the timeout, input short");
	ok(r[1].out.len == 0 && r[1].status == 0 && !r[1].in_short &&
	    !r[1].timed_out, "in NULL: cat reads /dev/null, at once");
	ok(r[1].duration < 0.4, "not at the timeout (%.2fs)", r[1].duration);
	run_free(&r[0]);
	run_free(&r[1]);

	r[0] = cmd("cat", NULL, NULL, "", 0);
	run_all(r, 1, 5);
	ok(r[0].out.len == 0 && r[0].status == 0 && !r[0].in_short &&
	    !r[0].timed_out, "an empty input: EOF at once");
	run_free(&r[0]);
	r[0] = cmd("/nonexistent/command", NULL, NULL, "x", 1);
	run_all(r, 1, 5);
	ok(!r[0].started && r[0].err_no == ENOENT && r[0].in_short,
	    "not started: its input is short");
	run_free(&r[0]);
}

static void
test_env(void)
{
	char *const x[] = { "HB_X=1", NULL };
	char *const over[] = { "HB_Y=over", "HB_Z=a=b", NULL };
	char *const bad[] = { "HB_X=1", "NOEQUALS", NULL };
	char *const noname[] = { "=x", NULL };
	char *const path[] = { "PATH=/nonexistent", NULL };
	struct run r[6];
	int i;

	setenv("HB_Y", "inherited", 1);
	unsetenv("HB_X");
	r[0] = cmd("sh", "-c", "printf %s \"$HB_X\"", NULL, 0);
	r[0].env = x;
	r[1] = cmd("sh", "-c", "printf '%s %s' \"$HB_Y\" \"$HB_Z\"", NULL, 0);
	r[1].env = over;
	r[2] = cmd("sh", "-c", "printf %s \"$HB_Y\"", NULL, 0);
	r[3] = cmd("true", NULL, NULL, NULL, 0);
	r[3].env = bad;
	r[4] = cmd("true", NULL, NULL, NULL, 0);
	r[4].env = noname;
	r[5] = cmd("cat", NULL, NULL, NULL, 0);
	r[5].env = path;
	is_int(run_all(r, 6, 10), 0, "run_all with env");
	is_str(r[0].out.p, "1", "HB_X=1 from env");
	is_str(r[1].out.p, "over a=b", "an entry replaces an inherited one; "
	    "a value may hold '='");
	is_str(r[2].out.p, "inherited", "without env, the inherited one");
	ok(!r[3].started && r[3].err_no == EINVAL, "an entry without '=': EINVAL");
	ok(!r[4].started && r[4].err_no == EINVAL, "an entry without a name: EINVAL");
	ok(!r[5].started && r[5].err_no == ENOENT,
	    "a PATH of env is the one searched");
	is_str(getenv("HB_Y"), "inherited", "our environment is untouched");
	ok(getenv("HB_X") == NULL, "HB_X is not ours");
	for (i = 0; i < 6; i++)
		run_free(&r[i]);
	unsetenv("HB_Y");
}

int
main(void)
{
	size_t i;

	/* not periodic in 64 KiB, so that a slip would show */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 % 251);
	test_split();
	test_run();
	test_input();
	test_unread();
	test_env();
	return done_testing();
}
