/* httpc: one HTTP/1.1 request and its response, for webhooks; https through curl(1). */
#ifndef HB_HTTPC_H
#define HB_HTTPC_H

#include <stddef.h>

#include "buf.h"

#define HTTPC_BODY_MAX		(64u << 10)	/* bytes of a response body kept */
#define HTTPC_HEAD_MAX		(16u << 10)	/* bytes of a response head, and of its trailers */
#define HTTPC_FIELDS_MAX	100		/* fields in either */
#define HTTPC_TIMEOUT		10.0		/* seconds, when the request says none */

struct http_req {
	const char		*method;	/* "POST" */
	const char		*url;
	const char *const	*headers;	/* NULL-ended "Name: value", or NULL */
	const void		*body;
	size_t			 body_len;
	double			 timeout;	/* seconds for the whole exchange; <= 0: 10 */
	const char		*curl;		/* program for https://; NULL: "curl" from PATH */
};

struct http_resp {
	int		 status;	/* 100-599 */
	struct buf	 body;		/* at most HTTPC_BODY_MAX bytes; NUL-terminated once complete */
	char		 why[256];	/* on failure: what went wrong, for a log line */
};

/*
 * Send the request and read the response, within req->timeout seconds
 * in all: http:// over a socket of ours, https:// by curl(1), the body on
 * its standard input. Interim (1xx) responses are skipped; what a body
 * holds beyond HTTPC_BODY_MAX is read and dropped. The caller's headers
 * must be "Name: value" without CR or LF, and none of Host, User-Agent,
 * Content-Length, Transfer-Encoding and Connection, which are ours: else
 * nothing is sent. SIGPIPE is never raised. resp is cleared first (free
 * what it held before). 0 when a response came, whatever its status; -1
 * when none did, with resp->why. http_resp_free releases resp either way.
 *
 * getaddrinfo(3) cannot be given a deadline: a name lookup takes what the
 * resolver's timeout and attempts allow (resolv.conf(5)) on top.
 */
int	http_request(const struct http_req *, struct http_resp *);
void	http_resp_free(struct http_resp *);

/*
 * The response parser, apart so it can be fuzzed: bytes are fed as they
 * come, split anywhere. It holds no memory of its own (the line being
 * read is kept inside), so there is nothing to free but the response.
 */
struct http_parser {
	struct http_resp	*resp;
	int			 state;
	int			 head;		/* a response to HEAD: no body */
	int			 seen;		/* a byte came */
	int			 te;		/* Transfer-Encoding was given */
	int			 chunked;	/* its last coding is chunked */
	int			 has_len;	/* Content-Length was given */
	int			 framing;	/* the last field was one of those two */
	int			 fields;	/* in the head, or in the trailers */
	size_t			 section;	/* bytes of either so far */
	unsigned long long	 len;		/* Content-Length */
	unsigned long long	 left;		/* of the body or of the chunk */
	size_t			 linelen;
	char			 line[HTTPC_HEAD_MAX + 1];
};

/* Start on a response into resp (cleared); head: it answers a HEAD. */
void	http_parser_init(struct http_parser *, struct http_resp *, int head);
/*
 * The next n bytes of the response. 1 when it is complete (what follows
 * it is ignored), 0 when more is needed, -1 when it is malformed (why).
 */
int	http_parser_feed(struct http_parser *, const char *p, size_t n);
/* The peer closed: 1 complete (as a body read until the close is), -1 truncated (why). */
int	http_parser_eof(struct http_parser *);

#endif
