/* Unit tests of json_canonical and jw_members_src: text copied as it was parsed is always what the writer would have written. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "tap.h"

static struct json_doc doc = JSON_DOC_INIT;

/* Is the text of the root of s canonical? -1 when s does not parse. */
static int
canonical(const char *s)
{
	if (json_parse(&doc, s, strlen(s), NULL) == -1)
		return -1;
	return json_canonical(&doc.root, s);
}

static void
cases(void)
{
	static const char *const yes[] = {
		"0", "-1", "42", "123456789012345", "1.25", "-0.5",
		"1795397729.5", "0.001", "\"\"", "\"plain text\"", "\"\x7f\"",
		"true", "false", "null", "[]", "{}", "[1,\"a\",[],{}]",
		"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\"}}",
		"{\"state\":\"UP\",\"since\":1795397000,\"rtt\":1.25}",
	};
	static const char *const no[] = {
		"1.0", "1.50", "1e3", "1E3", "-0", "0.10",
		"1234567890123456789", "0.1e1",
		"\"a\\u0041\"", "\"\\/\"", "\"tab\\t\"", "\"\xc3\xa9\"",
		"[1, 2]", "[ 1]", "{\"a\" :1}", "{\"a\": 1}", "{\"a\":1 }",
		"{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}",
		"{\"\\u0061\":1}", "{\"\xc3\xa9\":1}", "{\"a\":[1.0]}",
		"{\"a\":{\"b\":\"\\n\"}}",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		is_int(canonical(yes[i]), 1, "canonical: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		is_int(canonical(no[i]), 0, "not canonical: %s", no[i]);
}

/* The writer's own output, read back, is canonical throughout (ASCII). */
static void
round_trip(void)
{
	static const char in[] = " { \"b\" : [ 1.50 , -0 , 1e2 , \"\\u0041\\/\" ] ,"
	    " \"a\" : { \"x\" : 0.000001 , \"x\" : 3 } , \"t\" : true } ";
	struct buf out = BUF_INIT;

	ok(json_parse(&doc, in, sizeof(in) - 1, NULL) == 0 &&
	    json_write(&out, &doc.root) == 0, "round trip: written");
	ok(json_parse(&doc, out.p, out.len, NULL) == 0 &&
	    json_canonical(&doc.root, out.p), "round trip: %s is canonical",
	    out.p);
	buf_free(&out);
}

/* Deterministic pseudo-random numbers (xorshift64). */
static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static void
blank(struct buf *b)
{
	if (rnd(8) == 0)
		buf_adds(b, rnd(2) ? " " : "\n\t");
}

/* A string as a writer might spell it: plain, escaped, or not ASCII. */
static void
gen_string(struct buf *b)
{
	static const char *const parts[] = { "a", "b", "state", "x", "\\n",
		"\\u0041", "\\/", "\\\"", "\xc3\xa9", "\xe2\x80\xa8", " ", "UP" };
	unsigned n = rnd(4);

	buf_addc(b, '"');
	while (n-- > 0)
		buf_adds(b, parts[rnd(sizeof(parts) / sizeof(parts[0]))]);
	buf_addc(b, '"');
}

static void
gen_value(struct buf *b, int depth)
{
	static const char *const nums[] = { "0", "-0", "7", "-12", "1.25",
		"1.250", "1e2", "0.1", "1795397729.5", "123456789012345678",
		"2.5E-3", "100", "0.000001", "3.14159265358979" };
	unsigned i, n, kind = rnd(depth < 4 ? 6 : 3);

	blank(b);
	switch (kind) {
	case 0:
		buf_adds(b, nums[rnd(sizeof(nums) / sizeof(nums[0]))]);
		break;
	case 1:
		gen_string(b);
		break;
	case 2:
		buf_adds(b, rnd(3) == 0 ? "null" : rnd(2) ? "true" : "false");
		break;
	case 3:
		buf_addc(b, '[');
		for (i = 0, n = rnd(4); i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			gen_value(b, depth + 1);
		}
		blank(b);
		buf_addc(b, ']');
		break;
	default:
		buf_addc(b, '{');
		for (i = 0, n = rnd(5); i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			blank(b);
			gen_string(b);
			blank(b);
			buf_addc(b, ':');
			gen_value(b, depth + 1);
		}
		blank(b);
		buf_addc(b, '}');
		break;
	}
	blank(b);
}

/* The members of every object in v, through jw_members_src and through jw_tree. */
static int
same_members(const struct json *v, const char *src)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct jw wa, wb;
	size_t i;
	int same = 1;

	if (v->type == JSON_OBJECT) {
		jw_init(&wa, &a);
		jw_obj(&wa);
		jw_kstr(&wa, "first", "x");
		jw_members_src(&wa, v, src);
		jw_kstr(&wa, "last", "y");
		jw_end(&wa, '}');
		jw_init(&wb, &b);
		jw_obj(&wb);
		jw_kstr(&wb, "first", "x");
		for (i = 0; i < v->len; i++) {
			jw_key(&wb, v->u.members[i].key);
			jw_tree(&wb, &v->u.members[i].value);
		}
		jw_kstr(&wb, "last", "y");
		jw_end(&wb, '}');
		same = !wa.err && !wb.err && a.len == b.len &&
		    memcmp(a.p, b.p, a.len) == 0;
		if (!same)
			diag("members_src: %s\n# jw_tree:     %s", a.p, b.p);
	}
	for (i = 0; same && v->type == JSON_OBJECT && i < v->len; i++)
		same = same_members(&v->u.members[i].value, src);
	for (i = 0; same && v->type == JSON_ARRAY && i < v->len; i++)
		same = same_members(&v->u.items[i], src);
	buf_free(&a);
	buf_free(&b);
	return same;
}

/* ASCII without an escape: what json_canonical does not leave to the writer. */
static int
simple_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\\')
			return 0;
	return 1;
}

/*
 * Is v canonical when its text is what json_write writes, and only
 * then? Text with escapes or not in ASCII is left to the writer even
 * where it would write the same.
 */
static int
canonical_right(const struct json *v, const char *src)
{
	struct buf out = BUF_INIT;
	size_t i;
	int want, canon, right;

	if (json_write(&out, v) == -1)
		return 0;
	want = out.len == v->rawlen && memcmp(out.p, src + v->off, out.len) == 0;
	buf_free(&out);
	canon = json_canonical(v, src);
	right = canon ? want : !(want && simple_text(src + v->off, v->rawlen));
	if (!right)
		diag("%s: %.*s", canon ? "canonical, but written otherwise" :
		    "written the same, but not canonical", (int)v->rawlen,
		    src + v->off);
	for (i = 0; right && v->type == JSON_OBJECT && i < v->len; i++)
		right = canonical_right(&v->u.members[i].value, src);
	for (i = 0; right && v->type == JSON_ARRAY && i < v->len; i++)
		right = canonical_right(&v->u.items[i], src);
	return right;
}

static void
random_documents(void)
{
	struct buf b = BUF_INIT;
	int i, parsed = 0, members = 1, right = 1;

	for (i = 0; i < 20000; i++) {
		buf_reset(&b);
		gen_value(&b, 0);
		if (json_parse(&doc, b.p, b.len, NULL) == -1)
			continue;
		parsed++;
		if (members && !same_members(&doc.root, b.p)) {
			diag("document: %s", b.p);
			members = 0;
		}
		if (right && !canonical_right(&doc.root, b.p)) {
			diag("document: %s", b.p);
			right = 0;
		}
	}
	ok(parsed > 10000, "random documents: %d of 20000 parse", parsed);
	ok(members, "random documents: jw_members_src writes what jw_tree writes");
	ok(right, "random documents: canonical only where json_write writes the text");
	buf_free(&b);
}

int
main(void)
{
	cases();
	round_trip();
	random_documents();
	json_doc_free(&doc);
	return done_testing();
}
