/*
 * json-check: read one JSON text on standard input and write it back
 * compactly, or say where it is wrong; lets shell tests hold lib/json up
 * against other tools (jq).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "log.h"

static void
slurp(struct buf *b)
{
	ssize_t r;

	for (;;) {
		if (buf_reserve(b, 65536) == -1)
			die("read: out of memory");
		if ((r = read(STDIN_FILENO, b->p + b->len, 65536)) == -1) {
			if (errno == EINTR)
				continue;
			die("read:");
		}
		if (r == 0)
			return;
		b->len += (size_t)r;
		if (b->len > JSON_MAX_LEN)
			die("read: more than %u bytes", JSON_MAX_LEN);
	}
}

int
main(int argc, char *argv[])
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf in = BUF_INIT, out = BUF_INIT;

	log_init(argv[0]);
	if (argc != 1)
		usage_exit("json-check < file");
	slurp(&in);
	if (json_parse(&doc, in.p ? in.p : "", in.len, NULL) == -1)
		die("offset %zu: %s", doc.err_off, doc.err);
	if (json_write(&out, &doc.root) == -1 || buf_addc(&out, '\n') == -1)
		die("write: out of memory");
	if (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) == EOF)
		die("write:");
	json_doc_free(&doc);
	buf_free(&in);
	buf_free(&out);
	return 0;
}
