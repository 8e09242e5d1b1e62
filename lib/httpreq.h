/* httpreq: HTTP/1.1 requests as a server reads them; their paths and queries. */
#ifndef HB_HTTPREQ_H
#define HB_HTTPREQ_H

#include <stddef.h>

#include "buf.h"

/*
 * Limits: the request line without its line end; the head after it,
 * line ends and the empty line counted, trailers after the body too;
 * the fields of both; a chunk-size line with its extensions; a method.
 */
#define HTTPREQ_LINE_MAX	8192
#define HTTPREQ_HEAD_MAX	32768
#define HTTPREQ_FIELDS_MAX	100
#define HTTPREQ_CHUNK_LINE_MAX	1024
#define HTTPREQ_METHOD_MAX	15

struct httpreq_field {
	const char	*name;		/* a token, as it came */
	const char	*value;		/* OWS trimmed; may be "" */
};

/*
 * One request. The pointers point inside the struct itself, so it must
 * not be copied or moved while they are used. All is set once
 * httpreq_feed returned 1; the request line's parts and the fields as
 * soon as they are read. started and head_done tell a server where it
 * is: an EOF before started is a clean close, and a 100 Continue is due
 * once head_done with expect_continue.
 */
struct httpreq {
	char		 method[HTTPREQ_METHOD_MAX + 1];  /* a token, case kept */
	const char	*target;	/* as it came: "/a%20b?x=1" */
	const char	*path;		/* decoded, canonical: "/a b"; or "*" */
	const char	*query;		/* raw, after '?' (maybe ""), or NULL */
	int		 minor;		/* HTTP/1.minor: 0 or 1 (1.2 is 1) */
	struct httpreq_field fields[HTTPREQ_FIELDS_MAX];  /* in order */
	size_t		 nfields;
	unsigned long long content_length;	/* when has_length */
	int		 has_length;	/* Content-Length framed the body */
	int		 chunked;	/* chunked framed it */
	int		 keep_alive;	/* another request may follow */
	int		 expect_continue;	/* Expect: 100-continue (1.1) */
	int		 started;	/* a byte of a request line came */
	int		 head_done;	/* the head is read; a body may follow */
	struct buf	 body;		/* <= body_max bytes; a string when complete */

	/* the parser's own */
	size_t		 body_max;
	int		 state;
	int		 status;	/* the verdict once bad */
	int		 nblank;	/* empty lines before the request line */
	int		 te;		/* Transfer-Encoding was given */
	int		 conn_close;	/* Connection: close */
	int		 conn_keep;	/* Connection: keep-alive */
	int		 has_host;
	size_t		 ntrailers;	/* trailer fields so far */
	unsigned long long left;	/* of the body or of the chunk */
	size_t		 section;	/* bytes of the head and trailers so far */
	size_t		 storelen;	/* of store, in use by lines kept */
	size_t		 linelen;	/* of the line being read */
	char		 store[HTTPREQ_LINE_MAX + 2 + HTTPREQ_HEAD_MAX + 1];
	char		 cline[HTTPREQ_CHUNK_LINE_MAX + 3];
	char		 pathbuf[HTTPREQ_LINE_MAX + 1];
};

/* Ready for a first request; a body over body_max bytes is 413. */
void	httpreq_init(struct httpreq *, size_t body_max);
/* Ready for the next request on the connection; the body's memory kept. */
void	httpreq_reset(struct httpreq *);
/* Free the body's memory; the request is as after init, and reusable. */
void	httpreq_free(struct httpreq *);

/*
 * Feed the next n bytes, split anywhere. *used (when not NULL) is how
 * many of them belong to this request: the rest begins the next,
 * pipelined one (reset, then feed it those). 1 the request is complete,
 * 0 more is needed, or the status to answer a bad one with (the
 * connection is then to be closed: keep_alive is 0):
 *   400 malformed: the request line, a field line (obs-fold, a space
 *       before the colon, control characters), Content-Length (not
 *       digits, over 2^63-1, two different ones), no or two Host in
 *       HTTP/1.1, a bad path, chunked framing
 *   411 POST, PUT or PATCH with neither Content-Length nor chunked
 *   413 a body over body_max (told from Content-Length before it comes)
 *   414 a request line over HTTPREQ_LINE_MAX bytes
 *   431 header (and trailer) fields over HTTPREQ_HEAD_MAX bytes or
 *       HTTPREQ_FIELDS_MAX fields
 *   500 out of memory
 *   501 a transfer coding other than chunked, a method not a token
 *   505 a version other than HTTP/1.x
 * The verdict stays: feeding more returns it again, using nothing.
 * Transfer-Encoding with Content-Length: chunked frames the body, and
 * keep_alive is 0 so that a request smuggled in the difference never
 * runs. Trailers are read, bounded and dropped.
 */
int	httpreq_feed(struct httpreq *, const char *p, size_t n, size_t *used);

/* The value of the first header field so named (any case), or NULL. */
const char *httpreq_header(const struct httpreq *, const char *name);

/*
 * Percent-decode the n bytes of a path and make it canonical: "//" and
 * "." segments go, ".." takes the segment before with it; a trailing
 * '/' stays ("/a/b/.." is "/a/"). -1 for what does not start with '/',
 * a bad % escape, a NUL or other control character (encoded or not),
 * an encoded '/', a ".." above "/", or a result that does not fit in
 * out (outsize > n always suffices); else 0 and the result in out.
 */
int	http_path_canon(const char *in, size_t n, char *out, size_t outsize);

/*
 * The value of the first name=value pair so named in a query string or
 * an application/x-www-form-urlencoded body ('&' between pairs, '+' a
 * space, %XX a byte; a pair without '=' has the value ""), decoded into
 * out. 1 found, 0 absent, -1 when the query has a bad escape or an
 * encoded NUL anywhere, or the value does not fit in out.
 */
int	http_query_get(const char *query, const char *name, char *out,
	    size_t outsize);

#endif
