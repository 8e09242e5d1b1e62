/* log: one way to complain, with the program's name first and the cause last. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static const char *prog = "hb";
static int use_syslog;

void
log_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	prog = slash ? slash + 1 : name;
}

const char *
log_prog(void)
{
	return prog;
}

void
log_syslog(void)
{
	openlog(prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	use_syslog = 1;
}

static void
vlog(int pri, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (len > 0 && fmt[len - 1] == ':') {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n, " %s", strerror(saved));
	}
	if (use_syslog)
		syslog(pri, "%s", msg);
	else
		fprintf(stderr, "%s: %s\n", prog, msg);
	errno = saved;
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}

void
usage_exit(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(2);
}

void
usage_help(const char *usage)
{
	printf("usage: %s\n", usage);
	exit(fflush(stdout) == EOF ? 1 : 0);
}

void
warnx_rl(struct ratelimit *rl, const char *fmt, ...)
{
	time_t now = time(NULL);
	va_list ap;

	if (now - rl->start >= rl->period) {
		rl->start = now;
		rl->said = 0;
	}
	if (rl->said >= rl->burst) {
		rl->held++;
		return;
	}
	rl->said++;
	if (rl->held > 0) {
		warnx("%lu similar messages suppressed", rl->held);
		rl->held = 0;
	}
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}
