/*
 * page_plugins: GET /plugins/NAME, the host overview: hbstate's verdict
 * of the host, then the latest sample of each plugin (hosts/NAME.json) as
 * tables, and the history of the percentages that matter most
 * (hosts/NAME.hist/PLUGIN) as SVG drawn here, so that the page needs no
 * script and no chart library. Nested objects become rows with dotted
 * keys; an object of objects (disks, interfaces, pools) a table of its own.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "proto.h"

#define HOST_FILE_MAX	(16u << 20)
#define HIST_TAIL	(1u << 20)	/* bytes read from a history's end */
#define CHART_SAMPLES	100
#define CHART_SERIES	8		/* partitions charted, at most */
#define COLS_MAX	24		/* columns of a table of objects */
#define KEY_MAX		512		/* bytes of a dotted key shown */

/* The chart's frame, in the units of its viewBox. */
#define CW	600
#define CH	160
#define X0	44
#define X1	590
#define Y0	12	/* 100% */
#define Y1	130	/* 0% */

/* One line of a chart: the values at data.key[0].key[1]... over time. */
struct series {
	const char	*key[4];	/* NULL-ended */
	const char	*label;
	double		 t[CHART_SAMPLES], v[CHART_SAMPLES];
	int		 n;
};

/* Skip a member of a sample's top level: drawn apart already. */
typedef int (*skip_fn)(const char *key, const void *ctx);

static void
not_found(struct call *k, struct resp *r, const char *host)
{
	page_begin(k, r, "Not found", "/plugins", NULL);
	buf_adds(&r->body, "<h1>Not found</h1><p>There is no host <b>");
	html_text(&r->body, host);
	buf_adds(&r->body, "</b> that you may see. <a href=\"/live\">Back to "
	    "the hosts</a>.</p>");
	page_end(r);
	r->status = 404;
}

/* The class of a state word: hosts, Nagios checks, ZFS pools. */
static const char *
state_class(const char *s)
{
	static const char *const map[][2] = {
		{ "UP", "up" }, { "DOWN", "down" }, { "OK", "ok" },
		{ "ONLINE", "ok" }, { "WARNING", "warning" },
		{ "DEGRADED", "warning" }, { "OFFLINE", "warning" },
		{ "CRITICAL", "critical" }, { "FAULTED", "critical" },
		{ "UNAVAIL", "critical" }, { "REMOVED", "critical" },
		{ "SUSPENDED", "critical" },
	};
	size_t i;

	for (i = 0; s != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return "unknown";
}

static void
badge(struct buf *b, const char *state)
{
	buf_printf(b, "<span class=\"badge %s\">", state_class(state));
	html_text(b, state ? state : "UNKNOWN");
	buf_adds(b, "</span>");
}

static int
scalar(const struct json *v)
{
	return v->type != JSON_OBJECT && v->type != JSON_ARRAY;
}

/* A value as text: numbers exact, texts escaped, the rest compact JSON. */
static void
value_out(struct buf *b, const struct json *v)
{
	struct buf j = BUF_INIT;
	size_t i;

	switch (v->type) {
	case JSON_NULL: buf_adds(b, "&ndash;"); return;
	case JSON_TRUE: buf_adds(b, "yes"); return;
	case JSON_FALSE: buf_adds(b, "no"); return;
	case JSON_NUMBER: html_num(b, v->u.num); return;
	case JSON_STRING: html_text(b, v->u.str); return;
	case JSON_ARRAY:
		for (i = 0; i < v->len && scalar(&v->u.items[i]); i++)
			;
		if (i == v->len) {
			for (i = 0; i < v->len; i++) {
				buf_adds(b, i ? ", " : "");
				value_out(b, &v->u.items[i]);
			}
			return;
		}
		break;
	case JSON_OBJECT:
		break;
	}
	json_write(&j, v);
	html_text(b, j.p);
	buf_free(&j);
}

/* A bar of pct percent, drawn, not styled: the policy allows no style="". */
static void
bar(struct buf *b, double pct)
{
	double w = pct < 0 ? 0 : pct > 100 ? 100 : pct;

	buf_printf(b, "<svg class=\"bar\" viewBox=\"0 0 100 8\" width=\"100\" "
	    "height=\"8\" aria-hidden=\"true\"><rect class=\"track\" "
	    "width=\"100\" height=\"8\" rx=\"2\"/><rect class=\"fill\" "
	    "width=\"%.1f\" height=\"8\" rx=\"2\"/></svg>", w);
}

/* An object whose members are all objects, or an array of objects: rows of a table. */
static int
collection(const struct json *v)
{
	size_t i;

	if ((v->type != JSON_OBJECT && v->type != JSON_ARRAY) || v->len == 0)
		return 0;
	for (i = 0; i < v->len; i++)
		if ((v->type == JSON_OBJECT ? v->u.members[i].value :
		    v->u.items[i]).type != JSON_OBJECT)
			return 0;
	return 1;
}

static const struct json *
item(const struct json *c, size_t i)
{
	return c->type == JSON_OBJECT ? &c->u.members[i].value : &c->u.items[i];
}

/* The columns: first those asked for that occur, then the others as they come. */
static size_t
columns(const struct json *c, const char *const *first, const char **cols)
{
	const struct json *o;
	size_t i, j, m, n = 0;

	for (i = 0; first != NULL && first[i] != NULL; i++)
		for (j = 0; j < c->len; j++)
			if (json_get(item(c, j), first[i]) != NULL) {
				cols[n++] = first[i];
				break;
			}
	for (j = 0; j < c->len; j++) {
		o = item(c, j);
		for (m = 0; m < o->len && n < COLS_MAX; m++) {
			for (i = 0; i < n; i++)
				if (strcmp(cols[i], o->u.members[m].key) == 0)
					break;
			if (i == n)
				cols[n++] = o->u.members[m].key;
		}
	}
	return n;
}

static int
percent_key(const char *key)
{
	size_t n = strlen(key);

	return strcmp(key, "percent") == 0 ||
	    (n > 8 && strcmp(key + n - 8, "_percent") == 0);
}

/* A cell: states get their class, percentages a bar. */
static void
cell(struct buf *b, const char *key, const struct json *v)
{
	if (v == NULL) {
		buf_adds(b, "<td></td>");
		return;
	}
	if (v->type == JSON_STRING && (strcmp(key, "health") == 0 ||
	    strcmp(key, "state") == 0 || strcmp(key, "status") == 0) &&
	    strcmp(state_class(v->u.str), "unknown") != 0) {
		buf_adds(b, "<td>");
		badge(b, v->u.str);
		buf_adds(b, "</td>");
		return;
	}
	buf_adds(b, v->type == JSON_NUMBER ? "<td class=\"num\">" : "<td>");
	value_out(b, v);
	if (v->type == JSON_NUMBER && percent_key(key)) {
		buf_adds(b, " ");
		bar(b, v->u.num);
	}
	buf_adds(b, "</td>");
}

/* A table with a row for each member (or item) of c. */
static void
rows_table(struct buf *b, const char *title, const struct json *c,
    const char *const *first)
{
	const char *cols[COLS_MAX + 8];
	size_t i, j, n = columns(c, first, cols);

	buf_adds(b, "<h3>");
	html_text(b, title);
	buf_adds(b, "</h3><div class=\"scroll\"><table><thead><tr><th></th>");
	for (j = 0; j < n; j++) {
		buf_adds(b, "<th>");
		html_text(b, cols[j]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead><tbody>");
	for (i = 0; i < c->len; i++) {
		buf_adds(b, "<tr><th scope=\"row\">");
		if (c->type == JSON_OBJECT)
			html_text(b, c->u.members[i].key);
		else
			buf_printf(b, "%zu", i + 1);
		buf_adds(b, "</th>");
		for (j = 0; j < n; j++)
			cell(b, cols[j], json_get(item(c, i), cols[j]));
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</tbody></table></div>");
}

static void
dotted(char *key, const char *prefix, const char *name)
{
	snprintf(key, KEY_MAX, "%s%s%s", prefix, *prefix ? "." : "", name);
}

/* The rows "key / value" of o, nested objects flattened into dotted keys. */
static void
kv_rows(struct buf *b, const struct json *o, const char *prefix,
    skip_fn skip, const void *ctx)
{
	const struct json_member *m;
	char key[KEY_MAX];
	size_t i;

	for (i = 0; i < o->len; i++) {
		m = &o->u.members[i];
		if ((skip != NULL && skip(m->key, ctx)) || collection(&m->value))
			continue;
		dotted(key, prefix, m->key);
		if (m->value.type == JSON_OBJECT) {
			kv_rows(b, &m->value, key, NULL, NULL);
			continue;
		}
		buf_adds(b, "<tr><th scope=\"row\">");
		html_text(b, key);
		buf_adds(b, "</th>");
		cell(b, m->key, &m->value);
		buf_adds(b, "</tr>");
	}
}

/* The tables of the objects of objects in o, however deep. */
static void
sub_tables(struct buf *b, const struct json *o, const char *prefix,
    skip_fn skip, const void *ctx)
{
	const struct json_member *m;
	char key[KEY_MAX];
	size_t i;

	for (i = 0; i < o->len; i++) {
		m = &o->u.members[i];
		if (skip != NULL && skip(m->key, ctx))
			continue;
		dotted(key, prefix, m->key);
		if (collection(&m->value))
			rows_table(b, key, &m->value, NULL);
		else if (m->value.type == JSON_OBJECT)
			sub_tables(b, &m->value, key, NULL, NULL);
	}
}

/* Any sample, as rows and tables; what skip names is left to the caller. */
static void
generic(struct buf *b, const struct json *data, skip_fn skip,
    const void *ctx)
{
	struct buf rows = BUF_INIT;

	if (data == NULL || data->type != JSON_OBJECT)
		return;
	kv_rows(&rows, data, "", skip, ctx);
	if (rows.len > 0) {
		buf_adds(b, "<div class=\"scroll\"><table class=\"kv\"><tbody>");
		buf_add(b, rows.p, rows.len);
		buf_adds(b, "</tbody></table></div>");
	}
	buf_free(&rows);
	sub_tables(b, data, "", skip, ctx);
}

static int
skip_named(const char *key, const void *ctx)
{
	return strcmp(key, ctx) == 0;
}

/*
 * The newest whole lines of a history file, at most HIST_TAIL bytes of
 * them: the samples a chart shows are at the end, and the file may be
 * larger than they are.
 */
static int
hist_tail(const char *path, struct buf *b)
{
	struct stat st;
	off_t from;
	ssize_t got;
	size_t n;
	char *nl;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		close(fd);
		return -1;
	}
	from = st.st_size > (off_t)HIST_TAIL ? st.st_size - (off_t)HIST_TAIL : 0;
	n = (size_t)(st.st_size - from);
	if (buf_reserve(b, n + 1) == -1 ||
	    (got = pread(fd, b->p, n, from)) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	b->len = (size_t)got;
	b->p[b->len] = '\0';
	/* a line cut at the start is no sample */
	if (from > 0 && (nl = memchr(b->p, '\n', b->len)) != NULL) {
		n = (size_t)(nl + 1 - b->p);
		memmove(b->p, b->p + n, b->len - n + 1);
		b->len -= n;
	}
	return 0;
}

/* The values of the series over the last samples of the plugin. */
static void
history(const struct call *k, const char *host, const char *plugin,
    struct series *s, int ns)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	const struct json *v;
	const char *p, *end, *nl;
	char path[4096];
	int i, j, lines = 0;

	snprintf(path, sizeof(path), "%s/hosts/%s.hist/%s", k->c->statedir,
	    host, plugin);
	if (hist_tail(path, &b) == -1 || b.len == 0) {
		buf_free(&b);
		return;
	}
	/* back from the end to the start of the CHART_SAMPLES-th line */
	end = b.p + b.len;
	for (p = end - 1; p > b.p; p--)
		if (p[-1] == '\n' && ++lines == CHART_SAMPLES)
			break;
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		if (json_parse(&doc, p, (size_t)(nl - p), NULL) == -1)
			continue;
		for (i = 0; i < ns; i++) {
			v = json_get(&doc.root, "data");
			for (j = 0; v != NULL && s[i].key[j] != NULL; j++)
				v = json_get(v, s[i].key[j]);
			if (v == NULL || v->type != JSON_NUMBER ||
			    s[i].n == CHART_SAMPLES)
				continue;
			s[i].t[s[i].n] = json_get_num(&doc.root, "ts", NAN);
			s[i].v[s[i].n++] = v->u.num;
		}
	}
	json_doc_free(&doc);
	buf_free(&b);
}

static double
clamp(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* Can the samples be placed by their times: all known, in order, not all at once? */
static int
timed(const struct series *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (isnan(s->t[i]) || (i > 0 && s->t[i] < s->t[i - 1]))
			return 0;
	return s->t[s->n - 1] > s->t[0];
}

/* A percentage over time: a line from 0 to 100%, labelled, with its time span. */
static void
chart(struct call *k, struct buf *b, const struct series *s)
{
	double t0 = s->t[0], t1 = s->t[s->n - 1], x, y;
	int i, bytime = timed(s);

	buf_printf(b, "<figure class=\"chart\"><svg viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-label=\"", CW, CH);
	html_text(b, s->label);
	buf_printf(b, ": %d samples, the latest %.1f%%\">", s->n,
	    s->v[s->n - 1]);
	for (i = 0; i <= 2; i++)
		buf_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" "
		    "y1=\"%d\" y2=\"%d\" stroke-width=\"1\"/><text class=\"axis\" "
		    "x=\"%d\" y=\"%d\" text-anchor=\"end\">%d%%</text>", X0, X1,
		    Y1 - i * (Y1 - Y0) / 2, Y1 - i * (Y1 - Y0) / 2, X0 - 6,
		    Y1 - i * (Y1 - Y0) / 2 + 4, i * 50);
	buf_adds(b, "<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" "
	    "points=\"");
	for (i = 0; i < s->n; i++) {
		x = bytime ? X0 + (s->t[i] - t0) / (t1 - t0) * (X1 - X0) :
		    s->n > 1 ? X0 + (double)i / (s->n - 1) * (X1 - X0) : X1;
		y = Y1 - clamp(s->v[i]) / 100 * (Y1 - Y0);
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	/* the newest sample is always at the right end */
	buf_printf(b, "\"/><circle class=\"dot\" cx=\"%d\" cy=\"%.1f\" "
	    "r=\"3\"/>", X1, Y1 - clamp(s->v[s->n - 1]) / 100 * (Y1 - Y0));
	if (bytime) {
		buf_printf(b, "<text class=\"axis\" x=\"%d\" y=\"%d\">", X0,
		    CH - 8);
		page_ago(b, k->now - t0);
		buf_printf(b, " ago</text><text class=\"axis\" x=\"%d\" "
		    "y=\"%d\" text-anchor=\"end\">", X1, CH - 8);
		page_ago(b, k->now - t1);
		buf_adds(b, " ago</text>");
	}
	buf_adds(b, "</svg><figcaption>");
	html_text(b, s->label);
	buf_printf(b, ": the last %d samples", s->n);
	if (bytime) {
		buf_adds(b, " over ");
		page_ago(b, t1 - t0);
	}
	buf_adds(b, "</figcaption></figure>");
}

static void
charts(struct call *k, struct buf *b, const char *host, const char *plugin,
    struct series *s, int ns)
{
	int i;

	history(k, host, plugin, s, ns);
	for (i = 0; i < ns; i++)
		if (s[i].n > 0)
			chart(k, b, &s[i]);
}

static void
one_chart(struct call *k, struct buf *b, const char *host, const char *plugin,
    const char *key)
{
	struct series s;

	memset(&s, 0, sizeof(s));
	s.key[0] = key;
	s.label = key;
	charts(k, b, host, plugin, &s, 1);
}

static void
disks(struct call *k, struct buf *b, const char *host, const struct json *d)
{
	static const char *const first[] = { "device", "fstype", "size_gb",
	    "used_gb", "free_gb", "percent", NULL };
	const struct json *parts = json_get(d, "partitions");
	struct series s[CHART_SERIES];
	char labels[CHART_SERIES][KEY_MAX];
	int i, n = 0;

	if (parts == NULL || parts->type != JSON_OBJECT || !collection(parts)) {
		generic(b, d, NULL, NULL);
		return;
	}
	rows_table(b, "partitions", parts, first);
	memset(s, 0, sizeof(s));
	for (i = 0; i < (int)parts->len && n < CHART_SERIES; i++, n++) {
		s[n].key[0] = "partitions";
		s[n].key[1] = parts->u.members[i].key;
		s[n].key[2] = "percent";
		snprintf(labels[n], KEY_MAX, "%s percent",
		    parts->u.members[i].key);
		s[n].label = labels[n];
	}
	charts(k, b, host, "disk_monitor", s, n);
	generic(b, d, skip_named, "partitions");
}

/* A size in bytes as people read it: "1.8 TiB". */
static void
bytes_cell(struct buf *b, double v)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	int u = 0;

	if (isnan(v)) {
		buf_adds(b, "<td></td>");
		return;
	}
	buf_adds(b, "<td class=\"num\">");
	for (; fabs(v) >= 1024 && u < 6; u++)
		v /= 1024;
	buf_printf(b, u ? "%.1f %s</td>" : "%.0f %s</td>", v, unit[u]);
}

/* ZFS pools: health by its class, capacity as a bar. */
static void
pools(struct buf *b, const struct json *z)
{
	const struct json *ps = json_get(z, "pools"), *p;
	double cap;
	size_t i;

	if (ps == NULL || ps->type != JSON_OBJECT || ps->len == 0) {
		generic(b, z, NULL, NULL);
		return;
	}
	buf_adds(b, "<h3>pools</h3><div class=\"scroll\"><table class=\"pools\">"
	    "<thead><tr><th>pool</th><th>health</th><th>capacity</th>"
	    "<th>size</th><th>alloc</th><th>free</th><th>frag</th>"
	    "<th>errors (r/w/c)</th><th>status</th></tr></thead><tbody>");
	for (i = 0; i < ps->len; i++) {
		p = &ps->u.members[i].value;
		buf_adds(b, "<tr><th scope=\"row\">");
		html_text(b, ps->u.members[i].key);
		buf_adds(b, "</th><td>");
		badge(b, json_get_str(p, "state") ? json_get_str(p, "state") :
		    json_get_str(p, "health"));
		buf_adds(b, "</td><td class=\"num\">");
		if (!isnan(cap = json_get_num(p, "capacity_percent", NAN))) {
			buf_printf(b, "%g%% ", cap);
			bar(b, cap);
		}
		buf_adds(b, "</td>");
		bytes_cell(b, json_get_num(p, "size", NAN));
		bytes_cell(b, json_get_num(p, "alloc", NAN));
		bytes_cell(b, json_get_num(p, "free", NAN));
		buf_adds(b, "<td class=\"num\">");
		if (!isnan(cap = json_get_num(p, "fragmentation_percent", NAN)))
			buf_printf(b, "%g%%", cap);
		buf_printf(b, "</td><td class=\"num\">%g / %g / %g</td><td>",
		    json_get_num(p, "read_errors", 0),
		    json_get_num(p, "write_errors", 0),
		    json_get_num(p, "checksum_errors", 0));
		html_text(b, json_get_str(p, "errors"));
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</tbody></table></div>");
	generic(b, z, skip_named, "pools");
}

/* Does key end in suffix? The length of what comes before, or 0. */
static size_t
stem(const char *key, const char *suffix)
{
	size_t n = strlen(key), m = strlen(suffix);

	return n > m && strcmp(key + n - m, suffix) == 0 ? n - m : 0;
}

/* The members NAME_status_code, NAME_status and NAME_output of a check. */
static int
check_member(const char *key, const void *ctx)
{
	const struct json *data = ctx;
	char name[KEY_MAX];
	size_t n;

	if ((n = stem(key, "_status_code")) == 0 &&
	    (n = stem(key, "_status")) == 0 && (n = stem(key, "_output")) == 0)
		return 0;
	snprintf(name, sizeof(name), "%.*s_status_code", (int)n, key);
	return json_get(data, name) != NULL;
}

/* The Nagios checks, each with its state and output; then their perfdata. */
static void
checks(struct buf *b, const struct json *data)
{
	char name[KEY_MAX];
	const char *key;
	size_t i, n;
	int any = 0;

	for (i = 0; data != NULL && data->type == JSON_OBJECT && i < data->len;
	    i++) {
		key = data->u.members[i].key;
		if ((n = stem(key, "_status_code")) == 0)
			continue;
		if (!any++)
			buf_adds(b, "<h3>checks</h3><div class=\"scroll\"><table "
			    "class=\"checks\"><thead><tr><th>check</th>"
			    "<th>state</th><th>output</th></tr></thead><tbody>");
		buf_adds(b, "<tr><th scope=\"row\">");
		snprintf(name, sizeof(name), "%.*s", (int)n, key);
		html_text(b, name);
		buf_adds(b, "</th><td>");
		snprintf(name, sizeof(name), "%.*s_status", (int)n, key);
		badge(b, json_get_str(data, name));
		buf_adds(b, "</td><td>");
		snprintf(name, sizeof(name), "%.*s_output", (int)n, key);
		html_text(b, json_get_str(data, name));
		buf_adds(b, "</td></tr>");
	}
	if (any)
		buf_adds(b, "</tbody></table></div><h3>performance data</h3>");
	generic(b, data, check_member, data);
}

static void
plugin(struct call *k, struct buf *b, const char *host, const char *name,
    const struct json *p)
{
	const struct json *data = json_get(p, "data");

	buf_adds(b, "<section class=\"plugin\"><h2 id=\"plugin-");
	html_text(b, name);
	buf_adds(b, "\">");
	html_text(b, name);
	buf_adds(b, "</h2><p class=\"muted\">sampled ");
	page_when(b, json_get_num(p, "ts", 0), k->now);
	buf_adds(b, "</p>");
	if (strcmp(name, "cpu_monitor") == 0) {
		one_chart(k, b, host, name, "cpu_percent");
		generic(b, data, NULL, NULL);
	} else if (strcmp(name, "memory_monitor") == 0) {
		one_chart(k, b, host, name, "percent");
		generic(b, data, NULL, NULL);
	} else if (strcmp(name, "disk_monitor") == 0)
		disks(k, b, host, data);
	else if (strcmp(name, "zfs_monitor") == 0)
		pools(b, data);
	else if (strcmp(name, "nagios_runner") == 0)
		checks(b, data);
	else
		generic(b, data, NULL, NULL);
	buf_adds(b, "</section>");
}

static int
by_key(const void *x, const void *y)
{
	return strcmp((*(const struct json_member *const *)x)->key,
	    (*(const struct json_member *const *)y)->key);
}

/* Every plugin of the host file, by name. */
static void
plugins(struct call *k, struct buf *b, const char *host)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf f = BUF_INIT;
	const struct json_member **v = NULL;
	const struct json *pl;
	char path[4096];
	size_t i;

	snprintf(path, sizeof(path), "%s/hosts/%s.json", k->c->statedir, host);
	if (file_read(path, &f, HOST_FILE_MAX) == -1 ||
	    json_parse(&doc, f.p, f.len, NULL) == -1) {
		buf_adds(b, "<p class=\"muted\">No samples from this host.</p>");
		goto out;
	}
	pl = json_get(&doc.root, "plugins");
	if (pl == NULL || pl->type != JSON_OBJECT || pl->len == 0) {
		buf_adds(b, "<p class=\"muted\">No plugin has reported.</p>");
		goto out;
	}
	if ((v = calloc(pl->len, sizeof(*v))) == NULL) {
		buf_adds(b, "<p class=\"critical\">Out of memory.</p>");
		goto out;
	}
	for (i = 0; i < pl->len; i++)
		v[i] = &pl->u.members[i];
	qsort(v, pl->len, sizeof(*v), by_key);
	for (i = 0; i < pl->len; i++)
		plugin(k, b, host, v[i]->key, &v[i]->value);
out:
	free(v);
	json_doc_free(&doc);
	buf_free(&f);
}

/* hbstate's verdict: state, since, last seen, address, rtt. */
static void
verdict(struct call *k, struct buf *b, const char *host)
{
	const struct json *v = k->pic->hosts ? json_get(k->pic->hosts, host) :
	    NULL;
	const char *state = json_get_str(v, "state");
	double rtt = json_get_num(v, "rtt", -1);

	buf_adds(b, "<h1>");
	html_text(b, host);
	buf_adds(b, " ");
	if (v == NULL) {
		buf_adds(b, "</h1><p class=\"muted\">Not judged by hbstate "
		    "yet.</p>");
		return;
	}
	buf_printf(b, "<span class=\"state %s\">", state_class(state));
	html_text(b, state ? state : "UNKNOWN");
	buf_adds(b, "</span></h1><dl class=\"verdict\"><dt>since</dt><dd>");
	page_when(b, json_get_num(v, "since", 0), k->now);
	buf_adds(b, "</dd><dt>last seen</dt><dd>");
	page_when(b, json_get_num(v, "last_seen", 0), k->now);
	buf_adds(b, "</dd><dt>address</dt><dd>");
	html_text(b, json_get_str(v, "address") ? json_get_str(v, "address") :
	    "-");
	buf_adds(b, "</dd><dt>rtt</dt><dd>");
	if (rtt >= 0)
		buf_printf(b, "%.1f ms", rtt);
	else
		buf_adds(b, "-");
	buf_adds(b, "</dd><dt>agent</dt><dd>");
	html_text(b, json_get_str(v, "version") ? json_get_str(v, "version") :
	    "-");
	buf_adds(b, "</dd></dl>");
}

void
plugins_page(struct call *k, struct resp *r, const char *host)
{
	struct resp no;

	/* whom host_allowed would answer 404 gets the page of it, not JSON */
	resp_init(&no);
	if (!proto_name_ok(host, strlen(host)) ||
	    host_allowed(k, &no, host, ROLE_MONITOR) == ROLE_NONE) {
		resp_free(&no);
		not_found(k, r, host);
		return;
	}
	resp_free(&no);
	page_begin(k, r, host, "/plugins", NULL);
	verdict(k, &r->body, host);
	plugins(k, &r->body, host);
	page_end(r);
}
