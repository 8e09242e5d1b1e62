/* ws: the server's side of RFC 6455: the accept value of the handshake, a client frame parser that never trusts a length, and the frames a server writes. */
#include <string.h>

#include "base64.h"
#include "sha1.h"
#include "utf8.h"
#include "ws.h"

/* RFC 6455 1.3: what a server appends to the client's key. */
static const char GUID[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int
ws_accept_key(const char *key, char out[WS_ACCEPT_LEN + 1])
{
	unsigned char nonce[16], digest[SHA1_LEN];
	struct sha1 c;

	/* RFC 6455 4.2.1: a randomly selected 16-byte value, base64-encoded. */
	if (strnlen(key, 25) != 24 ||
	    base64_decode(key, 24, nonce, sizeof(nonce)) != 16)
		return -1;
	sha1_init(&c);
	sha1_update(&c, key, 24);
	sha1_update(&c, GUID, sizeof(GUID) - 1);
	sha1_final(&c, digest);
	base64_encode(digest, sizeof(digest), out);
	return 0;
}

void
ws_rx_init(struct ws_rx *rx, size_t max)
{
	struct buf empty = BUF_INIT;

	memset(rx, 0, sizeof(*rx));
	rx->data = "";
	rx->max = max;
	rx->event = WS_NEED_MORE;
	rx->headneed = 2;
	rx->msg = empty;
}

void
ws_rx_free(struct ws_rx *rx)
{
	buf_free(&rx->msg);
	ws_rx_init(rx, rx->max);
}

static int
fail(struct ws_rx *rx, int code, const char *why)
{
	rx->data = "";
	rx->len = 0;
	rx->code = code;
	rx->why = why;
	return WS_ERROR;
}

/*
 * Could the n bytes at s, fewer than their lead byte announces, still
 * become a character? utf8_decode refuses a sequence cut short as it
 * refuses a bad one, so this follows Table 3-7 of the Unicode Standard:
 * the second byte's range depends on the lead, which rules out overlong
 * forms, surrogates and what lies past U+10FFFF from the second byte on.
 */
static int
utf8_could_start(const unsigned char *s, size_t n)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n >= len)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n > 1 && (s[1] < lo || s[1] > hi))
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/* Check the text that came since the last check: 0 while it may still be UTF-8, else -1. */
static int
text_check(struct ws_rx *rx)
{
	const unsigned char *p = (const unsigned char *)rx->msg.p;
	size_t n = rx->msg.len, k;
	uint32_t cp;

	while (rx->checked < n) {
		if (p[rx->checked] < 0x80)
			k = 1;
		else if ((k = utf8_decode(p + rx->checked, n - rx->checked,
		    &cp)) == 0)
			break;
		rx->checked += k;
	}
	if (rx->checked == n ||
	    utf8_could_start(p + rx->checked, n - rx->checked))
		return 0;
	return -1;
}

/* RFC 6455 7.4: 1004-1006 and 1015 are never sent; 1012-1014 came later through the IANA registry of 7.4.2. */
static int
close_code_ok(unsigned code)
{
	return (code >= 1000 && code <= 1003) ||
	    (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

static int
is_control(int opcode)
{
	return (opcode & 0x08) != 0;
}

/* FIN, RSV and the opcode: all that can be wrong with a frame before its length. */
static int
first_byte(struct ws_rx *rx, unsigned char c)
{
	rx->fin = c >> 7;
	rx->opcode = c & 0x0f;
	if (c & 0x70)
		return fail(rx, WS_CLOSE_PROTOCOL, "reserved bits set");
	switch (rx->opcode) {
	case WS_OP_CONT:
		if (rx->msgop == 0)
			return fail(rx, WS_CLOSE_PROTOCOL,
			    "a continuation frame with no message to continue");
		break;
	case WS_OP_TEXT:
	case WS_OP_BINARY:
		if (rx->msgop != 0)
			return fail(rx, WS_CLOSE_PROTOCOL,
			    "a new message inside a fragmented one");
		rx->msgop = rx->opcode;
		break;
	case WS_OP_CLOSE:
	case WS_OP_PING:
	case WS_OP_PONG:
		if (!rx->fin)
			return fail(rx, WS_CLOSE_PROTOCOL,
			    "a fragmented control frame");
		break;
	default:
		return fail(rx, WS_CLOSE_PROTOCOL, "an unknown opcode");
	}
	return WS_NEED_MORE;
}

/* A frame's payload length, once known: a message over the limit is refused before its bytes come. */
static int
set_length(struct ws_rx *rx, uint64_t len)
{
	rx->left = len;
	if (!is_control(rx->opcode) && len > rx->max - rx->msg.len)
		return fail(rx, WS_CLOSE_TOO_BIG, "a message over the limit");
	return WS_NEED_MORE;
}

/* The mask bit and the 7-bit length, which also tell how long the head is. */
static int
second_byte(struct ws_rx *rx, unsigned char c)
{
	unsigned len = c & 0x7f;

	if (!(c & 0x80))
		return fail(rx, WS_CLOSE_PROTOCOL, "an unmasked frame");
	if (is_control(rx->opcode) && len > WS_CONTROL_MAX)
		return fail(rx, WS_CLOSE_PROTOCOL,
		    "a control frame over 125 bytes");
	/* the extended length, if any, then the 4-byte masking key */
	rx->headneed = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0) + 4;
	if (len < 126)
		return set_length(rx, len);
	return WS_NEED_MORE;
}

/* The 16- or 64-bit extended length, big-endian (RFC 6455 5.2). */
static int
extended_length(struct ws_rx *rx)
{
	uint64_t len = 0;
	size_t i;

	for (i = 2; i < rx->headlen; i++)
		len = len << 8 | rx->head[i];
	if (len >> 63)
		return fail(rx, WS_CLOSE_PROTOCOL,
		    "a 64-bit length with its top bit set");
	if (len < (rx->headlen == 4 ? 126 : 65536))
		return fail(rx, WS_CLOSE_PROTOCOL,
		    "a length not in its shortest form");
	return set_length(rx, len);
}

static int
head_byte(struct ws_rx *rx, unsigned char c)
{
	rx->head[rx->headlen++] = c;
	if (rx->headlen == 1)
		return first_byte(rx, c);
	if (rx->headlen == 2)
		return second_byte(rx, c);
	if (rx->headneed > 6 && rx->headlen == rx->headneed - 4)
		return extended_length(rx);
	return WS_NEED_MORE;
}

/* Unmask k bytes of payload into the message or the control frame's buffer. */
static int
payload(struct ws_rx *rx, const unsigned char *s, size_t k)
{
	const unsigned char *mask = rx->head + rx->headneed - 4;
	unsigned char *dst;
	size_t i;

	if (is_control(rx->opcode)) {
		dst = rx->ctl + rx->ctllen;
		rx->ctllen += k;
	} else {
		if (buf_reserve(&rx->msg, k) == -1)
			return fail(rx, WS_CLOSE_INTERNAL, "out of memory");
		dst = (unsigned char *)rx->msg.p + rx->msg.len;
		rx->msg.len += k;
		rx->msg.p[rx->msg.len] = '\0';
	}
	for (i = 0; i < k; i++)
		dst[i] = s[i] ^ mask[rx->maskpos++ & 3];
	rx->left -= k;
	if (rx->msgop == WS_OP_TEXT && !is_control(rx->opcode) &&
	    text_check(rx) == -1)
		return fail(rx, WS_CLOSE_NOT_UTF8, "text that is not UTF-8");
	return WS_NEED_MORE;
}

/* A whole control frame: its event, with the payload and for a close its code and reason. */
static int
control(struct ws_rx *rx)
{
	unsigned code;

	rx->ctl[rx->ctllen] = '\0';
	rx->data = (const char *)rx->ctl;
	rx->len = rx->ctllen;
	rx->ctllen = 0;
	if (rx->opcode == WS_OP_PING)
		return WS_PING;
	if (rx->opcode == WS_OP_PONG)
		return WS_PONG;
	if (rx->len == 0) {
		rx->code = WS_CLOSE_NO_STATUS;
		return WS_CLOSE;
	}
	if (rx->len == 1)
		return fail(rx, WS_CLOSE_PROTOCOL, "a close payload of 1 byte");
	code = (unsigned)rx->ctl[0] << 8 | rx->ctl[1];
	if (!close_code_ok(code))
		return fail(rx, WS_CLOSE_PROTOCOL, "a close code not to be sent");
	rx->data += 2;
	rx->len -= 2;
	if (!utf8_valid(rx->data, rx->len))
		return fail(rx, WS_CLOSE_NOT_UTF8,
		    "a close reason that is not UTF-8");
	rx->code = (int)code;
	return WS_CLOSE;
}

/* A whole frame: a control frame's event, a message once its last fragment is in, or nothing yet. */
static int
frame_end(struct ws_rx *rx)
{
	int op = rx->msgop;

	rx->headlen = 0;
	rx->headneed = 2;
	rx->maskpos = 0;
	if (is_control(rx->opcode))
		return control(rx);
	if (!rx->fin)
		return WS_NEED_MORE;
	if (op == WS_OP_TEXT && rx->checked != rx->msg.len)
		return fail(rx, WS_CLOSE_NOT_UTF8,
		    "text that ends inside a character");
	rx->msgop = 0;
	rx->data = rx->msg.p != NULL ? rx->msg.p : "";
	rx->len = rx->msg.len;
	return op == WS_OP_TEXT ? WS_TEXT : WS_BINARY;
}

int
ws_rx_feed(struct ws_rx *rx, const void *p, size_t n, size_t *used)
{
	const unsigned char *s = p;
	size_t i = 0, k;
	int ev = WS_NEED_MORE;

	if (rx->event == WS_CLOSE || rx->event == WS_ERROR) {
		if (used != NULL)
			*used = 0;
		return rx->event;
	}
	/* The message was the last event's: its memory is kept for the next. */
	if (rx->event == WS_TEXT || rx->event == WS_BINARY) {
		buf_reset(&rx->msg);
		rx->checked = 0;
	}
	rx->data = "";
	rx->len = 0;
	while (ev == WS_NEED_MORE && i < n) {
		if (rx->headlen < rx->headneed)
			ev = head_byte(rx, s[i++]);
		else {
			k = rx->left < n - i ? (size_t)rx->left : n - i;
			ev = payload(rx, s + i, k);
			i += k;
		}
		if (ev == WS_NEED_MORE && rx->headlen == rx->headneed &&
		    rx->left == 0)
			ev = frame_end(rx);
	}
	rx->event = ev;
	if (used != NULL)
		*used = i;
	return ev;
}

/* Head and payload of an unmasked control frame (n <= 125). */
static size_t
control_frame(unsigned char out[WS_CONTROL_FRAME_MAX], int opcode,
    const void *payload, size_t n)
{
	size_t h = ws_frame_head(out, opcode, 1, n);

	if (n > 0)
		memcpy(out + h, payload, n);
	return h + n;
}

size_t
ws_frame_head(unsigned char out[WS_HEAD_MAX], int opcode, int fin,
    uint64_t len)
{
	size_t i;

	out[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
	if (len < 126) {
		out[1] = (unsigned char)len;
		return 2;
	}
	if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		return 4;
	}
	out[1] = 127;
	for (i = 0; i < 8; i++)
		out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
	return 10;
}

size_t
ws_close_frame(unsigned char out[WS_CONTROL_FRAME_MAX], int code,
    const char *reason)
{
	unsigned char body[WS_CONTROL_MAX];
	size_t n;

	if (code == WS_CLOSE_NO_STATUS)
		return control_frame(out, WS_OP_CLOSE, NULL, 0);
	n = reason != NULL ? strlen(reason) : 0;
	if (n > WS_CONTROL_MAX - 2) {
		/* Back to the lead byte of a character the cut would split. */
		n = WS_CONTROL_MAX - 2;
		while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80)
			n--;
	}
	body[0] = (unsigned char)(code >> 8);
	body[1] = (unsigned char)code;
	if (n > 0)
		memcpy(body + 2, reason, n);
	return control_frame(out, WS_OP_CLOSE, body, 2 + n);
}

size_t
ws_pong_frame(unsigned char out[WS_CONTROL_FRAME_MAX], const void *payload,
    size_t n)
{
	if (n > WS_CONTROL_MAX)
		return 0;
	return control_frame(out, WS_OP_PONG, payload, n);
}
