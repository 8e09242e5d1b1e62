/*
 * password: pbkdf2:sha256:ITERATIONS$SALT$HASH, the format hbd's
 * werkzeug wrote (SALT 16 letters and digits, used as bytes; HASH the
 * hex of 32 bytes of PBKDF2-HMAC-SHA256), so its users keep theirs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "hbweb.h"
#include "num.h"
#include "sha256.h"

#define PREFIX		"pbkdf2:sha256:"
#define SALT_LEN	16
#define ITER_MAX	100000000

static const char alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* n random bytes from the kernel. 0, or -1 with errno. */
int
random_bytes(void *p, size_t n)
{
	int fd, r;
	ssize_t got;
	size_t have = 0;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (have < n) {
		if ((got = read(fd, (char *)p + have, n - have)) <= 0) {
			if (got == -1 && errno == EINTR)
				continue;
			break;
		}
		have += (size_t)got;
	}
	r = have == n ? 0 : -1;
	close(fd);
	return r;
}

int
password_hash(const char *pw, unsigned long iterations, char *out,
    size_t size)
{
	unsigned char rnd[SALT_LEN], dk[SHA256_LEN];
	char salt[SALT_LEN + 1], hex[2 * SHA256_LEN + 1];
	size_t i;

	if (random_bytes(rnd, sizeof(rnd)) == -1)
		return -1;
	/* 256 % 62 leaves a bias of one part in 64: harmless for a salt */
	for (i = 0; i < SALT_LEN; i++)
		salt[i] = alnum[rnd[i] % (sizeof(alnum) - 1)];
	salt[SALT_LEN] = '\0';
	if (pbkdf2_sha256(pw, strlen(pw), salt, SALT_LEN, iterations, dk,
	    sizeof(dk)) == -1)
		return -1;
	hex_encode(dk, sizeof(dk), hex);
	if ((size_t)snprintf(out, size, PREFIX "%lu$%s$%s", iterations, salt,
	    hex) >= size)
		return -1;
	return 0;
}

int
password_check(const char *pw, const char *stored)
{
	unsigned char dk[SHA256_LEN];
	char num[16], hex[2 * SHA256_LEN + 1];
	const char *p, *salt, *dollar, *why;
	long long iter;
	size_t n;

	if (stored == NULL || strncmp(stored, PREFIX, sizeof(PREFIX) - 1) != 0)
		return 0;
	p = stored + sizeof(PREFIX) - 1;
	if ((salt = strchr(p, '$')) == NULL || (size_t)(salt - p) >= sizeof(num))
		return 0;
	memcpy(num, p, (size_t)(salt - p));
	num[salt - p] = '\0';
	if (num_ll(num, 1, ITER_MAX, &iter, &why) == -1)
		return 0;
	salt++;
	if ((dollar = strchr(salt, '$')) == NULL)
		return 0;
	n = strlen(dollar + 1);
	if (n != 2 * SHA256_LEN || pbkdf2_sha256(pw, strlen(pw), salt,
	    (size_t)(dollar - salt), (unsigned long)iter, dk, sizeof(dk)) == -1)
		return 0;
	hex_encode(dk, sizeof(dk), hex);
	return ct_equal(hex, dollar + 1, n);
}
