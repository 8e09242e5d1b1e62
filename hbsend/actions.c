/*
 * actions: the commands a receiver may ask for by name in the cmd of an
 * ACK. Only the names of the action directives run, each the command its
 * line gives, in a process of its own so that no heartbeat waits for it.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hbsend.h"
#include "run.h"

#define ACTION_TIMEOUT	300.0	/* seconds */
/* Requests refused: names that are not ours, or of an action that runs. */
#define REFUSALS	RATELIMIT_INIT(10, 3600)

struct actions *
actions_new(void)
{
	struct actions *as;

	if ((as = calloc(1, sizeof(*as))) == NULL)
		die("out of memory");
	return as;
}

void
actions_free(struct actions *as)
{
	size_t i;

	for (i = 0; as != NULL && i < as->n; i++) {
		free(as->a[i].name);
		argv_free(as->a[i].argv);
		if (as->a[i].fd != -1)
			close(as->a[i].fd);
	}
	if (as != NULL)
		free(as->a);
	free(as);
}

static struct action *
find(struct actions *as, const char *name)
{
	size_t i;

	for (i = 0; i < as->n; i++)
		if (strcmp(as->a[i].name, name) == 0)
			return &as->a[i];
	return NULL;
}

/* The words of l from the i-th on, copied into a NULL-ended array. */
static char **
words_dup(const struct conf_line *l, int i)
{
	char **v;
	int k;

	if ((v = calloc((size_t)(l->argc - i + 1), sizeof(*v))) == NULL)
		return NULL;
	for (k = 0; i + k < l->argc; k++)
		if ((v[k] = strdup(l->argv[i + k])) == NULL) {
			argv_free(v);
			return NULL;
		}
	return v;
}

static int
add(const struct conf_line *l, struct actions *as, double timeout, int cmd)
{
	struct action *a;

	a = realloc(as->a, (as->n + 1) * sizeof(*as->a));
	if (a == NULL)
		return conf_err(l, "out of memory");
	as->a = a;
	a = &as->a[as->n];
	memset(a, 0, sizeof(*a));
	a->timeout = timeout;
	a->line = l->lineno;
	a->fd = -1;
	a->rl = (struct ratelimit)REFUSALS;
	if ((a->name = strdup(l->argv[1])) == NULL ||
	    (a->argv = words_dup(l, cmd)) == NULL) {
		free(a->name);
		return conf_err(l, "out of memory");
	}
	as->n++;
	return 0;
}

/* action NAME [timeout DURATION] COMMAND [ARG ...] */
int
actions_directive(const struct conf_line *l, struct actions *as)
{
	const char *name, *why;
	double timeout = ACTION_TIMEOUT;
	struct action *a;
	int i = 2;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	name = l->argv[1];
	if (!proto_name_ok(name, strlen(name)))
		return conf_err(l, "'%s': not a valid name (up to 253 letters, "
		    "digits, '.', '_' and '-', a letter or digit first)", name);
	if ((a = find(as, name)) != NULL)
		return conf_err(l, "%s: configured already at line %u", name,
		    a->line);
	/* no command is named timeout: a command is an absolute path */
	if (i < l->argc && strcmp(l->argv[i], "timeout") == 0) {
		if (i + 1 == l->argc)
			return conf_err(l, "%s: timeout: a value expected", name);
		if (conf_duration(l->argv[i + 1], &timeout, &why) == -1)
			return conf_err(l, "%s: timeout: %s", name, why);
		if (timeout <= 0 || timeout > RUN_TIMEOUT_MAX)
			return conf_err(l, "%s: timeout: above 0 and at most 1h",
			    name);
		i += 2;
	}
	if (i == l->argc)
		return conf_err(l, "%s: a command expected", name);
	/* what runs must not depend on the PATH of whoever started us */
	if (l->argv[i][0] != '/')
		return conf_err(l, "%s: %s: the command must be an absolute path",
		    name, l->argv[i]);
	return add(l, as, timeout, i);
}

void
actions_check(const struct actions *as)
{
	const char *path;
	struct stat st;
	size_t i;

	for (i = 0; i < as->n; i++) {
		path = as->a[i].argv[0];
		if (stat(path, &st) == -1 || access(path, X_OK) == -1)
			warnx("action %s: %s:", as->a[i].name, path);
		else if (!S_ISREG(st.st_mode))
			warnx("action %s: %s: not a regular file", as->a[i].name,
			    path);
	}
}

/*
 * In the process that runs an action: run it, say how it ended, exit.
 * The agent's signals are not its own: stopping the agent lets an action
 * run on to its end or its timeout, and be logged.
 */
static void __attribute__((noreturn))
runner(const struct action *a, const char *server)
{
	struct buf what = BUF_INIT, act = BUF_INIT, srv = BUF_INIT;
	struct buf said = BUF_INIT;
	char *env[3];
	struct run r;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	if (buf_printf(&what, "action %s", a->name) == -1 ||
	    buf_printf(&act, "HB_ACTION=%s", a->name) == -1 ||
	    buf_printf(&srv, "HB_SERVER=%s", server) == -1) {
		warnx("action %s: out of memory", a->name);
		_exit(1);
	}
	env[0] = act.p;
	env[1] = srv.p;
	env[2] = NULL;
	memset(&r, 0, sizeof(r));
	r.argv = a->argv;
	r.env = env;
	if (run_all(&r, 1, a->timeout) == -1) {
		warnx("action %s: cannot run:", a->name);
		_exit(1);
	}
	/* "action NAME: exit 0: its first line", "action NAME: timed out ..." */
	run_complaint(&r, what.p, a->timeout, &said);
	if (said.p == NULL)
		warnx("%s: out of memory", what.p);
	else if (r.started && !r.timed_out && r.signal == 0 && r.status == 0)
		info("%s", said.p);
	else
		warnx("%s", said.p);
	_exit(0);
}

/*
 * Has the process that runs action a ended? Then it is reaped. Its pipe
 * says so: that process holds the only writing end and never writes, so
 * EOF comes when it exits, and the wait for it is short.
 */
static int
ended(struct action *a)
{
	ssize_t n;
	char c;

	if (a->pid == 0)
		return 1;
	n = read(a->fd, &c, 1);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return 0;
	close(a->fd);
	a->fd = -1;
	while (waitpid(a->pid, NULL, 0) == -1 && errno == EINTR)
		;
	a->pid = 0;
	return 1;
}

void
actions_reap(struct actions *as)
{
	size_t i;

	for (i = 0; i < as->n; i++)
		ended(&as->a[i]);
}

static void
start(struct action *a, const struct server *s)
{
	int done[2];

	if (!ended(a)) {
		warnx_rl(&a->rl, "%s: action %s: still running: request dropped",
		    s->arg, a->name);
		return;
	}
	if (pipe(done) == -1) {
		warnx("action %s: pipe:", a->name);
		return;
	}
	if ((a->pid = fork()) == -1) {
		warnx("action %s: fork:", a->name);
		close(done[0]);
		close(done[1]);
		a->pid = 0;
		return;
	}
	if (a->pid == 0) {
		close(done[0]);
		runner(a, s->arg);
	}
	/* closed at once, so that no later child of ours holds it */
	close(done[1]);
	fcntl(done[0], F_SETFD, FD_CLOEXEC);
	fcntl(done[0], F_SETFL, O_NONBLOCK);
	a->fd = done[0];
	info("action %s: asked by %s: started, pid %ld", a->name, s->arg,
	    (long)a->pid);
}

void
actions_asked(struct agent *ag, const struct server *s, const struct json *cmd)
{
	static struct ratelimit rl = REFUSALS;
	const struct json *v;
	struct action *a;
	size_t i;

	if (cmd == NULL || cmd->type != JSON_ARRAY)
		return;
	for (i = 0; i < cmd->len; i++) {
		/* names, as proto_decode checked */
		v = &cmd->u.items[i];
		if (v->type != JSON_STRING)
			continue;
		if ((a = find(ag->actions, v->u.str)) == NULL)
			warnx_rl(&rl, "%s: action %s: not configured here: "
			    "ignored", s->arg, v->u.str);
		else if (!ag->acting)
			warnx("%s: action %s: only the daemon (-d) runs "
			    "actions: not run", s->arg, a->name);
		else
			start(a, s);
	}
}
