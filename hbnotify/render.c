/*
 * render: the words of a message. One event says its own text; a group
 * is summed up in the manner of Alertmanager ("3 hosts DOWN: a, b, c")
 * and lists each event in the body.
 */
#include <string.h>

#include "hbnotify.h"
#include "hbtime.h"

#define NAMES_SHOWN	10
#define STATES_MAX	16

/* The distinct hosts of the group, the first NAMES_SHOWN by name; their number. */
static int
hosts(struct buf *b, struct event *const *ev, int n)
{
	int i, j, distinct = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(ev[j]->host, ev[i]->host) == 0)
				break;
		if (j < i)
			continue;
		if (distinct < NAMES_SHOWN && b != NULL)
			buf_printf(b, "%s%s", distinct ? ", " : "", ev[i]->host);
		distinct++;
	}
	if (b != NULL && distinct > NAMES_SHOWN)
		buf_printf(b, " and %d more", distinct - NAMES_SHOWN);
	return distinct;
}

static int
same(struct event *const *ev, int n)
{
	int i;

	for (i = 1; i < n; i++)
		if (strcmp(ev[i]->state, ev[0]->state) != 0 ||
		    strcmp(ev[i]->kind, ev[0]->kind) != 0)
			return 0;
	return 1;
}

/* "2 DOWN, 1 CRITICAL": the states in the order they first come. */
static void
tally(struct buf *b, struct event *const *ev, int n)
{
	const char *state[STATES_MAX];
	int count[STATES_MAX], ns = 0, i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < ns; k++)
			if (strcmp(state[k], ev[i]->state) == 0)
				break;
		if (k == ns && ns == STATES_MAX)
			continue;
		if (k == ns) {
			state[ns] = ev[i]->state;
			count[ns++] = 0;
		}
		count[k]++;
	}
	for (k = 0; k < ns; k++)
		buf_printf(b, "%s%d %s", k ? ", " : "", count[k], state[k]);
}

void
render_title(struct buf *b, struct event *const *ev, int n)
{
	const char *kind;

	if (n == 1) {
		buf_adds(b, ev[0]->text);
		return;
	}
	if (!same(ev, n)) {
		buf_printf(b, "%d events: ", n);
		tally(b, ev, n);
		return;
	}
	/* "hosts" only when each event is a host of its own */
	kind = ev[0]->kind;
	if (strcmp(kind, "host") == 0 && hosts(NULL, ev, n) == n)
		kind = "hosts";
	else
		kind = strcmp(kind, "metric") == 0 ? "alerts" : "events";
	buf_printf(b, "%d %s %s: ", n, kind, ev[0]->state);
	hosts(b, ev, n);
}

static void
when(struct buf *b, double ts)
{
	char iso[ISO8601_LEN];

	if (time_iso8601(ts, iso) > 0)
		buf_adds(b, iso);
}

void
render_body(struct buf *b, struct event *const *ev, int n)
{
	int i;

	if (n == 1) {
		buf_printf(b, "%s\n\nhost:  %s\nwhen:  ", ev[0]->text, ev[0]->host);
		when(b, ev[0]->ts);
		buf_printf(b, "\nevent: %s\n", ev[0]->id);
		return;
	}
	for (i = 0; i < n; i++) {
		buf_printf(b, "%s\n    ", ev[i]->text);
		when(b, ev[i]->ts);
		buf_printf(b, ", event %s\n", ev[i]->id);
	}
}

int
render_priority(struct event *const *ev, int n)
{
	int i, p = -1;

	for (i = 0; i < n; i++) {
		if (ev[i]->recovery)
			continue;
		if (ev[i]->sev == SEV_CRITICAL)
			return 1;
		if (ev[i]->sev == SEV_WARNING || ev[i]->sev == SEV_UNKNOWN)
			p = 0;
	}
	return p;
}
