/* buf: one growable byte buffer with overflow-checked sizes. */
#ifndef HB_BUF_H
#define HB_BUF_H

#include <stddef.h>

struct buf {
	char	*p;	/* always NUL-terminated when cap > 0 */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes beyond len; 0, or -1 on overflow or ENOMEM. */
int	buf_reserve(struct buf *, size_t n);
/* Append n bytes; 0 or -1 (the buffer is unchanged on failure). */
int	buf_add(struct buf *, const void *, size_t n);
/* Append a NUL-terminated string; 0 or -1. */
int	buf_adds(struct buf *, const char *);
/* Append one byte; 0 or -1. */
int	buf_addc(struct buf *, int c);
/* Append printf-formatted text; 0 or -1. */
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Forget the contents, keep the memory. */
void	buf_reset(struct buf *);
/* Free the memory; the buffer is empty and reusable. */
void	buf_free(struct buf *);

/* a + b into *r unless it overflows; 0 or -1. */
int	size_add(size_t a, size_t b, size_t *r);
/* a * b into *r unless it overflows; 0 or -1. */
int	size_mul(size_t a, size_t b, size_t *r);

#endif
