/* hmap: a hash table from byte-string keys to pointers, for names by the hundred thousand. */
#ifndef HB_HMAP_H
#define HB_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hent {
	struct hent	*next;
	void		*val;
	size_t		 len;
	char		 key[];		/* NUL-terminated copy */
};

struct hmap {
	struct hent	**bucket;
	size_t		 nbucket;	/* a power of two, or 0 before the first put */
	size_t		 count;
};

#define HMAP_INIT { NULL, 0, 0 }

/* FNV-1a over n bytes. */
uint32_t hash_bytes(const void *, size_t n);
/* 64-bit FNV-1a over n more bytes, from HASH64_INIT or an earlier result: for ids. */
uint64_t hash64(uint64_t h, const void *, size_t n);
#define HASH64_INIT	14695981039346656037ull

/* The value under key (len bytes), or NULL. */
void	*hmap_get(const struct hmap *, const char *key, size_t len);
/* The entry under key, made (with a NULL value) when missing; NULL without memory. */
struct hent *hmap_put(struct hmap *, const char *key, size_t len);
/* Remove the entry under key; its value, or NULL when there was none. */
void	*hmap_del(struct hmap *, const char *key, size_t len);
/* Every entry in turn: start with *i = 0 and e = NULL; NULL at the end. */
struct hent *hmap_next(const struct hmap *, size_t *i, struct hent *e);
/* Free the table and its keys (not the values). */
void	hmap_free(struct hmap *);

#endif
