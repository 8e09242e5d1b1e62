/*
 * socket-activate: bind a UDP socket and run a program with it, the way
 * systemd passes sockets (fd 3, LISTEN_FDS, LISTEN_PID) or, with -i, the
 * way inetd does in "wait" mode (fd 0).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "net.h"

#define USAGE "socket-activate [-i] addr:port program [arg ...]"

int
main(int argc, char *argv[])
{
	struct hb_addr a;
	const char *why;
	char pid[32];
	int ch, fd, inetd = 0;

	log_init(argv[0]);
	while ((ch = getopt(argc, argv, "+i")) != -1) {
		if (ch != 'i')
			usage_exit(USAGE);
		inetd = 1;
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || net_parse(argv[0], 0, &a, &why) == -1)
		usage_exit(USAGE);
	if ((fd = net_udp_bind(&a)) == -1)
		die("bind %s:", argv[0]);
	/* net_udp_bind made it close-on-exec: the copy the program gets is not */
	if (dup2(fd, inetd ? 0 : 3) == -1 || fcntl(inetd ? 0 : 3, F_SETFD, 0) == -1)
		die("dup2:");
	if (!inetd) {
		snprintf(pid, sizeof(pid), "%ld", (long)getpid());
		setenv("LISTEN_PID", pid, 1);
		setenv("LISTEN_FDS", "1", 1);
	}
	execvp(argv[1], argv + 1);
	die("exec %s:", argv[1]);
}
