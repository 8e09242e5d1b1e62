/* p_nagios: nagios_runner: Nagios checks run at once, with their perfdata. */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmap.h"
#include "log.h"
#include "perfdata.h"
#include "plugin.h"
#include "run.h"

#define NAME_MAX_LEN	64	/* bytes of a check's name */
#define OUTPUT_MAX	1024	/* bytes of a check's output text */
#define PERF_ITEMS_MAX	128	/* perfdata items of one check */
#define KEY_MAX		(NAME_MAX_LEN + PERF_LABEL_MAX + 16)

static const char *const states[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* One "command" option: a name, then the command line. */
struct check {
	char	  name[NAME_MAX_LEN + 1];
	char	**argv;
	const char *why;	/* the command line is wrong */
};

/* What the performance data of one check goes through. */
struct perfctx {
	struct jw	*w;
	struct hmap	*seen;
	const char	*name;
	size_t		 items;
	int		 nomem;
};

/* Take a member name; 0 when it was taken already (or no memory). */
static int
claim(struct hmap *seen, const char *key, int *nomem)
{
	struct hent *e;

	if (hmap_get(seen, key, strlen(key)) != NULL)
		return 0;
	if ((e = hmap_put(seen, key, strlen(key))) == NULL) {
		*nomem = 1;
		return 0;
	}
	e->val = seen;
	return 1;
}

static void
put_num(struct perfctx *c, const char *key, double v)
{
	if (!isnan(v) && claim(c->seen, key, &c->nomem))
		jw_knum(c->w, key, v);
}

/* NAME_LABEL: the label in lower case, whatever is not [a-z0-9_] as '_'. */
static void
perf_one(const struct perf *pf, void *arg)
{
	static const char *const sfx[] = { "_warn", "_crit", "_min", "_max" };
	const double th[] = { pf->warn, pf->crit, pf->min, pf->max };
	struct perfctx *c = arg;
	char key[KEY_MAX];
	size_t l, i;
	int ch;

	if (++c->items > PERF_ITEMS_MAX)
		return;
	l = (size_t)snprintf(key, sizeof(key), "%s_", c->name);
	for (i = 0; pf->label[i] != '\0'; i++) {
		ch = (unsigned char)pf->label[i];
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		else if (!((ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9')))
			ch = '_';
		key[l++] = (char)ch;
	}
	key[l] = '\0';
	if (!claim(c->seen, key, &c->nomem))
		return;		/* taken: nor are its companions its own */
	jw_knum(c->w, key, pf->value);
	if (pf->uom[0] != '\0') {
		memcpy(key + l, "_uom", sizeof("_uom"));
		if (claim(c->seen, key, &c->nomem))
			jw_kstr(c->w, key, pf->uom);
	}
	for (i = 0; i < 4; i++) {
		memcpy(key + l, sfx[i], strlen(sfx[i]) + 1);
		put_num(c, key, th[i]);
	}
}

/* Its output text: stdout's first line before the '|', or stderr's. */
static const char *
output_text(const struct run *r, struct buf *perf, size_t *len)
{
	const char *t;

	if (nagios_split(r->out.p ? r->out.p : "", r->out.len, &t, len,
	    perf) == -1)
		return NULL;
	if (*len == 0)
		t = first_line(r->err.p ? r->err.p : "", r->err.len, OUTPUT_MAX,
		    len);
	return t;
}

/* NAME_status_code, NAME_status, NAME_output; its perfdata into perf. */
static int
status_write(struct jw *w, struct hmap *seen, const char *name,
    const struct run *r, double timeout, struct buf *perf, int *nomem)
{
	char key[KEY_MAX], msg[OUTPUT_MAX + 64];
	const char *t;
	size_t len;
	int code;

	if ((t = output_text(r, perf, &len)) == NULL)
		return -1;
	if (len > OUTPUT_MAX)
		t = first_line(t, len, OUTPUT_MAX, &len);
	code = r->started && !r->timed_out && r->signal == 0 &&
	    r->status >= 0 && r->status <= 3 ? r->status : 3;
	if (!r->started || r->timed_out) {
		run_failed(r, timeout, msg, sizeof(msg));
		buf_reset(perf);	/* half a report is no report */
	} else if (r->signal != 0 || r->status != code) {
		if (!run_failed(r, timeout, msg, sizeof(msg)))
			snprintf(msg, sizeof(msg), "exited with status %d",
			    r->status);
		if (len > 0)
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
			    ": %.*s", (int)len, t);
	} else if (len == 0)
		snprintf(msg, sizeof(msg), "(no output)");
	else
		snprintf(msg, sizeof(msg), "%.*s", (int)len, t);
	snprintf(key, sizeof(key), "%s_status_code", name);
	if (claim(seen, key, nomem))
		jw_knum(w, key, code);
	snprintf(key, sizeof(key), "%s_status", name);
	if (claim(seen, key, nomem))
		jw_kstr(w, key, states[code]);
	snprintf(key, sizeof(key), "%s_output", name);
	if (claim(seen, key, nomem))
		jw_kstr(w, key, msg);
	return 0;
}

int
nagios_write(struct jw *w, const char *const *names, const struct run *r,
    size_t n, double timeout)
{
	struct hmap seen = HMAP_INIT;
	struct perfctx c;
	struct buf *perf;
	size_t i;
	int nomem = 0, rc = -1;

	if ((perf = calloc(n ? n : 1, sizeof(*perf))) == NULL)
		return -1;
	/* every status first, so that no label of another takes its name */
	for (i = 0; i < n; i++)
		if (status_write(w, &seen, names[i], &r[i], timeout, &perf[i],
		    &nomem) == -1)
			goto done;
	for (i = 0; i < n; i++) {
		c = (struct perfctx){ w, &seen, names[i], 0, 0 };
		perf_parse(perf[i].p ? perf[i].p : "", perf[i].len, perf_one,
		    &c);
		nomem |= c.nomem;
	}
	rc = nomem ? -1 : 0;
done:
	for (i = 0; i < n; i++)
		buf_free(&perf[i]);
	free(perf);
	hmap_free(&seen);
	return rc;
}

/* Letters, digits, '_' and '-', NAME_MAX_LEN at most. */
static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* "NAME command line" into c; 0, or -1 when there is no usable name. */
static int
check_parse(const char *opt, struct check *c)
{
	size_t n;

	opt += strspn(opt, " \t");
	n = strcspn(opt, " \t");
	c->argv = NULL;
	c->why = NULL;
	if (!name_ok(opt, n))
		return -1;
	memcpy(c->name, opt, n);
	c->name[n] = '\0';
	if (argv_split(opt + n, &c->argv, &c->why) == -1)
		c->argv = NULL;
	return 0;
}

/* Is this name one of the first k checks'? */
static int
dup_name(const struct check *c, int k, const char *name)
{
	int i;

	for (i = 0; i < k; i++)
		if (strcmp(c[i].name, name) == 0)
			return 1;
	return 0;
}

static void
checks_free(struct check *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		argv_free(c[i].argv);
	free(c);
}

/* The usable checks of the options, in order; NULL without memory. */
static struct check *
checks_of(const struct plugin *p, int *np)
{
	struct check *c;
	const char *v;
	int i, n = 0;

	if ((c = calloc(PLUGIN_OPTS_MAX, sizeof(*c))) == NULL)
		return NULL;
	for (i = 0; (v = plugin_optn(p, "command", i)) != NULL; i++)
		if (n < PLUGIN_OPTS_MAX && check_parse(v, &c[n]) == 0) {
			if (dup_name(c, n, c[n].name))
				argv_free(c[n].argv);
			else
				n++;
		}
	*np = n;
	return c;
}

/* A check whose command line is wrong: UNKNOWN, and why, as if it said so. */
static void
bad_command(struct run *r, const char *why)
{
	r->started = 1;
	r->status = 3;
	buf_printf(&r->out, "bad command line: %s", why);
}

int
nagios_runner_collect(struct plugin *p, struct jw *w)
{
	const char **names = NULL, *why;
	struct check *c;
	struct run *r = NULL, *torun = NULL;
	double timeout;
	int i, n, k = 0, rc = -1;

	if (run_timeout(plugin_opt(p, "timeout"), RUN_TIMEOUT, &timeout,
	    &why) == -1) {
		p->why = "bad timeout option";
		return -1;
	}
	if ((c = checks_of(p, &n)) == NULL) {
		p->why = "out of memory";
		return -1;
	}
	if (n == 0) {
		p->why = "no command configured";
		goto done;
	}
	r = calloc((size_t)n, sizeof(*r));
	torun = calloc((size_t)n, sizeof(*torun));
	names = calloc((size_t)n, sizeof(*names));
	if (r == NULL || torun == NULL || names == NULL) {
		p->why = "out of memory";
		goto done;
	}
	/* those with a command line run; each result goes back in its place */
	for (i = 0; i < n; i++)
		if (c[i].argv != NULL)
			torun[k++].argv = c[i].argv;
	if (run_all(torun, (size_t)k, timeout) == -1) {
		p->why = "cannot run commands: out of memory";
		goto done;
	}
	for (i = k = 0; i < n; i++) {
		names[i] = c[i].name;
		if (c[i].argv != NULL)
			r[i] = torun[k++];
		else
			bad_command(&r[i], c[i].why);
	}
	if ((rc = nagios_write(w, names, r, (size_t)n, timeout)) == -1)
		p->why = "out of memory";
done:
	for (i = 0; r != NULL && i < n; i++)
		run_free(&r[i]);
	free(r);
	free(torun);
	free(names);
	checks_free(c, n);
	return rc;
}

/* The file a check runs: is it there, and may we run it? */
static void
check_path(const struct plugin *p, const struct check *c)
{
	const char *path = c->argv[0];
	struct stat st;

	if (path[0] != '/')
		return;		/* found through PATH when it runs */
	if (stat(path, &st) == -1 || access(path, X_OK) == -1)
		warnx("%s: %s: %s:", p->name, c->name, path);
	else if (!S_ISREG(st.st_mode))
		warnx("%s: %s: %s: not a regular file", p->name, c->name, path);
}

void
nagios_runner_check(struct plugin *p)
{
	struct check c;
	const char *v;
	char seen[PLUGIN_OPTS_MAX][NAME_MAX_LEN + 1];
	int i, n = 0, k;

	for (i = 0; (v = plugin_optn(p, "command", i)) != NULL; i++) {
		if (check_parse(v, &c) == -1) {
			warnx("%s: \"%s\": a command begins with its name "
			    "(letters, digits, '_' and '-')", p->name, v);
			continue;
		}
		for (k = 0; k < n && strcmp(seen[k], c.name) != 0; k++)
			;
		if (k < n)
			warnx("%s: %s: the name is taken: only the first "
			    "command of that name runs", p->name, c.name);
		else if (n < PLUGIN_OPTS_MAX)
			memcpy(seen[n++], c.name, sizeof(c.name));
		if (c.argv == NULL)
			warnx("%s: %s: %s", p->name, c.name, c.why);
		else
			check_path(p, &c);
		argv_free(c.argv);
	}
	if (i == 0)
		warnx("%s: no command configured", p->name);
}
