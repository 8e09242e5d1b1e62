/* ws: RFC 6455 WebSocket for a server: the handshake's accept value, a parser of what a client sends, the frames a server writes. */
#ifndef HB_WS_H
#define HB_WS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define WS_ACCEPT_LEN	28	/* chars of a Sec-WebSocket-Accept value */
#define WS_CONTROL_MAX	125	/* payload bytes of a control frame */
#define WS_HEAD_MAX	10	/* bytes of the head of a frame a server sends */
#define WS_CONTROL_FRAME_MAX	(2 + WS_CONTROL_MAX)	/* bytes of a whole control frame a server sends */

/* Opcodes (RFC 6455 5.2). */
#define WS_OP_CONT	0
#define WS_OP_TEXT	1
#define WS_OP_BINARY	2
#define WS_OP_CLOSE	8
#define WS_OP_PING	9
#define WS_OP_PONG	10

/* Close codes (RFC 6455 7.4.1). */
#define WS_CLOSE_NORMAL		1000
#define WS_CLOSE_GOING_AWAY	1001
#define WS_CLOSE_PROTOCOL	1002	/* the peer broke the framing rules */
#define WS_CLOSE_NO_STATUS	1005	/* never sent: a close that had no code */
#define WS_CLOSE_NOT_UTF8	1007	/* text that is not UTF-8 */
#define WS_CLOSE_TOO_BIG	1009	/* a message over the limit */
#define WS_CLOSE_INTERNAL	1011	/* the server failed: out of memory */

/*
 * The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key:
 * base64 of the SHA-1 of the key and RFC 6455's GUID, into out with
 * its NUL. 0, or -1 (out untouched) when the key is not the base64 of
 * 16 bytes: 24 characters, padded, strictly as lib/base64 decodes.
 */
int	ws_accept_key(const char *client_key, char out[WS_ACCEPT_LEN + 1]);

/* What ws_rx_feed found. */
enum {
	WS_NEED_MORE,	/* all the bytes were taken: feed more */
	WS_TEXT,	/* a whole text message, reassembled: valid UTF-8 */
	WS_BINARY,	/* a whole binary message, reassembled */
	WS_PING,	/* a ping: answer with ws_pong_frame(data, len) */
	WS_PONG,	/* a pong: data, len is its payload */
	WS_CLOSE,	/* a close: code, and the reason in data, len */
	WS_ERROR	/* the client broke the protocol: close with code */
};

/*
 * The parser of one connection's frames from a client. The event's
 * fields are valid until the next call; data may point inside the
 * struct, which must then not be copied or moved.
 */
struct ws_rx {
	/* the last event's */
	const char	*data;	/* its payload, unmasked, NUL after it; "" for none */
	size_t		 len;	/* bytes at data (a payload may hold NULs) */
	int		 code;	/* WS_CLOSE: the client's, WS_CLOSE_NO_STATUS if none;
				   WS_ERROR: the code to close with */
	const char	*why;	/* WS_ERROR: what was wrong, for a log or a reason */

	/* the parser's own */
	size_t		 max;		/* bytes of a message */
	int		 event;		/* the last one returned */
	unsigned char	 head[14];	/* of the frame being read */
	size_t		 headlen;	/* bytes of head so far */
	size_t		 headneed;	/* bytes of the whole head, as far as known */
	int		 fin;
	int		 opcode;
	int		 msgop;		/* WS_OP_TEXT or _BINARY while a message is read, else 0 */
	uint64_t	 left;		/* payload bytes of the frame yet to come */
	size_t		 maskpos;	/* payload bytes of the frame so far */
	struct buf	 msg;		/* the message so far, unmasked */
	size_t		 checked;	/* bytes of msg that are whole UTF-8 characters */
	unsigned char	 ctl[WS_CONTROL_MAX + 1];	/* a control frame's payload and a NUL */
	size_t		 ctllen;
};

/* Ready for a connection's first frame; a message over max bytes is refused. */
void	ws_rx_init(struct ws_rx *, size_t max);
/* Free the message's memory; the parser is as after init, and reusable. */
void	ws_rx_free(struct ws_rx *);

/*
 * Feed the next n bytes from the client, split anywhere. At most one
 * event comes of a call: *used (when not NULL) is how many bytes it
 * took, all n with WS_NEED_MORE, else up to the end of the frame that
 * made the event (for WS_ERROR, up to where the fault showed); feed
 * the rest again. Control frames (ping, pong,
 * close) may come between the fragments of a message; a message is
 * delivered whole, once its last fragment is in.
 *
 * WS_ERROR, with code and why, is the verdict on:
 *   1002 an unmasked frame; RSV bits set (no extension is agreed); an
 *        opcode other than 0, 1, 2, 8, 9, 10; a control frame without
 *        FIN or over 125 bytes; a continuation frame with no message
 *        to continue, a text or binary frame while a message is still
 *        in progress; a 64-bit length with its top bit set; a length
 *        not in its shortest form (RFC 6455 5.2 says MUST, and one
 *        frame then has one encoding); a close payload of 1 byte; a
 *        close code a close frame may not carry (those of RFC 6455
 *        7.4 and the IANA registry it set up: 1000-1003, 1007-1014,
 *        3000-4999 are allowed)
 *   1007 a text message that is not UTF-8, told as early as its bytes
 *        so far cannot begin valid UTF-8 (even in a fragment before
 *        the last, while a character split between fragments passes);
 *        a close reason that is not UTF-8
 *   1009 a message whose fragments add up to more than max bytes, told
 *        from a frame's length before its payload comes
 *   1011 out of memory
 * WS_CLOSE and WS_ERROR are final: feeding more returns the same again,
 * with the same fields, and takes nothing.
 */
int	ws_rx_feed(struct ws_rx *, const void *p, size_t n, size_t *used);

/*
 * The head of an unmasked frame of len bytes (below 2^63) into out,
 * the length in its shortest form; the bytes of the head: 2, 4 or 10.
 * fin is 0 for a fragment with more to follow, else 1.
 */
size_t	ws_frame_head(unsigned char out[WS_HEAD_MAX], int opcode, int fin,
	    uint64_t len);
/*
 * A whole close frame into out; its bytes. code is what to send, or
 * WS_CLOSE_NO_STATUS for a close with no code and no reason (the answer
 * to a close that had none); reason, UTF-8 or NULL, is cut at a
 * character's edge to fit in 123 bytes.
 */
size_t	ws_close_frame(unsigned char out[WS_CONTROL_FRAME_MAX], int code,
	    const char *reason);
/* A whole pong frame echoing a ping's n bytes into out; its bytes, or 0 when n is over 125. */
size_t	ws_pong_frame(unsigned char out[WS_CONTROL_FRAME_MAX],
	    const void *payload, size_t n);

#endif
