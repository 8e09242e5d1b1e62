/*
 * hbsend: the agent. It sends heartbeats to the receivers named on the
 * command line, once (from cron) or every interval as a daemon, and the
 * BOOT, SHUT and MSG messages of hb-proto(5).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "hbsend.h"
#include "hbtime.h"
#include "num.h"

#define USAGE		"hbsend [-bdFvw] [-c conf] [-i interval] [-m text] " \
			"[-n name] [-p port] server ...\n" \
			"       hbsend -S [-c conf]"
#define SYSCONF		"/etc/hb/hbsend.conf"
#define INTERVAL	30.0

/* The command line, checked; 0 or NULL where not given. */
struct opts {
	const char	*conf;
	const char	*name;
	const char	*text;
	double		 interval;
	int		 port;
	int		 boot, daemon, fg, verbose, wait, sample;
};

/* What the configuration file may set; the flags win. */
struct settings {
	double		 interval;
	int		 port;
	size_t		 zthreshold;
	struct plugins	*plugins;
	struct actions	*actions;
};

static void usage_error(const char *, const char *)
    __attribute__((noreturn));

static void
usage_error(const char *what, const char *why)
{
	warnx("%s: %s", what, why);
	usage_exit(USAGE);
}

static int
interval_parse(const char *s, double *secs, const char **why)
{
	if (conf_duration(s, secs, why) == -1)
		return -1;
	/* short intervals are for tests and measurements; a day is plenty */
	if (*secs < 0.01)
		return *why = "interval below 10ms", -1;
	return 0;
}

static int
port_parse(const char *s, int *port, const char **why)
{
	long long n;

	if (num_ll(s, 1, 65535, &n, why) == -1)
		return *why = "bad port (1 to 65535)", -1;
	*port = (int)n;
	return 0;
}

/* The options into o; the index of the first server. */
static int
options(int argc, char *argv[], struct opts *o)
{
	const char *why;
	int c;

	opterr = 0;	/* our messages, in our format */
	while ((c = getopt(argc, argv, ":bc:dFhi:m:n:p:Svw")) != -1) {
		switch (c) {
		case 'h': usage_help(USAGE);
		case 'b': o->boot = 1; break;
		case 'c': o->conf = optarg; break;
		case 'd': o->daemon = 1; break;
		case 'F': o->fg = 1; break;
		case 'i':
			if (interval_parse(optarg, &o->interval, &why) == -1)
				usage_error("-i", why);
			break;
		case 'm': o->text = optarg; break;
		case 'n': o->name = optarg; break;
		case 'p':
			if (port_parse(optarg, &o->port, &why) == -1)
				usage_error("-p", why);
			break;
		case 'S': o->sample = 1; break;
		case 'v': o->verbose = 1; break;
		case 'w': o->wait = 1; break;
		case ':':
			warnx("-%c: argument expected", optopt);
			usage_exit(USAGE);
		default:
			warnx("-%c: unknown option", optopt);
			usage_exit(USAGE);
		}
	}
	return optind;
}

static void
check_opts(const struct opts *o, int nservers)
{
	if (o->sample) {
		if (nservers > 0 || o->daemon || o->wait || o->boot ||
		    o->text != NULL)
			usage_error("-S", "prints the plugins' samples: "
			    "no server, and no other mode");
		return;
	}
	if (nservers == 0) {
		warnx("no server given");
		usage_exit(USAGE);
	}
	if (o->fg && !o->daemon)
		usage_error("-F", "keeps -d in the foreground: not without -d");
	if (o->text != NULL && o->daemon)
		usage_error("-m", "sends one message: not with -d");
	if (o->wait && (o->daemon || o->boot || o->text != NULL))
		usage_error("-w", "waits for the ACK of one heartbeat: "
		    "not with -b, -d or -m");
	if (o->name != NULL && !proto_name_ok(o->name, strlen(o->name))) {
		warnx("-n: '%s': not a valid name (up to 253 letters, digits, "
		    "'.', '_' and '-', a letter or digit first)", o->name);
		usage_exit(USAGE);
	}
}

static int
c_interval(const struct conf_line *l, void *ctx)
{
	struct settings *st = ctx;
	const char *why;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (interval_parse(l->argv[1], &st->interval, &why) == -1)
		return conf_err(l, "%s", why);
	return 0;
}

static int
c_port(const struct conf_line *l, void *ctx)
{
	struct settings *st = ctx;
	const char *why;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (port_parse(l->argv[1], &st->port, &why) == -1)
		return conf_err(l, "%s", why);
	return 0;
}

static int
c_compress(const struct conf_line *l, void *ctx)
{
	struct settings *st = ctx;
	uint64_t n;

	if (conf_arg_size(l, 0, UINT64_MAX, &n) == -1)
		return -1;
	/* Beyond a datagram, a threshold only compresses what would not fit. */
	st->zthreshold = n < PROTO_MAX_DGRAM ? (size_t)n : PROTO_MAX_DGRAM;
	return 0;
}

static int
c_plugin(const struct conf_line *l, void *ctx)
{
	return plugins_directive(l, ((struct settings *)ctx)->plugins);
}

static int
c_action(const struct conf_line *l, void *ctx)
{
	return actions_directive(l, ((struct settings *)ctx)->actions);
}

/* -c FILE, else ~/.hbsend.conf, else /etc/hb/hbsend.conf, else the defaults. */
static void
load_conf(const char *path, struct settings *st)
{
	static const struct conf_handler h[] = {
		{ "action", c_action },
		{ "compress", c_compress },
		{ "interval", c_interval },
		{ "plugin", c_plugin },
		{ "port", c_port },
		{ NULL, NULL }
	};
	const char *defaults[3], *home = getenv("HOME"), *p, *nl;
	struct buf err = BUF_INIT;
	char mine[4096];
	size_t i = 0;
	int n;

	if (home != NULL && *home != '\0' &&
	    (n = snprintf(mine, sizeof(mine), "%s/.hbsend.conf", home)) > 0 &&
	    (size_t)n < sizeof(mine))
		defaults[i++] = mine;
	defaults[i++] = SYSCONF;
	defaults[i] = NULL;
	if (conf_load_first(path, defaults, h, st, &err) == 0)
		return;
	for (p = err.p; p != NULL && *p != '\0'; p = nl + (*nl != '\0')) {
		nl = p + strcspn(p, "\n");
		warnx("%.*s", (int)(nl - p), p);
	}
	buf_free(&err);
	exit(1);
}

/* The short host name (up to the first dot), which must be a valid hb name. */
static const char *
host_name(char buf[HOST_MAX])
{
	if (gethostname(buf, HOST_MAX) == -1)
		die("gethostname:");
	buf[HOST_MAX - 1] = '\0';
	buf[strcspn(buf, ".")] = '\0';
	if (!proto_name_ok(buf, strlen(buf)))
		die("host name '%s' is not a valid hb name: give one with -n",
		    buf);
	return buf;
}

/* Descriptors 0 to 2 must be open, or a socket could become stdout. */
static void
std_fds(void)
{
	int fd;

	do
		if ((fd = open("/dev/null", O_RDWR)) == -1)
			die("open /dev/null:");
	while (fd <= STDERR_FILENO);
	close(fd);
}

static void *
alloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL)
		die("out of memory");
	return p;
}

/* Everything the agent will ever need, allocated here, once. */
static void
agent_init(struct agent *ag, const struct settings *st, char **args, int n)
{
	const char *why;
	size_t npfd;
	int i;

	memset(ag, 0, sizeof(*ag));
	ag->interval = st->interval;
	ag->zthreshold = st->zthreshold;
	/*
	 * A counter that grows across restarts: the microseconds of the clock
	 * (below 2^53 until the year 2255), which a run would have to send a
	 * million messages a second to overtake.
	 */
	ag->seq = (long long)(time_now() * 1e6);
	ag->nsrv = (size_t)n;
	ag->srv = alloc(ag->nsrv, sizeof(*ag->srv));
	for (i = 0; i < n; i++)
		if (server_parse(&ag->srv[i], args[i], st->port, &why) == -1)
			usage_error(args[i], why);
	/*
	 * The wake-up pipe, the plugins' pipe, every address of every server
	 * and the pipe of every action.
	 */
	npfd = ag->nsrv * PEERS_MAX + 2 + st->actions->n;
	ag->pfd = alloc(npfd, sizeof(*ag->pfd));
	ag->who = alloc(npfd, sizeof(*ag->who));
	ag->rbuf = alloc(PROTO_MAX_DGRAM + 1, 1);
	ag->dec = (struct proto_dec)PROTO_DEC_INIT;
}

static void
agent_free(struct agent *ag)
{
	size_t i;

	for (i = 0; i < ag->nsrv; i++)
		server_close(&ag->srv[i]);
	free(ag->srv);
	free(ag->pfd);
	free(ag->who);
	free(ag->rbuf);
	plugins_free(ag->plugins);
	actions_free(ag->actions);
	buf_free(&ag->out);
	proto_dec_free(&ag->dec);
}

int
main(int argc, char *argv[])
{
	struct settings st = { INTERVAL, PROTO_PORT, PROTO_ZTHRESHOLD, NULL,
	    NULL };
	struct opts o;
	struct agent ag;
	char host[HOST_MAX];
	int first, rc;

	log_init(argv[0]);
	std_fds();
	memset(&o, 0, sizeof(o));
	first = options(argc, argv, &o);
	check_opts(&o, argc - first);
	st.plugins = plugins_new();
	st.actions = actions_new();
	load_conf(o.conf, &st);
	if (o.sample) {
		rc = plugins_print(st.plugins);
		plugins_free(st.plugins);
		actions_free(st.actions);
		return rc;
	}
	if (o.interval > 0)
		st.interval = o.interval;
	if (o.port > 0)
		st.port = o.port;
	agent_init(&ag, &st, argv + first, argc - first);
	ag.name = o.name != NULL ? o.name : host_name(host);
	ag.verbose = o.verbose;
	ag.plugins = st.plugins;
	ag.actions = st.actions;
	if (o.daemon)
		rc = beat_run(&ag, o.boot, o.fg);
	else
		rc = once_run(&ag, o.boot, o.text, o.wait);
	agent_free(&ag);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("stdout:");
	return rc;
}
