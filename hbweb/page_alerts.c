/*
 * page_alerts: GET /alerts, the metrics that are not OK on the hosts the
 * user lists (as /api/0/alerts has them), worst first, with their counts
 * by severity and a filter that is a plain form: no script needed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hbtime.h"
#include "hbweb.h"
#include "httpreq.h"

static const char *const severities[] = { "critical", "warning", "unknown" };

/* 0 critical, 1 warning, 2 unknown; 3 for anything else. */
static int
rank(const char *state)
{
	int i;

	for (i = 0; i < 3; i++)
		if (state != NULL && strcasecmp(state, severities[i]) == 0)
			return i;
	return 3;
}

void
page_ago(struct buf *b, double secs)
{
	double ago = secs > 0 ? secs : 0;

	if (ago < 60)
		buf_printf(b, "%.0f s", floor(ago));
	else if (ago < 3600)
		buf_printf(b, "%.0f min", floor(ago / 60));
	else if (ago < 86400)
		buf_printf(b, "%.0f h %.0f min", floor(ago / 3600),
		    floor(fmod(ago, 3600) / 60));
	else
		buf_printf(b, "%.0f d %.0f h", floor(ago / 86400),
		    floor(fmod(ago, 86400) / 3600));
}

void
page_when(struct buf *b, double ts, double now)
{
	char iso[ISO8601_LEN];

	if (!(ts > 0) || time_iso8601(ts, iso) == 0) {
		buf_adds(b, "&ndash;");
		return;
	}
	buf_printf(b, "<time datetime=\"%s\" title=\"%s\">", iso, iso);
	page_ago(b, now - ts);
	buf_adds(b, " ago</time>");
}

/* A value of an alert: a number, a text, or nothing. */
static void
value_out(struct buf *b, const struct json *v)
{
	if (v != NULL && v->type == JSON_NUMBER)
		html_num(b, v->u.num);
	else if (v != NULL && v->type == JSON_STRING)
		html_text(b, v->u.str);
	else
		buf_adds(b, "&ndash;");
}

static int
by_rank(const void *x, const void *y)
{
	const struct json *a = *(const struct json *const *)x;
	const struct json *b = *(const struct json *const *)y;
	int c = rank(json_get_str(a, "state")) - rank(json_get_str(b, "state"));

	if (c == 0)
		c = strcmp(json_get_str(a, "host"), json_get_str(b, "host"));
	if (c == 0 && json_get_str(a, "metric") && json_get_str(b, "metric"))
		c = strcmp(json_get_str(a, "metric"), json_get_str(b, "metric"));
	return c;
}

static void
row(struct call *k, struct buf *b, const struct json *a)
{
	const char *host = json_get_str(a, "host");
	const char *state = json_get_str(a, "state");
	const char *op = json_get_str(a, "op");
	const char *text = json_get_str(a, "display");
	const struct json *th = json_get(a, "threshold");

	buf_adds(b, "<tr><td><a href=\"/plugins/");
	html_text(b, host);
	buf_adds(b, "\">");
	html_text(b, host);
	buf_adds(b, "</a></td><td>");
	html_text(b, json_get_str(a, "metric"));
	buf_printf(b, "</td><td><span class=\"badge %s\">",
	    rank(state) < 3 ? severities[rank(state)] : "unknown");
	html_text(b, state);
	buf_adds(b, "</span></td><td class=\"num\">");
	value_out(b, json_get(a, "value"));
	buf_adds(b, "</td><td>");
	html_text(b, op);
	if (th != NULL && th->type != JSON_NULL) {
		buf_adds(b, " ");
		value_out(b, th);
	}
	buf_adds(b, "</td><td>");
	html_text(b, text);
	buf_adds(b, "</td><td>");
	page_when(b, json_get_num(a, "since", 0), k->now);
	buf_adds(b, "</td></tr>");
}

/* The alerts of the severity (NULL: all) that the user lists, worst first. */
static void
table(struct call *k, struct buf *b, const char *severity)
{
	const struct json *all = k->pic->alerts, *a, **v;
	const char *h, *s;
	size_t i, n = 0;

	if ((v = calloc(all != NULL && all->len ? all->len : 1,
	    sizeof(*v))) == NULL) {
		buf_adds(b, "<p class=\"critical\">Out of memory.</p>");
		return;
	}
	for (i = 0; all != NULL && all->type == JSON_ARRAY && i < all->len;
	    i++) {
		a = &all->u.items[i];
		if ((h = json_get_str(a, "host")) == NULL ||
		    (s = json_get_str(a, "state")) == NULL ||
		    role_of(k->c, k->user, h) < ROLE_MANAGER ||
		    (severity != NULL && strcasecmp(s, severity) != 0))
			continue;
		v[n++] = a;
	}
	qsort(v, n, sizeof(*v), by_rank);
	if (n == 0)
		buf_adds(b, "<p class=\"muted\">No alerts.</p>");
	else
		buf_adds(b, "<div class=\"scroll\"><table class=\"alerts\">"
		    "<thead><tr><th>Host</th><th>Metric</th><th>State</th>"
		    "<th>Value</th><th>Threshold</th><th>Text</th>"
		    "<th>Since</th></tr></thead><tbody>");
	for (i = 0; i < n; i++)
		row(k, b, v[i]);
	if (n > 0)
		buf_adds(b, "</tbody></table></div>");
	free(v);
}

/* The counts, each a link that filters; and the same filter as a form. */
static void
summary(struct call *k, struct buf *b, const char *severity)
{
	int n[3], i;

	alert_totals(k, n);
	buf_printf(b, "<ul class=\"counts\"><li><a href=\"/alerts\"%s>all "
	    "<b>%d</b></a></li>", severity == NULL ? " aria-current=\"true\"" :
	    "", n[0] + n[1] + n[2]);
	for (i = 0; i < 3; i++)
		buf_printf(b, "<li><a class=\"%s\" href=\"/alerts?severity=%s\"%s>"
		    "%s <b>%d</b></a></li>", severities[i], severities[i],
		    severity != NULL && strcmp(severity, severities[i]) == 0 ?
		    " aria-current=\"true\"" : "", severities[i], n[i]);
	buf_adds(b, "</ul><form class=\"filter\" method=\"get\" "
	    "action=\"/alerts\"><label for=\"severity\">Severity</label> "
	    "<select id=\"severity\" name=\"severity\"><option value=\"\">"
	    "all</option>");
	for (i = 0; i < 3; i++)
		buf_printf(b, "<option%s>%s</option>", severity != NULL &&
		    strcmp(severity, severities[i]) == 0 ? " selected" : "",
		    severities[i]);
	buf_adds(b, "</select> <button type=\"submit\">Show</button></form>");
}

void
alerts_page(struct call *k, struct resp *r)
{
	const char *severity = NULL;
	char want[16];
	int got;

	got = k->query ? http_query_get(k->query, "severity", want,
	    sizeof(want)) : 0;
	if (got == 1 && *want != '\0' && rank(want) < 3)
		severity = severities[rank(want)];
	page_begin(k, r, "Alerts", "/alerts", NULL);
	buf_adds(&r->body, "<h1>Alerts</h1>");
	summary(k, &r->body, severity);
	if (got == -1 || (got == 1 && *want != '\0' && severity == NULL)) {
		r->status = 400;
		buf_adds(&r->body, "<p class=\"critical\" role=\"alert\">The "
		    "severity is critical, warning or unknown.</p>");
	} else
		table(k, &r->body, severity);
	page_end(r);
}
