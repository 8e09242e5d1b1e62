/*
 * udp-send: send each file (or standard input) as one UDP datagram, and
 * with -w print the first reply; lets tests send exactly the bytes they
 * mean, hostile ones included, and from the address they mean (-s, such
 * as 127.0.0.2).
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "log.h"
#include "net.h"
#include "num.h"

#define USAGE "udp-send [-w ms] [-s source] addr:port [file ...]"

static void
send_one(int fd, const struct hb_addr *to, const char *path)
{
	struct buf b = BUF_INIT;

	if (file_read(path, &b, 1 << 20) == -1)
		die("read %s:", path);
	if (sendto(fd, b.p ? b.p : "", b.len, 0, (const struct sockaddr *)&to->ss,
	    to->len) == -1)
		die("send %zu bytes:", b.len);
	buf_free(&b);
}

static int
reply(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char data[65536];
	ssize_t n;

	if (poll(&p, 1, ms) != 1)
		return 1;
	if ((n = recv(fd, data, sizeof(data), 0)) == -1)
		die("recv:");
	fwrite(data, 1, (size_t)n, stdout);
	putchar('\n');
	return 0;
}

int
main(int argc, char *argv[])
{
	struct hb_addr to, from;
	const char *why, *source = NULL;
	long long ms = -1;
	int ch, fd, i;

	log_init(argv[0]);
	while ((ch = getopt(argc, argv, "s:w:")) != -1) {
		if (ch == 's')
			source = optarg;
		else if (ch != 'w' || num_ll(optarg, 0, 60000, &ms, &why) == -1)
			usage_exit(USAGE);
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || net_parse(argv[0], 0, &to, &why) == -1)
		usage_exit(USAGE);
	if ((fd = socket(to.ss.ss_family, SOCK_DGRAM, 0)) == -1)
		die("socket:");
	if (source != NULL && net_parse(source, 0, &from, &why) == -1)
		die("-s %s: %s", source, why);
	if (source != NULL &&
	    bind(fd, (const struct sockaddr *)&from.ss, from.len) == -1)
		die("bind %s:", source);
	if (argc == 1)
		send_one(fd, &to, "/dev/stdin");
	for (i = 1; i < argc; i++)
		send_one(fd, &to, argv[i]);
	if (ms >= 0 && reply(fd, (int)ms) != 0)
		die("no reply within %lld ms", ms);
	return fflush(stdout) == EOF ? 1 : 0;
}
