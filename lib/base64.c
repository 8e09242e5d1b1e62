/* base64: RFC 4648 base64 both ways, with no branch or table lookup on the data, as it carries passwords (HTTP Basic) and keys. */
#include <limits.h>
#include <stdint.h>

#include "base64.h"

/* 0xff when lo <= c <= hi, else 0, for values below 256, without a branch. */
static uint32_t
in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
	/* Outside the range one difference wraps around and sets high bits. */
	uint32_t out = ((c - lo) | (hi - c)) >> 8;

	/* out is below 2^24, so out - 1 sets the top 8 bits only when out is 0. */
	return (out - 1) >> 24;
}

/* The value of a character, 0-63, or a value above 63 when it is not in the alphabet. */
static uint32_t
sextet(unsigned char ch)
{
	uint32_t c = ch, up, lo, dig, plus, slash;

	up = in_range(c, 'A', 'Z');
	lo = in_range(c, 'a', 'z');
	dig = in_range(c, '0', '9');
	plus = in_range(c, '+', '+');
	slash = in_range(c, '/', '/');
	return (up & (c - 'A')) | (lo & (c - 'a' + 26)) |
	    (dig & (c - '0' + 52)) | (plus & 62) | (slash & 63) |
	    ((up | lo | dig | plus | slash) ^ 0xff) << 6;
}

/* The character of a value 0-63: 'A' + v, moved by where the alphabet leaves one run of ASCII for the next. */
static char
letter(uint32_t v)
{
	uint32_t c = 'A' + v;

	c += in_range(v, 26, 255) & ('a' - 'A' - 26);
	c -= in_range(v, 52, 255) & ('a' + 26 - '0');
	c -= in_range(v, 62, 255) & ('0' + 10 - '+');
	c += in_range(v, 63, 255) & ('/' - '+' - 1);
	return (char)c;
}

size_t
base64_encoded_len(size_t n)
{
	size_t groups = n / 3 + (n % 3 != 0);

	if (groups > (SIZE_MAX - 1) / 4)
		return 0;
	return groups * 4;
}

void
base64_encode(const void *data, size_t n, char *out)
{
	const unsigned char *p = data;
	uint32_t v;
	size_t i, k;

	for (i = 0; i < n; i += 3) {
		k = n - i < 3 ? n - i : 3;
		v = (uint32_t)p[i] << 16;
		if (k > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (k > 2)
			v |= p[i + 2];
		*out++ = letter(v >> 18 & 0x3f);
		*out++ = letter(v >> 12 & 0x3f);
		*out++ = k > 1 ? letter(v >> 6 & 0x3f) : '=';
		*out++ = k > 2 ? letter(v & 0x3f) : '=';
	}
	*out = '\0';
}

/*
 * Four characters as 24 bits, of which only the first k are data (the
 * rest padding, taken as 0). Characters outside the alphabet set bits
 * above 63 in *bad, which is looked at only at the end.
 */
static uint32_t
group(const unsigned char *p, size_t k, uint32_t *bad)
{
	uint32_t v = 0, x;
	size_t i;

	for (i = 0; i < 4; i++) {
		x = i < k ? sextet(p[i]) : 0;
		*bad |= x;
		v = v << 6 | (x & 0x3f);
	}
	return v;
}

long
base64_decode(const char *s, size_t n, unsigned char *out, size_t outsize)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t pad = 0, len, i, k, o = 0;
	uint32_t v = 0, bad = 0;

	if (n % 4 != 0)
		return -1;
	if (n > 0 && p[n - 1] == '=')
		pad = p[n - 2] == '=' ? 2 : 1;
	len = n / 4 * 3 - pad;
	if (len > outsize || len > (unsigned long)LONG_MAX)
		return -1;
	for (i = 0; i < n; i += 4) {
		/* '=' anywhere but in the padding is not in the alphabet. */
		k = i + 4 < n ? 4 : 4 - pad;
		v = group(p + i, k, &bad);
		out[o++] = (unsigned char)(v >> 16);
		if (k > 2)
			out[o++] = (unsigned char)(v >> 8);
		if (k > 3)
			out[o++] = (unsigned char)v;
	}
	/*
	 * The bits of the last group that no byte takes must be 0, or
	 * "QR==" would decode to the same byte as "QQ==".
	 */
	bad |= (v & (((uint32_t)1 << (8 * pad)) - 1)) << 6;
	if (bad > 0x3f)
		return -1;
	return (long)len;
}
