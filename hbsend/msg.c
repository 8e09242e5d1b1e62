/* msg: hbsend's messages, numbered, stamped, encoded, sent to every server. */
#include <errno.h>

#include "hbsend.h"
#include "hbtime.h"

static long long
next_seq(struct agent *ag)
{
	if (ag->seq > PROTO_SEQ_MAX)
		ag->seq = 0;
	return ag->seq++;
}

/* 0, or -1 for a message that no datagram holds, even compressed. */
static int
encode(struct agent *ag, const struct hb_msg *m)
{
	buf_reset(&ag->out);
	if (proto_encode(m, ag->zthreshold, &ag->out) == 0)
		return 0;
	if (errno != EMSGSIZE)
		die("%s: out of memory", proto_type_name(m->type));
	if (m->type != MSG_PLG)
		die("%s: more than one datagram holds, even compressed",
		    proto_type_name(m->type));
	return -1;
}

/* 1 when the server took m, else 0. */
static size_t
send_one(struct agent *ag, struct server *s, struct hb_msg *m)
{
	char label[LABEL_MAX];
	struct peer *p;

	/* The round-trip time a heartbeat reports is its own server's. */
	if (m->type == MSG_HTB) {
		m->rtt = s->rtt;
		s->rtt = -1;
	}
	if (encode(ag, m) == -1 ||
	    (p = server_send(s, ag->out.p, ag->out.len)) == NULL)
		return 0;
	if (m->type == MSG_HTB)
		ack_expect(s, m->seq);
	if (ag->verbose) {
		peer_label(p, label);
		info("%s: sent %s seq %lld to %s (%zu bytes)", s->arg,
		    proto_type_name(m->type), m->seq, label, ag->out.len);
	}
	return 1;
}

size_t
msg_send(struct agent *ag, enum proto_type t, const char *text, int unacked)
{
	struct hb_msg m;
	size_t i, took = 0;

	proto_msg_init(&m, t, ag->name);
	m.seq = next_seq(ag);
	m.ts = time_now();
	m.text = text;
	if (t == MSG_HTB) {
		m.interval = ag->interval;
		m.version = HBSEND_VERSION;
	}
	for (i = 0; i < ag->nsrv; i++)
		if (!unacked || !ag->srv[i].acked)
			took += send_one(ag, &ag->srv[i], &m);
	return took;
}

void
msg_plugin(struct agent *ag, const char *plugin, const struct json *data)
{
	static struct ratelimit rl = COMPLAINTS;
	struct hb_msg m;
	size_t i;

	proto_msg_init(&m, MSG_PLG, ag->name);
	m.seq = next_seq(ag);
	m.ts = time_now();
	m.plugin = plugin;
	m.data = data;
	/* one look first: a sample too large is said once, not per server */
	if (encode(ag, &m) == -1) {
		warnx_rl(&rl, "plugin %s: its sample does not fit in a datagram, "
		    "even compressed: skipped", plugin);
		return;
	}
	for (i = 0; i < ag->nsrv; i++)
		send_one(ag, &ag->srv[i], &m);
}
