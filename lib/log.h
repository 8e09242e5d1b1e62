/* log: "prog: what: why" messages to stderr, or to syslog once daemonized. */
#ifndef HB_LOG_H
#define HB_LOG_H

#include <time.h>

/* Set the program name that prefixes every message. */
void	log_init(const char *prog);
/* Send messages to syslog (facility daemon) from now on. */
void	log_syslog(void);
/* The program name given to log_init. */
const char *log_prog(void);

/*
 * Formats ending in ':' get ": " and strerror(errno) appended, as in
 * "open %s:". die exits 1; usage_exit prints "usage: ..." and exits 2.
 */
void	warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	die(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	usage_exit(const char *usage) __attribute__((noreturn));
/* -h: the same line on standard output, and exit 0. */
void	usage_help(const char *usage) __attribute__((noreturn));

/*
 * A limit on complaints about outside input: at most burst messages per
 * period seconds; the count of those held back is told with the next one.
 */
struct ratelimit {
	unsigned	burst;
	time_t		period;
	time_t		start;
	unsigned	said;
	unsigned long	held;
};

#define RATELIMIT_INIT(burst, period) { (burst), (period), 0, 0, 0 }

void	warnx_rl(struct ratelimit *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
