/* httptok: the characters of HTTP (RFC 9110), for the client and the server alike. */
#ifndef HB_HTTPTOK_H
#define HB_HTTPTOK_H

/* Is c a tchar, one of the characters of a token? */
int	http_tchar(int c);
/* The value of a hex digit, or -1. */
int	http_hexval(int c);

/*
 * A chunk-size line, "SIZE[;extensions]" without its end (RFC 9112 7.1;
 * the extensions are ignored, but may hold no control character): the
 * size into *size. 0, -1 when malformed, -2 when the size passes 2^64.
 */
int	http_chunk_size(const char *line, unsigned long long *size);

#endif
