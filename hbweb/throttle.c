/*
 * throttle: after 5 failed logins, a user name or an address waits 1,
 * 2, 4 ... seconds (at most an hour) between tries. Each connection is a
 * process of its own, so the counts live in files, STATEDIR/sessions/
 * throttle/KEY ("failures time"), the key made a file name by hashing.
 */
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "log.h"
#include "sha256.h"

#define FREE_TRIES	5
#define WAIT_MAX	3600.0

static void
path_of(const struct config *c, const char *key, char *out, size_t size)
{
	unsigned char d[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	sha256(key, strlen(key), d);
	hex_encode(d, sizeof(d), hex);
	snprintf(out, size, "%s/sessions/throttle/%s", c->statedir, hex);
}

static int
load(const char *path, long *failures, double *last)
{
	struct buf b = BUF_INIT;
	int r = -1;

	if (file_read(path, &b, 128) == 0 && b.p != NULL &&
	    sscanf(b.p, "%ld %lf", failures, last) == 2)
		r = 0;
	buf_free(&b);
	return r;
}

double
throttle_wait(const struct config *c, const char *key, double now)
{
	char path[4096];
	long failures;
	double last, until;

	path_of(c, key, path, sizeof(path));
	if (load(path, &failures, &last) == -1 || failures < FREE_TRIES)
		return 0;
	until = last + fmin(WAIT_MAX, ldexp(1.0, (int)fmin(failures -
	    FREE_TRIES, 30)));
	return until > now ? until - now : 0;
}

void
throttle_note(const struct config *c, const char *key, int ok, double now)
{
	char dir[4096], path[4096], line[64];
	long failures = 0;
	double last;
	int n;

	path_of(c, key, path, sizeof(path));
	if (ok) {
		unlink(path);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/sessions", c->statedir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/sessions/throttle", c->statedir);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return;
	if (load(path, &failures, &last) == -1)
		failures = 0;
	failures++;
	n = snprintf(line, sizeof(line), "%ld %.3f\n", failures, now);
	file_replace(path, line, (size_t)n, 0600, FILE_NOSYNC);
	if (failures >= FREE_TRIES)
		warnx("%s: %ld failed logins", key, failures);
}
