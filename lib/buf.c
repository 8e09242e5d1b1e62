/* buf: one growable byte buffer; every size computation is overflow-checked. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
size_add(size_t a, size_t b, size_t *r)
{
	if (a > SIZE_MAX - b) {
		errno = EOVERFLOW;
		return -1;
	}
	*r = a + b;
	return 0;
}

int
size_mul(size_t a, size_t b, size_t *r)
{
	if (b != 0 && a > SIZE_MAX / b) {
		errno = EOVERFLOW;
		return -1;
	}
	*r = a * b;
	return 0;
}

int
buf_reserve(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	/* room for n and the NUL already (len < cap once cap > 0) */
	if (n < b->cap - b->len)
		return 0;
	/* one byte more for the terminating NUL */
	if (size_add(b->len, n, &need) == -1 || size_add(need, 1, &need) == -1)
		return -1;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		if (size_mul(cap, 2, &cap) == -1) {
			cap = need;
			break;
		}
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	if (b->cap - b->len > 1) {	/* the byte and the NUL */
		b->p[b->len++] = ch;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &ch, 1);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list ap;
	int n;

	/* most of the time it fits in the room there is: one pass */
	va_start(ap, fmt);
	n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= room) {
		if (buf_reserve(b, (size_t)n) == -1) {
			if (room)
				b->p[b->len] = '\0';
			return -1;
		}
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
