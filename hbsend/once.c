/* once: hbsend from cron or by hand: a message or two, or with -w an ACK. */
#include <stdio.h>
#include <string.h>

#include "hbsend.h"
#include "hbtime.h"

#define WAIT_SECS	2.0	/* for every ACK, the resends included */
#define RESEND_SECS	0.5

static int
all_acked(const struct agent *ag)
{
	size_t i;

	for (i = 0; i < ag->nsrv; i++)
		if (!ag->srv[i].acked)
			return 0;
	return 1;
}

/* Each server's round-trip time on stdout, in order; 1 if one is missing. */
static int
report(const struct agent *ag)
{
	const struct server *s;
	int rc = 0;
	size_t i;

	for (i = 0; i < ag->nsrv; i++) {
		s = &ag->srv[i];
		if (s->acked) {
			printf("%s rtt %.3f ms\n", s->rtt_from, s->rtt);
			continue;
		}
		rc = 1;
		if (s->err != 0)
			warnx("%s: no ACK within %gs (last error: %s)", s->arg,
			    WAIT_SECS, strerror(s->err));
		else
			warnx("%s: no ACK within %gs", s->arg, WAIT_SECS);
	}
	return rc;
}

/*
 * Every resend is a heartbeat of its own, with a seq of its own, so that a
 * late ACK of the first one cannot pass for a quick ACK of the second.
 */
static int
wait_acks(struct agent *ag)
{
	double now = time_mono(), end = now + WAIT_SECS, next = now;

	while (!all_acked(ag) && (now = time_mono()) < end) {
		if (now >= next) {
			msg_send(ag, MSG_HTB, NULL, 1);
			next += RESEND_SECS;
		}
		ack_poll(ag, (next < end ? next : end) - now, -1, -1);
	}
	return report(ag);
}

/* Send one message; 1 when it reached no server at all, else 0. */
static int
send_once(struct agent *ag, enum proto_type t, const char *text)
{
	if (msg_send(ag, t, text, 0) > 0)
		return 0;
	warnx("%s: no server took it", proto_type_name(t));
	return 1;
}

int
once_run(struct agent *ag, int boot, const char *text, int wait)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < ag->nsrv; i++)
		server_resolve(&ag->srv[i]);
	if (wait)
		return wait_acks(ag);
	if (boot)
		rc |= send_once(ag, MSG_BOOT, NULL);
	if (text != NULL)
		rc |= send_once(ag, MSG_MSG, text);
	if (!boot && text == NULL)
		rc |= send_once(ag, MSG_HTB, NULL);
	return rc;
}
