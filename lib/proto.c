/*
 * proto: decoding hb-proto(5) datagrams. Everything here comes from the
 * network: each limit is checked before the work it guards, and a field is
 * used only after its type and range are known.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"
#include "zbody.h"

enum kind { K_STR, K_NAME, K_POSITIVE, K_NONNEG, K_CODE, K_OBJECT, K_NAMES,
	K_ONE_OF };

struct field {
	const char	*key;
	enum kind	 kind;
	int		 required;
	size_t		 off;
	const char	*one_of[3];
};

#define F(key, kind, req, member, ...) \
	{ key, kind, req, offsetof(struct hb_msg, member), { __VA_ARGS__ } }

#define TEN_YEARS	(10.0 * 366 * 86400)
#define YEAR_9999	253402300799.0
#define MAX_CMDS	32

static const struct field f_htb[] = {
	F("interval", K_POSITIVE, 0, interval, NULL),
	F("rtt", K_NONNEG, 0, rtt, NULL),
	F("version", K_STR, 0, version, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_msg[] = {
	F("text", K_STR, 1, text, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_plg[] = {
	F("plugin", K_NAME, 1, plugin, NULL),
	F("data", K_OBJECT, 1, data, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_svc[] = {
	F("service", K_NAME, 1, service, NULL),
	F("interval", K_POSITIVE, 0, interval, NULL),
	F("status", K_ONE_OF, 1, status, "ok", "error", NULL),
	F("error", K_STR, 0, error, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_run[] = {
	F("job", K_NAME, 1, job, NULL),
	F("phase", K_ONE_OF, 1, phase, "start", "end", NULL),
	F("code", K_CODE, 0, code, NULL),
	F("duration", K_NONNEG, 0, duration, NULL),
	F("output", K_STR, 0, output, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_ack[] = {
	F("cmd", K_NAMES, 0, cmd, NULL),
	{ NULL, K_STR, 0, 0, { NULL } }
};
static const struct field f_none[] = {
	{ NULL, K_STR, 0, 0, { NULL } }
};

static const struct {
	const char		*name;
	const struct field	*fields;
} types[MSG_NTYPES] = {
	[MSG_HTB] = { "HTB", f_htb },
	[MSG_BOOT] = { "BOOT", f_none },
	[MSG_SHUT] = { "SHUT", f_none },
	[MSG_MSG] = { "MSG", f_msg },
	[MSG_PLG] = { "PLG", f_plg },
	[MSG_SVC] = { "SVC", f_svc },
	[MSG_RUN] = { "RUN", f_run },
	[MSG_ACK] = { "ACK", f_ack },
};

static const char *const reasons[PR_NREASONS] = {
	"ok", "too_big", "bad_format", "bad_zlib", "inflate_cap", "bad_json",
	"trailing_bytes", "unknown_id", "bad_name", "bad_field", "no_memory",
};

const char *
proto_type_name(enum proto_type t)
{
	return t < MSG_NTYPES ? types[t].name : "?";
}

const char *
proto_reason_name(enum proto_reason r)
{
	return r < PR_NREASONS ? reasons[r] : "?";
}

int
proto_name_ok(const char *s, size_t n)
{
	size_t i;
	char c;

	if (n == 0 || n > PROTO_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		c = s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (i == 0 || (c != '.' && c != '_' && c != '-'))
			return 0;
	}
	return 1;
}

void
proto_msg_init(struct hb_msg *m, enum proto_type t, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->type = t;
	m->name = name;
	m->seq = -1;
	m->ts = -1;
	m->interval = -1;
	m->rtt = -1;
	m->code = PROTO_NO_CODE;
	m->duration = -1;
}

static enum proto_reason
bad(struct proto_dec *d, enum proto_reason r, const char *what, const char *key)
{
	snprintf(d->detail, sizeof(d->detail), "%s%s%s", key ? key : "",
	    key ? ": " : "", what);
	return r;
}

static int
plain_string(const struct json *v)
{
	return v->type == JSON_STRING && memchr(v->u.str, '\0', v->len) == NULL;
}

static int
names(const struct json *v)
{
	size_t i;

	if (v->type != JSON_ARRAY || v->len > MAX_CMDS)
		return 0;
	for (i = 0; i < v->len; i++)
		if (v->u.items[i].type != JSON_STRING ||
		    !proto_name_ok(v->u.items[i].u.str, v->u.items[i].len))
			return 0;
	return 1;
}

static int
one_of(const struct field *f, const struct json *v)
{
	size_t i;

	if (!plain_string(v))
		return 0;
	for (i = 0; i < 3 && f->one_of[i] != NULL; i++)
		if (strcmp(v->u.str, f->one_of[i]) == 0)
			return 1;
	return 0;
}

/* Check one present field and store it in m; 0, or -1 with the complaint. */
static int
store(const struct field *f, const struct json *v, struct hb_msg *m,
    const char **why)
{
	char *at = (char *)m + f->off;
	long long code;

	switch (f->kind) {
	case K_STR:
	case K_NAME:
	case K_ONE_OF:
		if (!plain_string(v))
			return *why = "string without NUL expected", -1;
		if (f->kind == K_NAME && !proto_name_ok(v->u.str, v->len))
			return *why = "not a valid name", -1;
		if (f->kind == K_ONE_OF && !one_of(f, v))
			return *why = "not one of the allowed values", -1;
		*(const char **)at = v->u.str;
		return 0;
	case K_POSITIVE:
	case K_NONNEG:
		if (v->type != JSON_NUMBER || v->u.num < 0 ||
		    v->u.num > TEN_YEARS || (f->kind == K_POSITIVE && v->u.num == 0))
			return *why = f->kind == K_POSITIVE ?
			    "positive number expected" : "number >= 0 expected", -1;
		*(double *)at = v->u.num;
		return 0;
	case K_CODE:
		if (!json_int(v, -2147483648LL, 2147483647LL, &code))
			return *why = "integer expected", -1;
		*(long long *)at = code;
		return 0;
	case K_OBJECT:
		if (v->type != JSON_OBJECT)
			return *why = "object expected", -1;
		*(const struct json **)at = v;
		return 0;
	case K_NAMES:
		if (!names(v))
			return *why = "array of at most 32 names expected", -1;
		*(const struct json **)at = v;
		return 0;
	}
	return *why = "unknown field kind", -1;
}

static enum proto_reason
fields(struct proto_dec *d, const struct field *f, struct hb_msg *m)
{
	const struct json *v;
	const char *why;

	for (; f->key != NULL; f++) {
		if ((v = json_get(m->root, f->key)) == NULL) {
			if (f->required)
				return bad(d, PR_BAD_FIELD, "missing", f->key);
			continue;
		}
		if (store(f, v, m, &why) == -1)
			return bad(d, PR_BAD_FIELD, why, f->key);
	}
	return PR_OK;
}

static enum proto_reason
common(struct proto_dec *d, struct hb_msg *m)
{
	const struct json *v;
	long long n;

	if ((v = json_get(m->root, "seq")) != NULL &&
	    !json_int(v, 0, PROTO_SEQ_MAX, &m->seq))
		return bad(d, PR_BAD_FIELD, "integer >= 0 expected", "seq");
	if ((v = json_get(m->root, "ts")) != NULL) {
		if (v->type != JSON_NUMBER || v->u.num < 0 || v->u.num > YEAR_9999)
			return bad(d, PR_BAD_FIELD, "Unix time expected", "ts");
		m->ts = v->u.num;
	}
	if ((v = json_get(m->root, "v")) != NULL &&
	    (!json_int(v, 0, 1000, &n) || n != PROTO_VERSION))
		return bad(d, PR_BAD_FIELD, "unsupported protocol version", "v");
	if (m->type == MSG_ACK && m->seq < 0)
		return bad(d, PR_BAD_FIELD, "missing", "seq");
	return PR_OK;
}

static enum proto_reason
identify(struct proto_dec *d, struct hb_msg *m)
{
	const struct json *id, *name;
	int t;

	if (m->root->type != JSON_OBJECT)
		return bad(d, PR_BAD_JSON, "not an object", NULL);
	if ((id = json_get(m->root, "ID")) == NULL || !plain_string(id))
		return bad(d, PR_BAD_FIELD, "missing or not a string", "ID");
	for (t = 0; t < MSG_NTYPES; t++)
		if (strcmp(id->u.str, types[t].name) == 0)
			break;
	if (t == MSG_NTYPES)
		return bad(d, PR_UNKNOWN_ID, "unknown message type", "ID");
	if ((name = json_get(m->root, "name")) == NULL ||
	    name->type != JSON_STRING || !proto_name_ok(name->u.str, name->len))
		return bad(d, PR_BAD_NAME, "missing or not a valid host name",
		    "name");
	m->type = (enum proto_type)t;
	m->name = name->u.str;
	return PR_OK;
}

static enum proto_reason
body(struct proto_dec *d, const unsigned char *p, size_t n, struct hb_msg *m)
{
	if (p[0] != 0x78) {
		m->body = (const char *)p;
		m->bodylen = n;
		return PR_OK;
	}
	switch (zbody_inflate(&d->z, p, n, PROTO_MAX_BODY, &d->inflated)) {
	case ZB_OK:
		break;
	case ZB_CAP:
		return bad(d, PR_INFLATE_CAP, "inflates beyond 1 MiB", NULL);
	case ZB_TRAILING:
		return bad(d, PR_TRAILING, "bytes after the zlib stream", NULL);
	case ZB_NOMEM:
		return bad(d, PR_NOMEM, "out of memory", NULL);
	default:
		return bad(d, PR_BAD_ZLIB, "not a valid zlib stream", NULL);
	}
	if (d->inflated.len == 0 || d->inflated.p[0] != '{')
		return bad(d, PR_BAD_FORMAT, "compressed body is no JSON object", NULL);
	m->body = d->inflated.p;
	m->bodylen = d->inflated.len;
	return PR_OK;
}

enum proto_reason
proto_decode(struct proto_dec *d, const void *dgram, size_t n, struct hb_msg *m)
{
	static const struct json_limits lim = { PROTO_MAX_BODY, PROTO_MAX_DEPTH };
	const unsigned char *p = dgram;
	enum proto_reason r;
	size_t end;

	d->detail[0] = '\0';
	proto_msg_init(m, MSG_HTB, NULL);
	if (n > PROTO_MAX_DGRAM)
		return bad(d, PR_TOO_BIG, "datagram larger than 65507 bytes", NULL);
	if (n == 0 || (p[0] != '{' && p[0] != 0x78))
		return bad(d, PR_BAD_FORMAT, "neither JSON nor zlib", NULL);
	if ((r = body(d, p, n, m)) != PR_OK)
		return r;
	if (json_parse_prefix(&d->doc, m->body, m->bodylen, &lim, &end) == -1) {
		snprintf(d->detail, sizeof(d->detail), "offset %zu: %s",
		    d->doc.err_off, d->doc.err);
		return PR_BAD_JSON;
	}
	if (end != m->bodylen)
		return bad(d, PR_TRAILING, "bytes after the JSON object", NULL);
	/* JSON has line breaks only as white space: the object is one line */
	m->oneline = memchr(m->body, '\n', d->doc.root.rawlen) == NULL &&
	    memchr(m->body, '\r', d->doc.root.rawlen) == NULL;
	m->root = &d->doc.root;
	if ((r = identify(d, m)) != PR_OK || (r = common(d, m)) != PR_OK)
		return r;
	return fields(d, types[m->type].fields, m);
}

void
proto_dec_free(struct proto_dec *d)
{
	json_doc_free(&d->doc);
	buf_free(&d->inflated);
	zbody_free(&d->z);
}
