/* Unit tests of hmap: put, get, delete, growth, and a walk over every entry. */
#include <stdio.h>
#include <string.h>

#include "hmap.h"
#include "tap.h"

int
main(void)
{
	struct hmap m = HMAP_INIT;
	struct hent *e = NULL;
	char key[32];
	size_t i = 0, n = 0;
	int k, bad = 0;

	ok(hmap_get(&m, "x", 1) == NULL, "an empty map has nothing");
	ok(hmap_del(&m, "x", 1) == NULL, "and deletes nothing");
	for (k = 0; k < 10000; k++) {
		snprintf(key, sizeof(key), "host-%d", k);
		if ((e = hmap_put(&m, key, strlen(key))) == NULL)
			bad++;
		else
			e->val = (void *)(size_t)(k + 1);
	}
	is_int(bad, 0, "ten thousand puts");
	is_int((long long)m.count, 10000, "counted");
	ok(m.nbucket >= 10000, "the table grew");
	for (k = 0; k < 10000; k++) {
		snprintf(key, sizeof(key), "host-%d", k);
		if (hmap_get(&m, key, strlen(key)) != (void *)(size_t)(k + 1))
			bad++;
	}
	is_int(bad, 0, "each found again");
	e = hmap_put(&m, "host-7", 6);
	ok(e != NULL && e->val == (void *)8, "a second put finds the first");
	ok(hmap_get(&m, "host-7\0x", 8) == NULL, "keys are bytes, NULs too");
	ok(hmap_del(&m, "host-7", 6) == (void *)8, "delete gives the value");
	ok(hmap_get(&m, "host-7", 6) == NULL && m.count == 9999, "and it is gone");
	for (e = NULL; (e = hmap_next(&m, &i, e)) != NULL; n++)
		if (strlen(e->key) != e->len)
			bad++;
	is_int((long long)n, 9999, "a walk sees every entry once");
	is_int(bad, 0, "keys are NUL-terminated copies");
	hmap_free(&m);
	ok(m.count == 0 && hmap_get(&m, "host-1", 6) == NULL, "freed and reusable");
	return done_testing();
}
