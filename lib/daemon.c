/* daemon: detaching from the terminal, and paths that survive it. */
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "file.h"
#include "log.h"

void
daemonize(void)
{
	int fd;

	switch (fork()) {
	case -1:
		die("fork:");
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1)
		die("setsid:");
	log_syslog();
	/* No mount point kept busy, no terminal written to. */
	if (chdir("/") == -1)
		die("chdir /:");
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		die("open /dev/null:");
	if (dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1)
		die("dup2 /dev/null:");
	if (fd > STDERR_FILENO)
		close(fd);
}

/* A relative path is taken from the directory the program started in, whatever happens later. */
char *
path_absolute(const char *path)
{
	char cwd[PATH_MAX], *s;

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		s = strdup(path);
	else
		s = path_join(cwd, path);
	if (s == NULL)
		die("out of memory");
	return s;
}

void
std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

void
catch_signals(void (*handler)(int), int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}
