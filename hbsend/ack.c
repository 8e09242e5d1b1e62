/*
 * ack: what comes back on the sockets: ACKs, which give the round-trip
 * time and may ask for actions, and the errors of earlier datagrams (ICMP
 * port or host unreachable).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>

#include "hbsend.h"
#include "hbtime.h"

/* Datagrams read from one socket in a round: no peer starves the others. */
#define READ_MAX	64

void
ack_expect(struct server *s, long long seq)
{
	struct sent *e = &s->sent[s->nsent++ % SENT_MAX];

	e->seq = seq;
	e->at = time_mono();
}

/*
 * The ACK of a heartbeat we are waiting for gives its round-trip time;
 * 1 when it is one, else 0.
 */
static int
take_ack(struct agent *ag, struct server *s, struct peer *p,
    const struct hb_msg *m)
{
	int i;

	for (i = 0; i < SENT_MAX; i++)
		if (s->sent[i].seq == m->seq)
			break;
	if (i == SENT_MAX) {
		if (ag->verbose)
			info("%s: ACK of seq %lld, which is not ours or late",
			    s->arg, m->seq);
		return 0;
	}
	/* One ACK per heartbeat: a duplicate measures nothing. */
	s->sent[i].seq = -1;
	/* Milliseconds to the microsecond: further digits are noise. */
	s->rtt = round((time_mono() - s->sent[i].at) * 1e6) / 1000;
	s->acked = 1;
	p->worked = 1;
	p->fails = 0;
	peer_label(p, s->rtt_from);
	if (ag->verbose)
		info("%s: ACK of seq %lld from %s, rtt %.3f ms", s->arg, m->seq,
		    s->rtt_from, s->rtt);
	return 1;
}

static void
datagram(struct agent *ag, struct server *s, struct peer *p, size_t n)
{
	static struct ratelimit rl = COMPLAINTS;
	enum proto_reason r;
	struct hb_msg m;

	if ((r = proto_decode(&ag->dec, ag->rbuf, n, &m)) != PR_OK) {
		warnx_rl(&rl, "%s: datagram refused: %s: %s", s->arg,
		    proto_reason_name(r), ag->dec.detail);
		return;
	}
	/*
	 * Whatever else a receiver may say one day is not for us. Actions
	 * are taken from the ACKs of our heartbeats only, once each: a
	 * datagram that merely comes from the server's address asks for none.
	 */
	if (m.type == MSG_ACK && take_ack(ag, s, p, &m) && m.cmd != NULL)
		actions_asked(ag, s, m.cmd);
}

/* What the socket of p holds: connected to p, it only hears from p. */
static void
peer_read(struct agent *ag, struct server *s, struct peer *p)
{
	ssize_t n;
	int i;

	for (i = 0; i < READ_MAX; i++) {
		/* A byte beyond the largest datagram, to see one too big. */
		if ((n = recv(p->fd, ag->rbuf, PROTO_MAX_DGRAM + 1, 0)) == -1) {
			/* An error here is that of a datagram we sent. */
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				server_fail(s, p, "send to");
			return;
		}
		datagram(ag, s, p, (size_t)n);
	}
}

static int
timeout_ms(double secs)
{
	if (secs <= 0)
		return 0;
	if (secs > INT_MAX / 1000)
		return INT_MAX;
	return (int)ceil(secs * 1000);
}

/*
 * Fill the poll set: the pipes first if there are any, then every open
 * socket, then the pipe of every action that runs, whose end wakes us.
 */
static size_t
poll_set(struct agent *ag, int wakefd, int datafd)
{
	struct server *s;
	size_t n = 0, i;
	int j;

	ag->pfd[n] = (struct pollfd){ .fd = wakefd, .events = POLLIN };
	ag->who[n++] = (struct pollwho){ NULL, NULL };
	ag->pfd[n] = (struct pollfd){ .fd = datafd, .events = POLLIN };
	ag->who[n++] = (struct pollwho){ NULL, NULL };
	for (i = 0; i < ag->nsrv; i++) {
		s = &ag->srv[i];
		for (j = 0; j < s->npeers; j++) {
			if (s->peers[j].fd == -1)
				continue;
			ag->pfd[n] = (struct pollfd){ .fd = s->peers[j].fd,
			    .events = POLLIN };
			ag->who[n++] = (struct pollwho){ s, &s->peers[j] };
		}
	}
	for (i = 0; ag->actions != NULL && i < ag->actions->n; i++) {
		if (ag->actions->a[i].fd == -1)
			continue;
		ag->pfd[n] = (struct pollfd){ .fd = ag->actions->a[i].fd,
		    .events = POLLIN };
		ag->who[n++] = (struct pollwho){ NULL, NULL };
	}
	return n;
}

int
ack_poll(struct agent *ag, double secs, int wakefd, int datafd)
{
	size_t n = poll_set(ag, wakefd, datafd), i;

	/* poll(2) skips the negative descriptors */
	if (poll(ag->pfd, (nfds_t)n, timeout_ms(secs)) == -1) {
		if (errno != EINTR)
			die("poll:");
		return 0;
	}
	/*
	 * The wake-up pipe and the actions' pipes only end the wait: the
	 * caller has its flag, and reaps the actions.
	 */
	for (i = 0; i < n; i++)
		if (ag->pfd[i].revents != 0 && ag->who[i].p != NULL)
			peer_read(ag, ag->who[i].s, ag->who[i].p);
	return datafd != -1 && ag->pfd[1].revents != 0;
}
