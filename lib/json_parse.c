/*
 * json_parse: a strict RFC 8259 reader. Input is untrusted: every read is
 * bounds-checked, nesting and length are limited, strings must be valid
 * UTF-8, and the tree's memory is bounded by a small multiple of the input.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

struct json_arena {
	struct json_arena	*next;
	size_t			 used, size;
	max_align_t		 data[];
};

struct parser {
	struct json_doc		*doc;
	const unsigned char	*s;
	size_t			 n, i;
	size_t			 depth, max_depth;
};

enum { ARENA_MIN = 4096, ARENA_KEEP = 1 << 20 };

#define SMALL_OBJECT	8	/* members at most, for the quadratic look for duplicates */

static void
arena_free(struct json_arena *a)
{
	struct json_arena *next;

	for (; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
}

/*
 * Keep one block for the next document, big enough for what the last one
 * needed, but no more than ARENA_KEEP: a huge document once must not pin
 * its memory for ever.
 */
static void
arena_reset(struct json_doc *doc)
{
	struct json_arena *a = doc->arena;
	size_t total = 0;

	if (a == NULL)
		return;
	if (a->next == NULL && a->size <= ARENA_KEEP) {
		a->used = 0;
		return;
	}
	for (; a != NULL; a = a->next)
		total += a->size;
	arena_free(doc->arena);
	doc->arena = NULL;
	if (total <= ARENA_KEEP && (a = malloc(sizeof(*a) + total)) != NULL) {
		a->next = NULL;
		a->used = 0;
		a->size = total;
		doc->arena = a;
	}
}

/*
 * n bytes at a multiple of align (a power of two, at most that of
 * max_align_t). Strings take 1, so that they lie packed and the tree of
 * a big document touches fewer pages.
 */
static void *
arena_alloc(struct json_doc *doc, size_t n, size_t align)
{
	struct json_arena *a = doc->arena;
	size_t size, at = 0;

	if (a != NULL)
		at = (a->used + align - 1) & ~(align - 1);
	if (a == NULL || at > a->size || a->size - at < n) {
		size = a == NULL ? ARENA_MIN :
		    a->size < (1u << 19) ? a->size * 2 : (1u << 20);
		if (size < n)
			size = n;
		if (size_add(size, sizeof(*a), &size) == -1 ||
		    (a = malloc(size)) == NULL)
			return NULL;
		a->size = size - sizeof(*a);
		a->next = doc->arena;
		doc->arena = a;
		at = 0;
	}
	a->used = at + n;
	return (char *)a->data + at;
}

static int
fail(struct parser *p, const char *why)
{
	if (p->doc->err == NULL) {
		p->doc->err = why;
		p->doc->err_off = p->i;
	}
	return -1;
}

static void
skip_ws(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int parse_value(struct parser *, struct json *);
static int one_value(struct parser *, struct json *);

static int
literal(struct parser *p, const char *word, enum json_type t, struct json *v)
{
	size_t len = strlen(word);

	if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
		return fail(p, "invalid literal");
	p->i += len;
	v->type = t;
	v->len = 0;
	return 0;
}

static size_t
digits(struct parser *p)
{
	size_t start = p->i;

	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i - start;
}

/*
 * The common numbers without strtod: digits that make an integer of at
 * most 2^53, at most 22 of them after the point, no exponent. A double
 * holds that integer exactly, and the power of ten too, so one division
 * rounds correctly, as strtod would. 1 when done, 0 to leave it to strtod.
 */
static int
fast_number(const unsigned char *s, size_t n, double *out)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
		1e18, 1e19, 1e20, 1e21, 1e22 };
	unsigned long long m = 0;
	size_t i = 0, frac = 0;
	int neg = 0, point = 0;

	if (s[0] == '-')
		neg = 1, i = 1;
	for (; i < n; i++) {
		if (s[i] == '.') {
			point = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return 0;	/* an exponent */
		if (m > 900719925474099ULL)
			return 0;	/* one more digit could pass 2^53 */
		m = m * 10 + (unsigned)(s[i] - '0');
		frac += point;
		if (frac > 22)
			return 0;
	}
	*out = frac > 0 ? (double)m / pow10[frac] : (double)m;
	if (neg)
		*out = -*out;
	return 1;
}

static int
parse_number(struct parser *p, struct json *v)
{
	struct buf *tmp = &p->doc->numtmp;
	size_t start = p->i;
	char *end;
	double d;

	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (digits(p) == 0)
		return fail(p, "invalid number");
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (digits(p) == 0)
			return fail(p, "digit expected after decimal point");
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (digits(p) == 0)
			return fail(p, "digit expected in exponent");
	}
	if (fast_number(p->s + start, p->i - start, &d))
		goto done;
	/* strtod wants a terminated string; the input is not. */
	buf_reset(tmp);
	if (buf_add(tmp, p->s + start, p->i - start) == -1)
		return fail(p, "out of memory");
	errno = 0;
	d = strtod(tmp->p, &end);
	if (*end != '\0' || isinf(d) || isnan(d)) {
		p->i = start;
		return fail(p, "number out of range");
	}
done:
	v->type = JSON_NUMBER;
	v->len = 0;
	v->u.num = d;
	return 0;
}

static int
hex4(struct parser *p, uint32_t *out)
{
	uint32_t c = 0;
	size_t k;
	int h;

	if (p->n - p->i < 4)
		return fail(p, "truncated \\u escape");
	for (k = 0; k < 4; k++) {
		h = p->s[p->i + k];
		if (h >= '0' && h <= '9')
			h -= '0';
		else if (h >= 'a' && h <= 'f')
			h -= 'a' - 10;
		else if (h >= 'A' && h <= 'F')
			h -= 'A' - 10;
		else
			return fail(p, "invalid \\u escape");
		c = c << 4 | (uint32_t)h;
	}
	p->i += 4;
	*out = c;
	return 0;
}

/* After the backslash of \u: one code point, a surrogate pair combined. */
static int
unicode_escape(struct parser *p, uint32_t *cp)
{
	uint32_t hi, lo;

	if (hex4(p, &hi) == -1)
		return -1;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(p, "lone low surrogate");
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = hi;
		return 0;
	}
	if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
		return fail(p, "lone high surrogate");
	p->i += 2;
	if (hex4(p, &lo) == -1)
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		return fail(p, "lone high surrogate");
	*cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

static int
escape(struct parser *p, char *out, size_t *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	uint32_t cp;
	int c;

	p->i++;		/* the backslash */
	if (p->i >= p->n)
		return fail(p, "unterminated string");
	c = p->s[p->i];
	if (c == 'u') {
		p->i++;
		if (unicode_escape(p, &cp) == -1)
			return -1;
		*o += utf8_encode(cp, out + *o);
		return 0;
	}
	if (c == '\0' || (e = strchr(from, c)) == NULL)
		return fail(p, "invalid escape");
	out[(*o)++] = to[e - from];
	p->i++;
	return 0;
}

/* A string at p->i (the opening quote); decoded into the arena. */
static int
parse_string(struct parser *p, const char **str, size_t *len)
{
	size_t end, o = 0, k;
	uint32_t cp;
	char *out;
	int plain = 1;

	/* Decoding never makes a string longer, so its raw length bounds it. */
	for (end = p->i + 1; end < p->n && p->s[end] != '"'; end++) {
		if (p->s[end] == '\\') {
			plain = 0;
			end++;		/* the escaped byte, which may be a quote */
		} else if (p->s[end] < 0x20 || p->s[end] >= 0x7f)
			plain = 0;
	}
	if (end >= p->n) {
		p->i = p->n;
		return fail(p, "unterminated string");
	}
	if ((out = arena_alloc(p->doc, end - p->i, 1)) == NULL)
		return fail(p, "out of memory");
	p->i++;
	if (plain) {
		/* printable ASCII and nothing to decode: the common string */
		o = end - p->i;
		memcpy(out, p->s + p->i, o);
		p->i = end;
	}
	while (p->s[p->i] != '"') {
		if (p->s[p->i] == '\\') {
			if (escape(p, out, &o) == -1)
				return -1;
		} else if (p->s[p->i] < 0x20) {
			return fail(p, "control character in string");
		} else if (p->s[p->i] < 0x80) {
			out[o++] = (char)p->s[p->i++];
		} else {
			if ((k = utf8_decode(p->s + p->i, p->n - p->i, &cp)) == 0)
				return fail(p, "invalid UTF-8");
			memcpy(out + o, p->s + p->i, k);
			o += k;
			p->i += k;
		}
	}
	p->i++;
	out[o] = '\0';
	*str = out;
	*len = o;
	return 0;
}

/* Move the last n entries of the scratch stack (each size bytes) into the arena. */
static void *
pop_children(struct parser *p, size_t n, size_t size)
{
	struct buf *s = &p->doc->scratch;
	size_t bytes;
	void *dst;

	if (n == 0)
		return NULL;
	bytes = n * size;	/* they fit in scratch, so no overflow */
	if ((dst = arena_alloc(p->doc, bytes, sizeof(max_align_t))) == NULL)
		return NULL;
	s->len -= bytes;
	memcpy(dst, s->p + s->len, bytes);
	return dst;
}

static int
enter(struct parser *p)
{
	if (++p->depth > p->max_depth)
		return fail(p, "nesting too deep");
	p->i++;
	skip_ws(p);
	return 0;
}

/*
 * The elements of an array or object up to its closing byte, each parsed
 * by elem into tmp (size bytes) and pushed onto the scratch stack; their
 * number in *n.
 */
static int
elements(struct parser *p, int close, int (*elem)(struct parser *, void *),
    void *tmp, size_t size, size_t *n)
{
	*n = 0;
	if (enter(p) == -1)
		return -1;
	if (p->i < p->n && p->s[p->i] == close)
		goto done;
	for (;;) {
		skip_ws(p);
		if (elem(p, tmp) == -1)
			return -1;
		if (buf_add(&p->doc->scratch, tmp, size) == -1)
			return fail(p, "out of memory");
		(*n)++;
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == ',')
			p->i++;
		else if (p->i < p->n && p->s[p->i] == close)
			break;
		else
			return fail(p, close == ']' ? "',' or ']' expected" :
			    "',' or '}' expected");
	}
done:
	p->i++;
	p->depth--;
	return 0;
}

static int
item(struct parser *p, void *v)
{
	return parse_value(p, v);
}

static int
parse_array(struct parser *p, struct json *v)
{
	struct json tmp;
	size_t n;

	if (elements(p, ']', item, &tmp, sizeof(tmp), &n) == -1)
		return -1;
	v->type = JSON_ARRAY;
	v->len = n;
	v->u.items = pop_children(p, n, sizeof(tmp));
	if (n > 0 && v->u.items == NULL)
		return fail(p, "out of memory");
	return 0;
}

static int
same_key(const struct json_member *x, const struct json_member *y)
{
	return x->keylen == y->keylen && memcmp(x->key, y->key, x->keylen) == 0;
}

static uint32_t
key_hash(const struct json_member *m)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < m->keylen; i++)
		h = (h ^ (unsigned char)m->key[i]) * 16777619u;
	return h;
}

/* Has an object of a few members a key twice? Comparing them all is cheaper than hashing. */
static int
small_dups(const struct json_member *m, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (same_key(&m[i], &m[j]))
				return 1;
	return 0;
}

/*
 * Duplicate keys: the first place of a key takes its last value, the
 * later places go. Found through a hash table of member indexes (open
 * addressing, at most half full), so a hostile object of many keys costs
 * linear time; small objects use the stack.
 */
static int
dedup(struct parser *p, struct json_member *m, size_t *n)
{
	uint32_t small[256], *slot = small, mask, h;
	size_t size = 16, i, o;
	int dups = 0;

	if (*n < 2)
		return 0;
	if (*n <= SMALL_OBJECT && !small_dups(m, *n))
		return 0;
	while (size < 2 * *n)
		size *= 2;
	if (size > sizeof(small) / sizeof(small[0]) &&
	    (slot = malloc(size * sizeof(*slot))) == NULL)
		return fail(p, "out of memory");
	memset(slot, 0xff, size * sizeof(*slot));
	mask = (uint32_t)size - 1;
	for (i = 0; i < *n; i++) {
		for (h = key_hash(&m[i]) & mask; slot[h] != UINT32_MAX &&
		    !same_key(&m[slot[h]], &m[i]); h = (h + 1) & mask)
			;
		if (slot[h] == UINT32_MAX) {
			slot[h] = (uint32_t)i;
			continue;
		}
		m[slot[h]].value = m[i].value;
		m[i].key = NULL;
		dups = 1;
	}
	if (slot != small)
		free(slot);
	if (!dups)
		return 0;
	for (i = o = 0; i < *n; i++)
		if (m[i].key != NULL)
			m[o++] = m[i];
	*n = o;
	return 0;
}

static int
parse_member(struct parser *p, void *out)
{
	struct json_member *m = out;

	if (p->i >= p->n || p->s[p->i] != '"')
		return fail(p, "string key expected");
	if (parse_string(p, &m->key, &m->keylen) == -1)
		return -1;
	skip_ws(p);
	if (p->i >= p->n || p->s[p->i] != ':')
		return fail(p, "':' expected");
	p->i++;
	return parse_value(p, &m->value);
}

static int
parse_object(struct parser *p, struct json *v)
{
	struct json_member tmp;
	size_t n;

	if (elements(p, '}', parse_member, &tmp, sizeof(tmp), &n) == -1)
		return -1;
	v->type = JSON_OBJECT;
	v->u.members = pop_children(p, n, sizeof(tmp));
	if (n > 0 && v->u.members == NULL)
		return fail(p, "out of memory");
	if (dedup(p, v->u.members, &n) == -1)
		return -1;
	v->len = n;
	return 0;
}

/* A value, and where its text is in the input, so a caller can copy it whole. */
static int
parse_value(struct parser *p, struct json *v)
{
	size_t start;

	skip_ws(p);
	start = p->i;
	if (one_value(p, v) == -1)
		return -1;
	v->off = (uint32_t)start;
	v->rawlen = (uint32_t)(p->i - start);
	return 0;
}

static int
one_value(struct parser *p, struct json *v)
{
	if (p->i >= p->n)
		return fail(p, "value expected");
	switch (p->s[p->i]) {
	case '{':
		return parse_object(p, v);
	case '[':
		return parse_array(p, v);
	case '"':
		v->type = JSON_STRING;
		return parse_string(p, &v->u.str, &v->len);
	case 't':
		return literal(p, "true", JSON_TRUE, v);
	case 'f':
		return literal(p, "false", JSON_FALSE, v);
	case 'n':
		return literal(p, "null", JSON_NULL, v);
	default:
		if (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9'))
			return parse_number(p, v);
		return fail(p, "value expected");
	}
}

int
json_parse_prefix(struct json_doc *doc, const char *s, size_t n,
    const struct json_limits *lim, size_t *end)
{
	struct parser p;

	arena_reset(doc);
	buf_reset(&doc->scratch);
	doc->root.type = JSON_NULL;
	doc->err = NULL;
	doc->err_off = 0;
	p.doc = doc;
	p.s = (const unsigned char *)s;
	p.n = n;
	p.i = 0;
	p.depth = 0;
	/* deeper would risk the stack, and the writer could not follow */
	p.max_depth = lim && lim->max_depth < JSON_MAX_DEPTH ? lim->max_depth :
	    JSON_MAX_DEPTH;
	/* offsets are 32 bits: JSON_MAX_LEN bounds every input */
	if (n > JSON_MAX_LEN || (lim != NULL && n > lim->max_len))
		return fail(&p, "input too long");
	if (parse_value(&p, &doc->root) == -1) {
		doc->root.type = JSON_NULL;
		return -1;
	}
	skip_ws(&p);
	*end = p.i;
	return 0;
}

int
json_parse(struct json_doc *doc, const char *s, size_t n,
    const struct json_limits *lim)
{
	size_t end;

	if (json_parse_prefix(doc, s, n, lim, &end) == -1)
		return -1;
	if (end != n) {
		doc->root.type = JSON_NULL;
		doc->err = "trailing garbage";
		doc->err_off = end;
		return -1;
	}
	return 0;
}

void
json_doc_free(struct json_doc *doc)
{
	arena_free(doc->arena);
	doc->arena = NULL;
	buf_free(&doc->scratch);
	buf_free(&doc->numtmp);
	doc->root.type = JSON_NULL;
}

const struct json *
json_get(const struct json *obj, const char *key)
{
	size_t i, len = strlen(key);

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++)
		if (obj->u.members[i].keylen == len &&
		    memcmp(obj->u.members[i].key, key, len) == 0)
			return &obj->u.members[i].value;
	return NULL;
}

double
json_get_num(const struct json *obj, const char *key, double dflt)
{
	const struct json *v = json_get(obj, key);

	return v != NULL && v->type == JSON_NUMBER ? v->u.num : dflt;
}

const char *
json_get_str(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v != NULL && v->type == JSON_STRING &&
	    strlen(v->u.str) == v->len ? v->u.str : NULL;
}

int
json_int(const struct json *v, long long min, long long max, long long *out)
{
	double d;

	if (v == NULL || v->type != JSON_NUMBER)
		return 0;
	d = v->u.num;
	/*
	 * From 2^53 on, a double no longer tells neighbouring integers apart:
	 * 9007199254740993 reads as 2^53, so 2^53 itself may be a lie.
	 */
	if (d != floor(d) || d <= -9007199254740992.0 || d >= 9007199254740992.0)
		return 0;
	if (d < (double)min || d > (double)max)
		return 0;
	*out = (long long)d;
	return 1;
}
