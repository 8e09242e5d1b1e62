/*
 * hbrecv: receive heartbeat datagrams, validate them, acknowledge them,
 * and write the journal and STATEDIR/hosts/ (hbrecv(8)).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "hbrecv.h"
#include "hbtime.h"

#define USAGE "hbrecv [-dv] [-c conf] [-l addr:port] ... [-s statedir] " \
	"[-j journal] [-o file | -]"

int verbose;

static volatile sig_atomic_t got_term, got_hup, got_usr1;

/* What the flags say; they win over the configuration, also after SIGHUP. */
struct flags {
	const char	*conf, *statedir, *journal, *out;
	struct hb_addr	 listen[MAX_LISTEN];
	int		 nlisten, daemon;
};

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

static void
signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll must wake up */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
parse_flags(int argc, char *argv[], struct flags *f)
{
	const char *why;
	int ch;

	memset(f, 0, sizeof(*f));
	while ((ch = getopt(argc, argv, "c:dhj:l:o:s:v")) != -1) {
		switch (ch) {
		case 'h': usage_help(USAGE);
		case 'c': f->conf = optarg; break;
		case 'd': f->daemon = 1; break;
		case 'j': f->journal = optarg; break;
		case 'o': f->out = optarg; break;
		case 's': f->statedir = optarg; break;
		case 'v': verbose = 1; break;
		case 'l':
			if (f->nlisten == MAX_LISTEN)
				die("-l: at most %d addresses", MAX_LISTEN);
			if (net_parse(optarg, PROTO_PORT, &f->listen[f->nlisten++],
			    &why) == -1) {
				warnx("-l %s: %s", optarg, why);
				usage_exit(USAGE);
			}
			break;
		default:
			usage_exit(USAGE);
		}
	}
	if (optind != argc)
		usage_exit(USAGE);
	if (f->daemon && f->out != NULL && strcmp(f->out, "-") == 0) {
		warnx("-o - and -d: a daemon has no standard output");
		usage_exit(USAGE);
	}
}

/* The configuration file, then the flags over it. 0, or -1 after saying why. */
static int
configure(struct config *c, const struct flags *f)
{
	struct buf err = BUF_INIT;
	char *p;

	config_defaults(c);
	if (config_load(c, f->conf, &err) == -1) {
		fprintf(stderr, "%s", err.p);
		if (err.len && err.p[err.len - 1] != '\n')
			fputc('\n', stderr);
		buf_free(&err);
		config_free(c);
		return -1;
	}
	buf_free(&err);
	if (f->nlisten > 0) {
		memcpy(c->listen, f->listen, sizeof(f->listen));
		c->nlisten = f->nlisten;
	}
	p = path_absolute(f->statedir ? f->statedir : c->statedir ? c->statedir :
	    "/var/lib/hb");
	free(c->statedir);
	c->statedir = p;
	if (f->journal == NULL && c->journal.path == NULL) {
		size_t n = strlen(c->statedir) + sizeof("/messages.journal");

		if ((c->journal.path = malloc(n)) == NULL)
			die("out of memory");
		snprintf(c->journal.path, n, "%s/messages.journal", c->statedir);
	} else {
		p = path_absolute(f->journal ? f->journal : c->journal.path);
		free(c->journal.path);
		c->journal.path = p;
	}
	return 0;
}

static void
make_dirs(const struct config *c)
{
	char path[PATH_MAX];

	if (mkdir(c->statedir, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", c->statedir);
	snprintf(path, sizeof(path), "%s/hosts", c->statedir);
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		die("mkdir %s:", path);
}

static int
open_out(const char *out)
{
	int fd;

	if (out == NULL)
		return -1;
	if (strcmp(out, "-") == 0)
		return STDOUT_FILENO;
	if ((fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		die("open %s:", out);
	return fd;
}

/* SIGHUP: the configuration again (all but the sockets and statedir), and the journal reopened. */
static void
reload(struct config *c, struct journal *j, struct hosts *t,
    const struct flags *f)
{
	struct journal nj;
	struct config n;

	if (configure(&n, f) == -1) {
		warnx("reload: configuration unchanged");
		if (journal_reopen(j) == -1)
			warnx("reopen %s:", j->path);
		return;
	}
	if (strcmp(n.statedir, c->statedir) != 0)
		warnx("reload: a new statedir takes a restart; still %s",
		    c->statedir);
	free(n.statedir);
	n.statedir = c->statedir;
	c->statedir = NULL;
	memcpy(n.listen, c->listen, sizeof(n.listen));
	n.nlisten = c->nlisten;
	if (journal_open(&nj, n.journal.path) == -1) {
		warnx("reload: open %s: %s; configuration unchanged", n.journal.path,
		    strerror(errno));
		c->statedir = n.statedir;
		n.statedir = NULL;
		config_free(&n);
		return;
	}
	config_free(c);
	*c = n;
	journal_close(j);
	*j = nj;
	logconf_apply(&c->journal, j);
	t->history = c->history;
	info("reloaded; journal %s", c->journal.path);
}

struct receiver {
	struct config	 c;
	struct flags	 f;
	struct journal	 j;
	struct hosts	 hosts;
	struct stats	 st;
	struct pollfd	 pfd[MAX_LISTEN];
	int		 nfd, out;
};

static void
tick(struct receiver *r, double *next_stats)
{
	flush_tick(&r->hosts, &r->c, &r->j, &r->st, r->pfd, r->nfd, 0);
	queue_scan(&r->hosts, &r->c);
	if (time_mono() >= *next_stats) {
		stats_write(&r->st, &r->c, r->hosts.count, &r->j);
		*next_stats = time_mono() + STATS_EVERY;
	}
}

static void
run(struct receiver *r)
{
	double next_tick = time_mono() + 1, next_stats = 0, wait;
	int i;

	while (!got_term) {
		wait = next_tick - time_mono();
		if (poll(r->pfd, (nfds_t)r->nfd, wait > 0 ? (int)(wait * 1000) + 1 : 0) == -1 &&
		    errno != EINTR)
			die("poll:");
		if (got_hup) {
			got_hup = 0;
			reload(&r->c, &r->j, &r->hosts, &r->f);
		}
		if (got_usr1) {
			got_usr1 = 0;
			stats_log(&r->st, r->hosts.count, &r->j);
		}
		for (i = 0; i < r->nfd; i++)
			if (r->pfd[i].revents & POLLIN)
				recv_ready(r->pfd[i].fd, &r->hosts, &r->j, &r->out, &r->st);
		if (time_mono() >= next_tick) {
			tick(r, &next_stats);
			next_tick = time_mono() + 1;
		}
	}
}

static void
setup(struct receiver *r)
{
	int fds[MAX_LISTEN], i, got;

	std_fds();	/* before any socket, which could otherwise become fd 0-2 */
	r->nfd = socks_open(&r->c, fds, r->f.nlisten > 0);
	make_dirs(&r->c);
	if (journal_open(&r->j, r->c.journal.path) == -1)
		die("open %s:", r->c.journal.path);
	if (r->j.cut > 0)
		warnx("%s: cut %llu bytes of a line torn by a crash",
		    r->c.journal.path, (unsigned long long)r->j.cut);
	logconf_apply(&r->c.journal, &r->j);
	r->out = open_out(r->f.out);
	for (i = 0; i < r->nfd; i++) {
		r->pfd[i].fd = fds[i];
		r->pfd[i].events = POLLIN;
		got = net_rcvbuf(fds[i], (int)r->c.rcvbuf);
		if (got < (int)r->c.rcvbuf)
			warnx("rcvbuf: asked for %llu bytes, the system gives %d "
			    "(raise net.core.rmem_max, or run as root)",
			    (unsigned long long)r->c.rcvbuf, got);
		r->st.rcvbuf = got;
	}
	hosts_init(&r->hosts);
	r->hosts.history = r->c.history;
	if (hostfile_load(&r->hosts, &r->c) == -1)
		die("load %s/hosts:", r->c.statedir);
	r->st.started = time_now();
	stats_write(&r->st, &r->c, r->hosts.count, &r->j);
}

int
main(int argc, char *argv[])
{
	static struct receiver r;

	log_init(argv[0]);
	parse_flags(argc, argv, &r.f);
	if (configure(&r.c, &r.f) == -1)
		return 1;
	setup(&r);
	if (r.f.daemon)
		daemonize();
	signals();
	if (acker_start(r.pfd, r.nfd) == -1)
		warnx("acker: %s; acknowledging in the receiver", strerror(errno));
	info("listening on %d socket%s; state in %s", r.nfd,
	    r.nfd == 1 ? "" : "s", r.c.statedir);
	run(&r);
	flush_tick(&r.hosts, &r.c, &r.j, &r.st, r.pfd, r.nfd, 1);
	stats_write(&r.st, &r.c, r.hosts.count, &r.j);
	journal_close(&r.j);
	queue_free(&r.hosts);
	hosts_free(&r.hosts);
	config_free(&r.c);
	return 0;
}
