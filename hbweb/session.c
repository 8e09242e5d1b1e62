/*
 * session: a login is a 256-bit random token, given to the client once;
 * hbweb keeps only its SHA-256, as the name of a file in
 * STATEDIR/sessions/ holding the user and the expiry, so a copy of the
 * directory logs nobody in. The expiry slides with use.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "json.h"
#include "num.h"
#include "sha256.h"

#define TOKEN_BYTES	(TOKEN_LEN / 2)
#define SLIDE_EVERY	3600.0	/* seconds between rewrites of a used session */

static int
session_path(const struct config *c, const char *token, char *out,
    size_t size)
{
	unsigned char d[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	size_t n = strlen(token);

	if (n != 2 * TOKEN_BYTES || strspn(token, "0123456789abcdef") != n)
		return -1;
	sha256(token, n, d);
	hex_encode(d, sizeof(d), hex);
	return (size_t)snprintf(out, size, "%s/sessions/%s", c->statedir,
	    hex) < size ? 0 : -1;
}

static int
store(const char *path, const char *user, double expires)
{
	struct buf b = BUF_INIT;
	struct jw w;
	int r;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "user", user);
	jw_knum(&w, "expires", expires);
	jw_end(&w, '}');
	buf_addc(&b, '\n');
	r = w.err ? -1 : file_replace(path, b.p, b.len, 0600, FILE_SYNC);
	buf_free(&b);
	return r;
}

int
session_new(const struct config *c, const char *user, double now,
    char token[TOKEN_LEN + 1])
{
	unsigned char rnd[TOKEN_BYTES];
	char dir[4096], path[4096];

	snprintf(dir, sizeof(dir), "%s/sessions", c->statedir);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	if (random_bytes(rnd, sizeof(rnd)) == -1)
		return -1;
	hex_encode(rnd, sizeof(rnd), token);
	if (session_path(c, token, path, sizeof(path)) == -1)
		return -1;
	return store(path, user, now + c->session);
}

/* The user of a live session, into user (size bytes); 0, or -1 when there is none. */
int
session_user(const struct config *c, const char *token, double now,
    char *user, size_t size)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char path[4096];
	const char *u;
	double expires;
	int r = -1;

	if (token == NULL || session_path(c, token, path, sizeof(path)) == -1 ||
	    file_read(path, &b, 4096) == -1 ||
	    json_parse(&doc, b.p, b.len, NULL) == -1)
		goto out;
	u = json_get_str(&doc.root, "user");
	expires = json_get_num(&doc.root, "expires", 0);
	if (u == NULL || strlen(u) >= size || user_get(c, u) == NULL)
		goto out;
	if (expires <= now) {
		unlink(path);
		goto out;
	}
	memcpy(user, u, strlen(u) + 1);
	if (expires - now < c->session - SLIDE_EVERY)
		store(path, u, now + c->session);
	r = 0;
out:
	json_doc_free(&doc);
	buf_free(&b);
	return r;
}

int
session_end(const struct config *c, const char *token)
{
	char path[4096];

	if (token == NULL || session_path(c, token, path, sizeof(path)) == -1)
		return -1;
	return unlink(path);
}
