/*
 * picture: alerts.json, as hbstate last wrote it, parsed once and kept
 * while its file stays the same, so a kept-alive connection answers
 * from memory. hbweb judges nothing itself.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hbweb.h"

#define ALERTS_MAX	(1u << 30)
#define READ_ROOM	8192	/* what file_read asks room for before each read */

void
picture_init(struct picture *p, const char *statedir)
{
	memset(p, 0, sizeof(*p));
	p->alerts_path = path_join(statedir, "alerts.json");
}

static void
free_counts(struct picture *p)
{
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(&p->counts, &i, e)) != NULL)
		free(e->val);
	hmap_free(&p->counts);
}

/* Once a load, so that a list of N hosts does not scan the alerts N times. */
static void
count(struct picture *p)
{
	const struct json *a;
	const char *h, *state;
	struct hent *e;
	size_t i;

	for (i = 0; p->alerts != NULL && i < p->alerts->len; i++) {
		a = &p->alerts->u.items[i];
		if ((h = json_get_str(a, "host")) == NULL ||
		    (state = json_get_str(a, "state")) == NULL ||
		    (e = hmap_put(&p->counts, h, strlen(h))) == NULL)
			continue;
		if (e->val == NULL && (e->val = calloc(3, sizeof(int))) == NULL)
			continue;
		((int *)e->val)[strcmp(state, "CRITICAL") == 0 ? 0 :
		    strcmp(state, "WARNING") == 0 ? 1 : 2]++;
	}
}

const int *
picture_counts(const struct picture *p, const char *host)
{
	static const int none[3];
	const int *c = hmap_get(&p->counts, host, strlen(host));

	return c != NULL ? c : none;
}

static void
empty(struct picture *p)
{
	free_counts(p);
	json_doc_free(&p->doc);
	buf_reset(&p->text);
	buf_reset(&p->hosts_answer);
	p->hosts_for[0] = '\0';
	p->hosts = p->alerts = NULL;
}

int
picture_fresh(struct picture *p)
{
	struct stat st;
	const struct json *v;

	if (p->alerts_path == NULL || stat(p->alerts_path, &st) == -1) {
		empty(p);
		memset(&p->mtime, 0, sizeof(p->mtime));
		return -1;
	}
	/* a file replaced within one tick of the clock has the same time, not the same inode */
	if (st.st_mtim.tv_sec == p->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == p->mtime.tv_nsec && st.st_ino == p->ino &&
	    st.st_size == p->size && p->hosts != NULL)
		return 0;
	empty(p);
	/* the room for it at once, not grown by doubling and copying */
	if (st.st_size > 0 && (uintmax_t)st.st_size < ALERTS_MAX)
		buf_reserve(&p->text, (size_t)st.st_size + READ_ROOM);
	if (file_read(p->alerts_path, &p->text, ALERTS_MAX) == -1 ||
	    json_parse(&p->doc, p->text.p, p->text.len, NULL) == -1)
		return -1;
	p->mtime = st.st_mtim;
	p->ino = st.st_ino;
	p->size = st.st_size;
	v = json_get(&p->doc.root, "hosts");
	p->hosts = v != NULL && v->type == JSON_OBJECT ? v : NULL;
	v = json_get(&p->doc.root, "alerts");
	p->alerts = v != NULL && v->type == JSON_ARRAY ? v : NULL;
	count(p);
	return 0;
}

void
picture_free(struct picture *p)
{
	empty(p);
	buf_free(&p->text);
	buf_free(&p->hosts_answer);
	free(p->alerts_path);
	memset(p, 0, sizeof(*p));
}
