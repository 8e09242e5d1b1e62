/* hmap: chained hashing, doubling when the entries outnumber the buckets. */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"

uint32_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *s++) * 16777619u;
	return h;
}

uint64_t
hash64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

void *
hmap_get(const struct hmap *m, const char *key, size_t len)
{
	struct hent *e;

	if (m->nbucket == 0)
		return NULL;
	e = m->bucket[hash_bytes(key, len) & (m->nbucket - 1)];
	for (; e != NULL; e = e->next)
		if (e->len == len && memcmp(e->key, key, len) == 0)
			return e->val;
	return NULL;
}

/* A failed doubling only makes chains longer. */
static void
grow(struct hmap *m)
{
	size_t n = m->nbucket ? m->nbucket * 2 : 64, i, h;
	struct hent **b, *e, *next;

	if ((b = calloc(n, sizeof(*b))) == NULL)
		return;
	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e != NULL; e = next) {
			next = e->next;
			h = hash_bytes(e->key, e->len) & (n - 1);
			e->next = b[h];
			b[h] = e;
		}
	free(m->bucket);
	m->bucket = b;
	m->nbucket = n;
}

struct hent *
hmap_put(struct hmap *m, const char *key, size_t len)
{
	struct hent *e, **slot;

	if (m->count >= m->nbucket)
		grow(m);
	if (m->nbucket == 0)
		return NULL;
	slot = &m->bucket[hash_bytes(key, len) & (m->nbucket - 1)];
	for (e = *slot; e != NULL; e = e->next)
		if (e->len == len && memcmp(e->key, key, len) == 0)
			return e;
	if (len > SIZE_MAX - sizeof(*e) - 1 ||
	    (e = malloc(sizeof(*e) + len + 1)) == NULL)
		return NULL;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->len = len;
	e->val = NULL;
	e->next = *slot;
	*slot = e;
	m->count++;
	return e;
}

void *
hmap_del(struct hmap *m, const char *key, size_t len)
{
	struct hent **p, *e;
	void *v;

	if (m->nbucket == 0)
		return NULL;
	p = &m->bucket[hash_bytes(key, len) & (m->nbucket - 1)];
	for (; (e = *p) != NULL; p = &e->next)
		if (e->len == len && memcmp(e->key, key, len) == 0) {
			*p = e->next;
			v = e->val;
			free(e);
			m->count--;
			return v;
		}
	return NULL;
}

struct hent *
hmap_next(const struct hmap *m, size_t *i, struct hent *e)
{
	if (e != NULL && e->next != NULL)
		return e->next;
	if (e != NULL)
		(*i)++;
	for (; *i < m->nbucket; (*i)++)
		if (m->bucket[*i] != NULL)
			return m->bucket[*i];
	return NULL;
}

void
hmap_free(struct hmap *m)
{
	struct hent *e, *next;
	size_t i;

	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(m->bucket);
	m->bucket = NULL;
	m->nbucket = m->count = 0;
}
