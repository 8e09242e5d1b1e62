/*
 * page_settings: GET /settings. Admins see the configuration and the
 * users as /api/0/settings and /api/0/users give them (the same code
 * writes both), and forms that settings.js sends to the API; everyone
 * sees their own entry and the thresholds of each host they may see, as
 * hbstate would resolve them from hb.conf read now, profiles applied.
 */
#include <stdlib.h>
#include <string.h>

#include "hbweb.h"
#include "proto.h"
#include "threshold.h"

/* What the thresholds of a host are made of, read from hb.conf. */
struct thload {
	struct thconf	 th;
	struct hmap	 hosts;		/* struct hostconf, for their profiles */
};

static void
kv_row(struct buf *b, const char *key, const struct json *v)
{
	buf_adds(b, "<tr><th scope=\"row\">");
	html_text(b, key);
	buf_adds(b, "</th><td>");
	if (v->type == JSON_NUMBER)
		html_num(b, v->u.num);
	else if (v->type == JSON_STRING)
		html_text(b, v->u.str);
	else if (v->type == JSON_TRUE || v->type == JSON_FALSE)
		buf_adds(b, v->type == JSON_TRUE ? "yes" : "no");
	else
		buf_adds(b, "&ndash;");
	buf_adds(b, "</td></tr>");
}

/* A word of a directive as hb.conf would take it back: quoted where it must be. */
static void
word_out(struct buf *b, const char *w)
{
	struct buf q = BUF_INIT;
	const char *p;

	if (*w != '\0' && strpbrk(w, " \t\n\"\\#") == NULL) {
		html_text(b, w);
		return;
	}
	buf_addc(&q, '"');
	for (p = w; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&q, '\\');
		if (*p == '\n')
			buf_adds(&q, "\\n");
		else if (*p == '\t')
			buf_adds(&q, "\\t");
		else
			buf_addc(&q, *p);
	}
	buf_addc(&q, '"');
	html_text(b, q.p);
	buf_free(&q);
}

/* The JSON w wrote into j, parsed; NULL when it could not be made. */
static const struct json *
reread(struct json_doc *doc, const struct buf *j, const struct jw *w)
{
	if (w->err || j->p == NULL || json_parse(doc, j->p, j->len, NULL) == -1)
		return NULL;
	return &doc->root;
}

static void
server(struct call *k, struct buf *b)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf j = BUF_INIT;
	const struct json *s, *web, *ds, *d, *words;
	struct jw w;
	size_t i, n;

	jw_init(&w, &j);
	buf_adds(b, "<h2>Server</h2>");
	if (settings_write(&w, k->c) == -1 || (s = reread(&doc, &j, &w)) ==
	    NULL) {
		buf_adds(b, "<p class=\"critical\">hb.conf cannot be read "
		    "again.</p>");
		goto out;
	}
	buf_adds(b, "<div class=\"scroll\"><table class=\"kv\"><tbody>");
	kv_row(b, "file", json_get(s, "file"));
	kv_row(b, "statedir", json_get(s, "statedir"));
	web = json_get(s, "web");
	for (i = 0; web != NULL && i < web->len; i++)
		kv_row(b, web->u.members[i].key, &web->u.members[i].value);
	buf_adds(b, "</tbody></table></div><h3>hb.conf</h3>"
	    "<p class=\"muted\">As the programs would read it now, secrets "
	    "hidden.</p><div class=\"scroll\"><table class=\"directives\">"
	    "<tbody>");
	ds = json_get(s, "directives");
	for (i = 0; ds != NULL && i < ds->len; i++) {
		d = &ds->u.items[i];
		words = json_get(d, "words");
		buf_adds(b, "<tr><td class=\"muted\">");
		html_text(b, json_get_str(d, "where"));
		buf_adds(b, "</td><td><code>");
		for (n = 0; words != NULL && n < words->len; n++) {
			buf_adds(b, n ? " " : "");
			if (words->u.items[n].type == JSON_STRING)
				word_out(b, words->u.items[n].u.str);
		}
		buf_adds(b, "</code></td></tr>");
	}
	buf_adds(b, "</tbody></table></div>");
out:
	json_doc_free(&doc);
	buf_free(&j);
}

/* host (role), ...: admins hold every host, which needs no list. */
static void
roles_out(struct buf *b, const struct json *u)
{
	const struct json *hs = json_get(u, "hosts");
	size_t i;

	if (json_get(u, "admin") != NULL &&
	    json_get(u, "admin")->type == JSON_TRUE) {
		buf_adds(b, "all, as an admin");
		return;
	}
	for (i = 0; hs != NULL && hs->type == JSON_OBJECT && i < hs->len; i++) {
		buf_adds(b, i ? ", " : "");
		buf_adds(b, "<a href=\"/plugins/");
		html_text(b, hs->u.members[i].key);
		buf_adds(b, "\">");
		html_text(b, hs->u.members[i].key);
		buf_adds(b, "</a> <span class=\"muted\">");
		if (hs->u.members[i].value.type == JSON_STRING)
			html_text(b, hs->u.members[i].value.u.str);
		buf_adds(b, "</span>");
	}
	if (hs == NULL || hs->len == 0)
		buf_adds(b, "none");
}

static void
user_row(struct buf *b, const struct json *u)
{
	buf_adds(b, "<tr><th scope=\"row\">");
	html_text(b, json_get_str(u, "username"));
	buf_adds(b, "</th><td>");
	html_text(b, json_get_str(u, "name"));
	buf_adds(b, "</td><td>");
	buf_adds(b, json_get(u, "admin") != NULL &&
	    json_get(u, "admin")->type == JSON_TRUE ? "admin" : "");
	buf_adds(b, "</td><td class=\"muted\">");
	html_text(b, json_get_str(u, "from"));
	buf_adds(b, "</td><td>");
	roles_out(b, u);
	buf_adds(b, "</td></tr>");
}

static void
users_head(struct buf *b)
{
	buf_adds(b, "<div class=\"scroll\"><table class=\"users\"><thead><tr>"
	    "<th>user</th><th>name</th><th>admin</th><th>from</th>"
	    "<th>hosts</th></tr></thead><tbody>");
}

/* Making and deleting users: the script sends these to the API. */
static void
manage(struct buf *b, const struct json *us)
{
	const char *from;
	size_t i;
	int made = 0;

	buf_adds(b, "<section id=\"manage\" class=\"manage\" hidden><h3>Make "
	    "a user</h3><form id=\"user-make\" class=\"api\" method=\"post\" "
	    "action=\"#\"><label>User <input name=\"username\" required "
	    "autocomplete=\"off\"></label><label>Password <input "
	    "name=\"password\" type=\"password\" minlength=\"8\" required "
	    "autocomplete=\"new-password\"></label><label>Name <input "
	    "name=\"name\"></label><label><input name=\"admin\" "
	    "type=\"checkbox\"> admin</label><button type=\"submit\">Make"
	    "</button><output role=\"alert\"></output></form>"
	    "<h3>Delete a user</h3>");
	for (i = 0; us != NULL && i < us->len; i++) {
		from = json_get_str(&us->u.items[i], "from");
		if (from == NULL || strcmp(from, "users.json") != 0)
			continue;
		if (!made++)
			buf_adds(b, "<form id=\"user-delete\" class=\"api\" "
			    "method=\"post\" action=\"#\"><label>User <select "
			    "name=\"username\">");
		buf_adds(b, "<option>");
		html_text(b, json_get_str(&us->u.items[i], "username"));
		buf_adds(b, "</option>");
	}
	if (made)
		buf_adds(b, "</select></label><button type=\"submit\">Delete"
		    "</button><output role=\"alert\"></output></form>");
	else
		buf_adds(b, "<p class=\"muted\">None made here; the users of "
		    "hb.conf are changed there.</p>");
	buf_adds(b, "</section><noscript><p class=\"muted\">Making and "
	    "deleting users here takes JavaScript; /api/0/users does it "
	    "without.</p></noscript>");
}

static void
users(struct call *k, struct buf *b)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf j = BUF_INIT;
	const struct json *all, *us;
	struct jw w;
	size_t i;

	jw_init(&w, &j);
	users_write(&w, k);
	buf_adds(b, "<h2>Users</h2>");
	if ((all = reread(&doc, &j, &w)) == NULL) {
		buf_adds(b, "<p class=\"critical\">Out of memory.</p>");
		goto out;
	}
	us = json_get(all, "users");
	if (us == NULL || us->len == 0)
		buf_adds(b, "<p class=\"muted\">No users: everyone may do "
		    "everything. The first user made must be an admin.</p>");
	else {
		users_head(b);
		for (i = 0; i < us->len; i++)
			user_row(b, &us->u.items[i]);
		buf_adds(b, "</tbody></table></div>");
	}
	manage(b, us);
out:
	json_doc_free(&doc);
	buf_free(&j);
}

/* A user who is not an admin: their own entry. */
static void
me(struct call *k, struct buf *b)
{
	const struct userconf *u = user_get(k->c, k->user);
	struct json_doc doc = JSON_DOC_INIT;
	struct buf j = BUF_INIT;
	const struct json *one;
	struct jw w;

	buf_adds(b, "<h2>You</h2>");
	jw_init(&w, &j);
	if (u != NULL)
		user_write(&w, k, u);
	if (u == NULL || (one = reread(&doc, &j, &w)) == NULL)
		buf_adds(b, "<p class=\"muted\">Your entry cannot be read.</p>");
	else {
		users_head(b);
		user_row(b, one);
		buf_adds(b, "</tbody></table></div>");
	}
	json_doc_free(&doc);
	buf_free(&j);
}

static int
th_line(const struct conf_line *l, void *ctx)
{
	return thconf_directive(l, &((struct thload *)ctx)->th);
}

static int
host_line(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct thload *)ctx)->hosts);
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
by_metric(const void *a, const void *b)
{
	return strcmp((*(const struct threshold *const *)a)->metric,
	    (*(const struct threshold *const *)b)->metric);
}

static void
limit_out(struct buf *b, const struct limit *l)
{
	buf_adds(b, "<td class=\"num\">");
	if (l->set && l->str != NULL)
		html_text(b, l->str);
	else if (l->set)
		html_num(b, l->num);
	buf_adds(b, "</td>");
}

/* An rtt.NAME threshold is for the host NAME alone, as hbstate uses it. */
static int
for_host(const struct threshold *t, const char *host)
{
	return strncmp(t->metric, "rtt.", 4) != 0 ||
	    strcmp(t->metric + 4, host) == 0;
}

static void
host_thresholds(struct buf *b, struct thload *tl, const char *host)
{
	const struct hostconf *h = hostconf_get(&tl->hosts, host);
	const struct thset *s = thconf_host(&tl->th, h);
	const struct threshold **v, *t;
	struct hent *e = NULL;
	size_t i = 0, n = 0;
	int p;

	buf_adds(b, "<h3 id=\"th-");
	html_text(b, host);
	buf_adds(b, "\"><a href=\"/plugins/");
	html_text(b, host);
	buf_adds(b, "\">");
	html_text(b, host);
	buf_adds(b, "</a></h3><p class=\"muted\">profiles: ");
	for (p = 0; h != NULL && p < h->profiles.n; p++) {
		buf_adds(b, p ? ", " : "");
		html_text(b, h->profiles.v[p]);
	}
	buf_adds(b, h == NULL || h->profiles.n == 0 ? "default</p>" : "</p>");
	if ((v = calloc(s->by_metric.count + 1, sizeof(*v))) == NULL) {
		buf_adds(b, "<p class=\"critical\">Out of memory.</p>");
		return;
	}
	while ((e = hmap_next(&s->by_metric, &i, e)) != NULL)
		if (for_host(e->val, host))
			v[n++] = e->val;
	qsort(v, n, sizeof(*v), by_metric);
	if (n == 0)
		buf_adds(b, "<p class=\"muted\">No thresholds.</p>");
	else
		buf_adds(b, "<div class=\"scroll\"><table class=\"thresholds\">"
		    "<thead><tr><th>metric</th><th>operator</th><th>warning</th>"
		    "<th>critical</th><th>hysteresis</th><th>display</th></tr>"
		    "</thead><tbody>");
	for (i = 0; i < n; i++) {
		t = v[i];
		buf_adds(b, "<tr><td>");
		html_text(b, t->metric);
		buf_adds(b, "</td><td>");
		html_text(b, op_name(t->op));
		buf_adds(b, "</td>");
		limit_out(b, &t->warn);
		limit_out(b, &t->crit);
		buf_adds(b, "<td class=\"num\">");
		if (t->op == OP_GT || t->op == OP_GE || t->op == OP_LT ||
		    t->op == OP_LE)
			buf_printf(b, "%g%%", t->hyst * 100);
		buf_adds(b, "</td><td>");
		html_text(b, t->display);
		buf_adds(b, "</td></tr>");
	}
	if (n > 0)
		buf_adds(b, "</tbody></table></div>");
	free(v);
}

/* The hosts hbstate judges and those hb.conf names, that the user may see, sorted. */
static const char **
hosts_seen(struct call *k, const struct hmap *conf, size_t *np)
{
	const struct json *hs = k->pic->hosts;
	size_t i = 0, n = 0, max = (hs ? hs->len : 0) + conf->count;
	struct hent *e = NULL;
	const char **v, *name;

	if ((v = calloc(max + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; hs != NULL && hs->type == JSON_OBJECT && i < hs->len; i++)
		v[n++] = hs->u.members[i].key;
	i = 0;
	while ((e = hmap_next(conf, &i, e)) != NULL)
		if (hs == NULL || json_get(hs, e->key) == NULL)
			v[n++] = e->key;
	qsort(v, n, sizeof(*v), by_str);
	for (i = *np = 0; i < n; i++) {
		name = v[i];
		if (proto_name_ok(name, strlen(name)) &&
		    role_of(k->c, k->user, name) >= ROLE_MONITOR)
			v[(*np)++] = name;
	}
	return v;
}

static void
thresholds(struct call *k, struct buf *b)
{
	static const struct conf_handler h[] = {
		{ "threshold", th_line }, { "profile", th_line },
		{ "host", host_line }, { NULL, NULL }
	};
	struct buf err = BUF_INIT;
	struct thload tl;
	const char **v = NULL;
	size_t i, n;

	thconf_init(&tl.th);
	memset(&tl.hosts, 0, sizeof(tl.hosts));
	buf_adds(b, "<h2>Thresholds</h2>");
	if (conf_load(k->c->conf_file, h, &tl, &err) == -1 ||
	    thconf_check(&tl.th, &tl.hosts, &err) == -1) {
		buf_adds(b, "<p class=\"critical\">The thresholds of hb.conf "
		    "cannot be read.</p>");
		if (is_admin(k)) {
			buf_adds(b, "<pre>");
			html_text(b, err.p);
			buf_adds(b, "</pre>");
		}
		goto out;
	}
	if ((v = hosts_seen(k, &tl.hosts, &n)) == NULL) {
		buf_adds(b, "<p class=\"critical\">Out of memory.</p>");
		goto out;
	}
	if (n == 0)
		buf_adds(b, "<p class=\"muted\">No hosts.</p>");
	for (i = 0; i < n; i++)
		host_thresholds(b, &tl, v[i]);
out:
	free(v);
	buf_free(&err);
	hostconf_free_all(&tl.hosts);
	thconf_free(&tl.th);
}

void
settings_page(struct call *k, struct resp *r)
{
	int admin = is_admin(k);

	page_begin(k, r, "Settings", "/settings", admin ? "settings.js" : NULL);
	buf_adds(&r->body, "<h1>Settings</h1>");
	if (admin) {
		server(k, &r->body);
		users(k, &r->body);
	} else
		me(k, &r->body);
	thresholds(k, &r->body);
	page_end(r);
}
