/* json: a strict RFC 8259 reader into an arena-backed tree, and a writer. */
#ifndef HB_JSON_H
#define HB_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};

struct json_member;

struct json {
	enum json_type	 type;
	uint32_t	 off;	/* where its text began in the input */
	size_t		 len;	/* bytes of a string; items of an array or object */
	union {
		double			 num;
		const char		*str;	/* NUL-terminated; may hold NULs (see len) */
		struct json		*items;
		struct json_member	*members;
	} u;
	uint32_t	 rawlen;	/* bytes of its text in the input */
};

struct json_member {
	const char	*key;	/* NUL-terminated; may hold NULs (see keylen) */
	size_t		 keylen;
	struct json	 value;
};

struct json_limits {
	size_t	max_len;	/* input bytes, at most JSON_MAX_LEN */
	size_t	max_depth;	/* nested arrays and objects, at most JSON_MAX_DEPTH */
};

#define JSON_MAX_LEN	(1u << 30)
#define JSON_MAX_DEPTH	128

struct json_arena;

/* A parsed document: the tree lives in the arena until json_doc_free or the next parse. */
struct json_doc {
	struct json		 root;
	struct json_arena	*arena;
	struct buf		 scratch;	/* children of open containers */
	struct buf		 numtmp;
	size_t			 err_off;	/* byte offset of the first error */
	const char		*err;		/* what was wrong, static text */
};

#define JSON_DOC_INIT { { JSON_NULL, 0, 0, { 0 }, 0 }, NULL, BUF_INIT, BUF_INIT, 0, NULL }

/*
 * Parse exactly one JSON text of n bytes (whitespace around it allowed) into
 * doc->root, replacing what doc held. 0, or -1 with doc->err and doc->err_off
 * set. lim may be NULL for the defaults. Duplicate keys: the last one wins.
 */
int	json_parse(struct json_doc *, const char *s, size_t n,
	    const struct json_limits *);
/*
 * Like json_parse, but stops after the value and its trailing whitespace and
 * stores in *end how many bytes it used; what follows is the caller's.
 */
int	json_parse_prefix(struct json_doc *, const char *s, size_t n,
	    const struct json_limits *, size_t *end);
/* Release everything the document holds; it is reusable afterwards. */
void	json_doc_free(struct json_doc *);

/* The member named key of an object, or NULL (also when obj is no object). */
const struct json *json_get(const struct json *obj, const char *key);
/* The number member key of obj, or dflt when it is missing or no number. */
double	json_get_num(const struct json *obj, const char *key, double dflt);
/*
 * The string member key of obj, or NULL when it is missing, no string,
 * or holds a NUL (which a C string would silently cut short).
 */
const char *json_get_str(const struct json *obj, const char *key);
/* Is v a number that is an integer in [min, max] and below 2^53 in magnitude? 1 or 0; stores it in *out. */
int	json_int(const struct json *v, long long min, long long max,
	    long long *out);

/* Append s (n bytes) as a JSON string; invalid UTF-8 becomes U+FFFD. 0 or -1. */
int	json_write_str(struct buf *, const char *s, size_t n);
/*
 * Append a number: integers below 2^53 exactly, others in as few of 15 to
 * 17 significant digits as read back to the same double; NaN and infinities
 * as null. Numbers are read and written in the C locale: no hb program
 * calls setlocale(3) for LC_NUMERIC.
 */
int	json_write_num(struct buf *, double);
/* Append the tree v compactly. 0 or -1. */
int	json_write(struct buf *, const struct json *v);
/*
 * Is the text v was parsed from (in src, the parser's input) byte for
 * byte what json_write writes for v? 1 or 0. Then it can be copied.
 */
int	json_canonical(const struct json *v, const char *src);

/*
 * A streaming writer that places commas and colons itself. Calls never
 * fail; the first allocation failure sets err, which the caller checks once.
 */
struct jw {
	struct buf	*b;
	unsigned	 depth;
	unsigned char	 first[JSON_MAX_DEPTH + 1];	/* nothing written yet at depth d */
	int		 after_key;
	int		 err;
};

void	jw_init(struct jw *, struct buf *);
void	jw_obj(struct jw *);		/* { */
void	jw_arr(struct jw *);		/* [ */
void	jw_end(struct jw *, int c);	/* } or ] */
void	jw_key(struct jw *, const char *);
void	jw_str(struct jw *, const char *);
void	jw_strn(struct jw *, const char *, size_t);
void	jw_num(struct jw *, double);
void	jw_bool(struct jw *, int);
void	jw_null(struct jw *);
void	jw_tree(struct jw *, const struct json *);
/* Text that is already JSON (the caller vouches for it), as a value. */
void	jw_raw(struct jw *, const char *, size_t);
/*
 * The members of object obj, parsed from src, into the object being
 * written (not after a key), as jw_key and jw_tree write them; copied
 * from src when its text already reads so.
 */
void	jw_members_src(struct jw *, const struct json *obj, const char *src);
/* A member: key and string (null when s is NULL), key and number, key and boolean. */
void	jw_kstr(struct jw *, const char *key, const char *s);
void	jw_knum(struct jw *, const char *key, double);
void	jw_kbool(struct jw *, const char *key, int);

#endif
