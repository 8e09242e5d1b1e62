/* send: one message about a group of events, by the channel's means. */
#include "hbnotify.h"

enum sent
send_message(const struct channel *ch, const char *target, const char *id,
    struct event *const *ev, int n, struct buf *why)
{
	switch (ch->type) {
	case CH_EMAIL:
	case CH_SIGNAL:
	case CH_EXEC:
		return send_command(ch, target, id, ev, n, why);
	default:
		return send_http(ch, target, id, ev, n, why);
	}
}
