/*
 * recv: datagrams in, in batches (recvmmsg where the system has it), each
 * decoded by lib/proto; what is accepted becomes a journal line, updates
 * its host, and an HTB is acknowledged. What is refused costs a counter
 * and a rate-limited line in the log, nothing more.
 */
#define _GNU_SOURCE	/* recvmmsg, sendmmsg */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "file.h"
#include "hbrecv.h"
#include "hbtime.h"
#include "json.h"

#define BATCH	64
#define DGRAM	(PROTO_MAX_DGRAM + 1)	/* one more: a longer one is truncated */

struct slot {
	struct sockaddr_storage	from;
	char			data[DGRAM];
};

static struct slot	 slots[BATCH];
static struct proto_dec	 dec = PROTO_DEC_INIT;
static struct buf	 lines;
static struct ack	 pend[ACK_BATCH];
static struct cmdq	*pend_cmds[ACK_BATCH];	/* whose commands each carries */
static int		 nacks;
static struct ratelimit	 refused_rl = RATELIMIT_INIT(10, 60);
static struct ratelimit	 write_rl = RATELIMIT_INIT(5, 60);

/* The body as it came, unless it spans lines: then written anew. */
static void
add_body(struct buf *b, const struct hb_msg *m)
{
	if (m->oneline)
		buf_add(b, m->body + m->root->off, m->root->rawlen);
	else
		json_write(b, m->root);
}

static void
journal_line(const struct hb_msg *m, const char *ip, int port, double now)
{
	static struct buf head;
	static double head_at = -1;
	char iso[ISO8601_LEN];

	/* one batch shares one time, so its text is made once */
	if (now != head_at) {
		time_iso8601(now, iso);
		buf_reset(&head);
		buf_add(&head, "{\"timestamp\":", 13);
		json_write_num(&head, floor(now * 1000 + 0.5) / 1000);
		buf_printf(&head, ",\"datetime\":\"%s\",\"source_ip\":\"", iso);
		head_at = now;
	}
	buf_add(&lines, head.p, head.len);
	buf_adds(&lines, ip);
	buf_add(&lines, "\",\"source_port\":", 16);
	json_write_num(&lines, port);
	buf_add(&lines, ",\"message\":", 11);
	add_body(&lines, m);
	buf_add(&lines, "}\n", 2);
}

/* An ACK with commands, but for the values of its fields */
#define ACK_BARE "{\"ID\":\"ACK\",\"name\":\"\",\"seq\":,\"ts\":,\"v\":1,\"cmd\":[]}"

/*
 * How many of q's commands an ACK to name has room for. Names need no
 * escaping, so the length of the JSON is known beforehand (seq and ts take
 * at most 16 and 18 characters); deflate may still add a few bytes to a
 * body that does not shrink, which the caller checks.
 */

static int
cmds_room(const struct cmdq *q, const char *name)
{
	size_t len = sizeof(ACK_BARE) - 1 + 16 + 18 + strlen(name);
	int k;

	for (k = 0; k < q->n; k++) {
		len += strlen(q->cmd[k]) + 3;	/* quotes, comma */
		if (len > ACK_MAX)
			break;
	}
	return k;
}

/* The ACK of m to the sender in slot, with h's oldest commands. */
static void
queue_ack(const struct hb_msg *m, const struct host *h, int slot)
{
	static struct json names[CMDS_MAX],
	    cmd = { .type = JSON_ARRAY, .u.items = names };
	static struct buf b;
	struct cmdq *q = h->cmds;
	struct hb_msg a;
	int i, k = 0;

	if (m->seq < 0 || nacks == ACK_BATCH)
		return;		/* nothing to echo: the sender cannot match it */
	proto_msg_init(&a, MSG_ACK, m->name);
	a.seq = m->seq;
	a.ts = m->ts;
	/* of two heartbeats in a batch, the first takes the commands */
	if (q != NULL && q->taken == 0)
		k = cmds_room(q, m->name);
	for (i = 0; i < k; i++) {
		names[i].type = JSON_STRING;
		names[i].u.str = q->cmd[i];
		names[i].len = strlen(q->cmd[i]);
	}
	for (;; k--) {
		cmd.len = (size_t)k;
		a.cmd = k > 0 ? &cmd : NULL;
		buf_reset(&b);
		if (proto_encode(&a, PROTO_ZTHRESHOLD, &b) == 0 && b.len <= ACK_MAX)
			break;
		if (k == 0)
			return;
	}
	if (k > 0)
		q->taken = k;
	pend_cmds[nacks] = k > 0 ? q : NULL;
	memcpy(pend[nacks].data, b.p, b.len);
	pend[nacks].len = b.len;
	memcpy(&pend[nacks++].to, &slots[slot].from, sizeof(slots[slot].from));
}

static void
refuse(struct stats *st, enum proto_reason r, const char *ip, int port,
    const char *detail)
{
	st->dropped[r]++;
	warnx_rl(&refused_rl, "refused datagram from %s port %d: %s%s%s", ip,
	    port, proto_reason_name(r), *detail ? ": " : "", detail);
}

static void
handle(struct slot *s, size_t len, int truncated, int slot, struct hosts *t,
    struct stats *st, double now)
{
	char ip[NET_ADDRSTRLEN];
	struct hb_msg m;
	enum proto_reason r;
	struct host *h;
	int port;

	st->received++;
	net_ntop((struct sockaddr *)&s->from, ip, &port);
	if (truncated) {
		refuse(st, PR_TOO_BIG, ip, port, "datagram larger than 65507 bytes");
		return;
	}
	if ((r = proto_decode(&dec, s->data, len, &m)) != PR_OK) {
		refuse(st, r, ip, port, dec.detail);
		return;
	}
	if (m.type == MSG_ACK) {
		st->ignored++;	/* acknowledgements go to senders, not here */
		return;
	}
	if ((h = hosts_get(t, m.name)) == NULL) {
		refuse(st, PR_NOMEM, ip, port, "no memory for another host");
		return;
	}
	if (h->first_seen < 0)
		h->cmds = queue_find(m.name);	/* new: commands may wait */
	journal_line(&m, ip, port, now);
	hosts_update(t, h, &m, (struct sockaddr *)&s->from, now);
	if (m.type == MSG_HTB)
		queue_ack(&m, h, slot);
	st->accepted++;
	if (verbose)
		info("%s %s from %s port %d", proto_type_name(m.type), m.name,
		    ip, port);
}

static void
send_acks(int fd, struct stats *st)
{
	int sent = ack_send(fd, pend, nacks), i;

	/* handed over, the commands are done with: at most once from here */
	for (i = 0; i < nacks; i++)
		if (pend_cmds[i] != NULL)
			queue_sent(pend_cmds[i], i < sent);
	st->acks += (unsigned long long)sent;
	st->ack_errors += (unsigned long long)(nacks - sent);
	nacks = 0;
}

/* Up to BATCH datagrams; how many, 0 when none is waiting. */
static int
receive(int fd, size_t *len, int *trunc)
{
#ifdef __linux__
	static struct mmsghdr mm[BATCH];
	static struct iovec iov[BATCH];
	int i, n;

	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = slots[i].data;
		iov[i].iov_len = DGRAM;
		memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &slots[i].from;
		mm[i].msg_hdr.msg_namelen = sizeof(slots[i].from);
	}
	if ((n = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL)) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		len[i] = mm[i].msg_len;
		trunc[i] = (mm[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
	}
	return n;
#else
	socklen_t fl;
	ssize_t r;
	int n;

	for (n = 0; n < BATCH; n++) {
		fl = sizeof(slots[n].from);
		r = recvfrom(fd, slots[n].data, DGRAM, MSG_DONTWAIT,
		    (struct sockaddr *)&slots[n].from, &fl);
		if (r == -1)
			break;
		len[n] = (size_t)r;
		trunc[n] = (size_t)r == DGRAM;
	}
	return n;
#endif
}

static void
write_out(struct journal *j, int *out, struct stats *st)
{
	if (lines.len == 0)
		return;
	if (journal_write(j, lines.p, lines.len) == -1) {
		st->journal_errors++;
		warnx_rl(&write_rl, "write %s:", j->path);
	} else
		st->journal_bytes += lines.len;
	if (*out != -1 && file_append(*out, lines.p, lines.len) == -1) {
		warnx("write to the -o stream: %s; closing it", strerror(errno));
		*out = -1;
	}
	buf_reset(&lines);
}

void
recv_ready(int fd, struct hosts *t, struct journal *j, int *out,
    struct stats *st)
{
	size_t len[BATCH];
	int trunc[BATCH], i, n, rounds;
	double now;

	/* a few batches, then back to poll, so that no socket starves */
	for (rounds = 0; rounds < 16 && (n = receive(fd, len, trunc)) > 0;
	    rounds++) {
		/* microseconds: all the clock means, and cheap to write */
		now = floor(time_now() * 1e6 + 0.5) / 1e6;
		for (i = 0; i < n; i++)
			handle(&slots[i], len[i], trunc[i], i, t, st, now);
		write_out(j, out, st);
		send_acks(fd, st);
		if (n < BATCH)
			break;
	}
}
