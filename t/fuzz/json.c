/* Fuzz target: the JSON reader, and the writer on whatever the reader accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every value's text lies inside the input, and inside its parent's. */
static void
check_raw(const struct json *v, size_t lo, size_t hi)
{
	size_t i;

	if (v->off < lo || (size_t)v->off + v->rawlen > hi || v->rawlen == 0)
		abort();
	for (i = 0; v->type == JSON_ARRAY && i < v->len; i++)
		check_raw(&v->u.items[i], v->off, v->off + v->rawlen);
	for (i = 0; v->type == JSON_OBJECT && i < v->len; i++)
		check_raw(&v->u.members[i].value, v->off, v->off + v->rawlen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const struct json_limits lim = { 1u << 20, 32 };
	struct json_doc doc = JSON_DOC_INIT, again = JSON_DOC_INIT;
	struct buf out = BUF_INIT, out2 = BUF_INIT;

	if (json_parse(&doc, (const char *)data, n, &lim) == 0) {
		check_raw(&doc.root, 0, n);
		/* what was accepted must be written, read back, and written the same */
		if (json_write(&out, &doc.root) != 0 ||
		    json_parse(&again, out.p, out.len, &lim) != 0 ||
		    json_write(&out2, &again.root) != 0 ||
		    out.len != out2.len || memcmp(out.p, out2.p, out.len) != 0)
			abort();
	} else if (doc.err == NULL || doc.err_off > n)
		abort();
	json_write_str(&out, (const char *)data, n);
	json_doc_free(&doc);
	json_doc_free(&again);
	buf_free(&out);
	buf_free(&out2);
	return 0;
}
