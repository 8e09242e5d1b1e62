/*
 * check: one host in the manner of a Nagios plugin: one line, and exit
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
#include <stdio.h>
#include <string.h>

#include "hbstate.h"
#include "proto.h"

static int
verdict(const struct host *h, enum level worst)
{
	if (h->state == HS_DOWN)
		return 2;
	if (worst == LV_CRITICAL)
		return 2;
	if (worst == LV_UNKNOWN)
		return 3;
	return worst == LV_WARNING ? 1 : 0;
}

static void
liveness(struct buf *b, const struct host *h, double now)
{
	switch (h->state) {
	case HS_DOWN:
		buf_printf(b, "%s down for ", h->name);
		render_secs(b, now - h->since);
		break;
	case HS_SHUTDOWN:
		buf_printf(b, "%s shut down on purpose", h->name);
		break;
	default:
		buf_printf(b, "%s up", h->name);
	}
}

/* The worst alert spelt out, so the one line says what is wrong. */
static void
alerts(struct buf *b, const struct host *h, int n)
{
	const struct alert *a, *worst = NULL;

	for (a = h->alerts; a != NULL; a = a->next)
		if (worst == NULL || a->state > worst->state)
			worst = a;
	buf_printf(b, ", %d alert%s", n, n == 1 ? "" : "s");
	if (worst == NULL)
		return;
	buf_printf(b, ": %s %s = ", level_name(worst->state), worst->metric);
	render_value(b, &worst->value, worst->op);
}

int
check_host(const struct world *w, const char *name, double now)
{
	static const char *const words[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	const struct host *h = NULL;
	struct buf b = BUF_INIT;
	enum level worst;
	int n, code;

	if (proto_name_ok(name, strlen(name)))
		h = world_find(w, name);
	if (h == NULL) {
		printf("HB UNKNOWN - %s: no such host\n", name);
		return 3;
	}
	worst = host_worst(h, &n);
	code = verdict(h, worst);
	liveness(&b, h, now);
	alerts(&b, h, n);
	printf("HB %s - %s |", words[code], b.p);
	if (h->rtt >= 0)
		printf(" rtt=%gms", h->rtt);
	printf(" alerts=%d\n", n);
	buf_free(&b);
	return code;
}
