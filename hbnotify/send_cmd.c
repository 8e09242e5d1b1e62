/*
 * send_cmd: the channels that run a program, without a shell: email
 * through a sendmail-compatible program (sendmail -t -i), Signal
 * through signal-cli, and exec, which hands the events to any command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hbnotify.h"
#include "mail.h"
#include "run.h"

#define ARGS_MAX	64
#define TO_MAX		32

/* sendmail's refusals that a retry cannot mend (sysexits.h) */
#define EX_DATAERR	65
#define EX_NOUSER	67
#define EX_NOHOST	68

/* argv = base, then extra (NULL-ended); at most ARGS_MAX words. */
static void
args(char **argv, char *const *base, const char *const *extra)
{
	int n = 0;

	while (*base != NULL && n < ARGS_MAX - 8)
		argv[n++] = *base++;
	while (*extra != NULL && n < ARGS_MAX - 1)
		argv[n++] = (char *)*extra++;
	argv[n] = NULL;
}

static enum sent
run_one(char **argv, const struct buf *in, char *const *env, double timeout,
    int (*permanent)(int), struct buf *why)
{
	struct run r;
	enum sent s;

	memset(&r, 0, sizeof(r));
	r.argv = argv;
	r.in = in->p;
	r.in_len = in->len;
	r.env = env;
	if (run_all(&r, 1, timeout) == -1) {
		buf_printf(why, "%s: cannot run", argv[0]);
		return SENT_RETRY;
	}
	if (r.started && r.signal == 0 && !r.timed_out && r.status == 0)
		s = SENT_OK;
	else {
		run_complaint(&r, argv[0], timeout, why);
		s = r.started && r.status > 0 && permanent != NULL &&
		    permanent(r.status) ? SENT_FAIL : SENT_RETRY;
	}
	run_free(&r);
	return s;
}

static int
mail_refused(int status)
{
	return status == EX_DATAERR || status == EX_NOUSER || status == EX_NOHOST;
}

/* "a@x,b@y" into to[], pointing into copy. */
static size_t
recipients(char *copy, const char **to)
{
	size_t n = 0;
	char *p = copy, *comma;

	while (n < TO_MAX) {
		to[n++] = p;
		if ((comma = strchr(p, ',')) == NULL)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

static int
compose(struct buf *msg, const struct channel *ch, const char *target,
    const char *id, struct event *const *ev, int n, struct buf *why)
{
	struct buf subject = BUF_INIT, body = BUF_INIT;
	char host[256], msgid[400], evh[128], dh[64], *copy;
	const char *to[TO_MAX], *headers[4], *err;
	struct mail m;
	int r;

	if (gethostname(host, sizeof(host)) == -1 || host[0] == '\0')
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if ((copy = strdup(target)) == NULL)
		return -1;
	render_title(&subject, ev, n);
	render_body(&body, ev, n);
	buf_printf(&body, "\n-- \nhbnotify on %s\n", host);
	snprintf(msgid, sizeof(msgid), "<%s.%ld@%s>", id, (long)time(NULL), host);
	snprintf(dh, sizeof(dh), "X-HB-Delivery: %s", id);
	snprintf(evh, sizeof(evh), "X-HB-Event: %s", ev[0]->id);
	headers[0] = "Auto-Submitted: auto-generated";
	headers[1] = dh;
	headers[2] = n == 1 ? evh : NULL;
	headers[3] = NULL;
	memset(&m, 0, sizeof(m));
	m.from = ch->from;
	m.from_name = ch->from_name != NULL ? ch->from_name : "hb";
	m.to = to;
	m.nto = recipients(copy, to);
	m.subject = subject.p ? subject.p : "";
	m.body = body.p ? body.p : "";
	m.date = time(NULL);
	m.message_id = msgid;
	m.headers = headers;
	if ((r = mail_compose(msg, &m, &err)) == -1)
		buf_printf(why, "%s", err);
	free(copy);
	buf_free(&subject);
	buf_free(&body);
	return r;
}

static enum sent
email(const struct channel *ch, const char *target, const char *id,
    struct event *const *ev, int n, struct buf *why)
{
	const char *extra[] = { "-f", ch->from, "-t", "-i", NULL };
	char *argv[ARGS_MAX];
	struct buf msg = BUF_INIT;
	enum sent r;

	if (compose(&msg, ch, target, id, ev, n, why) == -1) {
		buf_free(&msg);
		return SENT_FAIL;
	}
	args(argv, ch->sendmail, extra);
	r = run_one(argv, &msg, NULL, ch->timeout, mail_refused, why);
	buf_free(&msg);
	return r;
}

static void
text(struct buf *b, struct event *const *ev, int n)
{
	render_title(b, ev, n);
	if (n > 1) {
		buf_addc(b, '\n');
		render_body(b, ev, n);
	}
	buf_addc(b, '\n');
}

static enum sent
signal_msg(const struct channel *ch, const char *target,
    struct event *const *ev, int n, struct buf *why)
{
	const char *extra[] = { "-a", ch->account, "send",
	    "--message-from-stdin", target, NULL };
	char *argv[ARGS_MAX];
	struct buf msg = BUF_INIT;
	enum sent r;

	text(&msg, ev, n);
	args(argv, ch->command, extra);
	r = run_one(argv, &msg, NULL, ch->timeout, NULL, why);
	buf_free(&msg);
	return r;
}

static void
var(struct buf *b, size_t *at, int *k, const char *name, const char *val)
{
	at[(*k)++] = b->len;
	buf_printf(b, "%s=%s", name, val);
	buf_addc(b, '\0');
}

/* HB_ variables: what a script most often wants, without parsing JSON. */
static void
environment(struct buf *b, char **env, const struct channel *ch,
    const char *target, const char *id, struct event *const *ev, int n)
{
	struct buf title = BUF_INIT;
	char count[16];
	size_t at[12];
	int k = 0, i;

	snprintf(count, sizeof(count), "%d", n);
	render_title(&title, ev, n);
	var(b, at, &k, "HB_CHANNEL", ch->name);
	var(b, at, &k, "HB_TARGET", target);
	var(b, at, &k, "HB_DELIVERY", id);
	var(b, at, &k, "HB_COUNT", count);
	var(b, at, &k, "HB_ID", ev[0]->id);
	var(b, at, &k, "HB_HOST", ev[0]->host);
	var(b, at, &k, "HB_KIND", ev[0]->kind);
	var(b, at, &k, "HB_STATE", ev[0]->state);
	var(b, at, &k, "HB_SEVERITY", sev_name(ev[0]->sev));
	var(b, at, &k, "HB_TEXT", title.p ? title.p : "");
	buf_free(&title);
	/* pointers only now: the buffer moved as it grew */
	for (i = 0; i < k; i++)
		env[i] = b->p + at[i];
	env[k] = NULL;
}

static enum sent
exec_cmd(const struct channel *ch, const char *target, const char *id,
    struct event *const *ev, int n, struct buf *why)
{
	struct buf in = BUF_INIT, envb = BUF_INIT;
	char *env[16];
	enum sent r;
	int i;

	for (i = 0; i < n; i++) {
		buf_add(&in, ev[i]->line, ev[i]->len);
		buf_addc(&in, '\n');
	}
	environment(&envb, env, ch, target, id, ev, n);
	if (envb.p == NULL || in.p == NULL) {
		buf_printf(why, "out of memory");
		r = SENT_RETRY;
	} else
		r = run_one(ch->command, &in, env, ch->timeout, NULL, why);
	buf_free(&in);
	buf_free(&envb);
	return r;
}

enum sent
send_command(const struct channel *ch, const char *target, const char *id,
    struct event *const *ev, int n, struct buf *why)
{
	switch (ch->type) {
	case CH_EMAIL:
		return email(ch, target, id, ev, n, why);
	case CH_SIGNAL:
		return signal_msg(ch, target, ev, n, why);
	default:
		return exec_cmd(ch, target, id, ev, n, why);
	}
}
