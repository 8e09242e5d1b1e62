/* template: display texts with {field} placeholders, as thresholds' display options use. */
#ifndef HB_TEMPLATE_H
#define HB_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

/* Append the value of field name (len bytes) to out: 1; unknown: 0; -1 on error. */
typedef int (*template_field)(void *ctx, const char *name, size_t len,
	    struct buf *out);

/*
 * Append tmpl to out with each {name} replaced by its field; an unknown
 * field stays as written, so a mistake shows; {{ and }} are braces.
 * 0 or -1.
 */
int	template_render(struct buf *out, const char *tmpl, template_field,
	    void *ctx);

#endif
