/*
 * auth: who asks. A token comes as "Authorization: Bearer TOKEN" (for
 * scripts) or in the session cookie (for browsers, HttpOnly and
 * SameSite=Strict); a change asked with the cookie must also come from
 * a page of ours (Origin or Referer), so no other site can make one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hbweb.h"
#include "httpreq.h"
#include "json.h"
#include "log.h"

#define COOKIE		"hb_session"

/* The value of our cookie in a Cookie header, into out. */
static int
cookie(const char *h, char *out, size_t size)
{
	const char *p = h, *end;
	size_t n;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " ;");
		end = p + strcspn(p, ";");
		if (strncmp(p, COOKIE "=", sizeof(COOKIE)) == 0) {
			p += sizeof(COOKIE);
			n = (size_t)(end - p);
			if (n >= size)
				return -1;
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

void
auth_identify(struct call *k)
{
	const char *h;

	k->user = NULL;
	k->token[0] = '\0';
	if ((h = httpreq_header(k->rq, "Authorization")) != NULL) {
		if (strncasecmp(h, "Bearer ", 7) != 0 ||
		    strlen(h + 7) > TOKEN_LEN)
			return;
		snprintf(k->token, sizeof(k->token), "%s", h + 7);
	} else if ((h = httpreq_header(k->rq, "Cookie")) != NULL &&
	    cookie(h, k->token, sizeof(k->token)) == 0)
		k->by_cookie = 1;
	if (k->token[0] != '\0' && session_user(k->c, k->token, k->now,
	    k->userbuf, sizeof(k->userbuf)) == 0)
		k->user = k->userbuf;
}

/* Does the URL (an Origin or a Referer) name the host the request was sent to? */
static int
same_host(const char *url, const char *host)
{
	const char *p = strstr(url, "://");
	size_t n = strlen(host);

	if (p == NULL || host == NULL)
		return 0;
	p += 3;
	return strncasecmp(p, host, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

int
auth_origin_ok(struct call *k, struct resp *r)
{
	const char *origin = httpreq_header(k->rq, "Origin");
	const char *host = httpreq_header(k->rq, "Host");

	if (!k->by_cookie)
		return 1;
	if (origin == NULL)
		origin = httpreq_header(k->rq, "Referer");
	if (origin != NULL && host != NULL && same_host(origin, host))
		return 1;
	resp_error(r, 403, "a change by cookie needs an Origin of this site");
	return 0;
}

static void
set_cookie(const struct call *k, struct resp *r, const char *token,
    double age)
{
	buf_printf(&r->head, "Set-Cookie: " COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=%.0f%s\r\n", token, age,
	    k->c->secure ? "; Secure" : "");
}

/* Wait as the throttle says, for user and for the address. */
static int
throttled(struct call *k, struct resp *r, const char *ukey, const char *akey)
{
	double wait = throttle_wait(k->c, ukey, k->now);
	double await = throttle_wait(k->c, akey, k->now);

	if (await > wait)
		wait = await;
	if (wait <= 0)
		return 0;
	resp_error(r, 429, "too many failed logins: wait");
	buf_printf(&r->head, "Retry-After: %.0f\r\n", wait + 0.5);
	return 1;
}

static int
credentials(struct call *k, struct resp *r, struct json_doc *doc,
    const char **user, const char **pw)
{
	const struct buf *b = &k->rq->body;

	if (b->len == 0 || json_parse(doc, b->p, b->len, NULL) == -1 ||
	    (*user = json_get_str(&doc->root, "username")) == NULL ||
	    (*pw = json_get_str(&doc->root, "password")) == NULL ||
	    strlen(*pw) > PASSWORD_MAX) {
		resp_error(r, 400, "{\"username\": ..., \"password\": ...} "
		    "expected");
		return -1;
	}
	return 0;
}

int
login_attempt(struct call *k, struct resp *r, const char *user,
    const char *pw, char token[TOKEN_LEN + 1])
{
	char ukey[128], akey[128];
	const struct userconf *u;
	int ok;

	snprintf(ukey, sizeof(ukey), "user %.64s", user);
	snprintf(akey, sizeof(akey), "addr %.64s", k->peer);
	if (throttled(k, r, ukey, akey))
		return -1;
	u = user_name_ok(user) ? user_get(k->c, user) : NULL;
	ok = u != NULL && password_check(pw, u->password);
	throttle_note(k->c, ukey, ok, k->now);
	throttle_note(k->c, akey, ok, k->now);
	if (!ok) {
		warnx("%s: failed login as %.64s", k->peer, user);
		resp_error(r, 401, "wrong user name or password");
		return -1;
	}
	if (session_new(k->c, u->name, k->now, token) == -1) {
		warnx("%s/sessions: cannot keep a session: %s", k->c->statedir,
		    strerror(errno));
		resp_error(r, 500, "cannot keep a session");
		return -1;
	}
	set_cookie(k, r, token, k->c->session);
	return 0;
}

void
api_login(struct call *k, struct resp *r)
{
	struct json_doc doc = JSON_DOC_INIT;
	char token[TOKEN_LEN + 1];
	const char *user, *pw;
	struct jw w;

	if (credentials(k, r, &doc, &user, &pw) == 0 &&
	    login_attempt(k, r, user, pw, token) == 0) {
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kstr(&w, "token", token);
		jw_kstr(&w, "user", user);
		jw_end(&w, '}');
		buf_addc(&r->body, '\n');
	}
	json_doc_free(&doc);
}

void
logout(struct call *k, struct resp *r)
{
	if (k->user != NULL)
		session_end(k->c, k->token);
	set_cookie(k, r, "", 0);
}

void
api_logout(struct call *k, struct resp *r)
{
	if (k->user == NULL) {
		resp_error(r, 401, "not logged in");
		return;
	}
	logout(k, r);
	r->status = 204;
}
