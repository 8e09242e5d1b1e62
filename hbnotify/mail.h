/* mail: one text/plain UTF-8 message, headers and body with LF line ends, for `sendmail -t -i` to read. */
#ifndef HBNOTIFY_MAIL_H
#define HBNOTIFY_MAIL_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

#define MAIL_ADDR_MAX	254	/* bytes: RFC 5321's path less "<>" */
#define MAIL_TEXT_MAX	250	/* characters of a subject, a name */

struct mail {
	const char	*from;		/* addr-spec */
	const char	*from_name;	/* display name or NULL, e.g. "hb on monitor-1" */
	const char *const *to;		/* addr-specs */
	size_t		 nto;
	const char	*subject;	/* UTF-8, any text (may hold control characters: they become spaces) */
	const char	*body;		/* UTF-8 text, LF line ends */
	time_t		 date;
	const char	*message_id;	/* "<...@...>" made by the caller */
	const char *const *headers;	/* extra "Name: value" (ASCII), NULL-ended, or NULL */
};

/*
 * 1 when addr is a plain addr-spec we will put in a header: an ASCII
 * dot-atom local part of at most 64 bytes, '@', a domain of LDH labels
 * of at most 253 bytes, at most MAIL_ADDR_MAX in all, not starting with
 * '-' (it could reach sendmail's argv); else 0. No quotes, no comments,
 * no brackets, no spaces, no address literals.
 */
int	mail_addr_ok(const char *addr);

/*
 * Append the message to out: From, To, Subject (cleaned: controls as
 * spaces, U+FFFD for bytes that are not UTF-8, cut to MAIL_TEXT_MAX
 * characters, RFC 2047 encoded-words unless it is plain ASCII), Date in
 * UTC, Message-ID, the MIME headers, the extra headers, a blank line
 * and the body (cleaned alike but for controls, CR LF as LF, ending with
 * LF; 7bit when it can be, else quoted-printable). 0, or -1 with *why
 * in words (a bad address, Message-ID or extra header, a date out of
 * range, no memory) and out as it was.
 */
int	mail_compose(struct buf *out, const struct mail *, const char **why);

#endif
