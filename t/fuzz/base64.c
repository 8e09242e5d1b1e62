/* Fuzz target: the strict base64 decoder on any input, and the encoder on the input taken as bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What decodes must encode back to exactly the input: one encoding per byte string. */
static void
decode_encode(const uint8_t *data, size_t n)
{
	size_t cap = n / 4 * 3;
	unsigned char *out;
	char *enc;
	long r;

	if ((out = malloc(cap ? cap : 1)) == NULL)
		return;
	r = base64_decode((const char *)data, n, out, cap);
	if (r >= 0) {
		if ((size_t)r > cap || base64_encoded_len((size_t)r) != n ||
		    (enc = malloc(n + 1)) == NULL)
			abort();
		base64_encode(out, (size_t)r, enc);
		if (memcmp(enc, data, n) != 0 || enc[n] != '\0')
			abort();
		free(enc);
		/* one byte less room must be refused */
		if (r > 0 && base64_decode((const char *)data, n, out,
		    (size_t)r - 1) != -1)
			abort();
	}
	free(out);
}

/* Any bytes encode to something that decodes back to them (nothing valid is refused). */
static void
encode_decode(const uint8_t *data, size_t n)
{
	size_t len = base64_encoded_len(n);
	unsigned char *back;
	char *enc;

	if ((enc = malloc(len + 1)) == NULL ||
	    (back = malloc(n ? n : 1)) == NULL)
		abort();
	base64_encode(data, n, enc);
	if (strlen(enc) != len ||
	    base64_decode(enc, len, back, n) != (long)n ||
	    memcmp(back, data, n) != 0)
		abort();
	free(enc);
	free(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	decode_encode(data, n);
	encode_decode(data, n);
	return 0;
}
