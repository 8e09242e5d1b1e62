/*
 * pages: the dashboards. The server renders each page's first paint,
 * so reading needs no JavaScript; the scripts in /static/ make it live.
 * With users, a browser without a session is sent to /login, whose form
 * works without script too.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hbweb.h"
#include "httpreq.h"
#include "proto.h"

#define FORM_FIELD_MAX	1100	/* bytes of a decoded user name or password */

static int
reading(const struct call *k)
{
	return strcmp(k->method, "GET") == 0 || strcmp(k->method, "HEAD") == 0;
}

static void
login_page(struct call *k, struct resp *r, const char *failed)
{
	page_begin(k, r, "Log in", NULL, NULL);
	buf_adds(&r->body, "<form class=\"login\" method=\"post\" "
	    "action=\"/login\"><h1>hb</h1>");
	if (failed != NULL) {
		buf_adds(&r->body, "<p class=\"critical\" role=\"alert\">");
		html_text(&r->body, failed);
		buf_adds(&r->body, "</p>");
	}
	buf_adds(&r->body, "<label for=\"username\">User</label>"
	    "<input id=\"username\" name=\"username\" autocomplete=\"username\" "
	    "required autofocus><label for=\"password\">Password</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required>"
	    "<button type=\"submit\">Log in</button></form>");
	page_end(r);
}

/* POST /login: the form's fields; on, or back to the form with why not. */
static void
login_post(struct call *k, struct resp *r)
{
	char user[FORM_FIELD_MAX], pw[FORM_FIELD_MAX], token[TOKEN_LEN + 1];
	const char *body = k->rq->body.p ? k->rq->body.p : "";
	int status;

	if (http_query_get(body, "username", user, sizeof(user)) != 1 ||
	    http_query_get(body, "password", pw, sizeof(pw)) != 1) {
		r->status = 400;
		login_page(k, r, "Give a user name and a password.");
		return;
	}
	if (login_attempt(k, r, user, pw, token) == 0) {
		page_redirect(r, "/live");	/* with the cookie set */
		return;
	}
	status = r->status;
	buf_reset(&r->body);
	login_page(k, r, status == 429 ? "Too many failed logins: wait a "
	    "moment." : status == 401 ? "Wrong user name or password." :
	    "The login could not be kept.");
	r->status = status;
}

static const char *
state_class(const char *state)
{
	if (state == NULL)
		return "unknown";
	if (strcmp(state, "UP") == 0)
		return "up";
	if (strcmp(state, "DOWN") == 0)
		return "down";
	return "muted";
}

/* One number of the glance strip: "cpu 12%", or a dash when unknown. */
static void
glance_item(struct buf *b, const char *what, const char *key, double v)
{
	buf_printf(b, "<li data-glance=\"%s\">%s <b>", key, what);
	if (isnan(v))
		buf_adds(b, "&ndash;");
	else
		buf_printf(b, "%.0f%%", v);
	buf_adds(b, "</b></li>");
}

static void
card(struct call *k, struct buf *b, const char *name, const struct json *v)
{
	const char *state = json_get_str(v, "state");
	double seen = json_get_num(v, "last_seen", 0);
	double rtt = json_get_num(v, "rtt", -1);
	const char *addr = json_get_str(v, "address");
	const int *n = picture_counts(k->pic, name);
	struct glance g;

	glance_of(k->c, name, &g);
	buf_adds(b, "<article class=\"card\" data-host=\"");
	html_text(b, name);
	buf_adds(b, "\"><h2><a href=\"/plugins/");
	html_text(b, name);
	buf_adds(b, "\">");
	html_text(b, name);
	buf_printf(b, "</a> <span class=\"state %s\">", state_class(state));
	html_text(b, state ? state : "UNKNOWN");
	buf_adds(b, "</span></h2><p>last seen <time data-ts=\"");
	html_num(b, seen);
	buf_adds(b, "\">");
	if (seen > 0)
		buf_printf(b, "%.0f s ago", k->now - seen > 0 ? k->now - seen : 0);
	else
		buf_adds(b, "never");
	buf_adds(b, "</time> &middot; <span data-field=\"address\">");
	html_text(b, addr ? addr : "-");
	buf_adds(b, "</span> &middot; rtt <span data-field=\"rtt\">");
	if (rtt >= 0)
		buf_printf(b, "%.1f ms", rtt);
	else
		buf_adds(b, "-");
	buf_adds(b, "</span></p><ul class=\"glance\">");
	glance_item(b, "cpu", "cpu", g.cpu);
	glance_item(b, "mem", "memory", g.memory);
	glance_item(b, "disk", "disk", g.disk);
	buf_printf(b, "<li data-glance=\"alerts\">alerts <b>%d</b></li></ul>"
	    "</article>", n[0] + n[1] + n[2]);
}

static void
live_page(struct call *k, struct resp *r)
{
	const struct json *hs = k->pic->hosts;
	const char *name;
	size_t i;
	int shown = 0;

	page_begin(k, r, "Live", "/live", "live.js");
	buf_adds(&r->body, "<h1>Live</h1><section id=\"hosts\" "
	    "class=\"cards\" aria-label=\"hosts\">");
	for (i = 0; hs != NULL && i < hs->len; i++) {
		name = hs->u.members[i].key;
		if (!proto_name_ok(name, strlen(name)) ||
		    role_of(k->c, k->user, name) < ROLE_MANAGER)
			continue;
		card(k, &r->body, name, &hs->u.members[i].value);
		shown++;
	}
	buf_adds(&r->body, "</section>");
	if (shown == 0)
		buf_adds(&r->body, "<p id=\"nohosts\" class=\"muted\">No hosts "
		    "yet.</p>");
	buf_adds(&r->body, "<h2>Feed</h2><ol id=\"feed\" class=\"feed\" "
	    "aria-live=\"polite\"></ol>");
	page_end(r);
}

int
page_route(struct call *k, struct resp *r)
{
	const char *p = k->path;

	if (strcmp(p, "/") == 0) {
		page_redirect(r, "/live");
		return 1;
	}
	if (strcmp(p, "/login") == 0) {
		if (reading(k))
			login_page(k, r, NULL);
		else if (strcmp(k->method, "POST") == 0)
			login_post(k, r);
		else
			return 0;
		return 1;
	}
	if (strcmp(p, "/logout") == 0 && strcmp(k->method, "POST") == 0) {
		logout(k, r);
		page_redirect(r, "/login");
		return 1;
	}
	if (!reading(k) || (strcmp(p, "/live") != 0 &&
	    strcmp(p, "/alerts") != 0 && strcmp(p, "/settings") != 0 &&
	    strncmp(p, "/plugins/", 9) != 0))
		return 0;
	if (users_any(k->c) && k->user == NULL) {
		page_redirect(r, "/login");
		return 1;
	}
	picture_fresh(k->pic);
	if (strcmp(p, "/live") == 0)
		live_page(k, r);
	else if (strcmp(p, "/alerts") == 0)
		alerts_page(k, r);
	else if (strcmp(p, "/settings") == 0)
		settings_page(k, r);
	else
		plugins_page(k, r, p + 9);
	return 1;
}
