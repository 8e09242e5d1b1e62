/* httptok: the character classes HTTP's grammar is made of. */
#include <limits.h>
#include <string.h>

#include "httptok.h"

int
http_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int
http_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
http_chunk_size(const char *p, unsigned long long *size)
{
	unsigned char c;

	*size = 0;
	if (http_hexval((unsigned char)*p) < 0)
		return -1;
	for (; http_hexval((unsigned char)*p) >= 0; p++) {
		if (*size > ULLONG_MAX >> 4)
			return -2;
		*size = *size << 4 | (unsigned)http_hexval((unsigned char)*p);
	}
	p += strspn(p, " \t");
	if (*p != '\0' && *p != ';')
		return -1;
	for (; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return -1;
	}
	return 0;
}
