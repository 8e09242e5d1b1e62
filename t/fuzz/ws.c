/*
 * Fuzz target: the WebSocket frame parser, fed a client's bytes whole and
 * in random splits, must agree with itself and keep its invariants; the
 * accept value takes only good keys.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "ws.h"

#define EVENTS_MAX	64	/* events read from one input */
#define PREFIX		5	/* bytes that choose the limit and the splits */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a server sees of one event, and where it ended. */
struct seen {
	int		 ev;
	int		 code;
	size_t		 len;
	uint32_t	 hash;
	size_t		 end;	/* 0 for an error: how early it is told may vary */
};

static struct seen whole[EVENTS_MAX], split[EVENTS_MAX];

static int
close_code_ok(int code)
{
	return code == WS_CLOSE_NO_STATUS || (code >= 1000 && code <= 1003) ||
	    (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

static void
check(const struct ws_rx *rx, int ev, size_t max)
{
	if (rx->data == NULL || rx->data[rx->len] != '\0')
		abort();
	switch (ev) {
	case WS_TEXT:
		if (!utf8_valid(rx->data, rx->len))
			abort();
		/* FALLTHROUGH */
	case WS_BINARY:
		if (rx->len > max)
			abort();
		break;
	case WS_PING:
	case WS_PONG:
		if (rx->len > WS_CONTROL_MAX)
			abort();
		break;
	case WS_CLOSE:
		if (rx->len > WS_CONTROL_MAX - 2 || !close_code_ok(rx->code) ||
		    !utf8_valid(rx->data, rx->len) ||
		    (rx->code == WS_CLOSE_NO_STATUS && rx->len != 0))
			abort();
		break;
	case WS_ERROR:
		if ((rx->code != WS_CLOSE_PROTOCOL &&
		    rx->code != WS_CLOSE_NOT_UTF8 &&
		    rx->code != WS_CLOSE_TOO_BIG &&
		    rx->code != WS_CLOSE_INTERNAL) || rx->why == NULL ||
		    rx->len != 0)
			abort();
		break;
	default:
		abort();
	}
}

static void
note(struct seen *s, const struct ws_rx *rx, int ev, size_t end)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->ev = ev;
	s->code = ev == WS_CLOSE || ev == WS_ERROR ? rx->code : 0;
	s->len = rx->len;
	s->hash = 2166136261u;
	for (i = 0; i < rx->len; i++)
		s->hash = (s->hash ^ (uint8_t)rx->data[i]) * 16777619u;
	s->end = ev == WS_ERROR ? 0 : end;
}

/* The events of the n bytes, in pieces of 1 to 64 bytes drawn from seed (0: whole). */
static size_t
parse(const uint8_t *data, size_t n, uint32_t seed, size_t max,
    struct seen *seen)
{
	struct ws_rx rx;
	size_t off = 0, k, used, count = 0;
	int ev = WS_NEED_MORE;

	ws_rx_init(&rx, max);
	while (off < n && count < EVENTS_MAX) {
		k = n - off;
		if (seed != 0) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			if (k > 1 + seed % 64)
				k = 1 + seed % 64;
		}
		ev = ws_rx_feed(&rx, data + off, k, &used);
		if (used > k || (ev == WS_NEED_MORE && used != k))
			abort();
		off += used;
		if (ev == WS_NEED_MORE)
			continue;
		check(&rx, ev, max);
		note(&seen[count++], &rx, ev, off);
		if (ev == WS_CLOSE || ev == WS_ERROR)
			break;
	}
	/* the verdict stays */
	if ((ev == WS_CLOSE || ev == WS_ERROR) &&
	    (ws_rx_feed(&rx, "\x81", 1, &used) != ev || used != 0 ||
	    rx.code != seen[count - 1].code))
		abort();
	ws_rx_free(&rx);
	return count;
}

/* A key is accepted only when it is 24 characters; its value is always 28. */
static void
accept_key(const uint8_t *data, size_t n)
{
	char key[32], out[WS_ACCEPT_LEN + 1];

	if (n > sizeof(key) - 1)
		n = sizeof(key) - 1;
	memcpy(key, data, n);
	key[n] = '\0';
	if (ws_accept_key(key, out) == 0 &&
	    (strlen(key) != 24 || strlen(out) != WS_ACCEPT_LEN ||
	    out[WS_ACCEPT_LEN - 1] != '='))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const size_t maxes[] = { 1 << 16, 0, 16, 200, 70000 };
	size_t max = maxes[0], nw, ns, i;
	uint32_t seed = 0;

	accept_key(data, n);
	if (n >= PREFIX) {
		max = maxes[data[0] % 5];
		memcpy(&seed, data + 1, 4);
		data += PREFIX;
		n -= PREFIX;
	}
	nw = parse(data, n, 0, max, whole);
	ns = parse(data, n, seed | 1, max, split);
	if (nw != ns)
		abort();
	for (i = 0; i < nw; i++)
		if (memcmp(&whole[i], &split[i], sizeof(whole[i])) != 0)
			abort();
	return 0;
}
