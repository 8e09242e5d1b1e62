/*
 * passwd: hbweb passwd USER reads a password (twice, without echo, from
 * a terminal; else the first line of standard input) and prints the
 * user line to put in hb.conf.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hbweb.h"
#include "log.h"

#define PW_MAX		(PASSWORD_MAX + 2)	/* and the newline */

/* A line from fp without its newline; echo off when it is a terminal. */
static int
read_pw(const char *prompt, char *pw, size_t size)
{
	struct termios t, quiet;
	int tty = isatty(STDIN_FILENO);
	char *nl;
	int r = 0;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &t) == -1)
			return -1;
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(pw, (int)size, stdin) == NULL)
		r = -1;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fputc('\n', stderr);
	}
	if (r == 0 && (nl = strchr(pw, '\n')) == NULL && !feof(stdin))
		return -1;	/* longer than we take */
	if (r == 0 && nl != NULL)
		*nl = '\0';
	return r;
}

int
passwd_main(const char *user)
{
	char pw[PW_MAX], again[PW_MAX], line[256];

	if (!user_name_ok(user)) {
		warnx("'%s': not a user name", user);
		return 2;
	}
	if (read_pw("password: ", pw, sizeof(pw)) == -1 || pw[0] == '\0') {
		warnx("no password read (at most %d bytes, one line)", PW_MAX - 2);
		return 1;
	}
	if (isatty(STDIN_FILENO) && (read_pw("again: ", again,
	    sizeof(again)) == -1 || strcmp(pw, again) != 0)) {
		warnx("the passwords differ");
		return 1;
	}
	if (password_hash(pw, ITERATIONS_DEFAULT, line, sizeof(line)) == -1) {
		warnx("hash:");
		return 1;
	}
	memset(pw, 0, sizeof(pw));
	memset(again, 0, sizeof(again));
	printf("user %s password %s\n", user, line);
	return fflush(stdout) == EOF ? 1 : 0;
}
