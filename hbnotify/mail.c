/* mail: compose a message for sendmail, so that nothing a check prints can add a header or a recipient. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "mail.h"
#include "utf8.h"

#define LOCAL_MAX	64	/* RFC 5321 4.5.3.1.1 */
#define DOMAIN_MAX	253
#define LABEL_MAX	63
#define MSGID_MAX	250
#define FOLD_MAX	78	/* RFC 5322 2.1.1: SHOULD, for a line */
#define LINE_MAX_7BIT	998	/* RFC 5322 2.1.1: MUST */
#define EW_LINE_MAX	76	/* RFC 2047 2: a line with encoded-words */
#define EW_OPEN		"=?UTF-8?B?"
#define EW_CLOSE	"?="
#define EW_OVERHEAD	(sizeof(EW_OPEN) - 1 + sizeof(EW_CLOSE) - 1)
#define QP_LINE_MAX	76	/* RFC 2045 6.7 (5) */
#define REPLACEMENT	"\xEF\xBF\xBD"	/* U+FFFD */

static int
is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* A dot-atom: atext runs joined by single dots. */
static int
local_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i - 1] == '.')
				return 0;
		} else if (!is_atext((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int
label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LABEL_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!(s[i] == '-' || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

static int
domain_ok(const char *s, size_t n)
{
	size_t i, j;

	if (n == 0 || n > DOMAIN_MAX)
		return 0;
	for (i = 0;; i = j + 1) {
		for (j = i; j < n && s[j] != '.'; j++)
			;
		if (!label_ok(s + i, j - i))
			return 0;
		if (j == n)
			return 1;
	}
}

int
mail_addr_ok(const char *addr)
{
	const char *at;
	size_t n;

	if (addr == NULL || addr[0] == '-')
		return 0;
	if ((n = strnlen(addr, MAIL_ADDR_MAX + 1)) > MAIL_ADDR_MAX)
		return 0;
	if ((at = memchr(addr, '@', n)) == NULL)
		return 0;
	return local_ok(addr, (size_t)(at - addr)) &&
	    domain_ok(at + 1, n - (size_t)(at - addr) - 1);
}

/* C0, DEL and C1: what could end a header line or move a terminal's cursor. */
static int
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/*
 * At most max characters of s into b, controls as spaces (a subject
 * must stay one header), U+FFFD for each byte that is not UTF-8.
 */
static int
clean_text(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i, k, chars;
	uint32_t cp;
	int r;

	/* max characters take at most 4 * max bytes: never read further */
	n = strnlen(s, 4 * max);
	for (i = 0, chars = 0; i < n && chars < max; i += k, chars++) {
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0) {
			k = 1;
			r = buf_add(b, REPLACEMENT, 3);
		} else if (is_control(cp))
			r = buf_addc(b, ' ');
		else
			r = buf_add(b, s + i, k);
		if (r == -1)
			return -1;
	}
	return 0;
}

/*
 * The body into b: CR LF as LF, U+FFFD for each byte that is not UTF-8,
 * ending with LF unless empty.
 */
static int
clean_body(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, k, run;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		/* copy the longest run that needs nothing done in one go */
		for (run = i; run < n && p[run] < 0x80 && p[run] != '\r'; run++)
			;
		if (buf_add(b, s + i, run - i) == -1)
			return -1;
		if ((i = run) == n)
			break;
		if (p[i] == '\r') {
			k = 1;
			if (i + 1 < n && p[i + 1] == '\n')
				continue;
			if (buf_addc(b, '\r') == -1)
				return -1;
		} else if ((k = utf8_decode(p + i, n - i, &cp)) == 0) {
			k = 1;
			if (buf_add(b, REPLACEMENT, 3) == -1)
				return -1;
		} else if (buf_add(b, s + i, k) == -1)
			return -1;
	}
	if (b->len > 0 && b->p[b->len - 1] != '\n')
		return buf_addc(b, '\n');
	return 0;
}

/* Printable ASCII that no reader would take for an encoded-word. */
static int
is_plain(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return 0;
	return 1;
}

/*
 * Where the piece of ASCII text starting at i ends: at the next space
 * that follows a non-space, but not among the trailing spaces (from
 * end on), so that no folded line holds only spaces.
 */
static size_t
fold_next(const char *s, size_t i, size_t end, size_t n)
{
	for (i++; i < end; i++)
		if (s[i] == ' ' && s[i - 1] != ' ')
			return i;
	return n;
}

/*
 * ASCII text at column col, folded (LF before a space, so unfolding
 * gives it back) where a line would pass FOLD_MAX; into out, or only
 * measured when out is NULL. *widest: the longest line. 0 or -1.
 */
static int
fold(struct buf *out, size_t col, const char *s, size_t n, size_t *widest)
{
	size_t i, j, end;

	for (end = n; end > 0 && s[end - 1] == ' '; end--)
		;
	*widest = col;
	for (i = 0; i < n; i = j) {
		j = fold_next(s, i, end, n);
		if (i > 0 && col + (j - i) > FOLD_MAX) {
			if (out != NULL && buf_addc(out, '\n') == -1)
				return -1;
			col = 0;
		}
		if (out != NULL && buf_add(out, s + i, j - i) == -1)
			return -1;
		col += j - i;
		if (col > *widest)
			*widest = col;
	}
	return 0;
}

static int
base64(struct buf *out, const unsigned char *s, size_t n)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t v;
	char q[4];
	size_t i;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = digits[v >> 18 & 63];
		q[1] = digits[v >> 12 & 63];
		q[2] = i + 1 < n ? digits[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? digits[v & 63] : '=';
		if (buf_add(out, q, 4) == -1)
			return -1;
	}
	return 0;
}

/*
 * UTF-8 text (valid: cleaned) at column col as RFC 2047 encoded-words,
 * one a line, each line at most EW_LINE_MAX: a word holds only whole
 * characters, since a reader may decode each word on its own. The
 * column after the last word into *endcol.
 */
static int
encode_words(struct buf *out, size_t col, const char *s, size_t n,
    size_t *endcol)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, j, k, room;
	uint32_t cp;

	for (i = 0; i < n; i = j) {
		if (i > 0 || col + EW_OVERHEAD + 8 > EW_LINE_MAX) {
			if (buf_add(out, "\n ", 2) == -1)
				return -1;
			col = 1;
		}
		/* the bytes whose base64 fits: 4 characters per 3 bytes */
		room = (EW_LINE_MAX - col - EW_OVERHEAD) / 4 * 3;
		for (j = i; j < n; j += k) {
			if ((k = utf8_decode(p + j, n - j, &cp)) == 0)
				k = 1;
			if (j + k - i > room)
				break;
		}
		if (buf_adds(out, EW_OPEN) == -1 ||
		    base64(out, p + i, j - i) == -1 ||
		    buf_adds(out, EW_CLOSE) == -1)
			return -1;
		col += EW_OVERHEAD + (j - i + 2) / 3 * 4;
	}
	*endcol = col;
	return 0;
}

/* "From: addr", or with the display name quoted or encoded. */
static int
put_from(struct buf *out, const struct mail *m)
{
	struct buf name = BUF_INIT, v = BUF_INIT;
	size_t col, widest;
	int r = -1;

	if (clean_text(&name, m->from_name ? m->from_name : "",
	    MAIL_TEXT_MAX) == -1)
		goto done;
	if (name.len == 0) {
		r = buf_printf(out, "From: %s\n", m->from);
		goto done;
	}
	if (is_plain(name.p, name.len) && strpbrk(name.p, "\"\\") == NULL) {
		if (buf_printf(&v, "\"%s\" <%s>", name.p, m->from) == -1 ||
		    fold(NULL, 6, v.p, v.len, &widest) == -1)
			goto done;
		if (widest <= FOLD_MAX) {
			if (buf_adds(out, "From: ") == 0 &&
			    fold(out, 6, v.p, v.len, &widest) == 0)
				r = buf_addc(out, '\n');
			goto done;
		}
	}
	if (buf_adds(out, "From: ") == -1 ||
	    encode_words(out, 6, name.p, name.len, &col) == -1)
		goto done;
	r = buf_printf(out, "%s<%s>\n",
	    col + 3 + strlen(m->from) <= EW_LINE_MAX ? " " : "\n ", m->from);
done:
	buf_free(&name);
	buf_free(&v);
	return r;
}

/* "To: a, b", folded after a comma where a line would pass FOLD_MAX. */
static int
put_to(struct buf *out, const char *const *to, size_t nto)
{
	size_t i, n, col;

	if (buf_adds(out, "To: ") == -1)
		return -1;
	for (i = 0, col = 4; i < nto; i++) {
		n = strlen(to[i]);
		if (i > 0) {
			if (col + 2 + n > FOLD_MAX) {
				if (buf_add(out, ",\n ", 3) == -1)
					return -1;
				col = 1;
			} else {
				if (buf_add(out, ", ", 2) == -1)
					return -1;
				col += 2;
			}
		}
		if (buf_add(out, to[i], n) == -1)
			return -1;
		col += n;
	}
	return buf_addc(out, '\n');
}

/* The subject as is when plain ASCII that folds in FOLD_MAX, else encoded. */
static int
put_subject(struct buf *out, const char *subject)
{
	struct buf t = BUF_INIT;
	size_t widest, col;
	int r = -1;

	if (clean_text(&t, subject, MAIL_TEXT_MAX) == -1 ||
	    buf_adds(out, t.len > 0 ? "Subject: " : "Subject:") == -1)
		goto done;
	if (t.len == 0) {
		r = buf_addc(out, '\n');
		goto done;
	}
	if (is_plain(t.p, t.len)) {
		if (fold(NULL, 9, t.p, t.len, &widest) == -1)
			goto done;
		if (widest <= FOLD_MAX) {
			if (fold(out, 9, t.p, t.len, &widest) == 0)
				r = buf_addc(out, '\n');
			goto done;
		}
	}
	if (encode_words(out, 9, t.p, t.len, &col) == 0)
		r = buf_addc(out, '\n');
done:
	buf_free(&t);
	return r;
}

/* RFC 5322 3.3, in English whatever the locale, in UTC. */
static int
put_date(struct buf *out, const struct tm *tm)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};

	return buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\n",
	    days[tm->tm_wday], tm->tm_mday, months[tm->tm_mon],
	    tm->tm_year + 1900, tm->tm_hour, tm->tm_min, tm->tm_sec);
}

/* Quoted-printable, one line of the body (without its LF). */
static int
qp_line(struct buf *out, const char *s, size_t n)
{
	size_t i, end, col = 0, w;
	unsigned char c;
	char tok[4];

	/* trailing blanks are encoded: a transport may strip them */
	for (end = n; end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t');)
		end--;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 0x21 && c <= 0x7e && c != '=') ||
		    ((c == ' ' || c == '\t') && i < end)) {
			tok[0] = (char)c;
			w = 1;
		} else {
			tok[0] = '=';
			tok[1] = "0123456789ABCDEF"[c >> 4];
			tok[2] = "0123456789ABCDEF"[c & 15];
			w = 3;
		}
		/* room for a soft break's '=' but after the last */
		if (col + w > QP_LINE_MAX - 1 &&
		    !(i == n - 1 && col + w <= QP_LINE_MAX)) {
			if (buf_add(out, "=\n", 2) == -1)
				return -1;
			col = 0;
		}
		if (buf_add(out, tok, w) == -1)
			return -1;
		col += w;
	}
	return buf_addc(out, '\n');
}

/* The cleaned body (every line ends with LF) quoted-printable. */
static int
put_qp(struct buf *out, const char *s, size_t n)
{
	const char *nl;
	size_t i, len;

	for (i = 0; i < n; i += len + 1) {
		nl = memchr(s + i, '\n', n - i);
		len = nl != NULL ? (size_t)(nl - (s + i)) : n - i;
		if (qp_line(out, s + i, len) == -1)
			return -1;
	}
	return 0;
}

/* Printable ASCII, TAB and LF only, no line over LINE_MAX_7BIT bytes. */
static int
is_7bit(const char *s, size_t n)
{
	size_t i, col = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\n') {
			col = 0;
			continue;
		}
		if (c > 0x7e || (c < 0x20 && c != '\t'))
			return 0;
		if (++col > LINE_MAX_7BIT)
			return 0;
	}
	return 1;
}

/* "<left@right>" of printable ASCII, no spaces, no other brackets. */
static int
msgid_ok(const char *s)
{
	size_t n, i, at = 0;

	n = strnlen(s, MSGID_MAX + 1);
	if (n < 5 || n > MSGID_MAX || s[0] != '<' || s[n - 1] != '>' ||
	    s[1] == '@' || s[n - 2] == '@')
		return 0;
	for (i = 1; i < n - 1; i++) {
		if (s[i] <= ' ' || s[i] > 0x7e || s[i] == '<' || s[i] == '>')
			return 0;
		if (s[i] == '@')
			at++;
	}
	return at == 1;
}

/* A header we write ourselves: a second one would contradict it. */
static int
is_ours(const char *name, size_t n)
{
	static const char *const ours[] = {
		"From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
		"Content-Type", "Content-Transfer-Encoding"
	};
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (strlen(ours[i]) == n && strncasecmp(ours[i], name, n) == 0)
			return 1;
	return 0;
}

/* What is wrong with an extra header, or NULL. */
static const char *
header_bad(const char *h)
{
	const char *colon;
	size_t n, i;

	if ((n = strnlen(h, LINE_MAX_7BIT + 1)) > LINE_MAX_7BIT)
		return "extra header longer than 998 bytes";
	for (i = 0; i < n; i++) {
		if (h[i] == '\r' || h[i] == '\n')
			return "extra header holds CR or LF";
		if ((unsigned char)h[i] > 0x7f)
			return "extra header is not ASCII";
		if ((h[i] < 0x20 && h[i] != '\t') || h[i] == 0x7f)
			return "extra header holds a control character";
	}
	if ((colon = strstr(h, ": ")) == NULL || colon == h)
		return "extra header is not \"Name: value\"";
	for (i = 0; h + i < colon; i++)
		if (h[i] <= ' ' || h[i] == ':' || h[i] > 0x7e)
			return "extra header has a bad name";
	if (is_ours(h, i))
		return "extra header repeats one hbnotify writes";
	return NULL;
}

/* Everything that can be refused, before a byte is written. */
static const char *
mail_bad(const struct mail *m, struct tm *tm)
{
	const char *const *h;
	const char *why;
	size_t i;

	if (!mail_addr_ok(m->from))
		return "bad From address";
	if (m->to == NULL || m->nto == 0)
		return "no To address";
	for (i = 0; i < m->nto; i++)
		if (!mail_addr_ok(m->to[i]))
			return "bad To address";
	if (m->message_id == NULL || !msgid_ok(m->message_id))
		return "bad Message-ID";
	for (h = m->headers; h != NULL && *h != NULL; h++)
		if ((why = header_bad(*h)) != NULL)
			return why;
	/* RFC 5322 3.3: four digits, 1900 or later */
	if (gmtime_r(&m->date, tm) == NULL || tm->tm_year < 0 ||
	    tm->tm_year > 9999 - 1900)
		return "date out of range";
	return NULL;
}

static int
put_headers(struct buf *out, const struct mail *m, const struct tm *tm,
    int sevenbit)
{
	const char *const *h;

	if (put_from(out, m) == -1 || put_to(out, m->to, m->nto) == -1 ||
	    put_subject(out, m->subject ? m->subject : "") == -1 ||
	    put_date(out, tm) == -1 ||
	    buf_printf(out, "Message-ID: %s\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: %s\n", m->message_id,
	    sevenbit ? "7bit" : "quoted-printable") == -1)
		return -1;
	for (h = m->headers; h != NULL && *h != NULL; h++)
		if (buf_adds(out, *h) == -1 || buf_addc(out, '\n') == -1)
			return -1;
	return 0;
}

int
mail_compose(struct buf *out, const struct mail *m, const char **why)
{
	struct buf body = BUF_INIT;
	const char *bad, *b;
	size_t start = out->len;
	struct tm tm;
	int sevenbit, r;

	if ((bad = mail_bad(m, &tm)) != NULL) {
		if (why != NULL)
			*why = bad;
		return -1;
	}
	if (clean_body(&body, m->body ? m->body : "") == -1)
		goto fail;
	b = body.len > 0 ? body.p : "";
	sevenbit = is_7bit(b, body.len);
	if (put_headers(out, m, &tm, sevenbit) == -1 ||
	    buf_addc(out, '\n') == -1)
		goto fail;
	r = sevenbit ? buf_add(out, b, body.len) : put_qp(out, b, body.len);
	if (r == -1)
		goto fail;
	buf_free(&body);
	return 0;
fail:
	buf_free(&body);
	/* out as it was: no half message for a caller to send */
	out->len = start;
	if (out->cap > 0)
		out->p[start] = '\0';
	if (why != NULL)
		*why = "out of memory";
	return -1;
}
