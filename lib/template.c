/* template: {field} substitution, nothing more (no formats, no expressions). */
#include <string.h>

#include "template.h"

static int
field(struct buf *out, const char *s, size_t *used, template_field fn,
    void *ctx)
{
	const char *end = strchr(s + 1, '}');
	const char *open = strchr(s + 1, '{');
	size_t len;
	int r;

	if (end == NULL || (open != NULL && open < end)) {
		*used = 1;
		return buf_addc(out, '{');
	}
	len = (size_t)(end - s) + 1;
	*used = len;
	if ((r = fn(ctx, s + 1, len - 2, out)) == -1)
		return -1;
	return r == 1 ? 0 : buf_add(out, s, len);
}

int
template_render(struct buf *out, const char *tmpl, template_field fn,
    void *ctx)
{
	const char *s = tmpl;
	size_t n;

	while (*s != '\0') {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			if (buf_addc(out, *s) == -1)
				return -1;
			s += 2;
		} else if (*s == '{') {
			if (field(out, s, &n, fn, ctx) == -1)
				return -1;
			s += n;
		} else {
			n = strcspn(s, "{}");
			if (n == 0)
				n = 1;
			if (buf_add(out, s, n) == -1)
				return -1;
			s += n;
		}
	}
	if (out->cap == 0)
		return buf_adds(out, "");
	return 0;
}
