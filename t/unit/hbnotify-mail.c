/*
 * Unit tests of hbnotify's mail composition (hbnotify/mail.c): which
 * addresses pass, the exact bytes of a plain message, folded and
 * RFC 2047 encoded subjects decoded back here with a base64 decoder of
 * our own, header injection, quoted-printable bodies decoded back, bad
 * extra headers and the Date line.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../hbnotify/mail.h"
#include "buf.h"
#include "tap.h"
#include "utf8.h"

#define NOV23	((time_t)1795405914)	/* Mon, 23 Nov 2026 03:51:54 UTC */
#define MSGID	"<1795405914.4242@monitor-1.example.com>"
#define FROM	"hb@monitor-1.example.com"
/* "CRITICAL: wébserver – disk ⚠ 95 %" */
#define CRIT	"CRITICAL: w\xC3\xA9" "bserver \xE2\x80\x93 disk \xE2\x9A\xA0 95 %"

static const char *const to_one[] = { "ops@example.com" };

/* A message that composes, for a test to change one thing of. */
static struct mail
base(void)
{
	struct mail m;

	memset(&m, 0, sizeof(m));
	m.from = FROM;
	m.to = to_one;
	m.nto = 1;
	m.subject = "subject";
	m.body = "body\n";
	m.date = NOV23;
	m.message_id = MSGID;
	return m;
}

/* The composed message (until the next call), or NULL with a diagnostic. */
static const char *
compose(const struct mail *m)
{
	static struct buf out;
	const char *why = NULL;

	buf_reset(&out);
	if (mail_compose(&out, m, &why) == -1) {
		diag("mail_compose: %s", why ? why : "(no why)");
		return NULL;
	}
	return out.p;
}

/* The lines of header name (the first, continuations) into lines; how many. */
static size_t
header_lines(const char *msg, const char *name, struct buf *lines)
{
	size_t nlen = strlen(name), count = 0;
	const char *p, *nl;
	int in = 0;

	buf_reset(lines);
	for (p = msg; p != NULL && *p != '\0' && *p != '\n'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == ':')
			in = 1;
		else if (*p != ' ' && *p != '\t')
			in = 0;
		if (in) {
			buf_add(lines, p, (size_t)(nl - p) + 1);
			count++;
		}
	}
	return count;
}

/* The header's value unfolded (LFs taken out), without "Name: ". */
static const char *
unfolded(const char *msg, const char *name)
{
	static struct buf v;
	struct buf lines = BUF_INIT;
	size_t i;

	buf_reset(&v);
	buf_add(&v, "", 0);
	if (header_lines(msg, name, &lines) > 0)
		for (i = strlen(name) + 1; i < lines.len; i++)
			if (lines.p[i] != '\n')
				buf_addc(&v, lines.p[i]);
	buf_free(&lines);
	if (v.len > 0 && v.p[0] == ' ')
		return v.p + 1;
	return v.p;
}

/* The longest line of the header; 0 when it is absent. */
static size_t
widest(const char *msg, const char *name)
{
	struct buf lines = BUF_INIT;
	size_t w = 0, col = 0, i;

	header_lines(msg, name, &lines);
	for (i = 0; i < lines.len; i++)
		if (lines.p[i] == '\n')
			col = 0;
		else if (++col > w)
			w = col;
	buf_free(&lines);
	return w;
}

static int
b64val(int c)
{
	const char *d =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p;

	if (c == '\0' || (p = strchr(d, c)) == NULL)
		return -1;
	return (int)(p - d);
}

/* Strict base64 (RFC 4648 4, padded) into out; 0 or -1. */
static int
b64decode(const char *s, size_t n, struct buf *out)
{
	size_t i, pad;
	int v[4], k;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		pad = 0;
		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad > 0 || (v[k] = b64val(s[i + k])) < 0)
				return -1;
		}
		buf_addc(out, v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			buf_addc(out, (v[1] & 15) << 4 | v[2] >> 2);
		if (pad < 1)
			buf_addc(out, (v[2] & 3) << 6 | v[3]);
	}
	return 0;
}

/*
 * One encoded-word of n bytes: well-formed, at most 75, whole UTF-8
 * characters; its text onto text.
 */
static int
word_ok(const char *s, size_t n, struct buf *text)
{
	struct buf raw = BUF_INIT;
	int good;

	good = n <= 75 && n > 12 && strncmp(s, "=?UTF-8?B?", 10) == 0 &&
	    memcmp(s + n - 2, "?=", 2) == 0 &&
	    b64decode(s + 10, n - 12, &raw) == 0 && raw.len > 0 &&
	    utf8_valid(raw.p, raw.len);
	if (good)
		buf_add(text, raw.p, raw.len);
	else
		diag("bad word: %.*s", (int)n, s);
	buf_free(&raw);
	return good;
}

/*
 * The encoded-words of header name: every line at most 76, at most one
 * word a line, each word fine; their text into text, other tokens (the
 * "<addr>" of From) into rest. 1 when all is well.
 */
static int
words_ok(const char *msg, const char *name, struct buf *text, struct buf *rest)
{
	struct buf lines = BUF_INIT;
	const char *p, *nl, *sp;
	size_t nwords;
	int good = 1, first = 1;

	buf_reset(text);
	buf_add(text, "", 0);
	buf_reset(rest);
	buf_add(rest, "", 0);
	if (header_lines(msg, name, &lines) == 0)
		return 0;
	for (p = lines.p; *p != '\0'; p = nl + 1, first = 0) {
		nl = strchr(p, '\n');
		if (nl - p > 76) {
			diag("a line of %d: %.*s", (int)(nl - p), (int)(nl - p),
			    p);
			good = 0;
		}
		p += first ? strlen(name) + 2 : 1;
		for (nwords = 0; p < nl; p = sp < nl ? sp + 1 : nl) {
			if ((sp = memchr(p, ' ', (size_t)(nl - p))) == NULL)
				sp = nl;
			if (sp - p >= 2 && p[0] == '=' && p[1] == '?') {
				nwords++;
				good &= word_ok(p, (size_t)(sp - p), text);
			} else
				buf_add(rest, p, (size_t)(sp - p));
		}
		if (nwords > 1) {
			diag("%zu words on a line", nwords);
			good = 0;
		}
	}
	buf_free(&lines);
	return good;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Quoted-printable (RFC 2045 6.7) decoded into out, refusing what an
 * encoder must not write: a line over 76, a blank at a line's end, a
 * byte that is not printable ASCII, lower-case or bad hex. 0 or -1.
 */
static int
qp_decode(const char *s, struct buf *out)
{
	const char *nl;
	size_t len, i;
	int soft, hi, lo;

	for (; *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			return -1;
		len = (size_t)(nl - s);
		if (len > 76 || (len > 0 && strchr(" \t", s[len - 1]) != NULL))
			return -1;
		soft = len > 0 && s[len - 1] == '=';
		for (i = 0; i < len - (size_t)soft; i++) {
			if (s[i] == '=') {
				if (i + 2 >= len - (size_t)soft ||
				    (hi = hexval(s[i + 1])) < 0 ||
				    (lo = hexval(s[i + 2])) < 0)
					return -1;
				buf_addc(out, hi << 4 | lo);
				i += 2;
			} else if ((s[i] > ' ' && s[i] <= '~') || s[i] == ' ' ||
			    s[i] == '\t')
				buf_addc(out, s[i]);
			else
				return -1;
		}
		if (!soft)
			buf_addc(out, '\n');
	}
	buf_add(out, "", 0);
	return 0;
}

/* The body: what follows the first blank line. */
static const char *
body_of(const char *msg)
{
	const char *p = strstr(msg, "\n\n");

	return p != NULL ? p + 2 : "";
}

/* s with controls and bytes past ASCII as \xNN, for a test's name. */
static const char *
vis(const char *s)
{
	static char out[1024];
	size_t i = 0;

	for (; *s != '\0' && i + 5 < sizeof(out); s++)
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			out[i++] = *s;
		else
			i += (size_t)snprintf(out + i, sizeof(out) - i, "\\x%02X",
			    (unsigned char)*s);
	out[i] = '\0';
	return out;
}

/* Does a line of msg start with s? */
static int
has_line(const char *msg, const char *s)
{
	const char *p;

	for (p = msg; p != NULL; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, s, strlen(s)) == 0)
			return 1;
	return 0;
}

/* Is m refused with a reason, out left as it was? */
static void
refused(const struct mail *m, struct buf *out, const char *what)
{
	const char *why = NULL;
	size_t len = out->len;
	int r;

	r = mail_compose(out, m, &why);
	ok(r == -1 && why != NULL && out->len == len &&
	    (out->cap == 0 || out->p[len] == '\0'), "%s is refused (%s)", what,
	    why != NULL ? why : "no why");
}

static void
test_addr(void)
{
	static const struct {
		const char	*addr;
		int		 ok;
	} tab[] = {
		{ "ops@example.com", 1 },
		{ "a@b", 1 },
		{ "root@localhost", 1 },
		{ "first.last@example.com", 1 },
		{ "user+tag@example.com", 1 },
		{ "o'hara@example.co.uk", 1 },
		{ "!#$%&'*+/=?^_`{|}~@example.com", 1 },
		{ "a-b@x-y.example", 1 },
		{ "x@1.2.3.4", 1 },
		{ "UPPER@EXAMPLE.COM", 1 },
		{ "", 0 },
		{ "@", 0 },
		{ "a", 0 },
		{ "a@", 0 },
		{ "@example.com", 0 },
		{ "a@@example.com", 0 },
		{ "a@b@example.com", 0 },
		{ ".a@example.com", 0 },
		{ "a.@example.com", 0 },
		{ "a..b@example.com", 0 },
		{ "a b@example.com", 0 },
		{ "a@example .com", 0 },
		{ "\"a b\"@example.com", 0 },
		{ "a,b@example.com", 0 },
		{ "<a@example.com>", 0 },
		{ "Name <a@example.com>", 0 },
		{ "a(c)@example.com", 0 },
		{ "a@example.com\n", 0 },
		{ "a@example.com\r\nBcc: b@example.com", 0 },
		{ "a\t@example.com", 0 },
		{ "a\\b@example.com", 0 },
		{ "-oQ/tmp/x@example.com", 0 },
		{ "-@example.com", 0 },
		{ "a@-example.com", 0 },
		{ "a@example-.com", 0 },
		{ "a@example..com", 0 },
		{ "a@.example.com", 0 },
		{ "a@example.com.", 0 },
		{ "a@ex_ample.com", 0 },
		{ "a@[127.0.0.1]", 0 },
		{ "\xC3\xA9@example.com", 0 },
		{ "a@ex\xC3\xA4mple.com", 0 },
		{ "a;b@example.com", 0 },
	};
	char long_local[80], long_label[100], addr[300];
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		is_int(mail_addr_ok(tab[i].addr), tab[i].ok, "mail_addr_ok(\"%s\")",
		    vis(tab[i].addr));
	ok(!mail_addr_ok(NULL), "mail_addr_ok(NULL)");

	memset(long_local, 'l', 64);
	snprintf(addr, sizeof(addr), "%.64s@example.com", long_local);
	ok(mail_addr_ok(addr), "a local part of 64 bytes");
	snprintf(addr, sizeof(addr), "%.64sl@example.com", long_local);
	ok(!mail_addr_ok(addr), "a local part of 65 bytes");
	memset(long_label, 'd', 64);
	snprintf(addr, sizeof(addr), "a@%.63s.com", long_label);
	ok(mail_addr_ok(addr), "a label of 63 bytes");
	snprintf(addr, sizeof(addr), "a@%.64s.com", long_label);
	ok(!mail_addr_ok(addr), "a label of 64 bytes");
	/* "a@" and 252 bytes of domain: 254 in all */
	snprintf(addr, sizeof(addr), "a@%.63s.%.63s.%.63s.%.60s", long_label,
	    long_label, long_label, long_label);
	is_int((long long)strlen(addr), 254, "(254 bytes)");
	ok(mail_addr_ok(addr), "an address of 254 bytes");
	snprintf(addr, sizeof(addr), "ab@%.63s.%.63s.%.63s.%.60s", long_label,
	    long_label, long_label, long_label);
	ok(!mail_addr_ok(addr), "an address of 255 bytes");
}

static void
test_plain(void)
{
	static const char *const to[] = { "ops@example.com",
	    "oncall@example.org" };
	static const char *const headers[] = { "Auto-Submitted: auto-generated",
	    "X-HB-Host: web1", NULL };
	static const char want[] =
	    "From: \"hb on monitor-1\" <hb@monitor-1.example.com>\n"
	    "To: ops@example.com, oncall@example.org\n"
	    "Subject: CRITICAL: web1 disk / at 95%\n"
	    "Date: Mon, 23 Nov 2026 03:51:54 +0000\n"
	    "Message-ID: <1795405914.4242@monitor-1.example.com>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 7bit\n"
	    "Auto-Submitted: auto-generated\n"
	    "X-HB-Host: web1\n"
	    "\n"
	    "web1: disk / is at 95% (threshold 90%)\n"
	    "\n"
	    ".\n"
	    "\tend\n";
	struct mail m = base();
	struct buf out = BUF_INIT;
	const char *why = NULL;

	m.from_name = "hb on monitor-1";
	m.to = to;
	m.nto = 2;
	m.subject = "CRITICAL: web1 disk / at 95%";
	m.body = "web1: disk / is at 95% (threshold 90%)\r\n\n.\n\tend";
	m.headers = headers;
	buf_adds(&out, "kept>");
	ok(mail_compose(&out, &m, &why) == 0, "a plain message composes");
	ok(out.len == 5 + sizeof(want) - 1 && memcmp(out.p, "kept>", 5) == 0 &&
	    strcmp(out.p + 5, want) == 0, "appended, with the exact bytes");
	if (out.len >= 5)
		is_str(out.p + 5, want, "the plain message");

	m.from_name = NULL;
	m.body = NULL;
	m.subject = NULL;
	buf_reset(&out);
	ok(mail_compose(&out, &m, &why) == 0 &&
	    strncmp(out.p, "From: hb@monitor-1.example.com\n", 31) == 0 &&
	    has_line(out.p, "Subject:\n") &&
	    strcmp(out.p + out.len - 2, "\n\n") == 0,
	    "no name, no subject, no body");
	buf_free(&out);
}

static void
test_date(void)
{
	static const struct {
		time_t		 t;
		const char	*want;
	} tab[] = {
		{ NOV23, "Mon, 23 Nov 2026 03:51:54 +0000" },
		{ 0, "Thu, 01 Jan 1970 00:00:00 +0000" },
		{ -1, "Wed, 31 Dec 1969 23:59:59 +0000" },
		{ 951782400, "Tue, 29 Feb 2000 00:00:00 +0000" },
		{ (time_t)-2147483647 - 1, "Fri, 13 Dec 1901 20:45:52 +0000" },
	};
	static const char *const locales[] = { "fr_FR.UTF-8", "de_DE.UTF-8",
	    "ja_JP.UTF-8", "C.UTF-8" };
	struct mail m = base();
	const char *msg;
	struct buf out = BUF_INIT;
	size_t i;
	int big = sizeof(time_t) > 4;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		m.date = tab[i].t;
		msg = compose(&m);
		is_str(msg ? unfolded(msg, "Date") : NULL, tab[i].want,
		    "Date of %lld", (long long)tab[i].t);
	}
	/* English names whatever the locale: try one that is not */
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++)
		if (setlocale(LC_ALL, locales[i]) != NULL)
			break;
	m.date = NOV23;
	msg = compose(&m);
	is_str(msg ? unfolded(msg, "Date") : NULL, tab[0].want,
	    "Date under locale %s", setlocale(LC_ALL, NULL));
	setlocale(LC_ALL, "C");

	if (big) {
		m.date = (time_t)-2208988800LL;
		msg = compose(&m);
		is_str(msg ? unfolded(msg, "Date") : NULL,
		    "Mon, 01 Jan 1900 00:00:00 +0000", "the first date of 1900");
		m.date = (time_t)-2208988801LL;
		refused(&m, &out, "a date before 1900");
		m.date = (time_t)253402300799LL;
		msg = compose(&m);
		is_str(msg ? unfolded(msg, "Date") : NULL,
		    "Fri, 31 Dec 9999 23:59:59 +0000", "the last date of 9999");
		m.date = (time_t)253402300800LL;
		refused(&m, &out, "year 10000");
		m.date = (time_t)INT64_MAX;
		refused(&m, &out, "INT64_MAX");
	}
	buf_free(&out);
}

/* An ASCII subject: kept as is, lines <= 78, unfolding gives it back. */
static void
check_ascii(const char *subject, const char *what)
{
	struct mail m = base();
	struct buf lines = BUF_INIT;
	const char *msg, *p;
	int blank = 0;

	m.subject = subject;
	if ((msg = compose(&m)) == NULL) {
		ok(0, "%s composes", what);
		return;
	}
	header_lines(msg, "Subject", &lines);
	ok(widest(msg, "Subject") <= 78, "%s: lines <= 78 (widest %zu)", what,
	    widest(msg, "Subject"));
	for (p = lines.p; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1)
		if (strspn(p, " ") == (size_t)(strchr(p, '\n') - p))
			blank = 1;
	ok(!blank, "%s: no line of only spaces", what);
	is_str(unfolded(msg, "Subject"), subject, "%s: unfolds to itself", what);
	buf_free(&lines);
}

/* A subject sent as encoded-words that give back want. */
static void
check_words(const char *subject, const char *want, const char *what)
{
	struct buf text = BUF_INIT, rest = BUF_INIT;
	struct mail m = base();
	const char *msg;

	m.subject = subject;
	if ((msg = compose(&m)) == NULL) {
		ok(0, "%s composes", what);
		return;
	}
	ok(words_ok(msg, "Subject", &text, &rest) && rest.len == 0,
	    "%s: encoded-words, lines <= 76, whole characters", what);
	ok(text.len == strlen(want) && memcmp(text.p, want, text.len) == 0,
	    "%s: decodes to the cleaned subject", what);
	buf_free(&text);
	buf_free(&rest);
}

static void
test_subject(void)
{
	static const char *const chars[] = { "\xC3\xA9", "\xE2\x82\xAC",
	    "\xF0\x9F\x98\x80", "\xD0\xB6", "a" };
	struct buf s = BUF_INIT, want = BUF_INIT;
	struct mail m = base();
	const char *msg;
	size_t i;

	check_ascii("CRITICAL: web1.example.com: disk / at 95%, /var at 91%, "
	    "/home at 90%; load 12.5 over 15 minutes; 3 services down: nginx, "
	    "postgresql, redis; last heartbeat 2026-11-23T03:51:54Z; see "
	    "https://monitor-1.example.com/hosts/web1", "a long subject");
	buf_adds(&s, "a  b   c    d");
	for (i = 0; i < 70; i++)
		buf_addc(&s, ' ');
	buf_adds(&s, "e f  ");
	check_ascii(s.p, "runs of spaces, trailing spaces");
	buf_reset(&s);
	buf_adds(&s, "a");
	for (i = 0; i < 85; i++)
		buf_addc(&s, ' ');
	buf_adds(&s, "b");
	check_words(s.p, s.p, "a run of spaces too long to fold: encoded");
	buf_reset(&s);
	check_ascii("x", "one letter");

	check_words(CRIT, CRIT, "accents, a dash, a sign");
	for (i = 0; i < 250; i++)
		buf_adds(&s, chars[i % 4]);
	check_words(s.p, s.p, "250 multibyte characters");
	for (i = 0; i < 60; i++)
		buf_adds(&s, chars[i % 5]);
	for (i = 0; i < 250; i++)
		buf_adds(&want, chars[i % 4]);
	check_words(s.p, want.p, "310 characters are cut to 250");
	buf_reset(&s);
	buf_adds(&s, "disk ");
	for (i = 0; i < 80; i++)
		buf_adds(&s, "\xF0\x9F\x94\xA5");
	check_words(s.p, s.p, "4-byte emoji");
	buf_reset(&s);
	for (i = 0; i < 300; i++)
		buf_addc(&s, 'x');
	check_words(s.p, s.p + 50, "a 300-letter word: too long to fold");
	check_words("price =?UTF-8?B?Zm9v?= now", "price =?UTF-8?B?Zm9v?= now",
	    "ASCII that looks encoded is encoded");

	/* cleaning */
	m.subject = "a\tb\x01" "c\x7f" "d\xC2\x85" "e\r\nf";
	msg = compose(&m);
	is_str(msg ? unfolded(msg, "Subject") : NULL, "a b c d e  f",
	    "controls (TAB, C0, DEL, C1, CR LF) become spaces");
	check_words("caf\xE9 ok", "caf\xEF\xBF\xBD ok", "a Latin-1 byte");
	check_words("x\xF0\x9F\x98", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
	    "a truncated 4-byte sequence");
	check_words("\xC0\xAF\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "overlong, surrogate");
	buf_reset(&s);
	buf_reset(&want);
	for (i = 0; i < 2000; i++)
		buf_addc(&s, 0xff);
	for (i = 0; i < 250; i++)
		buf_adds(&want, "\xEF\xBF\xBD");
	check_words(s.p, want.p, "2000 bad bytes: 250 U+FFFD");
	buf_free(&s);
	buf_free(&want);
}

static void
test_injection(void)
{
	static const char *const subjects[] = {
		"x\nBcc: evil@example.com",
		"x\r\nBcc: evil@example.com",
		"x\rBcc: evil@example.com",
		"\xC3\xA9\nBcc: evil@example.com",
		"x\n\nBcc: evil@example.com",
	};
	struct buf lines = BUF_INIT;
	struct mail m = base();
	const char *msg;
	size_t i;

	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		m.subject = subjects[i];
		msg = compose(&m);
		ok(msg != NULL && !has_line(msg, "Bcc:") &&
		    header_lines(msg, "Subject", &lines) > 0 &&
		    strstr(body_of(msg), "evil") == NULL,
		    "subject %zu stays in the Subject header", i);
	}
	m.subject = "x\nBcc: evil@example.com";
	msg = compose(&m);
	is_str(msg ? unfolded(msg, "Subject") : NULL, "x Bcc: evil@example.com",
	    "as one line of text");
	m.subject = "s";
	m.from_name = "hb\nBcc: evil@example.com";
	msg = compose(&m);
	ok(msg != NULL && !has_line(msg, "Bcc:"), "a display name with LF too");
	buf_free(&lines);
}

static void
test_from(void)
{
	struct buf text = BUF_INIT, rest = BUF_INIT;
	struct buf name = BUF_INIT, want = BUF_INIT;
	struct mail m = base();
	const char *msg;
	size_t i;

	m.from_name = "Zo\xC3\xAB's hb";
	msg = compose(&m);
	ok(msg != NULL && words_ok(msg, "From", &text, &rest) &&
	    strcmp(text.p, "Zo\xC3\xAB's hb") == 0 &&
	    strcmp(rest.p, "<" FROM ">") == 0, "a UTF-8 name is encoded");
	m.from_name = "say \"hi\"";
	msg = compose(&m);
	ok(msg != NULL && words_ok(msg, "From", &text, &rest) &&
	    strcmp(text.p, "say \"hi\"") == 0, "a name with quotes is encoded");
	m.from_name = "a\\b";
	msg = compose(&m);
	ok(msg != NULL && words_ok(msg, "From", &text, &rest) &&
	    strcmp(text.p, "a\\b") == 0, "a name with a backslash is encoded");
	for (i = 0; i < 30; i++)
		buf_adds(&name, "monitor ");
	m.from_name = name.p;
	msg = compose(&m);
	buf_printf(&want, "\"%s\" <%s>", name.p, FROM);
	ok(msg != NULL && widest(msg, "From") <= 78 &&
	    strcmp(unfolded(msg, "From"), want.p) == 0,
	    "a long ASCII name is quoted and folded");
	buf_reset(&name);
	for (i = 0; i < 100; i++)
		buf_adds(&name, "\xC3\xA9");
	m.from_name = name.p;
	msg = compose(&m);
	ok(msg != NULL && words_ok(msg, "From", &text, &rest) &&
	    strcmp(text.p, name.p) == 0 && strcmp(rest.p, "<" FROM ">") == 0,
	    "a long UTF-8 name: words, then the address");
	buf_free(&text);
	buf_free(&rest);
	buf_free(&name);
	buf_free(&want);
}

static void
test_to(void)
{
	static const char *const to[] = { "alpha@example.com",
	    "bravo@example.com", "charlie@example.com", "delta@example.com",
	    "echo@example.com", "foxtrot@example.com", "golf@example.com",
	    "hotel@example.com", "india@example.com", "juliett@example.com" };
	struct buf want = BUF_INIT;
	struct mail m = base();
	const char *msg;
	size_t i;

	m.to = to;
	m.nto = sizeof(to) / sizeof(to[0]);
	msg = compose(&m);
	for (i = 0; i < m.nto; i++)
		buf_printf(&want, "%s%s", i ? ", " : "", to[i]);
	ok(msg != NULL && widest(msg, "To") <= 78 &&
	    strcmp(unfolded(msg, "To"), want.p) == 0,
	    "ten recipients fold after commas");
	buf_free(&want);
}

/* Does body compose as well-formed quoted-printable that decodes to want? */
static int
qp_roundtrip(const char *body, const char *want)
{
	struct buf dec = BUF_INIT;
	struct mail m = base();
	const char *msg;
	int good;

	m.body = body;
	good = (msg = compose(&m)) != NULL &&
	    strcmp(unfolded(msg, "Content-Transfer-Encoding"),
	    "quoted-printable") == 0 &&
	    qp_decode(body_of(msg), &dec) == 0 && strcmp(dec.p, want) == 0;
	buf_free(&dec);
	return good;
}

static void
check_qp(const char *body, const char *want, const char *what)
{
	ok(qp_roundtrip(body, want), "%s: quoted-printable, well-formed, "
	    "decodes back", what);
}

/* "é" and a line of len 'x' but c at at: does it go and come back? */
static int
qp_edge(size_t len, char c, size_t at)
{
	struct buf body = BUF_INIT, want = BUF_INIT;
	size_t i;
	int good;

	buf_adds(&body, "\xC3\xA9\n");
	buf_adds(&want, "\xC3\xA9\n");
	for (i = 0; i < len; i++) {
		buf_addc(&body, i == at ? c : 'x');
		if (i == at && c == (char)0xff)
			buf_adds(&want, "\xEF\xBF\xBD");
		else
			buf_addc(&want, i == at ? c : 'x');
	}
	buf_addc(&body, '\n');
	buf_addc(&want, '\n');
	good = qp_roundtrip(body.p, want.p);
	buf_free(&body);
	buf_free(&want);
	return good;
}

/*
 * Lines of 70 to 80 bytes with a byte that may need encoding at one of
 * the last three places: where soft breaks go wrong if they do. The
 * first line forces quoted-printable. How many failed.
 */
static size_t
qp_edges(void)
{
	static const char special[] = { '=', ' ', '\t', (char)0xff, 'x' };
	size_t len, k, at, failed = 0;

	for (len = 70; len <= 80; len++)
		for (k = 0; k < sizeof(special); k++)
			for (at = len - 3; at < len; at++)
				if (!qp_edge(len, special[k], at) && failed++ < 5)
					diag("length %zu, 0x%02X at %zu", len,
					    (unsigned char)special[k], at);
	return failed;
}

/* Bodies of pieces that need care, at random (fixed seed); how many failed. */
static size_t
qp_random(void)
{
	static const char *const pieces[] = { "a", " ", "\t", "=", "\n",
	    "\xC3\xA9", "\x01", ".", "\r\n", "\xE2\x82\xAC" };
	struct buf body = BUF_INIT, want = BUF_INIT;
	uint32_t seed = 12345;
	size_t n, i, failed = 0;
	const char *p;

	for (n = 0; n < 200; n++) {
		buf_reset(&body);
		buf_adds(&body, "\xC3\xA9");
		for (i = 0; i < 300; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&body, pieces[(seed >> 16) % 10]);
		}
		buf_reset(&want);
		for (p = body.p; *p != '\0'; p++)
			if (!(p[0] == '\r' && p[1] == '\n'))
				buf_addc(&want, *p);
		if (want.p[want.len - 1] != '\n')
			buf_addc(&want, '\n');
		if (!qp_roundtrip(body.p, want.p) && failed++ < 5)
			diag("random body %zu", n);
	}
	buf_free(&body);
	buf_free(&want);
	return failed;
}

static void
test_body(void)
{
	struct buf body = BUF_INIT, want = BUF_INIT;
	struct mail m = base();
	const char *msg, *b;
	size_t i, n;

	buf_adds(&body, "caf\xC3\xA9 = 1 \ntab\t\n");
	for (i = 0; i < 2000; i++)
		buf_addc(&body, 'a' + i % 26);
	buf_adds(&body, "\n.\na=b\r\nbad \xFF byte\nesc\x1b[1m\n"
	    "bare\rcr\nend \t");
	buf_adds(&want, "caf\xC3\xA9 = 1 \ntab\t\n");
	for (i = 0; i < 2000; i++)
		buf_addc(&want, 'a' + i % 26);
	buf_adds(&want, "\n.\na=b\nbad \xEF\xBF\xBD byte\nesc\x1b[1m\n"
	    "bare\rcr\nend \t\n");
	check_qp(body.p, want.p, "mixed body");
	m.body = body.p;
	msg = compose(&m);
	b = msg ? body_of(msg) : "";
	ok(strstr(b, "caf=C3=A9 =3D 1=20\n") != NULL &&
	    strstr(b, "\ntab=09\n") != NULL && strstr(b, "\n.\n") != NULL &&
	    strstr(b, "=1B[1m") != NULL && strstr(b, "bare=0Dcr") != NULL &&
	    strstr(b, "\nend=20=09\n") != NULL, "the encodings one expects");

	n = qp_edges();
	ok(n == 0, "lines of 70-80 with '=', blanks, a bad byte near the end "
	    "(%zu failed)", n);
	n = qp_random();
	ok(n == 0, "200 random bodies (%zu failed)", n);

	/* 7bit */
	m.body = "line 1\r\nline 2";
	msg = compose(&m);
	ok(msg != NULL && strcmp(unfolded(msg, "Content-Transfer-Encoding"),
	    "7bit") == 0 && strcmp(body_of(msg), "line 1\nline 2\n") == 0,
	    "7bit: CR LF as LF, a final LF added");
	buf_reset(&body);
	for (i = 0; i < 998; i++)
		buf_addc(&body, 'y');
	buf_addc(&body, '\n');
	m.body = body.p;
	msg = compose(&m);
	ok(msg != NULL && strcmp(unfolded(msg, "Content-Transfer-Encoding"),
	    "7bit") == 0 && strcmp(body_of(msg), body.p) == 0,
	    "a line of 998 bytes is 7bit");
	buf_reset(&body);
	for (i = 0; i < 999; i++)
		buf_addc(&body, 'y');
	buf_addc(&body, '\n');
	check_qp(body.p, body.p, "a line of 999 bytes");
	buf_free(&body);
	buf_free(&want);
}

static void
test_refused(void)
{
	static const char *const bad_headers[] = {
		"X-A: b\r\nBcc: evil@example.com",
		"X-A: b\nBcc: evil@example.com",
		"X-A: b\r",
		"X-A:b",
		"X-A",
		": value",
		"X A: b",
		"X-\xC3\x9C: b",
		"X-A: \xC3\xBC",
		"X-A: a\x01",
		"Subject: again",
		"content-type: text/html",
		"X-A:: b",
	};
	static const char *const bad_to[] = { "ops@example.com", "a b@c" };
	const char *headers[2] = { NULL, NULL };
	struct buf out = BUF_INIT;
	struct mail m;
	size_t i;

	buf_adds(&out, "kept");
	for (i = 0; i < sizeof(bad_headers) / sizeof(bad_headers[0]); i++) {
		m = base();
		headers[0] = bad_headers[i];
		m.headers = headers;
		refused(&m, &out, vis(bad_headers[i]));
	}
	{
		char big[1100];

		memset(big, 'v', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "X-Big: ", 7);
		m = base();
		headers[0] = big;
		m.headers = headers;
		refused(&m, &out, "a header of 1099 bytes");
	}
	m = base();
	m.from = "hb@monitor 1";
	refused(&m, &out, "bad From");
	m = base();
	m.from = NULL;
	refused(&m, &out, "no From");
	m = base();
	m.to = bad_to;
	m.nto = 2;
	refused(&m, &out, "bad To");
	m = base();
	m.nto = 0;
	refused(&m, &out, "no To");
	m = base();
	m.message_id = "1234@example.com";
	refused(&m, &out, "Message-ID without <>");
	m = base();
	m.message_id = "<1234@example.com>\nBcc: evil@example.com";
	refused(&m, &out, "Message-ID with LF");
	m = base();
	m.message_id = NULL;
	refused(&m, &out, "no Message-ID");
	ok(strcmp(out.p, "kept") == 0 && out.len == 4, "out as it was");
	m = base();
	ok(mail_compose(&out, &m, NULL) == 0, "why may be NULL");
	buf_free(&out);
}

int
main(void)
{
	test_addr();
	test_plain();
	test_date();
	test_subject();
	test_injection();
	test_from();
	test_to();
	test_body();
	test_refused();
	return done_testing();
}
