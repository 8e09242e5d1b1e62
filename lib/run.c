/* run: commands side by side, fed their input, bounded in time and output. */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "hbtime.h"
#include "num.h"
#include "run.h"

#define KILL_GRACE	1.0	/* seconds for killed processes to die */
#define BACKOFF_MAX	64	/* ms between looks at a child owing its status */
#define CHUNK		16384	/* bytes per read */
#define FEED		65536	/* bytes per write of the input, at most */
#define DRAIN_READS	8	/* reads of a pipe after the kill */
#define ORPHANS_MAX	32
#define BLANKS		" \t\r\n"

/* One command while it runs. */
struct proc {
	pid_t	 pid;		/* 0: not started, or reaped */
	pid_t	 pgid;		/* its group, which outlives it */
	int	 fd[2];		/* stdout's and stderr's read ends; -1 at EOF */
	int	 in;		/* stdin's write end; -1 when done with it */
	size_t	 in_off;	/* bytes of the input written */
	double	 start;
};

/*
 * Children killed that did not die within KILL_GRACE (stuck in the
 * kernel, as on a dead NFS server): reaped by a later call, so they do
 * not stay zombies and we do not wait for them now.
 */
static pid_t orphans[ORPHANS_MAX];

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

static int
cloexec_pipe(int p[2])
{
	if (pipe(p) == -1)
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * Whatever descriptors the caller holds (sockets, hbsend's collector's
 * pipes, the other commands' stdin), none may reach a command: mark
 * every one above 2 close-on-exec. Listing /dev/fd is quick where it
 * exists; else try them all, up to a bound.
 */
static void
cloexec_all(void)
{
	struct dirent *e;
	const char *why;
	long long fd;
	long max;
	DIR *d;

	if ((d = opendir("/dev/fd")) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (num_ll(e->d_name, 3, INT_MAX, &fd, &why) == 0 &&
			    fd != dirfd(d))
				fcntl((int)fd, F_SETFD, FD_CLOEXEC);
		closedir(d);
		return;
	}
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/* Is every entry of env "NAME=value", with a name? */
static int
env_valid(char *const *env)
{
	const char *eq;

	for (; env != NULL && *env != NULL; env++)
		if ((eq = strchr(*env, '=')) == NULL || eq == *env)
			return 0;
	return 1;
}

/*
 * In the child, whose environment is its own (the callers have no other
 * threads to hold the allocator's lock): set each "NAME=value" of env,
 * checked by env_valid before the fork. setenv, as putenv is not in
 * POSIX's base. 0, or -1 (errno).
 */
static int
env_apply(char *const *env)
{
	const char *eq;
	char *name;

	for (; env != NULL && *env != NULL; env++) {
		eq = strchr(*env, '=');
		if ((name = strndup(*env, (size_t)(eq - *env))) == NULL ||
		    setenv(name, eq + 1, 1) == -1)
			return -1;
		free(name);
	}
	return 0;
}

/*
 * In the child: become the command, its input from in (-1: /dev/null),
 * or tell the parent why not over st.
 */
static void __attribute__((noreturn))
child(const struct run *r, int in, int out, int err, int st)
{
	/* what the caller catches or ignores is not the command's business */
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM,
	    SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2 };
	sigset_t none;
	size_t i;
	int e;

	setpgid(0, 0);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (env_apply(r->env) == -1)
		goto fail;
	/* all above 2 first, so that no dup2 below lands on another */
	if ((in == -1 &&
	    (in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) ||
	    (in = fcntl(in, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (out = fcntl(out, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (err = fcntl(err, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (st = fcntl(st, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		goto fail;
	cloexec_all();
	/* after env_apply, so that a PATH of env is the one searched */
	if (strchr(r->argv[0], '/') != NULL)
		execv(r->argv[0], r->argv);
	else
		execvp(r->argv[0], r->argv);
fail:
	e = errno;
	while (write(st, &e, sizeof(e)) == -1 && errno == EINTR)
		;
	_exit(127);
}

/* Fork and exec one command; the status pipe says whether exec worked. */
static void
spawn(struct run *r, struct proc *pr)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	int st[2] = { -1, -1 }, e;
	ssize_t n;

	if (r->argv == NULL || r->argv[0] == NULL || !env_valid(r->env)) {
		r->err_no = EINVAL;
		return;
	}
	if ((r->in != NULL && cloexec_pipe(in) == -1) ||
	    cloexec_pipe(out) == -1 || cloexec_pipe(err) == -1 ||
	    cloexec_pipe(st) == -1 || (pr->pid = fork()) == -1) {
		r->err_no = errno;
		pr->pid = 0;
		goto done;
	}
	if (pr->pid == 0)
		child(r, in[0], out[1], err[1], st[1]);
	pr->start = time_mono();
	/* the child does so too; whichever comes first, the group exists */
	setpgid(pr->pid, pr->pid);
	pr->pgid = pr->pid;
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&err[1]);
	close_fd(&st[1]);
	do
		n = read(st[0], &e, sizeof(e));
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)sizeof(e)) {
		while (waitpid(pr->pid, NULL, 0) == -1 && errno == EINTR)
			;
		pr->pid = 0;
		r->err_no = e;
		goto done;
	}
	r->started = 1;
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	pr->fd[0] = out[0];
	pr->fd[1] = err[0];
	out[0] = err[0] = -1;
	/* no input at all: closed now, the command reads EOF at once */
	if (r->in_len > 0) {
		fcntl(in[1], F_SETFL, O_NONBLOCK);
		pr->in = in[1];
		in[1] = -1;
	}
done:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	close_fd(&st[0]);
	close_fd(&st[1]);
}

/* Read once from a pipe; what is beyond RUN_OUTPUT_MAX is dropped. 1 at EOF. */
static int
pull(int fd, struct buf *b, struct run *r, int is_out)
{
	char chunk[CHUNK];
	size_t keep;
	ssize_t n;

	do
		n = read(fd, chunk, sizeof(chunk));
	while (n == -1 && errno == EINTR);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0)
		return 1;
	keep = b->len < RUN_OUTPUT_MAX ? RUN_OUTPUT_MAX - b->len : 0;
	if (keep > (size_t)n)
		keep = (size_t)n;
	/* the part that still fits is kept, even from a chunk that overflows */
	if (keep > 0 && buf_add(b, chunk, keep) == -1)
		keep = 0;
	if (keep < (size_t)n) {
		r->truncated = 1;
		if (is_out)
			r->out_truncated = 1;
	}
	return 0;
}

/*
 * Write once what the pipe takes of the input. 1 when done with it: all
 * written, or the command will read no more (EPIPE).
 */
static int
push(const struct run *r, struct proc *pr)
{
	size_t left = r->in_len - pr->in_off;
	ssize_t n;

	do
		n = write(pr->in, (const char *)r->in + pr->in_off,
		    left < FEED ? left : FEED);
	while (n == -1 && errno == EINTR);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0)
		return 1;
	pr->in_off += (size_t)n;
	return pr->in_off == r->in_len;
}

/* Stop feeding it: close stdin's pipe, and say whether all went through. */
static void
in_done(struct run *r, struct proc *pr)
{
	if (pr->in == -1)
		return;
	close_fd(&pr->in);
	if (pr->in_off < r->in_len)
		r->in_short = 1;
}

/* Collect its status if it has one (flags 0: wait for it). 1 when reaped. */
static int
reap(struct run *r, struct proc *pr, int flags)
{
	pid_t got;
	int st;

	do
		got = waitpid(pr->pid, &st, flags);
	while (got == -1 && errno == EINTR);
	if (got == 0)
		return 0;
	/* -1 (ECHILD) only when someone ignores SIGCHLD: no status then */
	if (got != -1 && WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	else if (got != -1 && WIFSIGNALED(st))
		r->signal = WTERMSIG(st);
	r->duration = time_mono() - pr->start;
	pr->pid = 0;
	return 1;
}

/* Is it done: reaped, with both pipes at EOF? */
static int
finished(const struct proc *pr)
{
	return pr->pid == 0 && pr->fd[0] == -1 && pr->fd[1] == -1;
}

/* One more descriptor to poll; who says whose pipe it is (3 * i + k). */
static void
watch(struct pollfd *pfd, size_t *who, size_t *nfds, int fd, short events,
    size_t tag)
{
	pfd[*nfds].fd = fd;
	pfd[*nfds].events = events;
	pfd[*nfds].revents = 0;
	who[(*nfds)++] = tag;
}

/*
 * Feed every input and read every output as the pipes allow until all
 * are done and every child is reaped, or until the deadline. A child is
 * looked for once its output pipes are closed; as nothing wakes us when
 * it exits (we install no SIGCHLD handler), those that linger between
 * the EOF and their exit are looked for again after 1, 2, 4 ...
 * BACKOFF_MAX ms. Input that a reaped command left unread stays unread,
 * whoever else (a child it left behind) may hold its stdin.
 */
static void
wait_all(struct run *r, struct proc *pr, struct pollfd *pfd, size_t *who,
    size_t n, double deadline)
{
	int backoff = 1, lingering, ms;
	size_t i, j, k, nfds;
	double left;

	for (;;) {
		nfds = 0;
		lingering = 0;
		for (i = 0; i < n; i++) {
			if (pr[i].pid != 0 && pr[i].fd[0] == -1 &&
			    pr[i].fd[1] == -1 && !reap(&r[i], &pr[i], WNOHANG))
				lingering = 1;
			if (finished(&pr[i]))
				in_done(&r[i], &pr[i]);
			for (k = 0; k < 2; k++)
				if (pr[i].fd[k] != -1)
					watch(pfd, who, &nfds, pr[i].fd[k],
					    POLLIN, i * 3 + k);
			if (pr[i].in != -1)
				watch(pfd, who, &nfds, pr[i].in, POLLOUT,
				    i * 3 + 2);
		}
		if (nfds == 0 && !lingering)
			return;
		if ((left = deadline - time_mono()) <= 0)
			return;
		ms = left * 1000 > INT_MAX ? INT_MAX : (int)ceil(left * 1000);
		if (lingering && ms > backoff) {
			ms = backoff;
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
			    backoff * 2;
		}
		if (poll(pfd, nfds, ms) == -1) {
			if (errno == EINTR)
				continue;
			return;		/* cannot wait: kill them all */
		}
		for (j = 0; j < nfds; j++) {
			if (pfd[j].revents == 0)
				continue;
			i = who[j] / 3;
			k = who[j] % 3;
			if (k == 2) {
				if (push(&r[i], &pr[i]))
					in_done(&r[i], &pr[i]);
			} else if (pull(pr[i].fd[k], k ? &r[i].err : &r[i].out,
			    &r[i], k == 0))
				close_fd(&pr[i].fd[k]);
		}
	}
}

static void
orphan_add(pid_t pid)
{
	size_t i;

	for (i = 0; i < ORPHANS_MAX; i++)
		if (orphans[i] == 0) {
			orphans[i] = pid;
			return;
		}
	/* all taken: this one stays a zombie until we exit */
}

static void
orphans_reap(void)
{
	size_t i;

	for (i = 0; i < ORPHANS_MAX; i++)
		if (orphans[i] != 0 && waitpid(orphans[i], NULL, WNOHANG) != 0)
			orphans[i] = 0;
}

/*
 * At the deadline: kill the group of every command still running, and
 * of every one whose pipes some leftover process still holds; reap the
 * killed, keep what they wrote before, close everything.
 */
static void
kill_rest(struct run *r, struct proc *pr, size_t n)
{
	int backoff = 1, waiting;
	double until;
	size_t i, k, d;

	for (i = 0; i < n; i++) {
		if (pr[i].pid != 0 && !reap(&r[i], &pr[i], WNOHANG))
			r[i].timed_out = 1;
		if (!finished(&pr[i]) && pr[i].pgid > 0)
			kill(-pr[i].pgid, SIGKILL);
	}
	until = time_mono() + KILL_GRACE;
	do {
		waiting = 0;
		for (i = 0; i < n; i++)
			if (pr[i].pid != 0 && !reap(&r[i], &pr[i], WNOHANG))
				waiting = 1;
		if (waiting && time_mono() < until) {
			poll(NULL, 0, backoff);
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
			    backoff * 2;
		}
	} while (waiting && time_mono() < until);
	for (i = 0; i < n; i++) {
		in_done(&r[i], &pr[i]);
		if (pr[i].pid != 0) {
			r[i].signal = SIGKILL;
			r[i].duration = time_mono() - pr[i].start;
			orphan_add(pr[i].pid);
			pr[i].pid = 0;
		}
		for (k = 0; k < 2; k++) {
			for (d = 0; pr[i].fd[k] != -1 && d < DRAIN_READS; d++)
				if (pull(pr[i].fd[k], k ? &r[i].err : &r[i].out,
				    &r[i], k == 0))
					break;
			close_fd(&pr[i].fd[k]);
		}
	}
}

/*
 * Writing to a command that exited before reading all its input fails
 * with EPIPE, and raises SIGPIPE, which must not kill the caller: it is
 * blocked meanwhile, and taken back if we raised it. (Blocking rather
 * than ignoring leaves a SIGPIPE of the caller's own pending.)
 */
static void
sigpipe_hold(sigset_t *mask_was, int *had)
{
	sigset_t pipe_only, pending;

	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_only, mask_was);
	*had = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

static void
sigpipe_release(const sigset_t *mask_was, int had)
{
	sigset_t pipe_only, pending;
	int sig;

	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	if (!had && sigpending(&pending) == 0 &&
	    sigismember(&pending, SIGPIPE))
		sigwait(&pipe_only, &sig);
	sigprocmask(SIG_SETMASK, mask_was, NULL);
}

static void
run_reset(struct run *r)
{
	r->status = -1;
	r->signal = 0;
	r->timed_out = 0;
	r->started = 0;
	r->err_no = 0;
	r->truncated = 0;
	r->out_truncated = 0;
	r->in_short = 0;
	r->duration = 0;
	buf_reset(&r->out);
	buf_reset(&r->err);
}

int
run_all(struct run *r, size_t n, double timeout)
{
	struct pollfd *pfd;
	struct proc *pr;
	sigset_t mask_was;
	double deadline;
	size_t *who, i;
	int had;

	orphans_reap();
	if (timeout <= 0)
		timeout = RUN_TIMEOUT;
	/* three pipes each: calloc checks the product */
	pr = calloc(n ? n : 1, sizeof(*pr));
	pfd = calloc(n ? n : 1, 3 * sizeof(*pfd));
	who = calloc(n ? n : 1, 3 * sizeof(*who));
	if (pr == NULL || pfd == NULL || who == NULL) {
		free(pr);
		free(pfd);
		free(who);
		errno = ENOMEM;
		return -1;
	}
	sigpipe_hold(&mask_was, &had);
	deadline = time_mono() + timeout;
	for (i = 0; i < n; i++) {
		run_reset(&r[i]);
		pr[i].fd[0] = pr[i].fd[1] = pr[i].in = -1;
		spawn(&r[i], &pr[i]);
		/* none of its input went anywhere */
		if (!r[i].started && r[i].in != NULL && r[i].in_len > 0)
			r[i].in_short = 1;
	}
	wait_all(r, pr, pfd, who, n, deadline);
	kill_rest(r, pr, n);
	for (i = 0; i < n; i++) {
		/* so that callers may treat them as strings */
		if (buf_add(&r[i].out, "", 0) == -1 ||
		    buf_add(&r[i].err, "", 0) == -1) {
			r[i].started = 0;
			r[i].err_no = ENOMEM;
		}
	}
	sigpipe_release(&mask_was, had);
	free(pr);
	free(pfd);
	free(who);
	return 0;
}

void
run_free(struct run *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

int
run_failed(const struct run *r, double timeout, char *buf, size_t size)
{
	if (!r->started)
		snprintf(buf, size, "cannot run: %s", strerror(r->err_no));
	else if (r->timed_out)
		snprintf(buf, size, "timed out after %gs", timeout);
	else if (r->signal != 0)
		snprintf(buf, size, "killed by signal %d", r->signal);
	else if (r->status < 0)
		snprintf(buf, size, "its exit status was lost");
	else
		return 0;
	return 1;
}

int
run_timeout(const char *opt, double dflt, double *secs, const char **why)
{
	double t;

	if (opt == NULL) {
		*secs = dflt;
		return 0;
	}
	if (conf_duration(opt, &t, why) == -1)
		return -1;
	if (t <= 0 || t > RUN_TIMEOUT_MAX) {
		*why = "timeout out of range (above 0, up to 1h)";
		return -1;
	}
	*secs = t;
	return 0;
}

void
run_complaint(const struct run *r, const char *prog, double timeout,
    struct buf *why)
{
	char how[256];
	const char *line;
	size_t len;

	if (run_failed(r, timeout, how, sizeof(how)))
		buf_printf(why, "%s: %s", prog, how);
	else
		buf_printf(why, "%s: exit %d", prog, r->status);
	line = first_line(r->err.p ? r->err.p : "", r->err.len, 300, &len);
	if (len == 0)
		line = first_line(r->out.p ? r->out.p : "", r->out.len, 300,
		    &len);
	if (len > 0)
		buf_printf(why, ": %.*s", (int)len, line);
}

const char *
first_line(const char *s, size_t n, size_t max, size_t *len)
{
	const char *end = s + n, *nl;
	size_t l;

	for (;;) {
		while (s < end && strchr(BLANKS, *s) != NULL && *s != '\0')
			s++;
		if (s == end) {
			*len = 0;
			return s;
		}
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		l = (size_t)(nl - s);
		while (l > 0 && s[l - 1] != '\0' &&
		    strchr(BLANKS, s[l - 1]) != NULL)
			l--;
		if (l > 0)
			break;
		s = nl;
	}
	if (l > max) {
		/* back to the first byte of a UTF-8 sequence */
		l = max;
		while (l > 0 && ((unsigned char)s[l] & 0xc0) == 0x80)
			l--;
	}
	*len = l;
	return s;
}

/* One word at s into w, quotes and backslashes undone; its end, or NULL. */
static const char *
word(const char *s, char *w, const char **why)
{
	char q;

	while (*s != '\0' && strchr(BLANKS, *s) == NULL) {
		if (*s == '\\') {
			if (*++s == '\0') {
				*why = "backslash at the end";
				return NULL;
			}
			*w++ = *s++;
		} else if (*s == '"' || *s == '\'') {
			for (q = *s++; *s != q; *w++ = *s++) {
				if (*s == '\0') {
					*why = "unterminated quote";
					return NULL;
				}
				/* in "...", \" and \\ only; '...' is literal */
				if (q == '"' && *s == '\\' &&
				    (s[1] == '"' || s[1] == '\\'))
					s++;
			}
			s++;
		} else
			*w++ = *s++;
	}
	*w = '\0';
	return s;
}

int
argv_split(const char *line, char ***argvp, const char **why)
{
	char **v = NULL, **nv, *w;
	size_t n = 0, cap = 0;

	*argvp = NULL;
	if ((w = malloc(strlen(line) + 1)) == NULL)
		goto nomem;
	for (;;) {
		line += strspn(line, BLANKS);
		if (*line == '\0')
			break;
		if ((line = word(line, w, why)) == NULL)
			goto fail;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto nomem;
			v = nv;
		}
		if ((v[n] = strdup(w)) == NULL)
			goto nomem;
		v[++n] = NULL;
	}
	if (n == 0) {
		*why = "empty command";
		goto fail;
	}
	free(w);
	*argvp = v;
	return 0;
nomem:
	*why = "out of memory";
fail:
	free(w);
	argv_free(v);
	return -1;
}

void
argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}
