/*
 * udp-sink: a stand-in receiver for the tests of senders. It prints each
 * datagram it gets as one line (its decoded body, after "z " when it came
 * compressed, or "refused REASON"), and with -a answers each HTB with an ACK.
 * A line on stderr tells when it listens, so that a test need not guess.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "proto.h"

#define USAGE	"udp-sink [-a] addr:port"

/* An ACK with the seq and ts of the heartbeat m, back where it came from. */
static void
ack(int fd, const struct hb_msg *m, const struct hb_addr *from, struct buf *out)
{
	struct hb_msg a;

	if (m->seq < 0)
		return;
	proto_msg_init(&a, MSG_ACK, m->name);
	a.seq = m->seq;
	a.ts = m->ts;
	buf_reset(out);
	if (proto_encode(&a, PROTO_ZTHRESHOLD, out) == -1)
		die("encode ACK:");
	if (sendto(fd, out->p, out->len, 0, (const struct sockaddr *)&from->ss,
	    from->len) == -1)
		warnx("send ACK:");
}

static void
show(const unsigned char *dgram, enum proto_reason r, const struct hb_msg *m)
{
	if (r != PR_OK)
		printf("refused %s\n", proto_reason_name(r));
	else
		printf("%s%.*s\n", dgram[0] == 0x78 ? "z " : "",
		    (int)m->bodylen, m->body);
	if (fflush(stdout) == EOF)
		die("stdout:");
}

static void
sink(int fd, int acks)
{
	static unsigned char dgram[PROTO_MAX_DGRAM + 1];
	struct proto_dec dec = PROTO_DEC_INIT;
	struct buf out = BUF_INIT;
	struct pollfd pfd = { fd, POLLIN, 0 };
	struct hb_addr from;
	enum proto_reason r;
	struct hb_msg m;
	ssize_t n;

	for (;;) {
		from.len = sizeof(from.ss);
		n = recvfrom(fd, dgram, sizeof(dgram), 0,
		    (struct sockaddr *)&from.ss, &from.len);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				die("recvfrom:");
			if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
				die("poll:");
			continue;
		}
		r = proto_decode(&dec, dgram, (size_t)n, &m);
		show(dgram, r, &m);
		if (acks && r == PR_OK && m.type == MSG_HTB)
			ack(fd, &m, &from, &out);
	}
}

int
main(int argc, char *argv[])
{
	struct hb_addr a;
	const char *why;
	int fd, acks = 0, c;

	log_init(argv[0]);
	while ((c = getopt(argc, argv, "a")) != -1) {
		if (c != 'a')
			usage_exit(USAGE);
		acks = 1;
	}
	if (argc - optind != 1)
		usage_exit(USAGE);
	if (net_parse(argv[optind], PROTO_PORT, &a, &why) == -1)
		die("%s: %s", argv[optind], why);
	if ((fd = net_udp_bind(&a)) == -1)
		die("bind %s:", argv[optind]);
	/* The tests wait for this line before they send. */
	fprintf(stderr, "udp-sink: listening on %s\n", argv[optind]);
	sink(fd, acks);
}
