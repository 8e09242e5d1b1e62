/* Unit tests of hb-proto(5) decoding and encoding: every type, every refusal, every limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "hbtime.h"
#include "proto.h"
#include "tap.h"
#include "zbody.h"

static struct proto_dec dec = PROTO_DEC_INIT;

static enum proto_reason
decode_str(const char *s, struct hb_msg *m)
{
	return proto_decode(&dec, s, strlen(s), m);
}

static void
expect(const char *s, enum proto_reason want, const char *what)
{
	struct hb_msg m;
	enum proto_reason r = decode_str(s, &m);

	if (!is_str(proto_reason_name(r), proto_reason_name(want), "%s", what))
		diag("detail: %s", dec.detail);
}

/* Encode m with the threshold, check the first byte, decode, compare the type's fields. */
static void
round_trip(const struct hb_msg *m, size_t threshold, int compressed)
{
	const char *tn = proto_type_name(m->type);
	struct buf b = BUF_INIT;
	struct hb_msg got;
	enum proto_reason r;

	if (!ok(proto_encode(m, threshold, &b) == 0, "%s %s: encodes", tn,
	    compressed ? "compressed" : "plain"))
		return;
	ok((unsigned char)b.p[0] == (compressed ? 0x78 : '{'),
	    "%s: first byte %s", tn, compressed ? "0x78" : "'{'");
	r = proto_decode(&dec, b.p, b.len, &got);
	if (!is_str(proto_reason_name(r), "ok", "%s: decodes", tn)) {
		diag("detail: %s", dec.detail);
		buf_free(&b);
		return;
	}
	ok(got.type == m->type && strcmp(got.name, m->name) == 0 &&
	    got.seq == m->seq && got.ts == m->ts, "%s: common fields", tn);
	ok(got.interval == m->interval && got.rtt == m->rtt &&
	    got.code == m->code && got.duration == m->duration,
	    "%s: numbers", tn);
	ok((m->text == NULL ? got.text == NULL : strcmp(got.text, m->text) == 0) &&
	    (m->plugin == NULL) == (got.plugin == NULL) &&
	    (m->status == NULL) == (got.status == NULL) &&
	    (m->phase == NULL) == (got.phase == NULL) &&
	    (m->data == NULL) == (got.data == NULL) &&
	    (m->cmd == NULL) == (got.cmd == NULL), "%s: strings and trees", tn);
	buf_free(&b);
}

static void
all_types(size_t threshold, int compressed)
{
	static struct json_doc data = JSON_DOC_INIT, cmd = JSON_DOC_INIT;
	static const char *big;
	struct hb_msg m;
	char *pad;

	if (big == NULL) {
		pad = malloc(2001);
		memset(pad, 'x', 2000);
		pad[2000] = '\0';
		big = pad;
	}
	static const char dj[] = "{\"cpu_percent\":12.5,\"per\":[1,2,3],\"n\":{\"a\":null}}";
	static const char cj[] = "[\"restart\",\"dns\"]";

	json_parse(&data, dj, strlen(dj), NULL);
	json_parse(&cmd, cj, strlen(cj), NULL);

	proto_msg_init(&m, MSG_HTB, "web-01");
	m.seq = 7, m.ts = 1711234567.101, m.interval = 30, m.rtt = 12.5;
	m.version = "0.1";
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_BOOT, "web-01");
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_SHUT, "web-01");
	m.seq = PROTO_SEQ_MAX;
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_MSG, "web-01");
	m.text = compressed ? big : "disk replaced \xc3\xa9";
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_PLG, "web-01");
	m.plugin = "cpu_monitor", m.data = &data.root;
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_SVC, "web-01");
	m.service = "api", m.interval = 60, m.status = "error", m.error = "boom";
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_RUN, "web-01");
	m.job = "backup", m.phase = "end", m.code = -9, m.duration = 12.25;
	m.output = "tail of output\n";
	round_trip(&m, threshold, compressed);
	proto_msg_init(&m, MSG_ACK, "hbrecv");
	m.seq = 7, m.ts = 1711234567.2, m.cmd = &cmd.root;
	round_trip(&m, threshold, compressed);
}

static void
compressed_refusals(void)
{
	const char *json = "{\"ID\":\"HTB\",\"name\":\"a\"}";
	struct buf z = BUF_INIT;
	struct hb_msg m;

	zbody_deflate(json, strlen(json), &z);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_OK, "small compressed HTB");
	is_int(proto_decode(&dec, z.p, z.len - 3, &m), PR_BAD_ZLIB,
	    "truncated zlib: bad_zlib");
	z.p[z.len - 1] ^= 0xff;
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_BAD_ZLIB,
	    "zlib with a wrong checksum: bad_zlib");
	z.p[z.len - 1] ^= 0xff;
	buf_addc(&z, 'X');
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_TRAILING,
	    "a byte after the zlib stream: trailing_bytes");
	buf_reset(&z);
	zbody_deflate("{\"ID\":\"HTB\",\"name\":\"a\"} x", 26, &z);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_TRAILING,
	    "garbage after the compressed JSON: trailing_bytes");
	buf_reset(&z);
	zbody_deflate("[1]", 3, &z);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_BAD_FORMAT,
	    "compressed non-object: bad_format");
	buf_free(&z);
}

static double
cpu_seconds(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

static void
zip_bombs(void)
{
	size_t big = 100u << 20, fits = 60u << 20;
	char *zeros = calloc(1, big);
	struct buf z = BUF_INIT;
	struct hb_msg m;
	struct rusage before, after;
	double t;

	zbody_deflate(zeros, big, &z);
	diag("100 MB of zeros compress to %zu bytes", z.len);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_TOO_BIG,
	    "a 100 MB zip bomb is too big for a datagram");
	buf_reset(&z);
	zbody_deflate(zeros, fits, &z);
	diag("60 MB of zeros compress to %zu bytes", z.len);
	ok(z.len <= PROTO_MAX_DGRAM, "a 60 MB bomb fits in one datagram");
	free(zeros);
	getrusage(RUSAGE_SELF, &before);
	t = cpu_seconds();
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_INFLATE_CAP,
	    "the bomb stops at the inflate cap");
	t = cpu_seconds() - t;
	getrusage(RUSAGE_SELF, &after);
	ok(t < 0.5, "and quickly (%.3f s)", t);
	ok(dec.inflated.cap <= 2 * PROTO_MAX_BODY + 2,
	    "inflate buffer stays bounded (%zu bytes)", dec.inflated.cap);
	ok(after.ru_maxrss - before.ru_maxrss < 8 * 1024,
	    "peak memory grew by %ld KB", after.ru_maxrss - before.ru_maxrss);
	buf_free(&z);
}

static void
exactly_at_limits(void)
{
	struct buf b = BUF_INIT, z = BUF_INIT;
	struct hb_msg m;
	char name[300];
	int i;

	/* a body of exactly 1 MiB is fine, one byte more is not */
	buf_adds(&b, "{\"ID\":\"MSG\",\"name\":\"a\",\"text\":\"");
	while (b.len < PROTO_MAX_BODY - 2)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	zbody_deflate(b.p, b.len, &z);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_OK, "1 MiB body accepted");
	buf_reset(&z);
	buf_addc(&b, ' ');
	zbody_deflate(b.p, b.len, &z);
	is_int(proto_decode(&dec, z.p, z.len, &m), PR_INFLATE_CAP,
	    "1 MiB + 1 refused");

	buf_reset(&b);
	for (i = 0; i < 32; i++)
		buf_adds(&b, i ? "{\"a\":" : "{\"ID\":\"HTB\",\"name\":\"a\",\"x\":");
	buf_addc(&b, '1');
	for (i = 0; i < 32; i++)
		buf_addc(&b, '}');
	is_int(proto_decode(&dec, b.p, b.len, &m), PR_OK, "nesting 32 accepted");
	buf_reset(&b);
	for (i = 0; i < 33; i++)
		buf_adds(&b, i ? "[" : "{\"ID\":\"HTB\",\"name\":\"a\",\"x\":");
	buf_addc(&b, '1');
	for (i = 0; i < 33; i++)
		buf_addc(&b, i < 32 ? ']' : '}');
	is_int(proto_decode(&dec, b.p, b.len, &m), PR_BAD_JSON, "nesting 33 refused");
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, i ? "[" : "{\"ID\":\"HTB\",\"name\":\"a\",\"x\":");
	is_int(proto_decode(&dec, b.p, b.len, &m), PR_BAD_JSON,
	    "nesting 1000 refused");

	buf_reset(&b);
	buf_adds(&b, "{\"ID\":\"HTB\",\"name\":\"a\",\"pad\":\"");
	while (b.len < PROTO_MAX_DGRAM - 2)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	is_int(proto_decode(&dec, b.p, b.len, &m), PR_OK, "65507 bytes accepted");
	buf_addc(&b, ' ');
	is_int(proto_decode(&dec, b.p, b.len, &m), PR_TOO_BIG, "65508 refused");

	memset(name, 'a', sizeof(name));
	name[253] = '\0';
	ok(proto_name_ok(name, 253), "a 253-byte name is fine");
	ok(!proto_name_ok(name, 254), "254 bytes is not");
	buf_free(&b);
	buf_free(&z);
}

static void
hostile_names(void)
{
	static const char *const bad[] = {
		"\"..\"", "\".\"", "\"/\"", "\"a/b\"", "\"../etc\"", "\"\"",
		"\"-a\"", "\".hidden\"", "\"a b\"", "\"a\\u0000b\"", "\"\xc3\xa9\"",
		"\"a\\nb\"", "7", "null", "[\"a\"]",
	};
	char s[512], name[301];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(s, sizeof(s), "{\"ID\":\"HTB\",\"name\":%s}", bad[i]);
		expect(s, PR_BAD_NAME, s);
	}
	memset(name, 'a', 300);
	name[300] = '\0';
	snprintf(s, sizeof(s), "{\"ID\":\"HTB\",\"name\":\"%s\"}", name);
	expect(s, PR_BAD_NAME, "300-character name: bad_name");
	expect("{\"ID\":\"HTB\"}", PR_BAD_NAME, "no name: bad_name");
	expect("{\"ID\":\"PLG\",\"name\":\"a\",\"plugin\":\"../x\",\"data\":{}}",
	    PR_BAD_FIELD, "plugin named ../x: bad_field");
}

static void
refusals(void)
{
	char garbage[65000];
	struct hb_msg m;

	memset(garbage, 0xa5, sizeof(garbage));
	is_int(proto_decode(&dec, garbage, sizeof(garbage), &m), PR_BAD_FORMAT,
	    "65,000 bytes of garbage: bad_format");
	garbage[0] = '{';
	is_int(proto_decode(&dec, garbage, sizeof(garbage), &m), PR_BAD_JSON,
	    "'{' then garbage: bad_json");
	is_int(proto_decode(&dec, "", 0, &m), PR_BAD_FORMAT, "empty: bad_format");
	expect(" {\"ID\":\"HTB\",\"name\":\"a\"}", PR_BAD_FORMAT, "leading blank");
	expect("{\"ID\":\"HTB\",\"name\":\"a\"}x", PR_TRAILING, "trailing x");
	expect("{\"ID\":\"HTB\",\"name\":\"a\"}{}", PR_TRAILING, "two objects");
	expect("{\"ID\":\"HTB\",\"name\":\"a\"}\n", PR_OK, "a trailing newline is fine");
	expect("{\"ID\":\"HTB\",\"name\":\"a\xff\"}", PR_BAD_JSON, "invalid UTF-8");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"x\":\"\xed\xa0\x80\"}",
	    PR_BAD_JSON, "UTF-8 surrogate in another field");
	expect("{\"ID\":\"XYZ\",\"name\":\"a\"}", PR_UNKNOWN_ID, "ID XYZ");
	expect("{\"ID\":\"htb\",\"name\":\"a\"}", PR_UNKNOWN_ID, "IDs are case-sensitive");
	expect("{\"name\":\"a\"}", PR_BAD_FIELD, "no ID");
	expect("{\"ID\":5,\"name\":\"a\"}", PR_BAD_FIELD, "numeric ID");
	expect("[1]", PR_BAD_FORMAT, "an array");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":\"30\"}", PR_BAD_FIELD,
	    "interval as a string");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":0}", PR_BAD_FIELD,
	    "interval 0");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":-5}", PR_BAD_FIELD,
	    "negative interval");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"seq\":1.5}", PR_BAD_FIELD,
	    "fractional seq");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"seq\":-1}", PR_BAD_FIELD,
	    "negative seq");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"seq\":1e300}", PR_BAD_FIELD,
	    "seq beyond 2^53");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"seq\":9007199254740993}",
	    PR_BAD_FIELD, "seq 2^53+1, which a double cannot hold");
	expect("{\"ID\":\"RUN\",\"name\":\"a\",\"job\":\"j\",\"phase\":\"end\",\"code\":-1}",
	    PR_OK, "RUN code -1 (a signal, say) is a code");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"ts\":\"now\"}", PR_BAD_FIELD,
	    "ts as a string");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"v\":2}", PR_BAD_FIELD,
	    "protocol version 2");
	expect("{\"ID\":\"HTB\",\"name\":\"a\",\"version\":\"a\\u0000b\"}",
	    PR_BAD_FIELD, "NUL inside a string field");
	expect("{\"ID\":\"MSG\",\"name\":\"a\"}", PR_BAD_FIELD, "MSG without text");
	expect("{\"ID\":\"PLG\",\"name\":\"a\",\"plugin\":\"p\",\"data\":[]}",
	    PR_BAD_FIELD, "PLG data not an object");
	expect("{\"ID\":\"SVC\",\"name\":\"a\",\"service\":\"s\",\"status\":\"meh\"}",
	    PR_BAD_FIELD, "SVC status not ok|error");
	expect("{\"ID\":\"RUN\",\"name\":\"a\",\"job\":\"j\",\"phase\":\"middle\"}",
	    PR_BAD_FIELD, "RUN phase not start|end");
	expect("{\"ID\":\"RUN\",\"name\":\"a\",\"job\":\"j\",\"phase\":\"end\",\"code\":1.5}",
	    PR_BAD_FIELD, "RUN code not an integer");
	expect("{\"ID\":\"ACK\",\"name\":\"a\"}", PR_BAD_FIELD, "ACK without seq");
	expect("{\"ID\":\"ACK\",\"name\":\"a\",\"seq\":1,\"cmd\":[\"a/b\"]}",
	    PR_BAD_FIELD, "ACK with a bad action name");
}

static void
accepted(void)
{
	struct hb_msg m;

	is_int(decode_str("{\"ID\":\"HTB\",\"name\":\"webserver1\",\"interval\":30}",
	    &m), PR_OK, "the seed's journal example");
	ok(strcmp(m.name, "webserver1") == 0 && m.interval == 30, "its fields");
	is_int(decode_str("{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":1,"
	    "\"interval\":45,\"extra\":{\"x\":[1]}}", &m), PR_OK,
	    "duplicate key and an unknown field");
	ok(m.interval == 45, "the last duplicate wins");
	ok(json_get(m.root, "extra") != NULL, "unknown fields are kept");
	ok(m.bodylen == strlen((const char *)m.body), "body is the JSON text");
	ok(m.oneline, "on one line");
	is_int(decode_str("{\"ID\":\"BOOT\",\n\"name\":\"a\"}\n", &m), PR_OK,
	    "a body over two lines");
	ok(!m.oneline, "is not one line");
	ok(m.root->rawlen == strlen("{\"ID\":\"BOOT\",\n\"name\":\"a\"}"),
	    "a trailing newline is no part of the object");
	is_int(decode_str("{\"ID\":\"BOOT\",\"name\":\"a\"}", &m), PR_OK, "bare BOOT");
	ok(m.seq == -1 && m.ts == -1 && m.interval == -1 &&
	    m.code == PROTO_NO_CODE, "absent numbers are -1, or PROTO_NO_CODE");
}

int
main(void)
{
	all_types(PROTO_ZTHRESHOLD, 0);
	all_types(0, 1);
	accepted();
	refusals();
	compressed_refusals();
	hostile_names();
	exactly_at_limits();
	zip_bombs();
	proto_dec_free(&dec);
	return done_testing();
}
