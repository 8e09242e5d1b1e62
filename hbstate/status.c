/* status: the hosts as a table for a terminal, coloured only when it is one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hbstate.h"

#define RED	"\033[31m"
#define GREEN	"\033[32m"
#define YELLOW	"\033[33m"
#define RESET	"\033[0m"

static int colour;

/* 42s, 5m, 3h, 2d: how long ago, in the largest unit that fits. */
static void
ago(char *s, size_t n, double secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		snprintf(s, n, "%.0fs", secs);
	else if (secs < 7200)
		snprintf(s, n, "%.0fm", secs / 60);
	else if (secs < 172800)
		snprintf(s, n, "%.0fh", secs / 3600);
	else
		snprintf(s, n, "%.0fd", secs / 86400);
}

static const char *
state_colour(enum hstate s)
{
	return s == HS_UP ? GREEN : s == HS_DOWN ? RED : YELLOW;
}

static const char *
level_colour(enum level lv)
{
	return lv == LV_CRITICAL ? RED : lv == LV_OK ? GREEN : YELLOW;
}

/* Padding counts the text, not the escape sequences around it. */
static void
cell(const char *text, int width, const char *col)
{
	if (colour && col != NULL)
		printf("%s%-*s%s", col, width, text, RESET);
	else
		printf("%-*s", width, text);
}

static void
worst_alert(char *s, size_t n, const struct host *h, enum level *lv)
{
	const struct alert *a, *worst = NULL;
	int count = 0;

	for (a = h->alerts; a != NULL; a = a->next, count++)
		if (worst == NULL || a->state > worst->state)
			worst = a;
	*lv = worst ? worst->state : LV_OK;
	if (worst == NULL)
		snprintf(s, n, "-");
	else if (count == 1)
		snprintf(s, n, "%s %s", level_name(worst->state), worst->metric);
	else
		snprintf(s, n, "%s %s (+%d)", level_name(worst->state),
		    worst->metric, count - 1);
}

static void
row(const struct host *h, double now, int wname)
{
	char seen[16], rtt[24], alert[512];
	enum level lv;

	ago(seen, sizeof(seen), now - h->last_seen);
	if (h->rtt >= 0)
		snprintf(rtt, sizeof(rtt), "%.0fms", h->rtt);
	else
		snprintf(rtt, sizeof(rtt), "-");
	worst_alert(alert, sizeof(alert), h, &lv);
	cell(h->name, wname + 2, NULL);
	cell(hstate_name(h->state), 10, state_colour(h->state));
	printf("%-10s%-18s%-8s", h->last_seen > 0 ? seen : "never",
	    h->addr[0] ? h->addr : "-", rtt);
	cell(alert, 0, lv == LV_OK ? NULL : level_colour(lv));
	printf("\n");
}

int
status_table(const struct world *w, double now)
{
	const char *nc = getenv("NO_COLOR");
	struct host **v;
	size_t n, i;
	int wname = 4;

	colour = isatty(1) && (nc == NULL || *nc == '\0');
	v = world_sorted(w, &n);
	for (i = 0; i < n; i++)
		if ((int)strlen(v[i]->name) > wname)
			wname = (int)strlen(v[i]->name);
	printf("%-*s%-10s%-10s%-18s%-8s%s\n", wname + 2, "HOST", "STATE",
	    "SEEN", "ADDRESS", "RTT", "ALERT");
	for (i = 0; i < n; i++)
		row(v[i], now, wname);
	free(v);
	return fflush(stdout) == EOF ? 1 : 0;
}
