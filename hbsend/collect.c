/*
 * collect: the plugins sampled by a process of their own, so that a slow
 * or hanging plugin never delays a heartbeat. Samples come back over a
 * pipe as lines "NAME<TAB>JSON", and each becomes a PLG message.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "hbsend.h"
#include "hbtime.h"
#include "plugin.h"

#define PLUGINS_DIR	"/etc/hb/plugins.d"
#define LINE_MAX_BYTES	(SAMPLE_MAX + PROTO_NAME_MAX + 2)

/*
 * Say why a plugin gave nothing when the reason changes, not every round
 * (the text, since some plugins build it in one static buffer).
 */
static void
complain(struct plugin *p, const char *name, char **said)
{
	const char *why = p->why ? p->why : "failed";

	if (*said != NULL && strcmp(*said, why) == 0)
		return;
	free(*said);
	*said = strdup(why);
	info("plugin %s: %s", name, why);
}

static void
forget(char **said)
{
	free(*said);
	*said = NULL;
}

/* Where a sample goes: down the pipe, or to standard output with -S. */
struct sink {
	int		 fd;
	int		 lines;		/* JSON lines for people, not the pipe's */
	struct buf	 line;
	struct buf	 json;
};

static void
put(struct sink *k, const char *name)
{
	buf_reset(&k->line);
	if (k->lines) {
		buf_adds(&k->line, "{\"plugin\":");
		json_write_str(&k->line, name, strlen(name));
		buf_printf(&k->line, ",\"data\":%s}\n", k->json.p);
	} else
		buf_printf(&k->line, "%s\t%s\n", name, k->json.p);
	if (file_write_all(k->fd, k->line.p, k->line.len) == -1)
		_exit(0);	/* the agent is gone */
}

static void
sample(struct plugin *p, const char *name, struct sink *k, char **said)
{
	struct jw w;

	buf_reset(&k->json);
	jw_init(&w, &k->json);
	jw_obj(&w);
	p->why = NULL;
	if (p->def->collect(p, &w) == -1) {
		complain(p, name, said);
		return;
	}
	jw_end(&w, '}');
	if (w.err || k->json.len > SAMPLE_MAX) {
		warnx("plugin %s: a sample of %zu bytes is more than %u: "
		    "skipped", name, k->json.len, SAMPLE_MAX);
		return;
	}
	forget(said);
	put(k, name);
}

/* Every executable of the directory is a plugin named after its file. */
static void
exec_dir(struct plugin *p, struct sink *k)
{
	const char *dir = plugin_opt(p, "dir") ? plugin_opt(p, "dir") : PLUGINS_DIR;
	const char *timeout = plugin_opt(p, "timeout");
	char *said = NULL;
	char path[4096], secs[] = "30";
	struct plugin one;
	struct dirent *d;
	DIR *dd;

	if ((dd = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dd)) != NULL) {
		if (!proto_name_ok(d->d_name, strlen(d->d_name)) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >=
		    (int)sizeof(path) || access(path, X_OK) == -1)
			continue;
		memset(&one, 0, sizeof(one));
		one.def = p->def;
		one.name = d->d_name;
		one.root = "";
		one.opts[0] = (struct popt){ "command", path };
		one.opts[1] = (struct popt){ "timeout",
		    timeout ? (char *)timeout : secs };
		one.nopts = 2;
		sample(&one, d->d_name, k, &said);
		forget(&said);
	}
	closedir(dd);
}

/* The plugins that are due at now; when the next one is. */
static double
round_due(struct plugins *ps, struct sink *k, char **said, double now)
{
	double next = now + 3600;
	struct plugin *p;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		p = &ps->p[i];
		if (!p->enabled)
			continue;
		if (now >= p->due) {
			if (p->def->collect == exec_collect)
				exec_dir(p, k);
			else
				sample(p, p->name, k, &said[i]);
			p->due = p->interval > 0 ? time_mono() + p->interval :
			    HUGE_VAL;
		}
		if (p->due < next)
			next = p->due;
	}
	return next;
}

static int
wait_ms(double secs)
{
	if (secs <= 0)
		return 0;
	return secs > 3600 ? 3600000 : (int)ceil(secs * 1000);
}

static void
collector(struct plugins *ps, int out, int life)
{
	struct pollfd pfd = { life, POLLIN, 0 };
	struct sink k = { out, 0, BUF_INIT, BUF_INIT };
	char **said;
	double next;

	if ((said = calloc(ps->n, sizeof(*said))) == NULL)
		_exit(1);
	for (;;) {
		next = round_due(ps, &k, said, time_mono());
		if (poll(&pfd, 1, wait_ms(next - time_mono())) > 0)
			_exit(0);	/* the agent closed its end: it is gone */
	}
}

static void
child(struct plugins *ps, int out, int life)
{
	size_t i;

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_IGN);
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].enabled && ps->p[i].def->check != NULL)
			ps->p[i].def->check(&ps->p[i]);
	collector(ps, out, life);
}

int
plugins_print(struct plugins *ps)
{
	struct sink k = { STDOUT_FILENO, 1, BUF_INIT, BUF_INIT };
	char **said;
	size_t i;

	if ((said = calloc(ps->n, sizeof(*said))) == NULL)
		die("out of memory");
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].enabled && ps->p[i].def->check != NULL)
			ps->p[i].def->check(&ps->p[i]);
	round_due(ps, &k, said, time_mono());
	for (i = 0; i < ps->n; i++)
		forget(&said[i]);
	free(said);
	buf_free(&k.line);
	buf_free(&k.json);
	return 0;
}

int
plugins_any(const struct plugins *ps)
{
	size_t i;

	for (i = 0; ps != NULL && i < ps->n; i++)
		if (ps->p[i].enabled)
			return 1;
	return 0;
}

int
collector_start(struct collector *co, struct plugins *ps)
{
	int data[2], life[2];

	if (pipe(data) == -1)
		return -1;
	if (pipe(life) == -1) {
		close(data[0]);
		close(data[1]);
		return -1;
	}
	switch ((co->pid = fork())) {
	case -1:
		close(data[0]);
		close(data[1]);
		close(life[0]);
		close(life[1]);
		return -1;
	case 0:
		close(data[0]);
		close(life[1]);
		child(ps, data[1], life[0]);
		_exit(0);
	}
	close(data[1]);
	close(life[0]);
	fcntl(data[0], F_SETFL, O_NONBLOCK);
	fcntl(data[0], F_SETFD, FD_CLOEXEC);
	fcntl(life[1], F_SETFD, FD_CLOEXEC);
	co->fd = data[0];
	co->life = life[1];
	buf_reset(&co->in);
	return 0;
}

void
collector_stop(struct collector *co)
{
	if (co->fd == -1)
		return;
	close(co->fd);
	close(co->life);
	kill(co->pid, SIGTERM);
	waitpid(co->pid, NULL, 0);
	co->fd = co->life = -1;
}

/* One line from the collector: a PLG to every server. */
static void
line_in(struct agent *ag, struct collector *co, char *s, size_t n)
{
	char *tab = memchr(s, '\t', n);

	if (tab == NULL)
		return;
	*tab = '\0';
	if (json_parse(&co->doc, tab + 1, n - (size_t)(tab + 1 - s), NULL) == -1 ||
	    co->doc.root.type != JSON_OBJECT) {
		warnx("plugin %s: not a JSON object: %s", s,
		    co->doc.err ? co->doc.err : "");
		return;
	}
	msg_plugin(ag, s, &co->doc.root);
}

int
collector_read(struct agent *ag, struct collector *co)
{
	char *nl, *p;
	ssize_t r;

	for (;;) {
		if (buf_reserve(&co->in, 65536) == -1)
			die("out of memory");
		if ((r = read(co->fd, co->in.p + co->in.len, 65536)) == 0)
			return -1;
		if (r == -1)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		co->in.len += (size_t)r;
		for (p = co->in.p; (nl = memchr(p, '\n',
		    co->in.len - (size_t)(p - co->in.p))) != NULL; p = nl + 1)
			line_in(ag, co, p, (size_t)(nl - p));
		co->in.len -= (size_t)(p - co->in.p);
		memmove(co->in.p, p, co->in.len);
		if (co->in.len > LINE_MAX_BYTES)
			buf_reset(&co->in);
	}
}
