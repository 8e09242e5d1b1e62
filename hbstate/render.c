/* render: values and durations as the event texts show them (the seed's forms). */
#include <math.h>

#include "hbstate.h"

/*
 * Python's way with floats, which the seed's texts show: 85.0, 12.5,
 * 125.3; exit codes (the nagios operator) are whole: 2.
 */
void
render_value(struct buf *b, const struct mvalue *v, enum op op)
{
	if (!v->isnum)
		buf_add(b, v->str, v->len);
	else if (v->num == floor(v->num) && fabs(v->num) < 1e15)
		buf_printf(b, op == OP_NAGIOS ? "%.0f" : "%.1f", v->num);
	else
		buf_printf(b, "%.15g", v->num);
}

double
usec(double t)
{
	return floor(t * 1e6 + 0.5) / 1e6;
}

void
render_secs(struct buf *b, double secs)
{
	buf_printf(b, "%.0fs", secs < 0 ? 0 : floor(secs));
}
