/*
 * listen: hbweb on its own (-l, or a socket from systemd): a child per
 * connection, so a fault in one request ends one process, and at most
 * c->children at once; the connection over the bound hears 503 and goes.
 */
#define _DEFAULT_SOURCE	/* setgroups(2), outside POSIX but everywhere */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "hbweb.h"
#include "log.h"

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	/* children hold the configuration they were forked with: nothing to reload */
	if (sig != SIGHUP)
		stop = 1;
}

int
tcp_listen(const struct hb_addr *a)
{
	int fd, one = 1;

	if ((fd = socket(a->ss.ss_family, SOCK_STREAM, 0)) == -1)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) == -1 ||
	    listen(fd, 128) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

void
drop_privileges(const char *user)
{
	struct passwd *pw;
	gid_t gid;

	if (user == NULL)
		return;
	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		die("user %s: %s", user, errno ? strerror(errno) : "no such user");
	if (getuid() == pw->pw_uid && geteuid() == pw->pw_uid)
		return;		/* started as the user already (inetd's user field) */
	gid = pw->pw_gid;
	if (setgroups(1, &gid) == -1 || setgid(gid) == -1 ||
	    setuid(pw->pw_uid) == -1)
		die("become %s:", user);
	if (pw->pw_uid != 0 && setuid(0) != -1)
		die("become %s: root could be taken back", user);
}

/* Over the bound: a short answer, without waiting on a slow client. */
static void
refuse(int fd)
{
	struct resp r;
	struct buf out = BUF_INIT;

	resp_init(&r);
	resp_error(&r, 503, "busy: try again");
	r.close = 1;
	resp_format(&r, 0, &out);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	(void)!write(fd, out.p, out.len);
	buf_free(&out);
	resp_free(&r);
}

static int
reap(void)
{
	int n = 0;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		n++;
	return n;
}

static void
child(const struct config *c, int lfd, int fd, const struct sockaddr *sa)
{
	char peer[NET_ADDRSTRLEN];
	int port;

	close(lfd);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	net_ntop(sa, peer, &port);
	serve(c, fd, fd, peer);
	_exit(0);
}

void
accept_loop(const struct config *c, int lfd)
{
	static struct ratelimit rl = RATELIMIT_INIT(5, 60);
	struct sockaddr_storage ss;
	struct pollfd p = { lfd, POLLIN, 0 };
	socklen_t len;
	int busy = 0, fd;
	pid_t pid;

	catch_signals(on_term, 0);
	while (!stop) {
		busy -= reap();
		/* wake now and then to collect children even when no one connects */
		if (poll(&p, 1, 1000) <= 0)
			continue;
		len = sizeof(ss);
		if ((fd = accept(lfd, (struct sockaddr *)&ss, &len)) == -1)
			continue;
		if (busy >= c->children) {
			warnx_rl(&rl, "%d connections served already: 503", busy);
			refuse(fd);
			close(fd);
			continue;
		}
		if ((pid = fork()) == 0)
			child(c, lfd, fd, (struct sockaddr *)&ss);
		if (pid == -1)
			warnx_rl(&rl, "fork:");
		else
			busy++;
		close(fd);
	}
}
