/* proto_encode: a message into the datagram that carries it. */
#include <errno.h>
#include <math.h>

#include "proto.h"
#include "zbody.h"

static void
opt_str(struct jw *w, const char *key, const char *v)
{
	if (v != NULL) {
		jw_key(w, key);
		jw_str(w, v);
	}
}

static void
opt_num(struct jw *w, const char *key, double v)
{
	if (v >= 0) {
		jw_key(w, key);
		jw_num(w, v);
	}
}

static void
opt_tree(struct jw *w, const char *key, const struct json *v)
{
	if (v != NULL) {
		jw_key(w, key);
		jw_tree(w, v);
	}
}

static void
type_fields(struct jw *w, const struct hb_msg *m)
{
	switch (m->type) {
	case MSG_HTB:
		opt_num(w, "interval", m->interval);
		opt_num(w, "rtt", m->rtt);
		opt_str(w, "version", m->version);
		break;
	case MSG_MSG:
		opt_str(w, "text", m->text);
		break;
	case MSG_PLG:
		opt_str(w, "plugin", m->plugin);
		opt_tree(w, "data", m->data);
		break;
	case MSG_SVC:
		opt_str(w, "service", m->service);
		opt_num(w, "interval", m->interval);
		opt_str(w, "status", m->status);
		opt_str(w, "error", m->error);
		break;
	case MSG_RUN:
		opt_str(w, "job", m->job);
		opt_str(w, "phase", m->phase);
		if (m->code != PROTO_NO_CODE) {
			jw_key(w, "code");
			jw_num(w, (double)m->code);
		}
		opt_num(w, "duration", m->duration);
		opt_str(w, "output", m->output);
		break;
	case MSG_ACK:
		opt_tree(w, "cmd", m->cmd);
		break;
	default:
		break;
	}
}

int
proto_encode(const struct hb_msg *m, size_t zthreshold, struct buf *out)
{
	struct buf json = BUF_INIT;
	size_t start = out->len;
	struct jw w;
	int rc = 0;

	jw_init(&w, &json);
	jw_obj(&w);
	opt_str(&w, "ID", proto_type_name(m->type));
	opt_str(&w, "name", m->name);
	if (m->seq >= 0) {
		jw_key(&w, "seq");
		jw_num(&w, (double)m->seq);
	}
	/* microseconds are all a clock across a network can mean, and the
	 * shorter number is cheaper for every reader */
	opt_num(&w, "ts", m->ts >= 0 ? floor(m->ts * 1e6 + 0.5) / 1e6 : m->ts);
	jw_key(&w, "v");
	jw_num(&w, PROTO_VERSION);
	type_fields(&w, m);
	jw_end(&w, '}');
	if (w.err)
		rc = -1;
	else if (json.len > zthreshold)
		rc = zbody_deflate(json.p, json.len, out);
	else
		rc = buf_add(out, json.p, json.len);
	buf_free(&json);
	if (rc == 0 && out->len - start > PROTO_MAX_DGRAM) {
		out->len = start;
		out->p[start] = '\0';
		errno = EMSGSIZE;
		rc = -1;
	}
	return rc;
}
