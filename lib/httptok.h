/* httptok: the characters of HTTP (RFC 9110), for the client and the server alike. */
#ifndef HB_HTTPTOK_H
#define HB_HTTPTOK_H

/* Is c a tchar, one of the characters of a token? */
int	http_tchar(int c);
/* The value of a hex digit, or -1. */
int	http_hexval(int c);

#endif
