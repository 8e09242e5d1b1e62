/* beat: hbsend as a daemon, beating every interval until SIGTERM or SIGINT. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "hbsend.h"
#include "hbtime.h"

static volatile sig_atomic_t stop;
static int wake[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;
	ssize_t r;

	(void)sig;
	stop = 1;
	/*
	 * poll(2) cannot unblock signals atomically in POSIX.1-2008 (ppoll
	 * came later), so a signal just before it would wait out a whole
	 * interval; this byte ends the wait. write(2) is async-signal-safe.
	 */
	r = write(wake[1], "", 1);
	(void)r;
	errno = saved;
}

static void
signals(void)
{
	struct sigaction sa;
	int i;

	if (pipe(wake) == -1)
		die("pipe:");
	for (i = 0; i < 2; i++)
		if (fcntl(wake[i], F_SETFD, FD_CLOEXEC) == -1 ||
		    fcntl(wake[i], F_SETFL, O_NONBLOCK) == -1)
			die("pipe:");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		die("sigaction:");
}

/* A heartbeat to every server, after a BOOT if boot. */
static void
beat(struct agent *ag, int boot)
{
	struct server *s;
	size_t i;

	for (i = 0; i < ag->nsrv; i++) {
		s = &ag->srv[i];
		/* Unresolved, failing or silent: it may have moved. */
		if (s->npeers == 0 || s->trouble || (s->nsent > 0 && !s->acked))
			server_resolve(s);
		s->acked = 0;
	}
	if (boot)
		msg_send(ag, MSG_BOOT, NULL, 0);
	msg_send(ag, MSG_HTB, NULL, 0);
}

/* The plugins' process: started, and started again a minute after a death. */
static void
plugins_tend(struct agent *ag, struct collector *co, int readable)
{
	if (readable && collector_read(ag, co) == -1) {
		warnx("the plugins' process is gone; again in a minute");
		collector_stop(co);
		co->restart = time_mono() + 60;
	}
	if (co->fd == -1 && plugins_any(ag->plugins) &&
	    time_mono() >= co->restart && collector_start(co, ag->plugins) == -1) {
		warnx("plugins: fork:");
		co->restart = time_mono() + 60;
	}
}

int
beat_run(struct agent *ag, int boot, int foreground)
{
	struct collector co;
	int first = 1, readable = 0;
	double next;

	if (!foreground)
		daemonize();
	signals();
	info("%s as %s, every %gs to %zu server(s)", HBSEND_VERSION, ag->name,
	    ag->interval, ag->nsrv);
	actions_check(ag->actions);
	ag->acting = 1;
	memset(&co, 0, sizeof(co));
	co.fd = co.life = -1;
	co.doc = (struct json_doc)JSON_DOC_INIT;
	next = time_mono();
	while (!stop) {
		plugins_tend(ag, &co, readable);
		if (time_mono() >= next) {
			beat(ag, boot && first);
			first = 0;
			next += ag->interval;
			/* After a suspend, one heartbeat, not all missed. */
			if (next <= time_mono())
				next = time_mono() + ag->interval;
		}
		readable = ack_poll(ag, next - time_mono(), wake[0], co.fd);
		actions_reap(ag->actions);
	}
	collector_stop(&co);
	buf_free(&co.in);
	json_doc_free(&co.doc);
	if (boot)
		msg_send(ag, MSG_SHUT, NULL, 0);
	info("stopped by a signal");
	close(wake[0]);
	close(wake[1]);
	return 0;
}
