/*
 * hbweb: the HTTP API of hb (hbweb(8)). One connection per process, in
 * the manner of inetd and ucspi-tcp: the connection on standard input
 * and output; or a socket handed over by systemd; or its own listening
 * socket with -l, a child per connection.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "file.h"
#include "hbweb.h"
#include "log.h"
#include "logconf.h"

#define USAGE "hbweb [-c conf] [-s statedir] [-l addr:port]\n" \
	"       hbweb passwd user"

struct flags {
	const char	*conf, *statedir, *listen, *passwd;
};

static void
parse_flags(int argc, char *argv[], struct flags *f)
{
	int ch;

	memset(f, 0, sizeof(*f));
	while ((ch = getopt(argc, argv, "c:hl:s:")) != -1) {
		switch (ch) {
		case 'h': usage_help(USAGE);
		case 'c': f->conf = optarg; break;
		case 'l': f->listen = optarg; break;
		case 's': f->statedir = optarg; break;
		default: usage_exit(USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 2 && strcmp(argv[0], "passwd") == 0 && f->listen == NULL) {
		f->passwd = argv[1];
		return;
	}
	if (argc != 0)
		usage_exit(USAGE);
}

static void
configure(struct config *c, const struct flags *f)
{
	struct buf err = BUF_INIT;
	const char *why;

	config_init(c);
	if (config_load(c, f->conf, &err) == -1) {
		config_free(c);
		conf_failed(&err, 1);
	}
	buf_free(&err);
	errno = 0;
	if (c->user != NULL && getpwnam(c->user) == NULL) {
		warnx("web user %s: %s", c->user, errno ? strerror(errno) :
		    "no such user");
		exit(2);
	}
	if (f->statedir != NULL || c->statedir == NULL) {
		free(c->statedir);
		if ((c->statedir = path_absolute(f->statedir ? f->statedir :
		    "/var/lib/hb")) == NULL)
			die("out of memory");
	}
	if ((c->journal.path == NULL && (c->journal.path = path_join(c->statedir,
	    "messages.journal")) == NULL) || (c->events.path == NULL &&
	    (c->events.path = path_join(c->statedir, "events")) == NULL) ||
	    (f->conf != NULL && (c->conf_file = strdup(f->conf)) == NULL) ||
	    (c->kept = malloc(sizeof(*c->kept))) == NULL)
		die("out of memory");
	kept_init(c->kept, c->statedir);
	kept_fresh(c->kept);
	if (f->listen != NULL) {
		if (net_parse(f->listen, 0, &c->listen, &why) == -1) {
			warnx("-l %s: %s", f->listen, why);
			usage_exit(USAGE);
		}
		c->have_listen = 1;
	}
}

/* The peer of a connection on standard input: the socket's, or what tcpserver says. */
static void
peer_of(char out[NET_ADDRSTRLEN])
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const char *env = getenv("TCPREMOTEIP");
	int port;

	if (getpeername(STDIN_FILENO, (struct sockaddr *)&ss, &len) == 0) {
		net_ntop((struct sockaddr *)&ss, out, &port);
		return;
	}
	snprintf(out, NET_ADDRSTRLEN, "%s", env != NULL ? env : "-");
}

int
main(int argc, char *argv[])
{
	char peer[NET_ADDRSTRLEN];
	struct config c;
	struct flags f;
	int fd, handed;

	log_init("hbweb");
	std_fds();
	parse_flags(argc, argv, &f);
	if (f.passwd != NULL)
		return passwd_main(f.passwd);
	configure(&c, &f);
	handed = net_listen_fds();
	if (!users_any(&c) && (c.have_listen || handed > 0 ||
	    isatty(STDERR_FILENO)))
		warnx("no users: every request is served without "
		    "authentication");
	if (c.have_listen) {
		if ((fd = tcp_listen(&c.listen)) == -1)
			die("listen %s:", f.listen ? f.listen : "(web listen)");
		drop_privileges(c.user);
		accept_loop(&c, fd);
	} else if (handed > 0) {
		drop_privileges(c.user);
		accept_loop(&c, 3);
	} else {
		drop_privileges(c.user);
		peer_of(peer);
		serve(&c, STDIN_FILENO, STDOUT_FILENO, peer);
	}
	config_free(&c);
	return 0;
}
