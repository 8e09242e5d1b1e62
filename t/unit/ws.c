/* Unit tests of lib/ws.c: the handshake's accept value, the client frame parser fed whole and byte by byte (RFC 6455 5.7 and every refusal), and the server's frames. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "ws.h"

#define S(lit)	lit, sizeof(lit) - 1
#define MAX	(1 << 20)	/* the message limit unless a test says */
#define FIN	0x80

/* RFC 6455 5.7's masking key. */
static const unsigned char KEY[4] = { 0x37, 0xfa, 0x21, 0x3d };

/* Parser invariants broken anywhere, counted by events() and reported at the end. */
static size_t broken;

static void
add(struct buf *b, const void *p, size_t n)
{
	if (buf_add(b, p, n) == -1)
		exit(2);
}

/* Append a client frame: the first byte b0 as given, the shortest length, KEY, the payload masked. */
static void
frame(struct buf *b, int b0, const void *payload, size_t n)
{
	const unsigned char *p = payload;
	unsigned char head[WS_HEAD_MAX], c;
	size_t h, i;

	h = ws_frame_head(head, 0, 0, n);
	head[0] = (unsigned char)b0;
	head[1] |= 0x80;
	add(b, head, h);
	add(b, KEY, sizeof(KEY));
	for (i = 0; i < n; i++) {
		c = p[i] ^ KEY[i % 4];
		add(b, &c, 1);
	}
}

/* The FNV-1a hash of a long payload, so that a log line stays short. */
static uint32_t
fnv(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* Append one event to the log: "text 5 Hello", "binary 256 #hash", "close 1000 bye", "error 1002". */
static void
note(struct buf *log, int ev, const struct ws_rx *rx)
{
	static const char *names[] = { "more", "text", "binary", "ping",
	    "pong", "close", "error" };
	size_t i;

	if (log->len > 0)
		buf_adds(log, "; ");
	if (ev == WS_ERROR) {
		buf_printf(log, "error %d", rx->code);
		return;
	}
	if (ev == WS_CLOSE)
		buf_printf(log, "close %d ", rx->code);
	else
		buf_printf(log, "%s %zu ", names[ev], rx->len);
	if (rx->len > 32) {
		buf_printf(log, "#%08x", (unsigned)fnv(rx->data, rx->len));
		return;
	}
	for (i = 0; i < rx->len; i++)
		if (rx->data[i] > ' ' && rx->data[i] <= '~')
			buf_addc(log, rx->data[i]);
		else
			buf_printf(log, "\\x%02x", (unsigned char)rx->data[i]);
}

/*
 * The events of feeding n bytes in pieces of step bytes (0: whole) to a
 * parser with the limit max, as one line; checks on the way that a call
 * takes no more than it is given, all of it while it wants more, that
 * a payload has its NUL, and that a final verdict stays.
 */
static char *
events(const void *in, size_t n, size_t step, size_t max)
{
	const unsigned char *p = in;
	struct buf log = BUF_INIT;
	struct ws_rx rx;
	size_t off = 0, k, used;
	int ev = WS_NEED_MORE;

	ws_rx_init(&rx, max);
	buf_adds(&log, "");
	while (off < n && ev != WS_CLOSE && ev != WS_ERROR) {
		k = step != 0 && step < n - off ? step : n - off;
		used = (size_t)-1;
		ev = ws_rx_feed(&rx, p + off, k, &used);
		if (used > k || (ev == WS_NEED_MORE && used != k) ||
		    rx.data == NULL || rx.data[rx.len] != '\0' ||
		    (ev == WS_ERROR && (rx.why == NULL || *rx.why == '\0')))
			broken++;
		off += used;
		if (ev != WS_NEED_MORE)
			note(&log, ev, &rx);
	}
	if (ev == WS_CLOSE || ev == WS_ERROR) {
		int code = rx.code;

		if (ws_rx_feed(&rx, "\x81", 1, &used) != ev || used != 0 ||
		    rx.code != code)
			broken++;
	}
	ws_rx_free(&rx);
	if (log.p == NULL)
		exit(2);
	return log.p;
}

/* The events of in fed whole must be want, and the same fed byte by byte. */
static void
check(const char *name, const void *in, size_t n, size_t max,
    const char *want)
{
	char *whole = events(in, n, 0, max), *bytes = events(in, n, 1, max);

	is_str(whole, want, "%s", name);
	is_str(bytes, whole, "%s: the same byte by byte", name);
	free(whole);
	free(bytes);
}

/* check() on the frames built in b, which is then emptied. */
static void
check_buf(const char *name, struct buf *b, size_t max, const char *want)
{
	check(name, b->p, b->len, max, want);
	buf_reset(b);
}

static void
test_accept(void)
{
	static const char *bad[] = {
		"", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===",
		" dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ== ",
		"dGhlIHNhbXBsZSBub25jZQ!=", "dGhlIHNhbXBsZSBub25jZR==",
		"AAAAAAAAAAAAAAAAAAAAAAAA", "dGhlIHNhbXBsZSBub25j====",
		"dGhlIHNhbXBs ZSBub25jZQ=",
	};
	char out[WS_ACCEPT_LEN + 1];
	size_t i;

	is_int(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", out), 0,
	    "accept: RFC 6455 1.3's key");
	is_str(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "accept: RFC 6455 1.3's "
	    "Sec-WebSocket-Accept");
	/* figure from Python: base64(sha1(key + GUID)) */
	is_int(ws_accept_key("AAAAAAAAAAAAAAAAAAAAAA==", out), 0,
	    "accept: 16 zero bytes");
	is_str(out, "ICX+Yqv66kxgM0FcWaLWlFLwTAI=", "accept: 16 zero bytes' "
	    "value");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'x', sizeof(out));
		out[WS_ACCEPT_LEN] = '\0';
		is_int(ws_accept_key(bad[i], out), -1, "accept: bad key '%s'",
		    bad[i]);
		is_str(out, "xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		    "accept: out untouched for '%s'", bad[i]);
	}
}

/* RFC 6455 5.7, with masked versions of its unmasked client frames. */
static void
test_rfc_examples(void)
{
	static const unsigned char hello[] = { 0x81, 0x85, 0x37, 0xfa, 0x21,
	    0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
	static const unsigned char pong[] = { 0x8a, 0x85, 0x37, 0xfa, 0x21,
	    0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
	struct buf b = BUF_INIT;
	unsigned char *big;
	char want[64];

	check("5.7: a single-frame masked text message", hello,
	    sizeof(hello), MAX, "text 5 Hello");
	check("5.7: a masked pong", pong, sizeof(pong), MAX, "pong 5 Hello");
	check("5.7: an unmasked text frame is refused", S("\x81\x05Hello"),
	    MAX, "error 1002");
	check("5.7: the unmasked fragments are refused",
	    S("\x01\x03Hel\x80\x02lo"), MAX, "error 1002");

	frame(&b, WS_OP_TEXT, "Hel", 3);
	frame(&b, FIN | WS_OP_CONT, "lo", 2);
	check_buf("5.7 masked: a fragmented text message", &b, MAX,
	    "text 5 Hello");
	frame(&b, FIN | WS_OP_PING, "Hello", 5);
	check_buf("5.7 masked: a ping", &b, MAX, "ping 5 Hello");

	if ((big = malloc(65536)) == NULL)
		exit(2);
	for (size_t i = 0; i < 65536; i++)
		big[i] = (unsigned char)(i * 7 + i / 256);
	frame(&b, FIN | WS_OP_BINARY, big, 256);
	ok(b.len == 2 + 2 + 4 + 256 && (unsigned char)b.p[1] == 0xfe &&
	    b.p[2] == 0x01 && b.p[3] == 0x00, "5.7 masked: 256 bytes have a "
	    "16-bit length");
	snprintf(want, sizeof(want), "binary 256 #%08x",
	    (unsigned)fnv((char *)big, 256));
	check_buf("5.7 masked: 256 bytes of binary", &b, MAX, want);
	frame(&b, FIN | WS_OP_BINARY, big, 65536);
	ok(b.len == 2 + 8 + 4 + 65536 && (unsigned char)b.p[1] == 0xff &&
	    memcmp(b.p + 2, "\0\0\0\0\0\1\0\0", 8) == 0, "5.7 masked: 64 KiB "
	    "have a 64-bit length");
	snprintf(want, sizeof(want), "binary 65536 #%08x",
	    (unsigned)fnv((char *)big, 65536));
	check_buf("5.7 masked: 64 KiB of binary", &b, MAX, want);
	frame(&b, FIN | WS_OP_BINARY, big, 65535);
	snprintf(want, sizeof(want), "binary 65535 #%08x",
	    (unsigned)fnv((char *)big, 65535));
	check_buf("65535 bytes, the largest 16-bit length", &b, MAX, want);
	free(big);
	buf_free(&b);
}

/* Sequences of frames: fragments, control frames between them, empty ones, several events in one buffer. */
static void
test_sequences(void)
{
	struct buf b = BUF_INIT;

	frame(&b, WS_OP_TEXT, "Hel", 3);
	frame(&b, FIN | WS_OP_PING, "p", 1);
	frame(&b, FIN | WS_OP_PONG, "", 0);
	frame(&b, FIN | WS_OP_CONT, "lo", 2);
	check_buf("a ping and a pong between two fragments", &b, MAX,
	    "ping 1 p; pong 0 ; text 5 Hello");

	frame(&b, WS_OP_BINARY, "", 0);
	frame(&b, WS_OP_CONT, "\0a", 2);
	frame(&b, WS_OP_CONT, "", 0);
	frame(&b, FIN | WS_OP_CONT, "b", 1);
	frame(&b, FIN | WS_OP_TEXT, "", 0);
	frame(&b, FIN | WS_OP_BINARY, "", 0);
	check_buf("empty fragments, a NUL in binary, empty messages", &b, MAX,
	    "binary 3 \\x00ab; text 0 ; binary 0 ");

	frame(&b, FIN | WS_OP_TEXT, "one", 3);
	frame(&b, FIN | WS_OP_TEXT, "two", 3);
	frame(&b, FIN | WS_OP_CLOSE, "\x03\xe8" "bye", 5);
	frame(&b, FIN | WS_OP_TEXT, "after", 5);
	check_buf("messages, a close, and nothing after it", &b, MAX,
	    "text 3 one; text 3 two; close 1000 bye");

	frame(&b, FIN | WS_OP_CLOSE, "", 0);
	check_buf("a close with no code", &b, MAX, "close 1005 ");
	frame(&b, FIN | WS_OP_CLOSE, "\x0f\xa0", 2);
	check_buf("a close with a code and no reason", &b, MAX, "close 4000 ");
	buf_free(&b);
}

/* What *used says when one buffer holds more than an event, or an error. */
static void
test_used(void)
{
	struct buf b = BUF_INIT;
	struct ws_rx rx;
	size_t used, first;

	frame(&b, FIN | WS_OP_TEXT, "abc", 3);
	first = b.len;
	frame(&b, FIN | WS_OP_PING, "xy", 2);
	ws_rx_init(&rx, MAX);
	is_int(ws_rx_feed(&rx, b.p, b.len, &used), WS_TEXT, "used: the first "
	    "of two frames");
	is_int((long long)used, (long long)first, "used: up to the end of the "
	    "first frame");
	is_str(rx.data, "abc", "used: the message");
	is_int(ws_rx_feed(&rx, b.p + used, b.len - used, &used), WS_PING,
	    "used: then the second");
	is_int((long long)used, (long long)(b.len - first), "used: all of it");
	is_int(ws_rx_feed(&rx, b.p, 0, &used), WS_NEED_MORE, "used: nothing "
	    "fed, more wanted");
	is_int((long long)used, 0, "used: 0 of nothing");
	ws_rx_free(&rx);
	is_int(ws_rx_feed(&rx, b.p, b.len, NULL), WS_TEXT, "free leaves the "
	    "parser reusable, and used may be NULL");
	ws_rx_free(&rx);
	is_int(ws_rx_feed(&rx, "\x81\x05Hello", 7, &used), WS_ERROR,
	    "why: an unmasked frame");
	is_str(rx.why, "an unmasked frame", "why: says so");
	is_int((long long)used, 2, "why: told at the second byte");
	ws_rx_free(&rx);
	buf_free(&b);
}

/* Every refusal with its close code. */
static void
test_errors(void)
{
	static const int bad_ops[] = { 3, 4, 5, 6, 7, 11, 12, 13, 14, 15 };
	static const unsigned bad_codes[] = { 0, 999, 1004, 1005, 1006, 1015,
	    1016, 1100, 2000, 2999, 5000, 65535 };
	static const unsigned good_codes[] = { 1000, 1001, 1002, 1003, 1007,
	    1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999 };
	struct buf b = BUF_INIT;
	unsigned char c[2];
	char name[64], want[32];
	size_t i;

	frame(&b, FIN | 0x40 | WS_OP_TEXT, "a", 1);
	check_buf("RSV1 set", &b, MAX, "error 1002");
	frame(&b, FIN | 0x20 | WS_OP_TEXT, "a", 1);
	check_buf("RSV2 set", &b, MAX, "error 1002");
	frame(&b, FIN | 0x10 | WS_OP_PING, "", 0);
	check_buf("RSV3 set", &b, MAX, "error 1002");
	for (i = 0; i < sizeof(bad_ops) / sizeof(bad_ops[0]); i++) {
		frame(&b, FIN | bad_ops[i], "", 0);
		snprintf(name, sizeof(name), "opcode %d", bad_ops[i]);
		check_buf(name, &b, MAX, "error 1002");
	}
	frame(&b, WS_OP_PING, "", 0);
	check_buf("a ping without FIN", &b, MAX, "error 1002");
	frame(&b, WS_OP_CLOSE, "", 0);
	check_buf("a close without FIN", &b, MAX, "error 1002");
	frame(&b, WS_OP_PONG, "", 0);
	check_buf("a pong without FIN", &b, MAX, "error 1002");
	check("a ping of 126 bytes (16-bit length)",
	    S("\x89\xfe\x00\x7e"), MAX, "error 1002");
	check("a close with a 64-bit length", S("\x88\xff"), MAX,
	    "error 1002");
	{
		unsigned char p[126];

		memset(p, 'p', sizeof(p));
		frame(&b, FIN | WS_OP_PING, p, 125);
		check_buf("a ping of 125 bytes passes", &b, MAX,
		    "ping 125 #995e1f9f");
	}
	frame(&b, FIN | WS_OP_CONT, "a", 1);
	check_buf("a continuation with no message", &b, MAX, "error 1002");
	frame(&b, FIN | WS_OP_TEXT, "a", 1);
	frame(&b, FIN | WS_OP_CONT, "b", 1);
	check_buf("a continuation after a whole message", &b, MAX,
	    "text 1 a; error 1002");
	frame(&b, WS_OP_TEXT, "a", 1);
	frame(&b, FIN | WS_OP_TEXT, "b", 1);
	check_buf("a text frame inside a fragmented message", &b, MAX,
	    "error 1002");
	frame(&b, WS_OP_BINARY, "a", 1);
	frame(&b, FIN | WS_OP_PING, "", 0);
	frame(&b, FIN | WS_OP_BINARY, "b", 1);
	check_buf("a binary frame inside a fragmented message, after a ping",
	    &b, MAX, "ping 0 ; error 1002");
	check("an unmasked ping", S("\x89\x00"), MAX, "error 1002");
	check("a 64-bit length with its top bit set",
	    S("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x00"), SIZE_MAX,
	    "error 1002");
	check("a 64-bit length of 2^63 - 1 is only too big",
	    S("\x82\xff\x7f\xff\xff\xff\xff\xff\xff\xff"), MAX, "error 1009");
	check("a 16-bit length of 125", S("\x82\xfe\x00\x7d"), MAX,
	    "error 1002");
	check("a 64-bit length of 65535",
	    S("\x82\xff\x00\x00\x00\x00\x00\x00\xff\xff"), MAX, "error 1002");
	check("a 64-bit length of 1", S("\x82\xff\x00\x00\x00\x00\x00\x00"
	    "\x00\x01"), MAX, "error 1002");

	frame(&b, FIN | WS_OP_CLOSE, "\x03", 1);
	check_buf("a close payload of 1 byte", &b, MAX, "error 1002");
	for (i = 0; i < sizeof(bad_codes) / sizeof(bad_codes[0]); i++) {
		c[0] = (unsigned char)(bad_codes[i] >> 8);
		c[1] = (unsigned char)bad_codes[i];
		frame(&b, FIN | WS_OP_CLOSE, c, 2);
		snprintf(name, sizeof(name), "close code %u", bad_codes[i]);
		check_buf(name, &b, MAX, "error 1002");
	}
	for (i = 0; i < sizeof(good_codes) / sizeof(good_codes[0]); i++) {
		c[0] = (unsigned char)(good_codes[i] >> 8);
		c[1] = (unsigned char)good_codes[i];
		frame(&b, FIN | WS_OP_CLOSE, c, 2);
		snprintf(name, sizeof(name), "close code %u passes",
		    good_codes[i]);
		snprintf(want, sizeof(want), "close %u ", good_codes[i]);
		check_buf(name, &b, MAX, want);
	}
	frame(&b, FIN | WS_OP_CLOSE, "\x03\xe8\xc3\x28", 4);
	check_buf("a close reason that is not UTF-8", &b, MAX, "error 1007");
	frame(&b, FIN | WS_OP_CLOSE, "\x03\xe8\xe2\x82", 4);
	check_buf("a close reason cut inside a character", &b, MAX,
	    "error 1007");
	frame(&b, FIN | WS_OP_CLOSE, "\x03\xe9\xe2\x82\xac", 5);
	check_buf("a close reason in UTF-8", &b, MAX,
	    "close 1001 \\xe2\\x82\\xac");
	buf_free(&b);
}

static void
test_limit(void)
{
	struct buf b = BUF_INIT;
	char p[17];

	memset(p, 'm', sizeof(p));
	frame(&b, FIN | WS_OP_TEXT, p, 16);
	check_buf("limit: a message of exactly max", &b, 16,
	    "text 16 mmmmmmmmmmmmmmmm");
	frame(&b, FIN | WS_OP_TEXT, p, 17);
	check_buf("limit: a single frame of max + 1", &b, 16, "error 1009");
	frame(&b, WS_OP_BINARY, p, 10);
	frame(&b, FIN | WS_OP_PING, p, 17);
	frame(&b, WS_OP_CONT, p, 6);
	frame(&b, FIN | WS_OP_CONT, p, 1);
	check_buf("limit: fragments adding up to max + 1", &b, 16,
	    "ping 17 mmmmmmmmmmmmmmmmm; error 1009");
	frame(&b, WS_OP_BINARY, p, 10);
	frame(&b, FIN | WS_OP_CONT, p, 6);
	frame(&b, FIN | WS_OP_TEXT, p, 16);
	check_buf("limit: each message counts from 0", &b, 16,
	    "binary 16 mmmmmmmmmmmmmmmm; text 16 mmmmmmmmmmmmmmmm");
	check("limit: told from the length, before the payload",
	    S("\x81\xfe\x10\x00"), 4095, "error 1009");
	check("limit: a limit of 0 takes empty messages only",
	    S("\x81\x80\x01\x02\x03\x04\x82\x81"), 0, "text 0 ; error 1009");
	check("limit: control frames do not count",
	    S("\x89\x81\x00\x00\x00\x00p"), 0, "ping 1 p");
	buf_free(&b);
}

/* UTF-8 in text: refused as soon as the bytes so far cannot begin UTF-8; a character may straddle fragments. */
static void
test_utf8(void)
{
	struct buf b = BUF_INIT;

	frame(&b, FIN | WS_OP_TEXT, "\xe2\x82\xac\xf0\x9f\x92\x93", 7);
	check_buf("utf8: valid in one frame", &b, MAX,
	    "text 7 \\xe2\\x82\\xac\\xf0\\x9f\\x92\\x93");
	frame(&b, WS_OP_TEXT, "a\xe2", 2);
	frame(&b, WS_OP_CONT, "\x82", 1);
	frame(&b, FIN | WS_OP_CONT, "\xac", 1);
	check_buf("utf8: a 3-byte character over three fragments", &b, MAX,
	    "text 4 a\\xe2\\x82\\xac");
	frame(&b, WS_OP_TEXT, "\xf0\x9f", 2);
	frame(&b, FIN | WS_OP_PING, "", 0);
	frame(&b, WS_OP_CONT, "", 0);
	frame(&b, FIN | WS_OP_CONT, "\x92\x93", 2);
	check_buf("utf8: a 4-byte character split around a ping", &b, MAX,
	    "ping 0 ; text 4 \\xf0\\x9f\\x92\\x93");
	frame(&b, FIN | WS_OP_TEXT, "a\xc3\x28", 3);
	check_buf("utf8: invalid in one frame", &b, MAX, "error 1007");
	frame(&b, FIN | WS_OP_TEXT, "\xed\xa0\x80", 3);
	check_buf("utf8: a surrogate", &b, MAX, "error 1007");
	frame(&b, FIN | WS_OP_TEXT, "\xc0\xaf", 2);
	check_buf("utf8: an overlong '/'", &b, MAX, "error 1007");
	frame(&b, FIN | WS_OP_TEXT, "\xf4\x90\x80\x80", 4);
	check_buf("utf8: past U+10FFFF", &b, MAX, "error 1007");
	frame(&b, FIN | WS_OP_TEXT, "ok\xe2\x82", 4);
	check_buf("utf8: a message that ends inside a character", &b, MAX,
	    "error 1007");
	frame(&b, WS_OP_TEXT, "\xe2", 1);
	frame(&b, FIN | WS_OP_CONT, "\x28\xac", 2);
	check_buf("utf8: invalid across two fragments", &b, MAX, "error 1007");
	/* told early: the first fragment alone is enough */
	frame(&b, WS_OP_TEXT, "ok\xff", 3);
	check_buf("utf8: refused in a first fragment, before the last comes",
	    &b, MAX, "error 1007");
	frame(&b, WS_OP_TEXT, "\xe0\x80", 2);
	check_buf("utf8: an overlong form refused from its second byte", &b,
	    MAX, "error 1007");
	frame(&b, WS_OP_TEXT, "\xf0\x9f\x92", 3);
	check_buf("utf8: a character cut short waits for the next fragment",
	    &b, MAX, "");
	frame(&b, WS_OP_TEXT, "\xf0\x9f\x92", 3);
	frame(&b, FIN | WS_OP_PING, "", 0);
	frame(&b, FIN | WS_OP_TEXT, "x", 1);
	check_buf("utf8: and a new message is still refused", &b, MAX,
	    "ping 0 ; error 1002");
	frame(&b, FIN | WS_OP_BINARY, "\xff\xfe", 2);
	check_buf("utf8: binary is not checked", &b, MAX,
	    "binary 2 \\xff\\xfe");
	buf_free(&b);
}

static void
test_writers(void)
{
	unsigned char out[WS_CONTROL_FRAME_MAX], head[WS_HEAD_MAX];
	char reason[200];
	size_t n;

	n = ws_frame_head(head, WS_OP_TEXT, 1, 5);
	ok(n == 2 && memcmp(head, "\x81\x05", 2) == 0, "head: RFC 6455 5.7's "
	    "unmasked \"Hello\"");
	n = ws_frame_head(head, WS_OP_TEXT, 0, 3);
	ok(n == 2 && memcmp(head, "\x01\x03", 2) == 0, "head: a first "
	    "fragment");
	n = ws_frame_head(head, WS_OP_CONT, 1, 2);
	ok(n == 2 && memcmp(head, "\x80\x02", 2) == 0, "head: the last "
	    "fragment");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 125);
	ok(n == 2 && memcmp(head, "\x82\x7d", 2) == 0, "head: 125 bytes");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 126);
	ok(n == 4 && memcmp(head, "\x82\x7e\x00\x7e", 4) == 0,
	    "head: 126 bytes, 16-bit");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 256);
	ok(n == 4 && memcmp(head, "\x82\x7e\x01\x00", 4) == 0, "head: RFC "
	    "6455 5.7's 256 bytes");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 65535);
	ok(n == 4 && memcmp(head, "\x82\x7e\xff\xff", 4) == 0,
	    "head: 65535 bytes");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 65536);
	ok(n == 10 && memcmp(head, "\x82\x7f\0\0\0\0\0\x01\0\0", 10) == 0,
	    "head: RFC 6455 5.7's 64 KiB, 64-bit");
	n = ws_frame_head(head, WS_OP_BINARY, 1, 0x7fffffffffffffffULL);
	ok(n == 10 && memcmp(head, "\x82\x7f\x7f\xff\xff\xff\xff\xff\xff\xff",
	    10) == 0, "head: 2^63 - 1 bytes");

	n = ws_pong_frame(out, "Hello", 5);
	ok(n == 7 && memcmp(out, "\x8a\x05Hello", 7) == 0, "pong: echoes "
	    "RFC 6455 5.7's ping");
	n = ws_pong_frame(out, NULL, 0);
	ok(n == 2 && memcmp(out, "\x8a\x00", 2) == 0, "pong: empty");
	memset(reason, 'r', sizeof(reason));
	is_int((long long)ws_pong_frame(out, reason, 125), 127,
	    "pong: 125 bytes");
	is_int((long long)ws_pong_frame(out, reason, 126), 0,
	    "pong: 126 bytes refused");

	n = ws_close_frame(out, WS_CLOSE_NORMAL, "bye");
	ok(n == 7 && memcmp(out, "\x88\x05\x03\xe8" "bye", 7) == 0,
	    "close: code and reason");
	n = ws_close_frame(out, WS_CLOSE_TOO_BIG, NULL);
	ok(n == 4 && memcmp(out, "\x88\x02\x03\xf1", 4) == 0,
	    "close: a code, no reason");
	n = ws_close_frame(out, WS_CLOSE_NO_STATUS, "ignored");
	ok(n == 2 && memcmp(out, "\x88\x00", 2) == 0,
	    "close: no status is an empty close");
	reason[123] = '\0';
	n = ws_close_frame(out, WS_CLOSE_PROTOCOL, reason);
	ok(n == 127 && out[1] == 125 && out[126] == 'r',
	    "close: a reason of 123 bytes is whole");
	reason[123] = 's';
	reason[124] = '\0';
	n = ws_close_frame(out, WS_CLOSE_PROTOCOL, reason);
	ok(n == 127 && out[126] == 'r', "close: a longer reason is cut to "
	    "123 bytes");
	memcpy(reason + 121, "\xe2\x82\xac", 4);
	n = ws_close_frame(out, WS_CLOSE_PROTOCOL, reason);
	ok(n == 125 && out[1] == 123 && out[124] == 'r', "close: cut before "
	    "a character the edge would split");
	memcpy(reason + 120, "\xf0\x9f\x92\x93", 5);
	n = ws_close_frame(out, WS_CLOSE_PROTOCOL, reason);
	ok(n == 124 && out[1] == 122, "close: cut before a 4-byte character");
	memcpy(reason + 119, "\xf0\x9f\x92\x93s", 6);
	n = ws_close_frame(out, WS_CLOSE_PROTOCOL, reason);
	ok(n == 127 && memcmp(out + 123, "\xf0\x9f\x92\x93", 4) == 0,
	    "close: a 4-byte character that ends at the edge is kept");
}

/* What the server writes, masked as a client would, parses back to what was written. */
static void
test_round_trip(void)
{
	struct buf b = BUF_INIT;
	unsigned char out[WS_CONTROL_FRAME_MAX];
	size_t n;

	n = ws_close_frame(out, 4321, "gone \xe2\x82\xac");
	frame(&b, out[0], out + 2, n - 2);
	check_buf("round trip: a close frame", &b, MAX,
	    "close 4321 gone\\x20\\xe2\\x82\\xac");
	n = ws_pong_frame(out, "\x00\x01", 2);
	frame(&b, out[0], out + 2, n - 2);
	check_buf("round trip: a pong", &b, MAX, "pong 2 \\x00\\x01");
	buf_free(&b);
}

int
main(void)
{
	test_accept();
	test_rfc_examples();
	test_sequences();
	test_used();
	test_errors();
	test_limit();
	test_utf8();
	test_writers();
	test_round_trip();
	ok(broken == 0, "no call took more than given, or less while wanting "
	    "more; every payload had its NUL; every verdict stayed (%zu "
	    "broken)", broken);
	return done_testing();
}
