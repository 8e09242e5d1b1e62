/* utf8: strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF. */
#ifndef HB_UTF8_H
#define HB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (n bytes left) into *cp; its length 1-4, or 0 if invalid. */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode a scalar value (not a surrogate, <= U+10FFFF) into out; its length 1-4, or 0. */
size_t	utf8_encode(uint32_t cp, char out[4]);
/* Is all of s (n bytes) valid UTF-8? 1 or 0. */
int	utf8_valid(const char *s, size_t n);

#endif
