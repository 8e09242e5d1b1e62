/* p_os: the os_info plugin, what the system is: kernel, distribution, CPUs, boot. */
#include <string.h>
#include <unistd.h>

#include <sys/utsname.h>

#include "mounts.h"

/* The os-release(5) variables reported, and their names in the sample. */
static const char *const vars[] = { "NAME", "VERSION_ID", "PRETTY_NAME", "ID" };
static const char *const keys[] = { "name", "version_id", "pretty_name", "id" };
#define NVARS	(sizeof(vars) / sizeof(vars[0]))

/*
 * A value as os-release(5) allows: bare, or in quotes, where a backslash
 * keeps the next character as it is. Decoded in place.
 */
static char *
unquote(char *v)
{
	char q = *v, *s, *d;

	if (q != '"' && q != '\'')
		return v;
	for (s = d = v + 1; *s != '\0' && *s != q; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		*d++ = *s;
	}
	*d = '\0';
	return v + 1;
}

static void
distribution(struct plugin *p, struct jw *w, struct buf *b)
{
	const char *val[NVARS] = { NULL };
	struct scan s;
	char *line, *eq;
	size_t i, n = 0;

	if (plugin_read(p, "/etc/os-release", b) == -1 &&
	    plugin_read(p, "/usr/lib/os-release", b) == -1)
		return;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL) {
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		/* as in the shell that may read it, the last one counts */
		for (i = 0; i < NVARS; i++)
			if (strcmp(line, vars[i]) == 0) {
				val[i] = unquote(eq + 1);
				n++;
			}
	}
	if (n == 0)
		return;
	jw_key(w, "distribution");
	jw_obj(w);
	for (i = 0; i < NVARS; i++)
		if (val[i] != NULL)
			jw_kstr(w, keys[i], val[i]);
	jw_end(w, '}');
}

/* "btime 1795388666" of /proc/stat: when the system started, Unix time. */
static void
boot_time(struct plugin *p, struct jw *w, struct buf *b)
{
	struct scan s;
	char *line, *f[2];
	long long v;

	if (plugin_read(p, "/proc/stat", b) == -1)
		return;
	scan_init(&s, b);
	while ((line = scan_line(&s)) != NULL)
		if (scan_fields(line, f, 2) == 2 && strcmp(f[0], "btime") == 0 &&
		    scan_count(f[1], &v) == 0) {
			jw_knum(w, "boot_time", (double)v);
			return;
		}
}

/* The processors online: "processor : N" lines, else what sysconf says. */
static long
cpus(struct plugin *p, struct buf *b)
{
	struct scan s;
	char *line;
	long n = 0;

	if (plugin_read(p, "/proc/cpuinfo", b) == 0) {
		scan_init(&s, b);
		while ((line = scan_line(&s)) != NULL)
			if (strncmp(line, "processor", 9) == 0 &&
			    line[9] != '\0' && strchr(" \t:", line[9]) != NULL)
				n++;
	}
#ifdef _SC_NPROCESSORS_ONLN
	if (n == 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
	return n;
}

/* Sampled once per start: little of it changes without a reboot. */
int
os_info_collect(struct plugin *p, struct jw *w)
{
	struct utsname u;
	struct buf b = BUF_INIT;
	long n;

	if (uname(&u) == -1) {
		p->why = "uname failed";
		return -1;
	}
	jw_kstr(w, "os", u.sysname);
	jw_kstr(w, "kernel", u.release);
	jw_kstr(w, "version", u.version);
	jw_kstr(w, "architecture", u.machine);
	jw_kstr(w, "hostname", u.nodename);
	distribution(p, w, &b);
	boot_time(p, w, &b);
	if ((n = cpus(p, &b)) > 0)
		jw_knum(w, "cpu_count", (double)n);
	buf_free(&b);
	return 0;
}
