/* proto: hb-proto(5) messages, decoded from untrusted datagrams and encoded for sending. */
#ifndef HB_PROTO_H
#define HB_PROTO_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

#define PROTO_PORT	50003
#define PROTO_MAX_DGRAM	65507		/* the most one UDP datagram holds */
#define PROTO_MAX_BODY	(1u << 20)	/* inflated */
#define PROTO_MAX_DEPTH	32
#define PROTO_NAME_MAX	253
#define PROTO_ZTHRESHOLD 512		/* compress bodies larger than this */
#define PROTO_VERSION	1
#define PROTO_SEQ_MAX	9007199254740991LL	/* 2^53 - 1 */
#define PROTO_NO_CODE	(-1LL - 9223372036854775807LL)	/* RUN without a code */

enum proto_type {
	MSG_HTB, MSG_BOOT, MSG_SHUT, MSG_MSG, MSG_PLG, MSG_SVC, MSG_RUN,
	MSG_ACK, MSG_NTYPES
};

/* Why a datagram was refused; the order is that of the checks. */
enum proto_reason {
	PR_OK, PR_TOO_BIG, PR_BAD_FORMAT, PR_BAD_ZLIB, PR_INFLATE_CAP,
	PR_BAD_JSON, PR_TRAILING, PR_UNKNOWN_ID, PR_BAD_NAME, PR_BAD_FIELD,
	PR_NOMEM, PR_NREASONS
};

/*
 * A message. Strings are NUL-terminated and hold no NUL; absent optional
 * fields are NULL, or -1 for numbers that cannot be negative (code:
 * PROTO_NO_CODE). A decoded message points into its decoder and lives until
 * the next decode. proto_encode writes what it is given: the sender builds
 * valid messages.
 */
struct hb_msg {
	enum proto_type	 type;
	const char	*name;
	long long	 seq;		/* -1: absent */
	double		 ts;		/* -1: absent */
	double		 interval;	/* HTB, SVC */
	double		 rtt;		/* HTB, ms */
	const char	*version;	/* HTB: the agent's */
	const char	*text;		/* MSG */
	const char	*plugin;	/* PLG */
	const struct json *data;	/* PLG: an object */
	const char	*service;	/* SVC */
	const char	*status;	/* SVC: "ok" or "error" */
	const char	*error;		/* SVC */
	const char	*job;		/* RUN */
	const char	*phase;		/* RUN: "start" or "end" */
	long long	 code;		/* RUN: exit status */
	double		 duration;	/* RUN, s */
	const char	*output;	/* RUN: the tail of the job's output */
	const struct json *cmd;		/* ACK: an array of action names */
	const struct json *root;	/* decoded: the whole object */
	const char	*body;		/* decoded: its JSON text */
	size_t		 bodylen;
	int		 oneline;	/* decoded: the body has no line break, so
					   its pieces (json off, rawlen) can go
					   into JSON lines as they came */
};

struct zbody;

/* A decoder: buffers reused from one datagram to the next. */
struct proto_dec {
	struct json_doc	 doc;
	struct buf	 inflated;
	struct zbody	*z;
	char		 detail[128];	/* what exactly was wrong, for the log */
};

#define PROTO_DEC_INIT { JSON_DOC_INIT, BUF_INIT, NULL, "" }

/* Set every field of m to absent, with type t and name. */
void	proto_msg_init(struct hb_msg *m, enum proto_type t, const char *name);
/*
 * Decode one datagram of n bytes into m. Every limit of hb-proto(5) is
 * checked before the work it guards. PR_OK, or the reason it was refused
 * with d->detail saying more.
 */
enum proto_reason proto_decode(struct proto_dec *d, const void *dgram,
	    size_t n, struct hb_msg *m);
void	proto_dec_free(struct proto_dec *);
/*
 * Append m as a datagram to out: its JSON, zlib-compressed when longer than
 * zthreshold bytes. 0, or -1 when out of memory or when the datagram would
 * exceed PROTO_MAX_DGRAM (errno EMSGSIZE).
 */
int	proto_encode(const struct hb_msg *m, size_t zthreshold, struct buf *out);

/* Does s (n bytes) follow the name syntax [A-Za-z0-9][A-Za-z0-9._-]{0,252}? 1 or 0. */
int	proto_name_ok(const char *s, size_t n);
/* "HTB", "BOOT", ... */
const char *proto_type_name(enum proto_type);
/* "too_big", "bad_zlib", ...: the names used in statistics and logs. */
const char *proto_reason_name(enum proto_reason);

#endif
