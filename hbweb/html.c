/*
 * html: the pages are written the way the JSON is, every text escaped on
 * its way out, so that no host name, message or user name can become
 * markup. The frame of every page: the navigation, with the pie of the
 * alerts the user may see; the stylesheet and the page's own script from
 * /static/ (no inline script: the Content-Security-Policy forbids it).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hbweb.h"

void
html_text(struct buf *b, const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		switch (*p) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *p); break;
		}
}

void
html_num(struct buf *b, double v)
{
	json_write_num(b, v);
}

/* The alerts the user's lists hold, by severity: critical, warning, unknown. */
void
alert_totals(const struct call *k, int n[3])
{
	const struct json *all = k->pic->alerts, *a;
	const char *h, *s;
	size_t i;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; all != NULL && i < all->len; i++) {
		a = &all->u.items[i];
		if ((h = json_get_str(a, "host")) == NULL ||
		    (s = json_get_str(a, "state")) == NULL ||
		    role_of(k->c, k->user, h) < ROLE_MANAGER)
			continue;
		if (strcasecmp(s, "critical") == 0)
			n[0]++;
		else if (strcasecmp(s, "warning") == 0)
			n[1]++;
		else if (strcasecmp(s, "unknown") == 0)
			n[2]++;
	}
}

/*
 * The pie: circles of circumference 100 whose dashes are the shares,
 * drawn with presentation attributes and classes, which the policy
 * allows where inline styles are not.
 */
static void
pie(struct buf *b, const int n[3])
{
	static const char *const cls[] = { "critical", "warning", "unknown" };
	int i, total = n[0] + n[1] + n[2];
	double at = 25, share;

	buf_printf(b, "<a class=\"pie\" href=\"/alerts\" title=\"%d critical, "
	    "%d warning, %d unknown\"><svg viewBox=\"0 0 42 42\" width=\"28\" "
	    "height=\"28\" role=\"img\" aria-label=\"alerts: %d critical, %d "
	    "warning, %d unknown\"><circle class=\"none\" cx=\"21\" cy=\"21\" "
	    "r=\"15.9155\" fill=\"none\" stroke-width=\"8\"/>", n[0], n[1],
	    n[2], n[0], n[1], n[2]);
	for (i = 0; i < 3 && total > 0; i++) {
		if (n[i] == 0)
			continue;
		share = 100.0 * n[i] / total;
		buf_printf(b, "<circle class=\"%s\" cx=\"21\" cy=\"21\" "
		    "r=\"15.9155\" fill=\"none\" stroke-width=\"8\" "
		    "stroke-dasharray=\"%.3f %.3f\" stroke-dashoffset=\"%.3f\"/>",
		    cls[i], share, 100 - share, at);
		at -= share;
	}
	buf_printf(b, "</svg><span>%d</span></a>", total);
}

void
page_begin(struct call *k, struct resp *r, const char *title,
    const char *here, const char *script)
{
	static const char *const nav[][2] = {
		{ "/live", "Live" }, { "/alerts", "Alerts" },
		{ "/settings", "Settings" },
	};
	struct buf *b = &r->body;
	int n[3];
	size_t i;

	r->type = "text/html; charset=utf-8";
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	html_text(b, title);
	buf_adds(b, " - hb</title><link rel=\"stylesheet\" "
	    "href=\"/static/hb.css\"><link rel=\"icon\" "
	    "href=\"/static/favicon.svg\" type=\"image/svg+xml\">");
	if (script != NULL) {
		buf_adds(b, "<script src=\"/static/");
		html_text(b, script);
		buf_adds(b, "\" defer></script>");
	}
	buf_adds(b, "</head><body><nav><strong>hb</strong>");
	for (i = 0; here != NULL && i < sizeof(nav) / sizeof(nav[0]); i++) {
		buf_printf(b, "<a href=\"%s\"%s>%s</a>", nav[i][0],
		    strcmp(here, nav[i][0]) == 0 ? " aria-current=\"page\"" :
		    "", nav[i][1]);
	}
	if (here != NULL) {
		alert_totals(k, n);
		pie(b, n);
	}
	if (here != NULL && k->user != NULL) {
		buf_adds(b, "<form class=\"logout\" method=\"post\" "
		    "action=\"/logout\"><span class=\"muted\">");
		html_text(b, k->user);
		buf_adds(b, "</span> <button>Log out</button></form>");
	}
	buf_adds(b, "</nav><main>");
}

void
page_end(struct resp *r)
{
	buf_adds(&r->body, "</main></body></html>\n");
}

/* 303 to where: after a form, or to the login page. */
void
page_redirect(struct resp *r, const char *where)
{
	resp_error(r, 303, "see other");
	buf_adds(&r->head, "Location: ");
	buf_adds(&r->head, where);
	buf_adds(&r->head, "\r\n");
}
