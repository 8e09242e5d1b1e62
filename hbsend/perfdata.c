/* perfdata: Nagios plugins' performance data and output text, parsed. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "num.h"
#include "perfdata.h"

#define BLANKS	" \t\r\n"

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A number with an optional unit after it, as in "12.5MB" or "-3", in
 * s (n bytes) into *v and uom. Units are letters and signs such as '%'
 * or '/'; digits and separators in them mean the number was something
 * else ("0,5" in a comma locale). 0 or -1.
 */
static int
num_uom(const char *s, size_t n, double *v, char uom[PERF_UOM_MAX])
{
	char tmp[64];
	const char *why;
	size_t i = 0, digits = 0, t = 0, u;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return -1;
	if (i + 1 < n && (s[i] == 'e' || s[i] == 'E') &&
	    ((s[i + 1] >= '0' && s[i + 1] <= '9') || (i + 2 < n &&
	    (s[i + 1] == '-' || s[i + 1] == '+') &&
	    s[i + 2] >= '0' && s[i + 2] <= '9')))
		for (i += 2; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i + 2 > sizeof(tmp) || n - i >= PERF_UOM_MAX)
		return -1;
	for (u = i; u < n; u++)
		if (strchr("0123456789.,;='\"", s[u]) != NULL ||
		    (unsigned char)s[u] < 0x20 || s[u] == 0x7f)
			return -1;
	/* num_double wants "-0.5", not "+.5" nor "-.5" */
	if (s[0] == '-')
		tmp[t++] = '-';
	if (s[0] == '-' || s[0] == '+')
		s++, i--, n--;
	if (s[0] == '.')
		tmp[t++] = '0';
	memcpy(tmp + t, s, i);
	tmp[t + i] = '\0';
	if (num_double(tmp, -DBL_MAX, DBL_MAX, v, &why) == -1)
		return -1;
	memcpy(uom, s + i, n - i);
	uom[n - i] = '\0';
	return 0;
}

/* warn, crit, min or max: a plain number, or one in the value's unit. */
static double
threshold(const char *s, size_t n, const char *uom)
{
	char u[PERF_UOM_MAX];
	double v;

	if (num_uom(s, n, &v, u) == -1 || (u[0] != '\0' && strcmp(u, uom)))
		return NAN;
	return v;
}

/* The value and thresholds of s (n bytes, after the '='). 0 or -1. */
static int
fields(const char *s, size_t n, struct perf *pf)
{
	double *th[] = { &pf->warn, &pf->crit, &pf->min, &pf->max };
	const char *end = s + n, *semi;
	size_t k;

	pf->warn = pf->crit = pf->min = pf->max = NAN;
	if ((semi = memchr(s, ';', n)) == NULL)
		semi = end;
	if (num_uom(s, (size_t)(semi - s), &pf->value, pf->uom) == -1)
		return -1;
	for (k = 0; k < 4 && semi < end; k++) {
		s = semi + 1;
		if ((semi = memchr(s, ';', (size_t)(end - s))) == NULL)
			semi = end;
		*th[k] = threshold(s, (size_t)(semi - s), pf->uom);
	}
	return 0;
}

/*
 * A label at *sp: 'quoted' (with '' for a quote, blanks and '=' allowed)
 * or bare up to the '='. Leaves *sp after the '='. 0, -1 for garbage up
 * to the next blank, -2 when nothing sensible can follow.
 */
static int
label(const char **sp, const char *end, char out[PERF_LABEL_MAX])
{
	const char *s = *sp;
	size_t l = 0;
	int over = 0;

	if (*s == '\'') {
		for (s++;; s++) {
			if (s == end)
				return -2;
			if (*s == '\'' && (s + 1 == end || s[1] != '\''))
				break;
			if (*s == '\'')
				s++;
			if (l + 1 < PERF_LABEL_MAX)
				out[l++] = *s;
			else
				over = 1;
		}
		s++;
	} else
		for (; s < end && *s != '=' && !blank(*s); s++)
			if (l + 1 < PERF_LABEL_MAX)
				out[l++] = *s;
			else
				over = 1;
	out[l] = '\0';
	*sp = s;
	if (s == end || *s != '=' || l == 0 || over)
		return -1;
	*sp = s + 1;
	return 0;
}

size_t
perf_parse(const char *s, size_t n, perf_fn *fn, void *arg)
{
	const char *end = s + n, *v;
	struct perf pf;
	size_t count = 0;
	int rc;

	for (;;) {
		while (s < end && blank(*s))
			s++;
		if (s == end)
			return count;
		if ((rc = label(&s, end, pf.label)) == -2)
			return count;
		for (v = s; s < end && !blank(*s); s++)
			;
		if (rc == 0 && fields(v, (size_t)(s - v), &pf) == 0) {
			fn(&pf, arg);
			count++;
		}
	}
}

/* s (n bytes) without the blanks around it. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && blank(*s))
		s++, (*n)--;
	while (*n > 0 && blank(s[*n - 1]))
		(*n)--;
	return s;
}

int
nagios_split(const char *s, size_t n, const char **text, size_t *len,
    struct buf *perf)
{
	const char *end = s + n, *nl, *bar;

	if ((nl = memchr(s, '\n', n)) == NULL)
		nl = end;
	if ((bar = memchr(s, '|', (size_t)(nl - s))) == NULL)
		bar = nl;
	*len = (size_t)(bar - s);
	*text = trim(s, len);
	if (bar < nl && buf_add(perf, bar + 1, (size_t)(nl - bar - 1)) == -1)
		return -1;
	if (nl == end)
		return 0;
	/* long text, then "| more perfdata" on as many lines as it takes */
	if ((bar = memchr(nl, '|', (size_t)(end - nl))) == NULL)
		return 0;
	if (buf_addc(perf, '\n') == -1 ||
	    buf_add(perf, bar + 1, (size_t)(end - bar - 1)) == -1)
		return -1;
	return 0;
}
