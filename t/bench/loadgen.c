/*
 * loadgen: send hb-proto datagrams to a receiver at a given rate or as fast
 * as one socket can, from a pool encoded beforehand, so that what is timed
 * is the sending alone.
 */
#define _GNU_SOURCE	/* sendmmsg and struct mmsghdr, where the system has them */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "hbtime.h"
#include "json.h"
#include "log.h"
#include "net.h"
#include "num.h"
#include "proto.h"

#if defined(__linux__)
#define HAVE_MMSG 1
#endif

#define USAGE	"loadgen [-z] [-r rate] [-h hosts] [-p plg-percent] [-s plg-bytes] -n count ADDR:PORT"
#define BATCH	64
/*
 * Distinct messages encoded before the clock starts. The benchmark's
 * default of 200000 datagrams fits, so no (name, seq) is sent twice there;
 * longer runs cycle through the pool and repeat them.
 */
#define POOL_MAX	262144

struct opts {
	int		 z;
	long long	 rate;		/* datagrams/s, 0: no limit */
	long long	 hosts;
	long long	 pct;		/* of the datagrams that are PLG */
	long long	 plgbytes;	/* the JSON size a PLG aims at */
	long long	 count;
	struct hb_addr	 to;
};

/* The datagrams, back to back in one buffer, and the headers that send them. */
struct pool {
	struct buf	 bytes;
	size_t		*off;
	size_t		 n;
	struct iovec	*iov;
#ifdef HAVE_MMSG
	struct mmsghdr	*hdr;
#endif
};

/* The data object of a PLG sample: fixed keys, values refilled for each message. */
struct sample {
	struct json		 root;
	struct json_member	*m;
	size_t			 n;
};

static const char *const first_keys[] = {
	"cpu_percent", "load_1min", "load_5min", "load_15min", "mem_used_percent",
	"swap_used_percent", "iowait_percent", "steal_percent", "procs_running",
	"procs_blocked"
};

static unsigned long long retries, refused;

static long long
opt_num(int c, const char *arg, long long min, long long max)
{
	const char *why;
	long long v;

	if (num_ll(arg, min, max, &v, &why) == -1) {
		warnx("-%c %s: %s", c, arg, why);
		usage_exit(USAGE);
	}
	return v;
}

static void
parse_args(int argc, char *argv[], struct opts *o)
{
	const char *why;
	int c;

	memset(o, 0, sizeof(*o));
	o->hosts = 1000;
	o->plgbytes = 1024;
	o->count = -1;
	while ((c = getopt(argc, argv, "zr:h:p:s:n:")) != -1) {
		switch (c) {
		case 'z': o->z = 1; break;
		case 'r': o->rate = opt_num(c, optarg, 0, 1000000000); break;
		case 'h': o->hosts = opt_num(c, optarg, 1, 100000000); break;
		case 'p': o->pct = opt_num(c, optarg, 0, 100); break;
		case 's': o->plgbytes = opt_num(c, optarg, 0, PROTO_MAX_DGRAM); break;
		case 'n': o->count = opt_num(c, optarg, 1, LLONG_MAX / 100); break;
		default: usage_exit(USAGE);
		}
	}
	if (o->count < 0 || argc - optind != 1)
		usage_exit(USAGE);
	if (net_parse(argv[optind], PROTO_PORT, &o->to, &why) == -1) {
		warnx("%s: %s", argv[optind], why);
		usage_exit(USAGE);
	}
}

/* A cheap generator (xorshift64) of sample values; the quality does not matter. */
static uint64_t
next_rand(void)
{
	static uint64_t x = 88172645463325252ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static char *
sample_key(size_t i)
{
	size_t nfirst = sizeof(first_keys) / sizeof(first_keys[0]);
	char key[32];
	char *s;

	if (i < nfirst)
		snprintf(key, sizeof(key), "%s", first_keys[i]);
	else
		snprintf(key, sizeof(key), "core_%zu", i - nfirst);
	if ((s = strdup(key)) == NULL)
		die("sample: out of memory");
	return s;
}

/*
 * Enough fields for a PLG of about target bytes of JSON, given base bytes
 * for the message around them; each field costs "key":12.5, in bytes.
 */
static void
sample_init(struct sample *s, size_t base, size_t target)
{
	size_t have = base, cap = 0;

	memset(s, 0, sizeof(*s));
	while (have < target) {
		if (s->n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((s->m = realloc(s->m, cap * sizeof(*s->m))) == NULL)
				die("sample: out of memory");
		}
		s->m[s->n].key = sample_key(s->n);
		s->m[s->n].keylen = strlen(s->m[s->n].key);
		s->m[s->n].value.type = JSON_NUMBER;
		have += s->m[s->n].keylen + sizeof("\"\":12.5,") - 1;
		s->n++;
	}
	s->root.type = JSON_OBJECT;
	s->root.len = s->n;
	s->root.u.members = s->m;
}

static void
sample_free(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free((char *)s->m[i].key);
	free(s->m);
}

/* Values from 0.0 to 99.9, fresh for each message, so that samples differ. */
static void
sample_fill(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		s->m[i].value.u.num = (double)(next_rand() % 1000) / 10;
}

/* Spread the PLG evenly: message i is one when i * pct / 100 steps up. */
static int
is_plg(long long i, long long pct)
{
	return (i + 1) * pct / 100 != i * pct / 100;
}

static void
message(const struct opts *o, struct sample *s, long long i, char name[32],
    struct hb_msg *m)
{
	snprintf(name, 32, "host-%lld", i % o->hosts);
	proto_msg_init(m, is_plg(i, o->pct) ? MSG_PLG : MSG_HTB, name);
	m->seq = i / o->hosts;
	m->ts = time_now();
	if (m->type == MSG_PLG) {
		sample_fill(s);
		m->plugin = "cpu_monitor";
		m->data = &s->root;
	} else
		m->interval = 30;
}

/*
 * proto_encode compresses with compress2, which sets a zlib state up and
 * tears it down for every message (some 70 us); one stream reset between
 * messages makes the same bytes many times faster, which a pool of 200000
 * notices. The first message is held against proto_encode's own.
 */
static void
deflate_add(z_stream *z, const struct buf *json, struct buf *out)
{
	uLong bound = deflateBound(z, (uLong)json->len);

	if (buf_reserve(out, bound) == -1)
		die("pool: out of memory");
	if (deflateReset(z) != Z_OK)
		die("deflate: %s", z->msg ? z->msg : "reset failed");
	z->next_in = (Bytef *)json->p;
	z->avail_in = (uInt)json->len;
	z->next_out = (Bytef *)out->p + out->len;
	z->avail_out = (uInt)bound;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		die("deflate: %s", z->msg ? z->msg : "failed");
	out->len += bound - z->avail_out;
	out->p[out->len] = '\0';
}

static void
check_same(const struct hb_msg *m, const char *p, size_t n)
{
	struct buf b = BUF_INIT;

	if (proto_encode(m, 0, &b) == -1)
		die("encode:");
	if (b.len != n || memcmp(b.p, p, n) != 0)
		die("deflate: not the bytes proto_encode makes");
	buf_free(&b);
}

/* Append datagram i to out: compressed through z when z is not NULL. */
static void
encode_one(const struct opts *o, struct sample *s, z_stream *z, long long i,
    struct buf *out)
{
	struct buf json = BUF_INIT;
	struct hb_msg m;
	char name[32];
	size_t start = out->len;

	message(o, s, i, name, &m);
	if (proto_encode(&m, SIZE_MAX, z ? &json : out) == -1)
		die("encode message %lld:", i);
	if (z == NULL)
		return;
	deflate_add(z, &json, out);
	buf_free(&json);
	if (out->len - start > PROTO_MAX_DGRAM)
		die("message %lld: %zu bytes compressed, more than a datagram holds",
		    i, out->len - start);
	if (i == 0)
		check_same(&m, out->p + start, out->len - start);
}

/* The bytes of a PLG with an empty data object: what the fields add to. */
static size_t
plg_base(const struct opts *o)
{
	struct sample none;
	struct opts all = *o;
	struct buf b = BUF_INIT;
	size_t n;

	memset(&none, 0, sizeof(none));
	none.root.type = JSON_OBJECT;
	all.pct = 100;
	encode_one(&all, &none, NULL, o->count > 1 ? o->count - 1 : 0, &b);
	n = b.len;
	buf_free(&b);
	return n;
}

static void
pool_headers(struct pool *p)
{
	size_t i, end;

	if ((p->iov = calloc(p->n, sizeof(*p->iov))) == NULL)
		die("pool: out of memory");
	for (i = 0; i < p->n; i++) {
		end = i + 1 < p->n ? p->off[i + 1] : p->bytes.len;
		p->iov[i].iov_base = p->bytes.p + p->off[i];
		p->iov[i].iov_len = end - p->off[i];
	}
#ifdef HAVE_MMSG
	if ((p->hdr = calloc(p->n, sizeof(*p->hdr))) == NULL)
		die("pool: out of memory");
	for (i = 0; i < p->n; i++) {
		p->hdr[i].msg_hdr.msg_iov = &p->iov[i];
		p->hdr[i].msg_hdr.msg_iovlen = 1;
	}
#endif
}

static void
pool_build(const struct opts *o, struct pool *p)
{
	struct sample s;
	z_stream z;
	long long i;

	memset(&z, 0, sizeof(z));
	if (o->z && deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK)
		die("deflate: %s", z.msg ? z.msg : "cannot start");
	sample_init(&s, plg_base(o), (size_t)o->plgbytes);
	memset(p, 0, sizeof(*p));
	p->n = o->count < POOL_MAX ? (size_t)o->count : POOL_MAX;
	if ((p->off = calloc(p->n, sizeof(*p->off))) == NULL)
		die("pool: out of memory");
	for (i = 0; i < (long long)p->n; i++) {
		p->off[i] = p->bytes.len;
		encode_one(o, &s, o->z ? &z : NULL, i, &p->bytes);
	}
	if (o->z)
		deflateEnd(&z);
	sample_free(&s);
	/* the iovecs point into the buffer only once it has stopped moving */
	pool_headers(p);
}

static void
pool_free(struct pool *p)
{
	buf_free(&p->bytes);
	free(p->off);
	free(p->iov);
#ifdef HAVE_MMSG
	free(p->hdr);
#endif
}

static int
udp_connect(const struct hb_addr *to)
{
	int fd;

	/* connected: the kernel looks the route up once, not per datagram */
	if ((fd = socket(to->ss.ss_family, SOCK_DGRAM, 0)) == -1)
		die("socket:");
	if (connect(fd, (const struct sockaddr *)&to->ss, to->len) == -1)
		die("connect:");
	return fd;
}

/* Send up to n datagrams from pool slot at; how many went (0: try again). */
static size_t
send_batch(int fd, struct pool *p, size_t at, size_t n)
{
#ifdef HAVE_MMSG
	int r = sendmmsg(fd, p->hdr + at, (unsigned)n, 0);

	if (r > 0)
		return (size_t)r;
	if (r == 0)
		return retries++, 0;
#else
	(void)n;
	if (send(fd, p->iov[at].iov_base, p->iov[at].iov_len, 0) >= 0)
		return 1;
#endif
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ||
	    errno == EINTR)
		return retries++, 0;
	/* an earlier datagram found no one listening: this one was not sent */
	if (errno == ECONNREFUSED)
		return refused++, 0;
	die("send:");
}

/* Sleep until sent datagrams are due at rate per second from t0. */
static void
pace(double t0, unsigned long long sent, long long rate)
{
	double delay = t0 + (double)sent / (double)rate - time_mono();
	struct timespec ts;

	if (delay <= 0)
		return;
	ts.tv_sec = (time_t)delay;
	ts.tv_nsec = (long)((delay - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* With a rate, batches of a millisecond's worth keep the bursts short. */
static size_t
batch_size(long long rate)
{
	if (rate == 0 || rate / 1000 >= BATCH)
		return BATCH;
	return rate < 1000 ? 1 : (size_t)(rate / 1000);
}

static double
send_all(int fd, const struct opts *o, struct pool *p)
{
	unsigned long long sent = 0, count = (unsigned long long)o->count;
	size_t at = 0, n, batch = batch_size(o->rate);
	double t0 = time_mono();

	while (sent < count) {
		n = batch;
		if (n > p->n - at)
			n = p->n - at;
		if (n > count - sent)
			n = (size_t)(count - sent);
		n = send_batch(fd, p, at, n);
		sent += n;
		at = (at + n) % p->n;
		if (o->rate > 0)
			pace(t0, sent, o->rate);
	}
	return time_mono() - t0;
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct pool p;
	double secs;
	int fd;

	log_init(argv[0]);
	parse_args(argc, argv, &o);
	fd = udp_connect(&o.to);
	pool_build(&o, &p);
	secs = send_all(fd, &o, &p);
	pool_free(&p);
	close(fd);
	if (retries > 0)
		warnx("%llu sends retried (the system was short of buffers)", retries);
	if (refused > 0)
		warnx("%llu sends refused (nothing listened on %s)", refused,
		    argv[argc - 1]);
	printf("sent %lld in %.3f s: %.0f dgram/s\n", o.count, secs,
	    secs > 0 ? (double)o.count / secs : 0.0);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write:");
	return 0;
}
