/* stats: what hbrecv counted, as STATEDIR/hbrecv.stats (JSON) and, on SIGUSR1, as a log line. */
#include <limits.h>
#include <stdio.h>

#include "file.h"
#include "hbrecv.h"
#include "hbtime.h"
#include "json.h"

static void
counters(struct jw *w, const struct stats *st, size_t hosts,
    const struct journal *j)
{
	int r;

	jw_knum(w, "received", (double)st->received);
	jw_knum(w, "accepted", (double)st->accepted);
	jw_knum(w, "ignored", (double)st->ignored);
	jw_key(w, "dropped");
	jw_obj(w);
	for (r = PR_OK + 1; r < PR_NREASONS; r++)
		jw_knum(w, proto_reason_name(r), (double)st->dropped[r]);
	jw_end(w, '}');
	jw_knum(w, "hosts", (double)hosts);
	jw_knum(w, "journal_bytes", (double)st->journal_bytes);
	jw_knum(w, "journal_size", (double)j->size);
	jw_knum(w, "journal_errors", (double)st->journal_errors);
	jw_knum(w, "state_errors", (double)st->state_errors);
	jw_knum(w, "acks", (double)st->acks);
	jw_knum(w, "ack_errors", (double)st->ack_errors);
}

void
stats_write(const struct stats *st, const struct config *c, size_t hosts,
    const struct journal *j)
{
	struct buf b = BUF_INIT;
	char path[PATH_MAX];
	struct jw w;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_knum(&w, "started", st->started);
	jw_knum(&w, "updated", time_now());
	jw_knum(&w, "rcvbuf", st->rcvbuf);
	counters(&w, st, hosts, j);
	jw_end(&w, '}');
	buf_addc(&b, '\n');
	snprintf(path, sizeof(path), "%s/hbrecv.stats", c->statedir);
	if (w.err || file_replace(path, b.p, b.len, 0644, FILE_NOSYNC) == -1)
		warnx("write %s:", path);
	buf_free(&b);
}

void
stats_log(const struct stats *st, size_t hosts, const struct journal *j)
{
	struct buf b = BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	jw_obj(&w);
	counters(&w, st, hosts, j);
	jw_end(&w, '}');
	info("stats %s", b.p ? b.p : "");
	buf_free(&b);
}
