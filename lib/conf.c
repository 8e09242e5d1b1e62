/*
 * conf: hb.conf(5) lines into words, and words to the program that owns
 * the directive. The file is outside input: lines and words are bounded,
 * and every complaint names the file and the line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "file.h"
#include "utf8.h"

struct reader {
	const char	*file;
	unsigned	 lineno;
	unsigned	 errors;
	struct buf	*err;
};

static int
say(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
say(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	r->errors++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(r->err, "%s:%u: %s\n", r->file, r->lineno, msg);
	return -1;
}

int
conf_err(const struct conf_line *l, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(l->err, "%s:%u: %s: %s\n", l->file, l->lineno, l->argv[0], msg);
	return -1;
}

int
conf_nargs(const struct conf_line *l, int min, int max)
{
	int n = l->argc - 1;

	if (n < min)
		return conf_err(l, min == 1 ? "argument expected" :
		    "at least %d arguments expected", min);
	if (n > max)
		return max == 0 ? conf_err(l, "takes no arguments") :
		    conf_err(l, "too many arguments (at most %d)", max);
	return 0;
}

static int
unquote(struct reader *r, const char **p, const char *end, char **o)
{
	static const char from[] = "\"\\nt", to[] = "\"\\\n\t";
	const char *e;

	for ((*p)++; *p < end && **p != '"'; (*p)++) {
		if (**p != '\\') {
			*(*o)++ = **p;
			continue;
		}
		if (++*p == end || **p == '\0' || (e = strchr(from, **p)) == NULL)
			return say(r, "invalid escape in quoted string");
		*(*o)++ = to[e - from];
	}
	if (*p == end)
		return say(r, "unterminated quoted string");
	(*p)++;
	return 0;
}

/*
 * Split one line (no newline) into words in place of out, which has room
 * for the line plus a NUL per word. The word count, or -1.
 */
static int
split(struct reader *r, const char *s, size_t n, char *out, char **argv)
{
	const char *p = s, *end = s + n;
	char *o = out;
	int argc = 0;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == end || *p == '#')
			return argc;
		if (argc == CONF_MAX_WORDS)
			return say(r, "too many words (at most %d)", CONF_MAX_WORDS);
		argv[argc++] = o;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r') {
			if (*p != '"')
				*o++ = *p++;
			else if (unquote(r, &p, end, &o) == -1)
				return -1;
		}
		*o++ = '\0';
	}
}

static int
dispatch(struct reader *r, int argc, char **argv,
    const struct conf_handler *h, void *ctx)
{
	struct conf_line l = { r->file, r->lineno, argc, argv, r->err };

	for (; h->name != NULL; h++)
		if (strcmp(h->name, argv[0]) == 0) {
			if (h->fn(&l, ctx) == -1) {
				r->errors++;
				return -1;
			}
			return 0;
		}
	if (!conf_known(argv[0]))
		return say(r, "unknown directive '%s'", argv[0]);
	return 0;
}

static int
line(struct reader *r, const char *s, size_t n, const struct conf_handler *h,
    void *ctx)
{
	char out[CONF_MAX_LINE + CONF_MAX_WORDS], *argv[CONF_MAX_WORDS + 1];
	int argc;

	if (n > CONF_MAX_LINE)
		return say(r, "line too long (at most %d bytes)", CONF_MAX_LINE);
	if (memchr(s, '\0', n) != NULL)
		return say(r, "NUL byte in line");
	if (!utf8_valid(s, n))
		return say(r, "invalid UTF-8");
	if ((argc = split(r, s, n, out, argv)) <= 0)
		return argc;
	argv[argc] = NULL;
	return dispatch(r, argc, argv, h, ctx);
}

int
conf_parse(const char *file, const char *text, size_t n,
    const struct conf_handler *h, void *ctx, struct buf *err)
{
	struct reader r = { file, 0, 0, err };
	const char *p = text, *end = text + n, *nl;

	while (p < end && r.errors < CONF_MAX_ERRORS) {
		r.lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line(&r, p, (size_t)(nl - p), h, ctx);
		p = nl + (nl < end);
	}
	if (p < end)
		buf_printf(err, "%s:%u: too many errors, giving up\n", file,
		    r.lineno);
	return r.errors ? -1 : 0;
}

int
conf_load_first(const char *path, const char *const *defaults,
    const struct conf_handler *h, void *ctx, struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc;

	/* the first default that exists; none at all means built-in defaults */
	for (; path == NULL && *defaults != NULL; defaults++)
		if (access(*defaults, F_OK) == 0)
			path = *defaults;
	if (path == NULL)
		return 0;
	if (file_read(path, &text, CONF_MAX_SIZE) == -1) {
		buf_printf(err, "%s: %s\n", path, errno == EFBIG ?
		    "file too large" : strerror(errno));
		buf_free(&text);
		return -1;
	}
	rc = conf_parse(path, text.p ? text.p : "", text.len, h, ctx, err);
	buf_free(&text);
	return rc;
}

int
conf_load(const char *path, const struct conf_handler *h, void *ctx,
    struct buf *err)
{
	static const char *const defaults[] = { CONF_DEFAULT, NULL };

	if (path == NULL && (path = getenv("HB_CONF")) != NULL && *path == '\0')
		path = NULL;
	return conf_load_first(path, defaults, h, ctx, err);
}

int
conf_failed(struct buf *err, int fatal)
{
	fprintf(stderr, "%s", err->p ? err->p : "");
	if (err->len > 0 && err->p[err->len - 1] != '\n')
		fputc('\n', stderr);
	buf_free(err);
	if (fatal)
		exit(2);
	return -1;
}
