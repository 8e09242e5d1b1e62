/* daemon: leaving the terminal behind, the way every hb daemon does with -d. */
#ifndef HB_DAEMON_H
#define HB_DAEMON_H

/*
 * Fork (the parent exits 0), become a session leader in /, log to
 * syslog, and put /dev/null on descriptors 0, 1 and 2. Dies on failure.
 */
void	daemonize(void);
/* path made absolute from the current directory, malloc'd; dies without memory. */
char	*path_absolute(const char *path);

/* Descriptors 0-2 open (on /dev/null if need be), so that no file opened later becomes someone's stdout. */
void	std_fds(void);

/* SIGTERM, SIGINT and SIGHUP to handler, restarting system calls when restart. */
void	catch_signals(void (*handler)(int), int restart);

#endif
