/* base64: RFC 4648 base64, standard alphabet with padding, decoded strictly. */
#ifndef HB_BASE64_H
#define HB_BASE64_H

#include <stddef.h>

/*
 * The length of the encoding of n bytes, without the NUL; 0 when that
 * and the NUL would not fit in a size_t (only for n beyond any buffer).
 */
size_t	base64_encoded_len(size_t n);
/* Encode n bytes into out, NUL-terminated (base64_encoded_len(n) + 1 bytes). */
void	base64_encode(const void *, size_t n, char *out);
/*
 * Decode the n chars at s into out (outsize bytes); the byte count, or -1.
 * Strict: n a multiple of 4, padding required and only at the end, no
 * whitespace, no other characters, and the bits the padding leaves over
 * must be 0, so that only the one encoding of each byte string decodes.
 * On -1, out may hold part of the bytes.
 */
long	base64_decode(const char *s, size_t n, unsigned char *out,
	    size_t outsize);

#endif
