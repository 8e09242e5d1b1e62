/* plugin: what hbsend's built-in plugins share (hbsend(1), PLUGINS). */
#ifndef HBSEND_PLUGIN_H
#define HBSEND_PLUGIN_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

#define SAMPLE_MAX		(64u << 10)	/* bytes of one sample's JSON */
#define PLUGIN_INTERVAL		300.0		/* seconds between samples */
#define PLUGIN_OPTS_MAX		64
#define PLUGIN_FILE_MAX		(1u << 20)	/* bytes read of one /proc file */

/* One "key value" of a plugin's configuration, in the order given. */
struct popt {
	char		*key;
	char		*val;
};

struct pdef;

/* One plugin as configured, and what it keeps between samples. */
struct plugin {
	const struct pdef *def;
	char		*name;		/* def->name, or an exec plugin's file name */
	int		 enabled;
	double		 interval;	/* seconds; 0: once, at start */
	struct popt	 opts[PLUGIN_OPTS_MAX];
	int		 nopts;
	void		*state;		/* the plugin's own, between samples */
	double		 due;		/* time_mono() of its next sample */
	const char	*root;		/* prefix of every file read: "" for the
					   system, a fixture directory in tests */
	const char	*why;		/* set by collect when it fails */
};

/* What a plugin is. */
struct pdef {
	const char	*name;
	int		 on;		/* enabled unless configured off */
	double		 interval;	/* the default; 0: once */
	/*
	 * Write the members of one sample into w, whose object is open; 0,
	 * or -1 with p->why set (static text): the plugin is unavailable
	 * here or failed this time. Never blocks for long: commands run
	 * with a timeout.
	 */
	int		(*collect)(struct plugin *p, struct jw *w);
	/* At start: warn about options that cannot work (missing commands). */
	void		(*check)(struct plugin *p);
};

/* The last value of an option, or NULL. */
const char *plugin_opt(const struct plugin *, const char *key);
/* The i-th value (from 0) of an option that may repeat; NULL after the last. */
const char *plugin_optn(const struct plugin *, const char *key, int i);
/* A yes/no option ("yes", "no", "on", "off", ...), or dflt. */
int	plugin_optbool(const struct plugin *, const char *key, int dflt);
/*
 * Read p->root followed by path ("/proc/stat") into b, replacing what b
 * held, at most PLUGIN_FILE_MAX bytes. 0, or -1 with errno.
 */
int	plugin_read(const struct plugin *, const char *path, struct buf *b);

/* The built-in plugins (p_*.c). */
int	os_info_collect(struct plugin *, struct jw *);
int	cpu_monitor_collect(struct plugin *, struct jw *);
int	memory_monitor_collect(struct plugin *, struct jw *);
int	disk_monitor_collect(struct plugin *, struct jw *);
int	network_monitor_collect(struct plugin *, struct jw *);
int	filesystem_info_collect(struct plugin *, struct jw *);
int	ping_monitor_collect(struct plugin *, struct jw *);
int	zfs_monitor_collect(struct plugin *, struct jw *);
int	nagios_runner_collect(struct plugin *, struct jw *);
void	nagios_runner_check(struct plugin *);
/* One executable of the plugins directory: the option "command" is its path. */
int	exec_collect(struct plugin *, struct jw *);

#endif
