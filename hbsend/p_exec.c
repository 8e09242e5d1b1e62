/* p_exec: an executable's JSON object or "key value" lines as a sample. */
#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "plugin.h"
#include "run.h"

#define WHY_MAX		256
#define STDERR_SHOWN	160	/* bytes of stderr in a why */
#define KEY_MAX		128	/* bytes of the key of a "key value" line */
#define DEPTH_MAX	32	/* of its JSON, inside the sample's */

/*
 * The collector reads p->why before the next plugin runs, so one buffer
 * serves every exec plugin (they are made afresh for each sample, with
 * no state of their own to keep it in).
 */
static char why[WHY_MAX];

static int __attribute__((format(printf, 2, 3)))
fail(struct plugin *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	p->why = why;
	return -1;
}

static int
key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* "key value": a number when the value is one, else its text. 0 or -1. */
static int
kv_line(struct jw *w, const char *s, size_t n)
{
	char key[KEY_MAX], num[64];
	const char *v, *why;
	size_t k = 0, vl;
	double d;

	while (k < n && key_char((unsigned char)s[k]))
		k++;
	if (k == 0 || k >= sizeof(key) || k == n ||
	    (s[k] != ' ' && s[k] != '\t'))
		return -1;
	memcpy(key, s, k);
	key[k] = '\0';
	for (v = s + k; v < s + n && (*v == ' ' || *v == '\t'); v++)
		;
	for (vl = (size_t)(s + n - v); vl > 0 && (v[vl - 1] == ' ' ||
	    v[vl - 1] == '\t'); vl--)
		;
	if (vl == 0)
		return -1;
	jw_key(w, key);
	if (vl < sizeof(num)) {
		memcpy(num, v, vl);
		num[vl] = '\0';
		if (num_double(num, -DBL_MAX, DBL_MAX, &d, &why) == 0) {
			jw_num(w, d);
			return 0;
		}
	}
	jw_strn(w, v, vl);
	return 0;
}

/* Lines "key value"; blank ones and "# comments" are left out. */
static int
kv_write(struct plugin *p, struct jw *w, const char *s, size_t n)
{
	const char *end = s + n, *nl;
	size_t lineno, l;

	for (lineno = 1; s < end; lineno++, s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		l = (size_t)(nl - s);
		if (l > 0 && s[l - 1] == '\r')
			l--;
		while (l > 0 && (*s == ' ' || *s == '\t'))
			s++, l--;
		if (l == 0 || *s == '#')
			continue;
		if (kv_line(w, s, l) == -1)
			return fail(p, "line %zu: key value expected", lineno);
	}
	return 0;
}

/* The members of its one JSON object, as they are. */
static int
json_members(struct plugin *p, struct jw *w, const char *s, size_t n)
{
	const struct json_limits lim = { RUN_OUTPUT_MAX, DEPTH_MAX };
	struct json_doc doc = JSON_DOC_INIT;
	const struct json_member *m;
	size_t i;

	if (json_parse(&doc, s, n, &lim) == -1) {
		fail(p, "invalid JSON: %s at byte %zu", doc.err, doc.err_off);
		json_doc_free(&doc);
		return -1;
	}
	for (i = 0; i < doc.root.len; i++) {
		m = &doc.root.u.members[i];
		if (strlen(m->key) != m->keylen)
			continue;	/* a NUL in a key: no name for us */
		jw_key(w, m->key);
		jw_tree(w, &m->value);
	}
	json_doc_free(&doc);
	return 0;
}

/* Exit status 0 and all of stdout, or why not. */
static int
outcome(struct plugin *p, const struct run *r, double timeout)
{
	const char *e;
	size_t l;

	if (run_failed(r, timeout, why, sizeof(why))) {
		p->why = why;
		return -1;
	}
	if (r->status != 0) {
		e = first_line(r->err.p, r->err.len, STDERR_SHOWN, &l);
		if (l > 0)
			return fail(p, "exited with status %d: %.*s", r->status,
			    (int)l, e);
		return fail(p, "exited with status %d", r->status);
	}
	if (r->out_truncated)
		return fail(p, "output too large");
	return 0;
}

int
exec_collect(struct plugin *p, struct jw *w)
{
	struct run r = { 0 };
	const char *cmd = plugin_opt(p, "command"), *e;
	char *argv[2];
	double timeout;
	size_t skip;
	int rc;

	if (cmd == NULL) {
		p->why = "no command option";
		return -1;
	}
	if (run_timeout(plugin_opt(p, "timeout"), RUN_TIMEOUT, &timeout,
	    &e) == -1) {
		p->why = "bad timeout option";
		return -1;
	}
	argv[0] = (char *)cmd;
	argv[1] = NULL;
	r.argv = argv;
	if (run_all(&r, 1, timeout) == -1) {
		p->why = "cannot run: out of memory";
		return -1;
	}
	if ((rc = outcome(p, &r, timeout)) == 0) {
		skip = strspn(r.out.p, " \t\r\n");
		if (skip == r.out.len)
			rc = fail(p, "no output");
		else if (r.out.p[skip] == '{')
			rc = json_members(p, w, r.out.p, r.out.len);
		else
			rc = kv_write(p, w, r.out.p, r.out.len);
	}
	run_free(&r);
	return rc;
}
