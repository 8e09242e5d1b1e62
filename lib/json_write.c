/* json_write: the JSON writer; whatever it is given, it emits valid JSON in UTF-8. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

#define NUM_MAX	40	/* room for any number written: "%.17g" takes at most 24 */

/* Can byte c stand in a JSON string as it is? */
static int
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The letter of a two-byte escape for cp, or 0. */
static int
short_escape(uint32_t cp)
{
	switch (cp) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	default:
		return 0;
	}
}

int
json_write_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;
	char u[7];
	int esc;

	if (buf_reserve(b, n + 2) == -1)
		return -1;
	/* the common string, plain all through: straight into the room made */
	while (i < n && plain(p[i]))
		i++;
	if (i == n) {
		b->p[b->len] = '"';
		if (n > 0)
			memcpy(b->p + b->len + 1, s, n);
		b->p[b->len + n + 1] = '"';
		b->len += n + 2;
		b->p[b->len] = '\0';
		return 0;
	}
	i = 0;
	if (buf_addc(b, '"') == -1)
		return -1;
	while (i < n) {
		if (plain(p[i])) {
			for (k = i; k < n && plain(p[k]); k++)
				;
			if (buf_add(b, s + i, k - i) == -1)
				return -1;
			i = k;
			continue;
		}
		if (p[i] < 0x80) {
			cp = p[i++];
		} else if ((k = utf8_decode(p + i, n - i, &cp)) == 0) {
			cp = 0xfffd;	/* one replacement per bad byte */
			i++;
		} else
			i += k;
		if ((esc = short_escape(cp)) != 0) {
			if (buf_addc(b, '\\') == -1 || buf_addc(b, esc) == -1)
				return -1;
			continue;
		}
		/*
		 * Control characters must be escaped; U+2028 and U+2029 are,
		 * so that the output is safe inside JavaScript source too.
		 */
		if (cp < 0x20 || cp == 0x2028 || cp == 0x2029) {
			snprintf(u, sizeof(u), "\\u%c%c%c%c", hex[cp >> 12],
			    hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15]);
			if (buf_add(b, u, 6) == -1)
				return -1;
			continue;
		}
		k = utf8_encode(cp, u);
		if (buf_add(b, u, k) == -1)
			return -1;
	}
	return buf_addc(b, '"');
}

/* The decimal digits of v into s (room for 21); their count. */
static size_t
fmt_int(long long v, char *s)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;
	char tmp[24];
	size_t n = 0, i = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		s[i++] = '-';
	while (n > 0)
		s[i++] = tmp[--n];
	return i;
}

/*
 * d with at most 9 digits after the point, when that reads back as d
 * (times like 1711234567.123456, percentages): the digits are found by
 * arithmetic instead of printf. The length written into s, or 0.
 */
static size_t
fmt_decimal(double d, char *s)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9 };
	char digits[24];
	double r;
	size_t n, i = 0, k, lead;

	for (k = 1; k <= 9; k++) {
		r = d * pow10[k];
		if (fabs(r) >= 9007199254740992.0)
			return 0;
		if (r == floor(r) && r / pow10[k] == d)
			break;
	}
	if (k > 9)
		return 0;
	n = fmt_int((long long)fabs(r), digits);
	if (d < 0)
		s[i++] = '-';
	if (n > k) {
		memcpy(s + i, digits, n - k);
		i += n - k;
	} else
		s[i++] = '0';
	s[i++] = '.';
	/* "0.0012": the zeros that the integer 12 does not have */
	for (lead = n; lead < k; lead++)
		s[i++] = '0';
	memcpy(s + i, digits + (n > k ? n - k : 0), n > k ? k : n);
	i += n > k ? k : n;
	/* 0.0012 can be found at k = 6 as 1200e-6 */
	while (s[i - 1] == '0')
		i--;
	return i;
}

/* The text of d as json_write_num writes it, into s; its length. */
static size_t
fmt_num(double d, char s[NUM_MAX])
{
	size_t n;
	int prec;

	if (!isfinite(d)) {
		memcpy(s, "null", 4);
		return 4;
	}
	/* an integer; the cast, exact below 2^53, spares a call of floor */
	if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d)
		return fmt_int((long long)d, s);
	if ((n = fmt_decimal(d, s)) > 0)
		return n;
	for (prec = 15; prec < 17; prec++) {
		snprintf(s, NUM_MAX, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			return strlen(s);
	}
	snprintf(s, NUM_MAX, "%.17g", d);
	return strlen(s);
}

int
json_write_num(struct buf *b, double d)
{
	char s[NUM_MAX];

	return buf_add(b, s, fmt_num(d, s));
}

/*
 * Is s ASCII? For a string the parser read without an escape, that
 * means it holds no quote, backslash or control character either:
 * json_write_str copies it as it is.
 */
static int
ascii(const char *s, size_t n)
{
	unsigned char any = 0;
	size_t i;

	for (i = 0; i < n; i++)
		any |= (unsigned char)s[i];
	return any < 0x80;
}

/*
 * Is t an integer of at most 15 digits, without a leading zero or a
 * minus before zero? Its double is exact, and written with these digits.
 */
static int
short_int(const char *t, size_t n)
{
	size_t i = n > 0 && t[0] == '-', digits = n - i;

	if (digits == 0 || digits > 15 || (t[i] == '0' && (digits > 1 || i)))
		return 0;
	for (; i < n; i++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	return 1;
}

/*
 * The parts are checked one by one; then the lengths tell the rest. A
 * string whose text is two bytes longer than its value had no escape.
 * A container whose text is exactly its parts, its brackets, commas
 * and colons has no blank between them, no key written with an escape
 * and no duplicate key (the parser dropped it, and its text with it):
 * each of those would make the text longer. Strings and keys that are
 * not ASCII are left to the writer (it escapes U+2028 and U+2029).
 */
int
json_canonical(const struct json *v, const char *src)
{
	char s[NUM_MAX];
	size_t i, sum = v->len + 1;	/* brackets, and commas between */
	const struct json_member *m;

	switch (v->type) {
	case JSON_NUMBER:
		return short_int(src + v->off, v->rawlen) ||
		    (fmt_num(v->u.num, s) == v->rawlen &&
		    memcmp(s, src + v->off, v->rawlen) == 0);
	case JSON_STRING:
		return v->rawlen == v->len + 2 && ascii(v->u.str, v->len);
	case JSON_ARRAY:
		for (i = 0; i < v->len; i++) {
			if (!json_canonical(&v->u.items[i], src))
				return 0;
			sum += v->u.items[i].rawlen;
		}
		return sum + (v->len == 0) == v->rawlen;
	case JSON_OBJECT:
		for (i = 0; i < v->len; i++) {
			m = &v->u.members[i];
			if (!ascii(m->key, m->keylen) ||
			    !json_canonical(&m->value, src))
				return 0;
			sum += m->keylen + 3 + m->value.rawlen;	/* "key": */
		}
		return sum + (v->len == 0) == v->rawlen;
	default:
		return 1;	/* null, true, false: the word itself */
	}
}

int
json_write(struct buf *b, const struct json *v)
{
	struct jw w;

	jw_init(&w, b);
	jw_tree(&w, v);
	return w.err ? -1 : 0;
}

void
jw_init(struct jw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = 1;
	w->after_key = 0;
	w->err = 0;
}

/* Before a value or a key: the comma that separates it from the one before. */
static void
sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->first[w->depth])
		w->first[w->depth] = 0;
	else if (buf_addc(w->b, ',') == -1)
		w->err = 1;
}

static void
begin(struct jw *w, int c)
{
	sep(w);
	if (w->depth + 1 >= sizeof(w->first)) {
		w->err = 1;
		return;
	}
	if (buf_addc(w->b, c) == -1)
		w->err = 1;
	w->depth++;
	w->first[w->depth] = 1;
}

void
jw_obj(struct jw *w)
{
	begin(w, '{');
}

void
jw_arr(struct jw *w)
{
	begin(w, '[');
}

void
jw_end(struct jw *w, int c)
{
	if (w->depth == 0 || buf_addc(w->b, c) == -1) {
		w->err = 1;
		return;
	}
	w->depth--;
}

static void
keyn(struct jw *w, const char *k, size_t n)
{
	sep(w);
	if (json_write_str(w->b, k, n) == -1 || buf_addc(w->b, ':') == -1)
		w->err = 1;
	w->after_key = 1;
}

void
jw_key(struct jw *w, const char *k)
{
	keyn(w, k, strlen(k));
}

void
jw_strn(struct jw *w, const char *s, size_t n)
{
	sep(w);
	if (json_write_str(w->b, s, n) == -1)
		w->err = 1;
}

void
jw_str(struct jw *w, const char *s)
{
	jw_strn(w, s, strlen(s));
}

void
jw_num(struct jw *w, double d)
{
	sep(w);
	if (json_write_num(w->b, d) == -1)
		w->err = 1;
}

static void
word(struct jw *w, const char *s)
{
	sep(w);
	if (buf_adds(w->b, s) == -1)
		w->err = 1;
}

void
jw_bool(struct jw *w, int v)
{
	word(w, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	word(w, "null");
}

void
jw_tree(struct jw *w, const struct json *v)
{
	size_t i;

	switch (v->type) {
	case JSON_NULL:
		jw_null(w);
		break;
	case JSON_FALSE:
	case JSON_TRUE:
		jw_bool(w, v->type == JSON_TRUE);
		break;
	case JSON_NUMBER:
		jw_num(w, v->u.num);
		break;
	case JSON_STRING:
		jw_strn(w, v->u.str, v->len);
		break;
	case JSON_ARRAY:
		jw_arr(w);
		for (i = 0; i < v->len; i++)
			jw_tree(w, &v->u.items[i]);
		jw_end(w, ']');
		break;
	case JSON_OBJECT:
		jw_obj(w);
		for (i = 0; i < v->len; i++) {
			keyn(w, v->u.members[i].key, v->u.members[i].keylen);
			jw_tree(w, &v->u.members[i].value);
		}
		jw_end(w, '}');
		break;
	}
}

void
jw_raw(struct jw *w, const char *s, size_t n)
{
	sep(w);
	if (buf_add(w->b, s, n) == -1)
		w->err = 1;
}

void
jw_members_src(struct jw *w, const struct json *obj, const char *src)
{
	size_t i;

	if (obj->type != JSON_OBJECT || obj->len == 0)
		return;
	if (json_canonical(obj, src)) {
		/* the text between the braces: jw places the comma before it */
		sep(w);
		if (buf_add(w->b, src + obj->off + 1, obj->rawlen - 2) == -1)
			w->err = 1;
		return;
	}
	for (i = 0; i < obj->len; i++) {
		keyn(w, obj->u.members[i].key, obj->u.members[i].keylen);
		jw_tree(w, &obj->u.members[i].value);
	}
}

void
jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s != NULL)
		jw_str(w, s);
	else
		jw_null(w);
}

void
jw_knum(struct jw *w, const char *key, double d)
{
	jw_key(w, key);
	jw_num(w, d);
}

void
jw_kbool(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	jw_bool(w, v);
}
