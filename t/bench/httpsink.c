/*
 * httpsink: the fastest HTTP peer a benchmark of hbnotify can have: it
 * answers every request on 127.0.0.1 with 200 and an empty body, one
 * connection at a time, and writes its port into the file named first.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static const char answer[] =
	"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/* Read until the head and as much body as it announces have come. */
static void
serve(int c)
{
	char buf[65536];
	size_t have = 0;
	ssize_t n;
	char *end, *cl;
	long body = 0;

	for (;;) {
		if (have == sizeof(buf) ||
		    (n = read(c, buf + have, sizeof(buf) - have)) <= 0)
			return;
		have += (size_t)n;
		buf[have < sizeof(buf) ? have : have - 1] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) == NULL)
			continue;
		if ((cl = strstr(buf, "Content-Length: ")) != NULL)
			body = strtol(cl + 16, NULL, 10);
		if ((size_t)(end + 4 - buf) + (size_t)body <= have)
			break;
	}
	(void)!write(c, answer, sizeof(answer) - 1);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	FILE *f;
	int s, c, one = 1;

	log_init("httpsink");
	if (argc != 2)
		usage_exit("httpsink portfile");
	signal(SIGPIPE, SIG_IGN);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(s, 128) == -1 ||
	    getsockname(s, (struct sockaddr *)&a, &len) == -1)
		die("listen:");
	if ((f = fopen(argv[1], "w")) == NULL)
		die("%s:", argv[1]);
	fprintf(f, "%u\n", ntohs(a.sin_port));
	fclose(f);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			continue;
		serve(c);
		close(c);
	}
}
