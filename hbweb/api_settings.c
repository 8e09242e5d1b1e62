/*
 * api_settings: hb.conf as the programs read it, for admins, with the
 * secrets left out: the value after a word that names one (password,
 * token, key, secret, header, and a Pushover user key), and the path,
 * query and user part of every URL, where hooks keep theirs. Each
 * directive comes with its FILE:LINE and its words; the file is read
 * again for every request, so what is shown is what a program started
 * now would read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbweb.h"
#include "json.h"

#define HIDDEN	"(hidden)"
#define DIRECTIVES_MAX	64

struct shown {
	struct jw	*w;
	int		 n;
};

/* Does the word after word in directive hold a secret? */
static int
secret_next(const char *directive, const char *word)
{
	static const char *const keys[] = { "password", "token", "key",
	    "secret", "header", NULL };
	int i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(word, keys[i]) == 0)
			return 1;
	return strcmp(directive, "notify") == 0 && strcmp(word, "user") == 0;
}

/* A URL as scheme://host[:port]/..., its user part, path and query hidden. */
static void
url_out(struct jw *w, const char *s)
{
	const char *host = strstr(s, "://") + 3, *at, *end;
	struct buf b = BUF_INIT;

	end = host + strcspn(host, "/?#");
	if ((at = memchr(host, '@', (size_t)(end - host))) != NULL)
		host = at + 1;
	buf_add(&b, s, (size_t)(strstr(s, "://") + 3 - s));
	buf_add(&b, host, (size_t)(end - host));
	if (*end != '\0' && strcmp(end, "/") != 0)
		buf_adds(&b, "/" HIDDEN);
	jw_strn(w, b.p ? b.p : "", b.len);
	buf_free(&b);
}

static int
shown_line(const struct conf_line *l, void *ctx)
{
	struct shown *s = ctx;
	char where[160];
	int i;

	snprintf(where, sizeof(where), "%s:%u", l->file, l->lineno);
	jw_obj(s->w);
	jw_kstr(s->w, "where", where);
	jw_key(s->w, "words");
	jw_arr(s->w);
	for (i = 0; i < l->argc; i++)
		if (i > 1 && secret_next(l->argv[0], l->argv[i - 1]))
			jw_str(s->w, HIDDEN);
		else if (strstr(l->argv[i], "://") != NULL)
			url_out(s->w, l->argv[i]);
		else
			jw_str(s->w, l->argv[i]);
	jw_end(s->w, ']');
	jw_end(s->w, '}');
	return 0;
}

/* Every directive of every program, each shown as it is. */
static int
directives(struct shown *s, struct buf *err, const char *file)
{
	struct conf_handler h[DIRECTIVES_MAX + 1];
	size_t i;

	for (i = 0; i < DIRECTIVES_MAX && conf_known_at(i) != NULL; i++) {
		h[i].name = conf_known_at(i);
		h[i].fn = shown_line;
	}
	h[i].name = NULL;
	h[i].fn = NULL;
	return conf_load(file, h, s, err);
}

static void
web_out(struct jw *w, const struct config *c)
{
	char addr[NET_ADDRSTRLEN], listen[NET_ADDRSTRLEN + 16];
	int port;

	jw_key(w, "web");
	jw_obj(w);
	if (c->have_listen) {
		net_ntop((const struct sockaddr *)&c->listen.ss, addr, &port);
		snprintf(listen, sizeof(listen), strchr(addr, ':') ?
		    "[%s]:%d" : "%s:%d", addr, port);
		jw_kstr(w, "listen", listen);
	}
	jw_kstr(w, "user", c->user);
	jw_knum(w, "children", c->children);
	jw_kbool(w, "secure", c->secure);
	jw_knum(w, "session", c->session);
	jw_knum(w, "iterations", (double)c->iterations);
	jw_end(w, '}');
}

int
settings_write(struct jw *w, const struct config *c)
{
	struct buf err = BUF_INIT;
	struct shown s = { w, 0 };
	const char *env = getenv("HB_CONF");
	int rc;

	jw_obj(w);
	jw_kstr(w, "file", c->conf_file ? c->conf_file :
	    env != NULL && *env != '\0' ? env : CONF_DEFAULT);
	jw_kstr(w, "statedir", c->statedir);
	web_out(w, c);
	jw_key(w, "directives");
	jw_arr(w);
	rc = directives(&s, &err, c->conf_file);
	jw_end(w, ']');
	jw_end(w, '}');
	buf_free(&err);
	return rc;
}

void
api_settings(struct call *k, struct resp *r)
{
	struct jw w;

	if (!is_admin(k)) {
		resp_error(r, 403, "only for admins");
		return;
	}
	jw_init(&w, &r->body);
	if (settings_write(&w, k->c) == -1) {
		resp_error(r, 500, "hb.conf cannot be read again");
		return;
	}
	buf_addc(&r->body, '\n');
}
