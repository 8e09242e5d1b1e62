/* Unit tests of the JSON reader and writer: what is accepted, what is refused and where, the limits, and round trips. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "tap.h"
#include "utf8.h"

/* A string literal as pointer and length, embedded NULs included. */
#define L(lit)	lit, sizeof(lit) - 1

/* One document for most tests: parsed into again and again, freed at the end. */
static struct json_doc doc = JSON_DOC_INIT;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic pseudo-random numbers (xorshift64). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* n bytes made printable for a test name (a few rotating static buffers). */
static const char *
show(const char *s, size_t n)
{
	static char bufs[8][160];
	static unsigned which;
	char *o = bufs[which++ % 8];
	size_t i, k = 0;
	unsigned char c;

	for (i = 0; i < n && k < 120; i++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			o[k++] = '\\';
			o[k++] = '\\';
		} else if (c >= 0x20 && c < 0x7f && c != '#')
			o[k++] = (char)c;
		else
			k += (size_t)snprintf(o + k, 8, "\\x%02X", c);
	}
	if (i < n) {
		memcpy(o + k, "...", 3);
		k += 3;
	}
	o[k] = '\0';
	return o;
}

static char *
xmalloc(size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p == NULL) {
		diag("out of memory");
		exit(2);
	}
	return p;
}

/*
 * Parse from an exactly sized heap copy, so that AddressSanitizer sees any
 * read past the end, and free the copy at once: the tree must not point into
 * the input.
 */
static int
parse(struct json_doc *d, const char *s, size_t n, const struct json_limits *lim)
{
	char *copy = xmalloc(n);
	int rc;

	memcpy(copy, s, n);
	rc = json_parse(d, copy, n, lim);
	free(copy);
	return rc;
}

static const struct json *
accept(const char *s, size_t n, const struct json_limits *lim)
{
	if (ok(parse(&doc, s, n, lim) == 0 && doc.err == NULL,
	    "accepts '%s'", show(s, n)))
		return &doc.root;
	diag("error '%s' at offset %zu", doc.err ? doc.err : "(none)",
	    doc.err_off);
	return NULL;
}

/* Refused, with the error at a byte offset in [lo, hi]; two tests. */
static void
reject(const char *s, size_t n, const struct json_limits *lim, size_t lo,
    size_t hi)
{
	int rc = parse(&doc, s, n, lim);
	const char *name = show(s, n);

	ok(rc == -1 && doc.err != NULL && doc.root.type == JSON_NULL,
	    "refuses '%s'", name);
	if (lo == hi)
		is_int((long long)doc.err_off, (long long)lo,
		    "'%s': error at offset %zu", name, lo);
	else if (!ok(doc.err_off >= lo && doc.err_off <= hi,
	    "'%s': error at offset %zu..%zu", name, lo, hi))
		diag("got offset %zu", doc.err_off);
	if (rc == -1 && (doc.err_off < lo || doc.err_off > hi))
		diag("error was '%s'", doc.err ? doc.err : "(none)");
}

static int
is_mem(const char *got, size_t gotlen, const char *want, size_t wantlen,
    const char *what)
{
	int same = got != NULL && gotlen == wantlen &&
	    memcmp(got, want, wantlen) == 0;

	ok(same, "%s", what);
	if (!same) {
		diag("got  '%s' (%zu bytes)", got ? show(got, gotlen) : "(null)",
		    gotlen);
		diag("want '%s' (%zu bytes)", show(want, wantlen), wantlen);
	}
	return same;
}

/* Structural equality of two trees, member order included. */
static int
json_equal(const struct json *a, const struct json *b)
{
	size_t i;

	if (a->type != b->type || a->len != b->len)
		return 0;
	switch (a->type) {
	case JSON_NUMBER:
		return a->u.num == b->u.num;
	case JSON_STRING:
		return memcmp(a->u.str, b->u.str, a->len) == 0 &&
		    a->u.str[a->len] == '\0' && b->u.str[b->len] == '\0';
	case JSON_ARRAY:
		for (i = 0; i < a->len; i++)
			if (!json_equal(&a->u.items[i], &b->u.items[i]))
				return 0;
		return 1;
	case JSON_OBJECT:
		for (i = 0; i < a->len; i++) {
			const struct json_member *x = &a->u.members[i];
			const struct json_member *y = &b->u.members[i];

			if (x->keylen != y->keylen ||
			    memcmp(x->key, y->key, x->keylen) != 0 ||
			    !json_equal(&x->value, &y->value))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
}

static void
test_top_level(void)
{
	static const struct {
		const char	*s;
		enum json_type	 t;
		size_t		 len;
	} tab[] = {
		{ "null", JSON_NULL, 0 },
		{ "true", JSON_TRUE, 0 },
		{ "false", JSON_FALSE, 0 },
		{ "0", JSON_NUMBER, 0 },
		{ "-7.25", JSON_NUMBER, 0 },
		{ "\"s\"", JSON_STRING, 1 },
		{ "\"\"", JSON_STRING, 0 },
		{ "[]", JSON_ARRAY, 0 },
		{ "[1,2]", JSON_ARRAY, 2 },
		{ "{}", JSON_OBJECT, 0 },
		{ "{\"a\":1}", JSON_OBJECT, 1 },
		{ " \t\r\n null \t\r\n", JSON_NULL, 0 },
		{ "\n[ 1 ,\t2 , 3 ]\r\n", JSON_ARRAY, 3 },
		{ " { \"a\" : 1 , \"b\" :\n[ ] } ", JSON_OBJECT, 2 },
		{ " \"x\" ", JSON_STRING, 1 },
		{ "[ ]", JSON_ARRAY, 0 },
		{ "{ }", JSON_OBJECT, 0 },
	};
	const struct json *v;
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if ((v = accept(tab[i].s, strlen(tab[i].s), NULL)) == NULL) {
			ok(0, "type and length");
			continue;
		}
		ok(v->type == tab[i].t && v->len == tab[i].len,
		    "'%s': type %d and length %zu", show(tab[i].s,
		    strlen(tab[i].s)), tab[i].t, tab[i].len);
	}

	if ((v = accept(L("\"\""), NULL)) != NULL)
		ok(v->u.str != NULL && v->u.str[0] == '\0',
		    "the empty string is an empty NUL-terminated string");
}

static void
test_nested(void)
{
	static const char s[] = "{\"a\":[1,{\"b\":null},[true,false]],"
	    "\"c\":{\"d\":[[],{}],\"e\":\"x\"},\"f\":[[[[\"deep\"]]]]}";
	const struct json *v, *a, *c, *f;
	size_t i;

	if ((v = accept(L(s), NULL)) == NULL)
		return;
	ok(v->type == JSON_OBJECT && v->len == 3, "three members");
	a = json_get(v, "a");
	ok(a != NULL && a->type == JSON_ARRAY && a->len == 3, "a is [3 items]");
	if (a != NULL && a->type == JSON_ARRAY && a->len == 3) {
		ok(a->u.items[0].type == JSON_NUMBER && a->u.items[0].u.num == 1,
		    "a[0] is 1");
		ok(a->u.items[1].type == JSON_OBJECT &&
		    json_get(&a->u.items[1], "b") != NULL &&
		    json_get(&a->u.items[1], "b")->type == JSON_NULL,
		    "a[1].b is null");
		ok(a->u.items[2].type == JSON_ARRAY && a->u.items[2].len == 2 &&
		    a->u.items[2].u.items[0].type == JSON_TRUE &&
		    a->u.items[2].u.items[1].type == JSON_FALSE,
		    "a[2] is [true,false]");
	}
	c = json_get(v, "c");
	ok(c != NULL && c->type == JSON_OBJECT && c->len == 2 &&
	    json_get(c, "d") != NULL && json_get(c, "d")->len == 2 &&
	    json_get(c, "d")->u.items[0].type == JSON_ARRAY &&
	    json_get(c, "d")->u.items[0].len == 0 &&
	    json_get(c, "d")->u.items[1].type == JSON_OBJECT &&
	    json_get(c, "d")->u.items[1].len == 0, "c.d is [[],{}]");
	ok(c != NULL && json_get(c, "e") != NULL &&
	    json_get(c, "e")->type == JSON_STRING &&
	    strcmp(json_get(c, "e")->u.str, "x") == 0, "c.e is \"x\"");
	f = json_get(v, "f");
	for (i = 0; f != NULL && i < 4; i++)
		f = f->type == JSON_ARRAY && f->len == 1 ? &f->u.items[0] : NULL;
	ok(f != NULL && f->type == JSON_STRING && strcmp(f->u.str, "deep") == 0,
	    "f[0][0][0][0] is \"deep\"");
}

static void
test_numbers(void)
{
	static const struct {
		const char	*s;
		double		 want;
	} tab[] = {
		{ "0", 0.0 },
		{ "1.5", 1.5 },
		{ "1e3", 1000.0 },
		{ "1E-3", 0.001 },
		{ "-12.5e+2", -1250.0 },
		{ "1E+2", 100.0 },
		{ "0e0", 0.0 },
		{ "0.0e-0", 0.0 },
		{ "-0.5", -0.5 },
		{ "123", 123.0 },
		{ "-123", -123.0 },
		{ "0.1", 0.1 },
		{ "3.141592653589793", 3.141592653589793 },
		{ "1e-400", 0.0 },
		{ "-1e-400", 0.0 },
		{ "1e308", 1e308 },
		{ "1.7976931348623157e308", DBL_MAX },
		{ "-1.7976931348623157e308", -DBL_MAX },
		{ "2.2250738585072014e-308", DBL_MIN },
		{ "4.9e-324", 4.9e-324 },
		{ "100000000000000000000000000000", 1e29 },
		{ "9007199254740992", 9007199254740992.0 },
		{ "-9007199254740992", -9007199254740992.0 },
		{ "9007199254740991", 9007199254740991.0 },
		/* not exact: the nearest double is 2^53 */
		{ "9007199254740993", 9007199254740992.0 },
		{ "0.000000000000000000000000000001", 1e-30 },
	};
	const struct json *v;
	long long n;
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		v = accept(tab[i].s, strlen(tab[i].s), NULL);
		if (!ok(v != NULL && v->type == JSON_NUMBER &&
		    v->u.num == tab[i].want, "'%s' is %.17g", tab[i].s,
		    tab[i].want) && v != NULL)
			diag("got %.17g", v->u.num);
	}

	v = accept(L("-0"), NULL);
	ok(v != NULL && v->type == JSON_NUMBER && v->u.num == 0 &&
	    signbit(v->u.num), "-0 is negative zero");

	v = accept(L("9007199254740991"), NULL);
	ok(v != NULL && json_int(v, LLONG_MIN, LLONG_MAX, &n) == 1 &&
	    n == 9007199254740991LL, "2^53-1 reads as an exact integer");
	v = accept(L("-9007199254740991"), NULL);
	ok(v != NULL && json_int(v, LLONG_MIN, LLONG_MAX, &n) == 1 &&
	    n == -9007199254740991LL, "-(2^53-1) reads as an exact integer");
	v = accept(L("9007199254740993"), NULL);
	ok(v != NULL && json_int(v, LLONG_MIN, LLONG_MAX, &n) == 0,
	    "2^53+1 reads as the double 2^53, which is no exact integer");
	v = accept(L("[9007199254740991,9007199254740992,-9007199254740991]"),
	    NULL);
	if (v != NULL) {
		struct buf b = BUF_INIT;

		ok(json_write(&b, v) == 0 && b.p != NULL && strcmp(b.p,
		    "[9007199254740991,9007199254740992,-9007199254740991]") == 0,
		    "integers up to 2^53 are written back digit for digit");
		if (b.p != NULL && strcmp(b.p,
		    "[9007199254740991,9007199254740992,-9007199254740991]") != 0)
			diag("written: %s", b.p);
		buf_free(&b);
	}
}

static void
test_strings(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		const char	*want;
		size_t		 wantlen;
		const char	*what;
	} tab[] = {
#define S(in, out, what)	{ L(in), L(out), what }
		S("\"abc\"", "abc", "plain"),
		S("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t",
		    "every simple escape"),
		S("\"\\u0000\"", "\0", "\\u0000 alone"),
		S("\"a\\u0000b\"", "a\0b", "\\u0000 inside"),
		S("\"\\u00e9\"", "\xC3\xA9", "\\u00e9"),
		S("\"\\u00E9\"", "\xC3\xA9", "\\u00E9 in capitals"),
		S("\"\\u0041\"", "A", "\\u0041"),
		S("\"\\u001f\"", "\x1F", "\\u001f"),
		S("\"\\u0022\\u005c\\u002F\"", "\"\\/", "quote, backslash, solidus escaped as \\u"),
		S("\"\\u007f\"", "\x7F", "\\u007f"),
		S("\"\\u0080\"", "\xC2\x80", "\\u0080"),
		S("\"\\u07ff\"", "\xDF\xBF", "\\u07ff"),
		S("\"\\u0800\"", "\xE0\xA0\x80", "\\u0800"),
		S("\"\\u20ac\"", "\xE2\x82\xAC", "\\u20ac"),
		S("\"\\u2028\"", "\xE2\x80\xA8", "\\u2028"),
		S("\"\\ud7ff\"", "\xED\x9F\xBF", "\\ud7ff"),
		S("\"\\ue000\"", "\xEE\x80\x80", "\\ue000"),
		S("\"\\ufffd\"", "\xEF\xBF\xBD", "\\ufffd"),
		S("\"\\uffff\"", "\xEF\xBF\xBF", "\\uffff"),
		S("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80", "surrogate pair \\ud83d\\ude00"),
		S("\"\\uD83D\\uDE00\"", "\xF0\x9F\x98\x80", "surrogate pair in capitals"),
		S("\"\\ud800\\udc00\"", "\xF0\x90\x80\x80", "U+10000 as a pair"),
		S("\"\\udbff\\udfff\"", "\xF4\x8F\xBF\xBF", "U+10FFFF as a pair"),
		S("\"x\\ud83d\\ude00y\\ud83d\\ude00\"",
		    "x\xF0\x9F\x98\x80y\xF0\x9F\x98\x80", "two pairs among text"),
		S("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"",
		    "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "raw UTF-8 of 2, 3 and 4 bytes"),
		S("\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
		    "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"",
		    "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
		    "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", "raw UTF-8 at the boundaries"),
		S("\"\x7F\"", "\x7F", "a raw DEL"),
		S("\"\xE2\x80\xA8\"", "\xE2\x80\xA8", "a raw U+2028"),
		S("\"''\"", "''", "single quotes inside"),
		S("\"a b\"", "a b", "a space"),
		S("\"\"", "", "empty"),
#undef S
	};
	const struct json *v;
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		v = accept(tab[i].s, tab[i].n, NULL);
		if (v == NULL || v->type != JSON_STRING) {
			ok(0, "%s: a string", tab[i].what);
			continue;
		}
		is_mem(v->u.str, v->len, tab[i].want, tab[i].wantlen, tab[i].what);
		ok(v->u.str[v->len] == '\0', "%s: NUL-terminated", tab[i].what);
	}

	/* NULs in keys count too, and keys that differ after a NUL differ */
	v = accept(L("{\"a\\u0000b\":1,\"a\\u0000c\":2,\"a\":3}"), NULL);
	if (v != NULL && v->type == JSON_OBJECT && v->len == 3) {
		ok(v->u.members[0].keylen == 3 &&
		    memcmp(v->u.members[0].key, "a\0b", 4) == 0,
		    "key a\\0b has length 3");
		ok(v->u.members[1].keylen == 3 &&
		    memcmp(v->u.members[1].key, "a\0c", 4) == 0,
		    "key a\\0c is another key");
		ok(json_get(v, "a") != NULL && json_get(v, "a")->u.num == 3,
		    "json_get(\"a\") finds \"a\", not \"a\\0b\"");
	} else
		ok(0, "keys with NULs: three members");
}

static void
test_rejects(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		size_t		 lo, hi;
	} tab[] = {
#define R(in, off)		{ L(in), off, off }
#define RR(in, lo, hi)		{ L(in), lo, hi }
		/* nothing */
		R("", 0),
		R("   ", 3),
		R(" \t\r\n", 4),
		/* whitespace JSON does not know */
		R("\f1", 0),
		R("\v1", 0),
		R("\xC2\xA0" "1", 0),
		R("\xEF\xBB\xBF{}", 0),
		R("1\f", 1),
		/* invalid escapes */
		RR("\"\\x\"", 1, 2),
		RR("\"\\U0041\"", 1, 2),
		RR("\"\\'\"", 1, 2),
		RR("\"\\a\"", 1, 2),
		RR("\"\\0\"", 1, 2),
		RR("\"\\ \"", 1, 2),
		RR("\"\\\0\"", 1, 2),
		RR("\"ab\\x\"", 3, 4),
		RR("\"\\u12G4\"", 1, 7),
		RR("\"\\u-123\"", 1, 7),
		RR("\"\\u12\"", 1, 6),
		RR("\"\\u\"", 1, 3),
		RR("\"\\u 123\"", 1, 7),
		/* surrogates that do not pair */
		RR("\"\\udc00\"", 1, 7),
		RR("\"\\udfff\"", 1, 7),
		RR("\"\\ude00\\ud83d\"", 1, 7),
		RR("\"\\ud83d\"", 1, 7),
		RR("\"\\ud83dabc\"", 1, 7),
		RR("\"\\ud83d\\n\"", 1, 8),
		RR("\"\\ud83d\\u0041\"", 7, 13),
		RR("\"\\ud83d\\ud83d\"", 7, 13),
		RR("\"\\ud83d\\uzzzz\"", 7, 13),
		RR("\"\\udbff\\ue000\"", 7, 13),
		RR("[\"ok\",\"\\ud800\"]", 7, 13),
		/* invalid UTF-8: the offset of the sequence's first byte */
		R("\"\xC0\xAF\"", 1),
		R("\"\xC1\xBF\"", 1),
		R("\"\xE0\x80\xAF\"", 1),
		R("\"\xE0\x9F\xBF\"", 1),
		R("\"\xF0\x80\x80\xAF\"", 1),
		R("\"\xF0\x8F\xBF\xBF\"", 1),
		R("\"\xED\xA0\x80\"", 1),
		R("\"\xED\xBF\xBF\"", 1),
		R("\"\xED\xA0\xBD\xED\xB8\x80\"", 1),
		R("\"\xF4\x90\x80\x80\"", 1),
		R("\"\xF5\x80\x80\x80\"", 1),
		R("\"\xF8\x88\x80\x80\x80\"", 1),
		R("\"\xFE\"", 1),
		R("\"\xFF\"", 1),
		R("\"\x80\"", 1),
		R("\"a\x80" "b\"", 2),
		R("\"\xBF\"", 1),
		R("\"\xE2\x82\xAC\xAC\"", 4),
		R("\"\xC3\"", 1),
		R("\"\xC3" "A\"", 1),
		R("\"\xE2\x82\"", 1),
		R("\"\xE2\x82" "A\"", 1),
		R("\"\xF0\x9F\x98\"", 1),
		R("\"\xF0\x9F\x98" "A\"", 1),
		R("\"abc\xE2\x82", 6),
		R("{\"\xC0\xAF\":1}", 2),
		R("[\"\xED\xA0\x80\"]", 2),
		R("\xC3\xA9", 0),
		/* raw control characters in strings */
		R("\"a\x01" "b\"", 2),
		R("\"a\tb\"", 2),
		R("\"a\nb\"", 2),
		R("\"a\rb\"", 2),
		R("\"\x1F\"", 1),
		R("\"a\0b\"", 2),
		R("{\"a\tb\":1}", 3),
		/* numbers */
		R("01", 1),
		R("00", 1),
		R("-01", 2),
		R("[01]", 2),
		R("+1", 0),
		R(".5", 0),
		R("-.5", 1),
		R("1.", 2),
		R("1.e5", 2),
		R("[1.]", 3),
		R("1e", 2),
		R("1E", 2),
		R("1e+", 3),
		R("1e-", 3),
		R("1e+-1", 3),
		R("-", 1),
		R("-a", 1),
		R("--1", 1),
		R("1.5.2", 3),
		R("0x1F", 1),
		R("0x", 1),
		R("1_000", 1),
		R("NaN", 0),
		R("-NaN", 1),
		R("nan", 0),
		R("Infinity", 0),
		R("-Infinity", 1),
		R("inf", 0),
		R("[NaN]", 1),
		R("1e400", 0),
		R("-1e400", 0),
		R("1.8e308", 0),
		R("[1, 1e400]", 4),
		R("{\"a\":-1e400}", 5),
		/* trailing garbage */
		R("[] x", 3),
		R("{}}", 2),
		R("1 2", 2),
		R("\"a\" \"b\"", 4),
		R("null null", 5),
		R("[1]]", 3),
		R("[1],", 3),
		R("truex", 4),
		R("1\0", 1),
		R("{} \0", 3),
		/* trailing and missing commas */
		R("[1,]", 3),
		R("[1, ]", 4),
		R("{\"a\":1,}", 7),
		R("[,]", 1),
		R("[,1]", 1),
		R("[1,,2]", 3),
		R("[1 2]", 3),
		R("{,}", 1),
		R("{\"a\":1 \"b\":2}", 7),
		R("{\"a\":1,,\"b\":2}", 7),
		/* colons and keys */
		R("{\"a\" 1}", 5),
		R("{\"a\"}", 4),
		R("{\"a\":}", 5),
		R("{\"a\"::1}", 5),
		R("{\"a\",1}", 4),
		R("{a:1}", 1),
		R("{'a':1}", 1),
		R("{1:1}", 1),
		R("{null:1}", 1),
		R("{\"a\":1, b:2}", 8),
		R("[\"a\":1]", 4),
		/* single quotes */
		R("'a'", 0),
		R("['a']", 1),
		R("{\"a\":'b'}", 5),
		/* literals */
		R("tru", 0),
		R("nul", 0),
		R("fals", 0),
		R("True", 0),
		R("NULL", 0),
		R("[nul]", 1),
		R("[truex]", 5),
		/* unterminated */
		R("\"abc", 4),
		R("\"abc\\\"", 6),
		R("\"abc\\", 5),
		R("\"\\u00", 5),
		R("\"\\ud83d", 7),
		R("[", 1),
		R("[1", 2),
		R("[1,", 3),
		R("[\"a", 3),
		R("[[]", 3),
		R("{", 1),
		R("{\"a", 3),
		R("{\"a\"", 4),
		R("{\"a\":", 5),
		R("{\"a\":1", 6),
		R("{\"a\":1,", 7),
		R("{\"a\":{}", 7),
		/* stray closers */
		R("]", 0),
		R("}", 0),
		R("[}", 1),
		R("{]", 1),
		R("[1}", 2),
		R("{\"a\":1]", 6),
		R(",", 0),
		R(":", 0),
#undef R
#undef RR
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		reject(tab[i].s, tab[i].n, NULL, tab[i].lo, tab[i].hi);
}

/* n levels of '[' ... ']' or {"a": ... } around a 1. */
static char *
nest(size_t n, int obj, size_t *len)
{
	size_t open = obj ? 5 : 1, i;
	char *s = xmalloc(n * (open + 1) + 1), *p = s;

	for (i = 0; i < n; i++) {
		memcpy(p, obj ? "{\"a\":" : "[", open);
		p += open;
	}
	*p++ = '1';
	for (i = 0; i < n; i++)
		*p++ = obj ? '}' : ']';
	*len = (size_t)(p - s);
	return s;
}

static void
test_limits(void)
{
	const struct json_limits lim32 = { JSON_MAX_LEN, 32 };
	const struct json_limits lim0 = { JSON_MAX_LEN, 0 };
	const struct json_limits len10 = { 10, JSON_MAX_DEPTH };
	const struct json_limits len0 = { 0, JSON_MAX_DEPTH };
	const struct json *v;
	size_t len, i, n = 100000;
	double t;
	char *s;

	s = nest(32, 0, &len);
	v = accept(s, len, &lim32);
	for (i = 0; v != NULL && v->type == JSON_ARRAY && v->len == 1; i++)
		v = &v->u.items[0];
	ok(i == 32 && v != NULL && v->type == JSON_NUMBER && v->u.num == 1,
	    "32 levels of arrays, then the 1");
	free(s);
	s = nest(33, 0, &len);
	reject(s, len, &lim32, 32, 32);
	free(s);
	s = nest(32, 1, &len);
	accept(s, len, &lim32);
	free(s);
	s = nest(33, 1, &len);
	reject(s, len, &lim32, 32 * 5, 32 * 5);
	free(s);

	/* objects and arrays count alike */
	accept(L("[{\"a\":[{\"b\":[]}]}]"), &(struct json_limits){ 100, 5 });
	reject(L("[{\"a\":[{\"b\":[]}]}]"), &(struct json_limits){ 100, 4 },
	    12, 12);

	/* depth 0: only scalars */
	accept(L("\"s\""), &lim0);
	accept(L("1"), &lim0);
	reject(L("[]"), &lim0, 0, 0);
	reject(L("{}"), &lim0, 0, 0);

	/* the default */
	s = nest(JSON_MAX_DEPTH, 0, &len);
	accept(s, len, NULL);
	free(s);
	s = nest(JSON_MAX_DEPTH + 1, 0, &len);
	reject(s, len, NULL, JSON_MAX_DEPTH, JSON_MAX_DEPTH);
	free(s);

	s = xmalloc(n);
	memset(s, '[', n);
	t = now();
	reject(s, n, NULL, JSON_MAX_DEPTH, JSON_MAX_DEPTH);
	t = now() - t;
	ok(t < 0.5, "100000 '[' refused quickly (%.3f s)", t);
	memset(s, '{', n);
	reject(s, n, NULL, 1, 1);
	for (i = 0; i + 5 <= n; i += 5)
		memcpy(s + i, "{\"a\":", 5);
	reject(s, n, NULL, JSON_MAX_DEPTH * 5, JSON_MAX_DEPTH * 5);
	free(s);

	/* input length */
	accept(L("[1,2,3,4]"), &len10);
	accept(L("[1,2,3,45]"), &len10);
	reject(L("[1,2,3,456]"), &len10, 0, 0);
	ok(doc.err != NULL && strstr(doc.err, "long") != NULL,
	    "the error says the input is too long ('%s')",
	    doc.err ? doc.err : "(none)");
	reject(L("[1]        "), &len10, 0, 0);
	reject(L("1"), &len0, 0, 0);
}

static void
test_big(void)
{
	const size_t n = 10u << 20;
	const struct json_limits small = { 1u << 20, JSON_MAX_DEPTH };
	const struct json *v;
	size_t end = 0, i;
	char *s = xmalloc(n + 2 + 5);
	double t;

	s[0] = '"';
	for (i = 1; i <= n; i++)
		s[i] = (char)('a' + i % 26);
	memcpy(s + 1, "\xC3\xA9", 2);		/* é */
	memcpy(s + n - 5, "\\u00e9", 6);	/* é again: 6 bytes become 2 */
	s[n + 1] = '"';
	t = now();
	v = accept(s, n + 2, NULL);
	ok(v != NULL && v->type == JSON_STRING && v->len == n - 4,
	    "the 10 MB string has %zu bytes", n - 4);
	if (v != NULL && v->type == JSON_STRING && v->len == n - 4) {
		ok(memcmp(v->u.str, "\xC3\xA9", 2) == 0 &&
		    v->u.str[2] == (char)('a' + 3 % 26) &&
		    memcmp(v->u.str + v->len - 2, "\xC3\xA9", 2) == 0 &&
		    v->u.str[v->len] == '\0', "and the right bytes at both ends");
	} else
		ok(0, "and the right bytes at both ends");
	t = now() - t;
	ok(t < 1.0, "parsed in %.3f s", t);

	reject(s, n + 2, &small, 0, 0);

	/* the prefix reader on the same input, with something after it */
	memcpy(s + n + 2, " \n rest", 5);
	ok(json_parse_prefix(&doc, s, n + 7, NULL, &end) == 0 &&
	    doc.root.type == JSON_STRING && doc.root.len == n - 4,
	    "json_parse_prefix reads the 10 MB string");
	is_int((long long)end, (long long)(n + 5),
	    "and ends after its trailing whitespace");
	free(s);
}

static void
test_prefix(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		size_t		 end;
	} tab[] = {
#define P(in, end)	{ L(in), end }
		P("[1,2] tail", 6),
		P("{\"a\":1}{\"b\":2}", 7),
		P("  42  xyz", 6),
		P("\"s\",", 3),
		P("null", 4),
		P("true\n\n", 6),
		P("1x", 1),
		P("[]]", 2),
		P("{} \0garbage", 3),
		P("0 1", 2),
#undef P
	};
	size_t i, end;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		end = (size_t)-1;
		ok(json_parse_prefix(&doc, tab[i].s, tab[i].n, NULL, &end) == 0,
		    "json_parse_prefix accepts '%s'", show(tab[i].s, tab[i].n));
		is_int((long long)end, (long long)tab[i].end,
		    "'%s': ends at %zu", show(tab[i].s, tab[i].n), tab[i].end);
	}
	ok(json_parse_prefix(&doc, L("[1,"), NULL, &end) == -1 &&
	    doc.err != NULL && doc.err_off == 3, "json_parse_prefix refuses '[1,'");
	ok(json_parse_prefix(&doc, L(""), NULL, &end) == -1 && doc.err != NULL,
	    "json_parse_prefix refuses nothing");
	ok(json_parse_prefix(&doc, L(" x"), NULL, &end) == -1 &&
	    doc.err_off == 1, "json_parse_prefix refuses ' x' at 1");
}

/* {"k0":0,"k1":1,...} with key(i) naming member i. */
static char *
object(size_t n, void (*key)(char *, size_t, size_t), size_t *len)
{
	struct buf b = BUF_INIT;
	char k[32];
	size_t i;

	buf_addc(&b, '{');
	for (i = 0; i < n; i++) {
		key(k, sizeof(k), i);
		if (buf_printf(&b, "%s\"%s\":%zu", i ? "," : "", k, i) == -1) {
			diag("out of memory");
			exit(2);
		}
	}
	buf_addc(&b, '}');
	*len = b.len;
	return b.p;
}

static void
key_distinct(char *k, size_t size, size_t i)
{
	snprintf(k, size, "k%zu", i);
}

static void
key_same(char *k, size_t size, size_t i)
{
	(void)i;
	snprintf(k, size, "dup");
}

/* 100 keys, first in the order k0..k99, later over and over in reverse. */
static void
key_reversed(char *k, size_t size, size_t i)
{
	snprintf(k, size, "k%zu", i < 100 ? i : 99 - i % 100);
}

static void
test_duplicates(void)
{
	const struct json *v;
	size_t i, n, len;
	double t;
	char *s, k[32];
	int good;

	v = accept(L("{\"a\":1,\"a\":2,\"a\":3}"), NULL);
	ok(v != NULL && v->len == 1 && json_get(v, "a") != NULL &&
	    json_get(v, "a")->u.num == 3, "three times \"a\": one member, the last");

	v = accept(L("{\"a\":1,\"b\":2,\"a\":3}"), NULL);
	if (ok(v != NULL && v->len == 2, "{a:1,b:2,a:3} has two members")) {
		is_str(v->u.members[0].key, "a", "the first is \"a\", where it came first");
		is_int((long long)v->u.members[0].value.u.num, 3,
		    "with the last value, 3");
		is_str(v->u.members[1].key, "b", "the second is \"b\"");
		is_int((long long)v->u.members[1].value.u.num, 2, "with 2");
	}
	ok(v != NULL && json_get(v, "a") != NULL &&
	    json_get(v, "a")->u.num == 3, "json_get(\"a\") is 3");

	v = accept(L("{\"x\":1,\"y\":2,\"x\":3,\"z\":4,\"y\":5}"), NULL);
	if (ok(v != NULL && v->len == 3, "{x:1,y:2,x:3,z:4,y:5} has three members")) {
		struct buf b = BUF_INIT;

		json_write(&b, v);
		is_str(b.p, "{\"x\":3,\"y\":5,\"z\":4}",
		    "order of first occurrence, last values");
		buf_free(&b);
	}

	/* a duplicate's value may be any type, the dropped one too */
	v = accept(L("{\"a\":[1,{\"b\":2}],\"c\":null,\"a\":{\"d\":[]}}"), NULL);
	ok(v != NULL && v->len == 2 && json_get(v, "a") != NULL &&
	    json_get(v, "a")->type == JSON_OBJECT &&
	    json_get(json_get(v, "a"), "d") != NULL &&
	    json_get(v, "c") != NULL && json_get(v, "c")->type == JSON_NULL,
	    "a container replaced by a container");

	/* keys compare by bytes: "a" and "a\u0000" and "\u0061" */
	v = accept(L("{\"a\":1,\"a\\u0000\":2,\"\\u0061\":3}"), NULL);
	ok(v != NULL && v->len == 2 && json_get(v, "a") != NULL &&
	    json_get(v, "a")->u.num == 3, "\"\\u0061\" is the same key as \"a\"");
	for (i = 0; v != NULL && i < v->len; i++)
		if (v->u.members[i].keylen == 2)
			break;
	ok(v != NULL && v->len == 2 && i < v->len &&
	    memcmp(v->u.members[i].key, "a\0", 3) == 0 &&
	    v->u.members[i].value.u.num == 2, "\"a\\u0000\" is another");

	/* the empty key */
	v = accept(L("{\"\":1,\"\":2}"), NULL);
	ok(v != NULL && v->len == 1 && json_get(v, "") != NULL &&
	    json_get(v, "")->u.num == 2, "the empty key, twice");

	/* many distinct keys: all there, in order */
	n = 10000;
	s = object(n, key_distinct, &len);
	t = now();
	v = accept(s, len, NULL);
	t = now() - t;
	free(s);
	good = v != NULL && v->type == JSON_OBJECT && v->len == n;
	for (i = 0; good && i < n; i++) {
		key_distinct(k, sizeof(k), i);
		good = strcmp(v->u.members[i].key, k) == 0 &&
		    v->u.members[i].value.u.num == (double)i;
	}
	ok(good, "10000 distinct keys, in order, with their values");
	ok(v != NULL && json_get(v, "k0") != NULL &&
	    json_get(v, "k0")->u.num == 0 && json_get(v, "k9999") != NULL &&
	    json_get(v, "k9999")->u.num == 9999 && json_get(v, "k5000") != NULL &&
	    json_get(v, "k5000")->u.num == 5000 && json_get(v, "k10000") == NULL,
	    "json_get on them");
	ok(t < 0.5, "parsed in %.3f s", t);

	/* many duplicates of one key */
	s = object(n, key_same, &len);
	t = now();
	v = accept(s, len, NULL);
	t = now() - t;
	free(s);
	ok(v != NULL && v->len == 1 && json_get(v, "dup") != NULL &&
	    json_get(v, "dup")->u.num == (double)(n - 1),
	    "10000 times the same key: one member, the last value");
	ok(t < 0.5, "parsed in %.3f s", t);

	/* 100 keys repeated: first order k0..k99, last order k99..k0 */
	s = object(n, key_reversed, &len);
	v = accept(s, len, NULL);
	free(s);
	good = v != NULL && v->len == 100;
	for (i = 0; good && i < 100; i++) {
		key_distinct(k, sizeof(k), i);
		good = strcmp(v->u.members[i].key, k) == 0;
	}
	ok(good, "100 keys 100 times each: in the order they first came");
	if (!good && v != NULL && v->len >= 2)
		diag("members[0] is %s, members[1] is %s", v->u.members[0].key,
		    v->u.members[1].key);
	good = v != NULL && v->len == 100;
	for (i = 0; good && i < 100; i++) {
		key_distinct(k, sizeof(k), i);
		good = json_get(v, k) != NULL &&
		    json_get(v, k)->u.num == (double)(n - 1 - i);
	}
	ok(good, "and each with its last value");

	/* speed: a quadratic dedup would take seconds here */
	n = 100000;
	s = object(n, key_distinct, &len);
	t = now();
	v = accept(s, len, NULL);
	ok(v != NULL && v->len == n, "100000 distinct keys");
	free(s);
	s = object(n, key_same, &len);
	v = accept(s, len, NULL);
	ok(v != NULL && v->len == 1, "100000 duplicate keys");
	free(s);
	t = now() - t;
	ok(t < 1.0, "both parsed in %.3f s", t);
}

/* A string with a NUL inside is no C string: json_get_str refuses it. */
static void
test_get_str(void)
{
	static const char s[] = "{\"a\":\"bob\",\"b\":\"bob\\u0000x\","
	    "\"c\":7,\"d\":\"\"}";
	const struct json *v;

	if ((v = accept(L(s), NULL)) == NULL)
		return;
	ok(json_get_str(v, "a") != NULL && strcmp(json_get_str(v, "a"),
	    "bob") == 0, "a plain string");
	ok(json_get_str(v, "b") == NULL, "a string with a NUL is refused");
	ok(json_get(v, "b") != NULL && json_get(v, "b")->len == 5,
	    "json_get still has all of it");
	ok(json_get_str(v, "c") == NULL, "a number is no string");
	ok(json_get_str(v, "d") != NULL && *json_get_str(v, "d") == '\0',
	    "an empty string is one");
	ok(json_get_str(v, "e") == NULL, "a missing member is NULL");
}

static void
test_get_int(void)
{
	static const struct {
		const char	*s;
		long long	 min, max;
		int		 ok;
		long long	 want;
	} tab[] = {
		{ "5", 0, 10, 1, 5 },
		{ "0", 0, 10, 1, 0 },
		{ "10", 0, 10, 1, 10 },
		{ "-0", 0, 10, 1, 0 },
		{ "11", 0, 10, 0, 0 },
		{ "-1", 0, 10, 0, 0 },
		{ "5", 6, 10, 0, 0 },
		{ "5", 5, 5, 1, 5 },
		{ "-3", -5, 5, 1, -3 },
		{ "1e3", 0, 1000, 1, 1000 },
		{ "1.0", 0, 10, 1, 1 },
		{ "2.5e1", 0, 100, 1, 25 },
		{ "1.5", 0, 10, 0, 0 },
		{ "-0.5", -10, 10, 0, 0 },
		{ "1e-9", -10, 10, 0, 0 },
		{ "9007199254740992", LLONG_MIN, LLONG_MAX, 0, 0 },
		{ "-9007199254740992", LLONG_MIN, LLONG_MAX, 0, 0 },
		{ "9007199254740991", LLONG_MIN, LLONG_MAX, 1, 9007199254740991LL },
		{ "9007199254740991", 0, 9007199254740991LL, 1, 9007199254740991LL },
		{ "9007199254740992", 0, 9007199254740991LL, 0, 0 },
		{ "18014398509481984", LLONG_MIN, LLONG_MAX, 0, 0 },
		{ "1e300", LLONG_MIN, LLONG_MAX, 0, 0 },
		{ "-1e300", LLONG_MIN, LLONG_MAX, 0, 0 },
		{ "4294967296", 0, 4294967295LL, 0, 0 },
		{ "4294967295", 0, 4294967295LL, 1, 4294967295LL },
		{ "\"5\"", 0, 10, 0, 0 },
		{ "true", 0, 10, 0, 0 },
		{ "null", 0, 10, 0, 0 },
		{ "[5]", 0, 10, 0, 0 },
		{ "{}", 0, 10, 0, 0 },
	};
	const struct json *v, *o;
	long long out;
	size_t i;
	int r;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if ((v = accept(tab[i].s, strlen(tab[i].s), NULL)) == NULL) {
			ok(0, "json_int");
			continue;
		}
		out = -42;
		r = json_int(v, tab[i].min, tab[i].max, &out);
		if (tab[i].ok)
			ok(r == 1 && out == tab[i].want,
			    "json_int('%s', %lld, %lld) is %lld", tab[i].s,
			    tab[i].min, tab[i].max, tab[i].want);
		else
			ok(r == 0 && out == -42,
			    "json_int('%s', %lld, %lld) refuses, *out untouched",
			    tab[i].s, tab[i].min, tab[i].max);
		if (r != tab[i].ok)
			diag("got %d, %lld", r, out);
	}
	ok(json_int(NULL, 0, 10, &out) == 0, "json_int(NULL) is 0");

	v = accept(L("{\"a\":1,\"b\":{\"c\":2},\"d\":[3]}"), NULL);
	if (v == NULL)
		return;
	ok(json_get(v, "a") != NULL && json_get(v, "a")->u.num == 1, "json_get a");
	ok(json_get(v, "x") == NULL, "json_get of a missing key is NULL");
	ok(json_get(v, "") == NULL, "json_get of the missing empty key is NULL");
	ok(json_get(v, "A") == NULL, "keys are case-sensitive");
	ok(json_get(v, "c") == NULL, "json_get does not search nested objects");
	ok(json_get(v, "ab") == NULL && json_get(v, "b\"") == NULL,
	    "nor match prefixes");
	o = json_get(v, "b");
	ok(o != NULL && json_get(o, "c") != NULL && json_get(o, "c")->u.num == 2,
	    "json_get b.c");
	ok(json_get(json_get(v, "d"), "a") == NULL, "json_get on an array is NULL");
	ok(json_get(json_get(v, "a"), "a") == NULL, "json_get on a number is NULL");
	ok(json_get(NULL, "a") == NULL, "json_get on NULL is NULL");
	ok(json_get(json_get(v, "x"), "a") == NULL, "json_get chains through NULL");
	v = accept(L("\"a\""), NULL);
	ok(v != NULL && json_get(v, "a") == NULL, "json_get on a string is NULL");
	v = accept(L("null"), NULL);
	ok(v != NULL && json_get(v, "a") == NULL, "json_get on null is NULL");
	v = accept(L("{}"), NULL);
	ok(v != NULL && json_get(v, "a") == NULL, "json_get on {} is NULL");
}

static void
wstr(const char *in, size_t n, const char *want, size_t wantlen)
{
	struct buf b = BUF_INIT;
	char name[400];
	int rc;

	rc = json_write_str(&b, in, n);
	snprintf(name, sizeof(name), "json_write_str '%s' is '%s'", show(in, n),
	    show(want, wantlen));
	if (rc != 0)
		ok(0, "%s (returned %d)", name, rc);
	else
		is_mem(b.p, b.len, want, wantlen, name);
	buf_free(&b);
}

/* Write s, read it back: the same bytes. */
static int
str_round_trip(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	int same;

	same = json_write_str(&b, s, n) == 0 &&
	    json_parse(&doc, b.p, b.len, NULL) == 0 &&
	    doc.root.type == JSON_STRING && doc.root.len == n &&
	    memcmp(doc.root.u.str, s, n) == 0;
	buf_free(&b);
	return same;
}

static void
test_write_str(void)
{
	char all[0x80], *s;
	struct buf b = BUF_INIT, big = BUF_INIT;
	size_t i, n, k, bad;
	uint32_t cp;
	char u[4];
	int good;

#define W(in, out)	wstr(L(in), L(out))
	W("", "\"\"");
	W("abc", "\"abc\"");
	W("a\"b", "\"a\\\"b\"");
	W("a\\b", "\"a\\\\b\"");
	W("/", "\"/\"");
	W("\n\r\t", "\"\\n\\r\\t\"");
	W("\b\f", "\"\\u0008\\u000c\"");
	W("\x01\x1F", "\"\\u0001\\u001f\"");
	W("a\0b", "\"a\\u0000b\"");
	W("\x7F", "\"\x7F\"");
	W("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
	W("\xE2\x80\xA8", "\"\\u2028\"");
	W("\xE2\x80\xA9", "\"\\u2029\"");
	W("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "\"a\\u2028b\\u2029c\"");
	W("\xE2\x80\xA7\xE2\x80\xAA", "\"\xE2\x80\xA7\xE2\x80\xAA\"");
	W("\xC2\x85", "\"\xC2\x85\"");
	/* one U+FFFD per bad byte */
	W("\xFF", "\"\xEF\xBF\xBD\"");
	W("a\xFF" "b", "\"a\xEF\xBF\xBD" "b\"");
	W("\x80", "\"\xEF\xBF\xBD\"");
	W("\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xE0\x80\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xF0\x80\x80\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xE2\x82", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xE2\x82" "A", "\"\xEF\xBF\xBD\xEF\xBF\xBD" "A\"");
	W("\xF0\x9F\x98", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	W("\xC3", "\"\xEF\xBF\xBD\"");
	W("\xC3\xA9\xC3", "\"\xC3\xA9\xEF\xBF\xBD\"");
	W("\xE2\x82\xAC\xAC", "\"\xE2\x82\xAC\xEF\xBF\xBD\"");
	W("\xEF\xBF\xBD", "\"\xEF\xBF\xBD\"");
	W("\xC0\n", "\"\xEF\xBF\xBD\\n\"");
#undef W

	/* appends, keeps what was there */
	buf_adds(&b, "x=");
	ok(json_write_str(&b, L("y")) == 0 && strcmp(b.p, "x=\"y\"") == 0,
	    "json_write_str appends");
	buf_free(&b);

	/* every ASCII byte, one at a time and all together */
	good = 1;
	for (i = 0; i < 0x80; i++) {
		all[i] = (char)i;
		if (!str_round_trip(all + i, 1)) {
			diag("byte 0x%02zx does not survive", i);
			good = 0;
		}
	}
	ok(good, "each ASCII byte survives write and read");
	ok(str_round_trip(all, sizeof(all)), "all ASCII bytes at once survive");

	/* every scalar value in one string */
	for (cp = 0; cp <= 0x10ffff; cp++)
		if ((k = utf8_encode(cp, u)) > 0)
			buf_add(&big, u, k);
	ok(str_round_trip(big.p, big.len),
	    "all %zu bytes of every scalar value survive write and read", big.len);
	buf_free(&big);

	/* random strings: valid ones survive; any output is valid JSON */
	good = 1;
	bad = 0;
	for (i = 0; i < 3000; i++) {
		static const char alphabet[] = "a\"\\\n\x01\x7F\xC3\xA9\xE2\x80"
		    "\xA8\xF0\x9F\x98\x80\xED\xA0\xC0\xFF\xBF";
		char r[40];

		n = rng() % sizeof(r);
		for (k = 0; k < n; k++)
			r[k] = alphabet[rng() % (sizeof(alphabet) - 1)];
		if (utf8_valid(r, n)) {
			if (!str_round_trip(r, n)) {
				if (good)
					diag("'%s' does not survive", show(r, n));
				good = 0;
			}
			continue;
		}
		bad++;
		b.len = 0;
		if (json_write_str(&b, r, n) != 0 ||
		    json_parse(&doc, b.p, b.len, NULL) != 0 ||
		    doc.root.type != JSON_STRING ||
		    !utf8_valid(doc.root.u.str, doc.root.len) ||
		    !utf8_valid(b.p, b.len)) {
			if (good)
				diag("'%s' is written as invalid JSON '%s'",
				    show(r, n), b.p ? show(b.p, b.len) : "");
			good = 0;
		}
	}
	buf_free(&b);
	ok(good && bad > 100, "3000 random strings: valid ones survive, "
	    "invalid ones (%zu) still make valid JSON", bad);

	/* a string with many escapes grows as needed */
	n = 100000;
	s = xmalloc(n);
	for (i = 0; i < n; i++)
		s[i] = (char)(i % 32);
	ok(str_round_trip(s, n), "100000 control characters survive");
	free(s);
}

static void
wnum(double d, const char *want)
{
	struct buf b = BUF_INIT;

	if (json_write_num(&b, d) != 0)
		ok(0, "json_write_num(%.17g) failed", d);
	else
		is_str(b.p, want, "json_write_num(%.17g) is %s", d, want);
	buf_free(&b);
}

/* Written, it reads back as the same double, and as JSON. */
static int
num_back(double d)
{
	struct buf b = BUF_INIT;
	int same;

	same = json_write_num(&b, d) == 0 &&
	    json_parse(&doc, b.p, b.len, NULL) == 0 &&
	    doc.root.type == JSON_NUMBER && doc.root.u.num == d;
	if (!same)
		diag("%.17g is written as '%s'", d, b.p ? b.p : "");
	buf_free(&b);
	return same;
}

static void
test_write_num(void)
{
	static const double back[] = {
		0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e300, -1e300,
		1e-300, 1e21, 1e22, 1e23, 123456789.125, 1e15 + 0.5,
		9007199254740992.0, 9007199254740994.0, 18014398509481984.0,
		-9007199254740992.0, 1.7976931348623157e308, -DBL_MAX, DBL_MIN,
		4.9406564584124654e-324, 2.2250738585072009e-308, 1e-7,
		5e-324, 0.5, 100.25, 3.141592653589793, 2.718281828459045,
		1.0000000000000002, 0.9999999999999999, 1e16, 12345678901234567890.0,
	};
	size_t i;
	int good;
	uint64_t bits;
	double d;

	wnum(0, "0");
	wnum(-0.0, "0");
	wnum(1, "1");
	wnum(-1, "-1");
	wnum(42, "42");
	wnum(1e15, "1000000000000000");
	wnum(9007199254740991.0, "9007199254740991");
	wnum(9007199254740992.0, "9007199254740992");
	wnum(-9007199254740992.0, "-9007199254740992");
	wnum(0.1, "0.1");
	wnum(0.0012, "0.0012");
	wnum(-0.5, "-0.5");
	wnum(1711234567.123456, "1711234567.123456");
	wnum(1e-9, "0.000000001");
	wnum(1.5e-9, "1.5e-09");
	wnum(1.5, "1.5");
	wnum(-12.5, "-12.5");
	wnum(0.001, "0.001");
	wnum(NAN, "null");
	wnum(-NAN, "null");
	wnum(INFINITY, "null");
	wnum(-INFINITY, "null");

	for (i = 0; i < sizeof(back) / sizeof(back[0]); i++)
		ok(num_back(back[i]), "%.17g reads back exactly", back[i]);

	/* random bit patterns, all the finite ones */
	good = 1;
	for (i = 0; i < 20000; i++) {
		bits = rng();
		memcpy(&d, &bits, sizeof(d));
		if (!isfinite(d))
			continue;
		if (!num_back(d)) {
			good = 0;
			break;
		}
	}
	ok(good, "20000 random doubles read back exactly");

	/* random integers below 2^53 are written as plain digits */
	good = 1;
	for (i = 0; i < 2000 && good; i++) {
		struct buf b = BUF_INIT;
		long long n = (long long)(rng() % 9007199254740992ull);
		char want[32];

		if (i % 2)
			n = -n;
		snprintf(want, sizeof(want), "%lld", n);
		good = json_write_num(&b, (double)n) == 0 && strcmp(b.p, want) == 0;
		if (!good)
			diag("%lld is written as %s", n, b.p ? b.p : "");
		buf_free(&b);
	}
	ok(good, "2000 random integers below 2^53 are written exactly");
}

/* parse -> write -> parse -> write: the same bytes and the same tree. */
static void
round_trip(const char *s, size_t n, const char *canon)
{
	struct json_doc d1 = JSON_DOC_INIT, d2 = JSON_DOC_INIT;
	struct buf w1 = BUF_INIT, w2 = BUF_INIT;
	const char *name = show(s, n);
	int good;

	good = parse(&d1, s, n, NULL) == 0 && json_write(&w1, &d1.root) == 0 &&
	    parse(&d2, w1.p, w1.len, NULL) == 0 &&
	    json_write(&w2, &d2.root) == 0;
	ok(good && w1.len == w2.len && memcmp(w1.p, w2.p, w1.len) == 0 &&
	    json_equal(&d1.root, &d2.root), "round trip of '%s'", name);
	if (canon != NULL) {
		if (!ok(w1.p != NULL && strcmp(w1.p, canon) == 0,
		    "'%s' is written as '%s'", name, show(canon, strlen(canon))))
			diag("got '%s'", w1.p ? show(w1.p, w1.len) : "(null)");
	}
	buf_free(&w1);
	buf_free(&w2);
	json_doc_free(&d1);
	json_doc_free(&d2);
}

static void
test_write_tree(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		const char	*canon;
	} tab[] = {
#define T(in, canon)	{ L(in), canon }
		T("null", "null"),
		T("true", "true"),
		T("false", "false"),
		T("0", "0"),
		T("-0", "0"),
		T("-1", "-1"),
		T("1.5", "1.5"),
		T("1E3", "1000"),
		T("-12.5e+2", "-1250"),
		T("1e300", NULL),
		T("0.1", "0.1"),
		T("1e-400", "0"),
		T("9007199254740992", "9007199254740992"),
		T("123456789.125", "123456789.125"),
		T("[1e22,1e21,1e-7,5e-324,1.7976931348623157e308,2.5e-3]", NULL),
		T("\"\"", "\"\""),
		T("\"\\/\"", "\"/\""),
		T("\"\\u00e9\"", "\"\xC3\xA9\""),
		T("\"a\\u0000b\"", "\"a\\u0000b\""),
		T("\"\\ud83d\\ude00\"", "\"\xF0\x9F\x98\x80\""),
		T("\"\\u2028\xE2\x80\xA9\"", "\"\\u2028\\u2029\""),
		T("\"\\u007f\\u0080\"", "\"\x7F\xC2\x80\""),
		T("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001F\"",
		    "\"\\\"\\\\/\\u0008\\u000c\\n\\r\\t\\u0001\\u001f\""),
		T("[]", "[]"),
		T("{}", "{}"),
		T("[[[]]]", "[[[]]]"),
		T("[{}]", "[{}]"),
		T("{\"a\":[]}", "{\"a\":[]}"),
		T("  [ 1 , 2 ]  ", "[1,2]"),
		T(" { \"a\" : [ 1 , 2.5 , \"x\" ] , \"b\" : { } } ",
		    "{\"a\":[1,2.5,\"x\"],\"b\":{}}"),
		T("{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}",
		    "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}"),
		T("[1,\"two\",3.25,true,false,null,{},[]]",
		    "[1,\"two\",3.25,true,false,null,{},[]]"),
		T("{\"\":\"\",\"k\\u0000\":1}", "{\"\":\"\",\"k\\u0000\":1}"),
		T("{\"\\n\":\"\\u2029\"}", "{\"\\n\":\"\\u2029\"}"),
		T("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"),
		T("[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]", NULL),
		T("{\"cpu\":12.5,\"per\":[1,2,3],\"n\":{\"a\":null},\"s\":\"\xC3\xA9t\xC3\xA9\"}",
		    NULL),
#undef T
	};
	size_t i, len;
	struct buf b = BUF_INIT;
	char *s;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		round_trip(tab[i].s, tab[i].n, tab[i].canon);

	/* as deep as the default limit: written, and read back */
	s = nest(JSON_MAX_DEPTH, 0, &len);
	round_trip(s, len, NULL);
	/* a larger max_depth is held to JSON_MAX_DEPTH, which the writer can follow */
	free(s);
	s = nest(JSON_MAX_DEPTH + 1, 0, &len);
	ok(parse(&doc, s, len, &(struct json_limits){ JSON_MAX_LEN,
	    JSON_MAX_DEPTH + 1 }) == -1 && strcmp(doc.err, "nesting too deep") == 0,
	    "max_depth above JSON_MAX_DEPTH is held to it");
	ok(parse(&doc, s, len, &(struct json_limits){ JSON_MAX_LEN,
	    (size_t)-1 }) == -1, "even a max_depth of SIZE_MAX");
	free(s);
	buf_free(&b);
}

static void
test_jw(void)
{
	struct buf b = BUF_INIT;
	struct jw w;
	unsigned i;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "a");
	jw_obj(&w);
	jw_key(&w, "b");
	jw_arr(&w);
	jw_num(&w, 1);
	jw_num(&w, 2);
	jw_end(&w, ']');
	jw_end(&w, '}');
	jw_key(&w, "c");
	jw_num(&w, 3);
	jw_key(&w, "d");
	jw_arr(&w);
	jw_end(&w, ']');
	jw_key(&w, "e");
	jw_obj(&w);
	jw_end(&w, '}');
	jw_key(&w, "f");
	jw_arr(&w);
	jw_arr(&w);
	jw_num(&w, 1);
	jw_end(&w, ']');
	jw_arr(&w);
	jw_num(&w, 2);
	jw_obj(&w);
	jw_key(&w, "g");
	jw_null(&w);
	jw_end(&w, '}');
	jw_end(&w, ']');
	jw_end(&w, ']');
	jw_key(&w, "h");
	jw_bool(&w, 1);
	jw_key(&w, "i");
	jw_str(&w, "s\n");
	jw_key(&w, "j");
	jw_strn(&w, "a\0b", 3);
	jw_key(&w, "k\"");
	jw_bool(&w, 0);
	jw_key(&w, "t");
	if (parse(&doc, L("[1,{\"x\":[]},\"y\"]"), NULL) == 0)
		jw_tree(&w, &doc.root);
	jw_key(&w, "u");
	jw_num(&w, 0.5);
	jw_end(&w, '}');
	ok(w.err == 0 && w.depth == 0, "jw: no error, back at depth 0");
	is_str(b.p, "{\"a\":{\"b\":[1,2]},\"c\":3,\"d\":[],\"e\":{},"
	    "\"f\":[[1],[2,{\"g\":null}]],\"h\":true,\"i\":\"s\\n\","
	    "\"j\":\"a\\u0000b\",\"k\\\"\":false,\"t\":[1,{\"x\":[]},\"y\"],"
	    "\"u\":0.5}", "jw: commas and colons in nested objects and arrays");
	ok(b.p != NULL && json_parse(&doc, b.p, b.len, NULL) == 0,
	    "jw: the output parses");

	buf_reset(&b);
	jw_init(&w, &b);
	jw_arr(&w);
	jw_str(&w, "x");
	jw_arr(&w);
	jw_end(&w, ']');
	jw_obj(&w);
	jw_end(&w, '}');
	jw_num(&w, 1.5);
	jw_null(&w);
	jw_arr(&w);
	jw_arr(&w);
	jw_end(&w, ']');
	jw_arr(&w);
	jw_end(&w, ']');
	jw_end(&w, ']');
	jw_num(&w, NAN);
	jw_end(&w, ']');
	ok(w.err == 0, "jw: no error");
	is_str(b.p, "[\"x\",[],{},1.5,null,[[],[]],null]", "jw: a top-level array");

	buf_reset(&b);
	jw_init(&w, &b);
	jw_str(&w, "alone");
	ok(w.err == 0, "jw: a lone string");
	is_str(b.p, "\"alone\"", "jw: a lone string is written");

	buf_reset(&b);
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "\xC0");
	jw_str(&w, "\xE2\x80\xA8");
	jw_end(&w, '}');
	is_str(b.p, "{\"\xEF\xBF\xBD\":\"\\u2028\"}", "jw: keys and values escaped");

	/* as deep as JSON_MAX_DEPTH, and one more */
	buf_reset(&b);
	jw_init(&w, &b);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		jw_arr(&w);
	ok(w.err == 0, "jw: %d levels, no error", JSON_MAX_DEPTH);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		jw_end(&w, ']');
	ok(w.err == 0 && w.depth == 0 && b.len == 2 * JSON_MAX_DEPTH &&
	    json_parse(&doc, b.p, b.len, NULL) == 0,
	    "jw: %d levels closed, and they parse", JSON_MAX_DEPTH);
	buf_reset(&b);
	jw_init(&w, &b);
	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		jw_obj(&w), jw_key(&w, "k");
	ok(w.err == 1, "jw: %d levels set err", JSON_MAX_DEPTH + 1);
	for (i = 0; i < JSON_MAX_DEPTH + 10; i++)
		jw_arr(&w);
	for (i = 0; i < 2 * JSON_MAX_DEPTH + 20; i++)
		jw_end(&w, ']');
	ok(w.err == 1, "jw: err stays set");

	buf_reset(&b);
	jw_init(&w, &b);
	ok(w.err == 0 && w.depth == 0, "jw_init clears err");
	jw_end(&w, ']');
	ok(w.err == 1, "jw: closing at depth 0 sets err");
	buf_free(&b);
}

/* One document parsed into again and again: earlier trees go, memory is reused. */
static void
test_reuse(void)
{
	struct json_doc d = JSON_DOC_INIT, other = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	size_t i;
	char *s;

	json_doc_free(&d);
	ok(d.arena == NULL, "json_doc_free of a fresh document");

	ok(parse(&d, L("{\"a\":\"x\"}"), NULL) == 0 &&
	    json_get(&d.root, "a") != NULL &&
	    strcmp(json_get(&d.root, "a")->u.str, "x") == 0, "reuse: first");

	/* many strings, more than one arena block */
	buf_addc(&b, '[');
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "%s\"string number %05zu of many\"", i ? "," : "", i);
	buf_addc(&b, ']');
	ok(parse(&d, b.p, b.len, NULL) == 0 && d.root.len == 5000 &&
	    strcmp(d.root.u.items[0].u.str, "string number 00000 of many") == 0 &&
	    strcmp(d.root.u.items[4999].u.str, "string number 04999 of many") == 0,
	    "reuse: 5000 strings");
	ok(parse(&d, b.p, b.len, NULL) == 0 && d.root.len == 5000 &&
	    strcmp(d.root.u.items[2500].u.str, "string number 02500 of many") == 0,
	    "reuse: the same again");

	ok(parse(&d, L("[1,2,3]"), NULL) == 0 && d.root.len == 3 &&
	    d.root.u.items[2].u.num == 3, "reuse: small after big");
	ok(parse(&d, L("[1,2,"), NULL) == -1 && d.err != NULL &&
	    d.root.type == JSON_NULL, "reuse: a failure");
	ok(parse(&d, L("{\"b\":[true]}"), NULL) == 0 && d.err == NULL &&
	    json_get(&d.root, "b") != NULL &&
	    json_get(&d.root, "b")->u.items[0].type == JSON_TRUE,
	    "reuse: success after a failure clears err");

	/* a 2 MB string, then small ones */
	s = xmalloc(2u << 20);
	memset(s, 'z', 2u << 20);
	s[0] = s[(2u << 20) - 1] = '"';
	ok(parse(&d, s, 2u << 20, NULL) == 0 && d.root.len == (2u << 20) - 2,
	    "reuse: a 2 MB string");
	free(s);
	for (i = 0; i < 50; i++)
		if (parse(&d, b.p, b.len, NULL) != 0 || d.root.len != 5000 ||
		    parse(&d, L("{\"k\":[\"v\"]}"), NULL) != 0 ||
		    strcmp(json_get(&d.root, "k")->u.items[0].u.str, "v") != 0)
			break;
	ok(i == 50, "reuse: 100 more documents, big and small");

	/* two documents are independent */
	ok(parse(&d, L("[\"one\"]"), NULL) == 0 &&
	    parse(&other, L("[\"two\"]"), NULL) == 0 &&
	    strcmp(d.root.u.items[0].u.str, "one") == 0 &&
	    strcmp(other.root.u.items[0].u.str, "two") == 0,
	    "two documents side by side");

	json_doc_free(&d);
	ok(d.arena == NULL && d.root.type == JSON_NULL, "json_doc_free");
	ok(parse(&d, L("[\"again\"]"), NULL) == 0 &&
	    strcmp(d.root.u.items[0].u.str, "again") == 0,
	    "reusable after json_doc_free");
	json_doc_free(&d);
	json_doc_free(&d);
	ok(d.arena == NULL, "json_doc_free twice");
	json_doc_free(&other);
	buf_free(&b);
}

/* Every value knows where its text was, so that a caller can copy it as it came. */
static void
test_raw(void)
{
	static const char in[] = " {\"a\": [1, 2] , \"b\":\"x\", \"c\" : {\"d\":null}}\n";
	struct json_doc d = JSON_DOC_INIT;
	const struct json *v;

	if (!ok(json_parse(&d, in, strlen(in), NULL) == 0, "raw: parses"))
		return;
	ok(d.root.off == 1 && d.root.rawlen == strlen(in) - 2, "raw: the root, without the blanks around");
	v = json_get(&d.root, "a");
	ok(v != NULL && v->rawlen == 6 && memcmp(in + v->off, "[1, 2]", 6) == 0,
	    "raw: an array as written");
	v = json_get(&d.root, "b");
	ok(v != NULL && v->rawlen == 3 && memcmp(in + v->off, "\"x\"", 3) == 0,
	    "raw: a string with its quotes");
	v = json_get(&d.root, "c");
	ok(v != NULL && v->rawlen == 10 && memcmp(in + v->off, "{\"d\":null}", 10) == 0,
	    "raw: an object");
	json_doc_free(&d);
}

int
main(void)
{
	double t = now();

	test_top_level();
	test_nested();
	test_numbers();
	test_strings();
	test_rejects();
	test_limits();
	test_big();
	test_prefix();
	test_duplicates();
	test_get_int();
	test_get_str();
	test_write_str();
	test_write_num();
	test_write_tree();
	test_jw();
	test_reuse();
	test_raw();
	json_doc_free(&doc);
	diag("%.3f s", now() - t);
	return done_testing();
}
