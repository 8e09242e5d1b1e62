/*
 * plugins: the built-in plugins, their configuration (the plugin
 * directive of hbsend's file) and their sampling on a schedule.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hbsend.h"

static const struct pdef defs[] = {
	{ "os_info", 1, 0, os_info_collect, NULL },
	{ "cpu_monitor", 1, PLUGIN_INTERVAL, cpu_monitor_collect, NULL },
	{ "memory_monitor", 1, PLUGIN_INTERVAL, memory_monitor_collect, NULL },
	{ "disk_monitor", 1, PLUGIN_INTERVAL, disk_monitor_collect, NULL },
	{ "network_monitor", 1, PLUGIN_INTERVAL, network_monitor_collect, NULL },
	{ "filesystem_info", 1, PLUGIN_INTERVAL, filesystem_info_collect, NULL },
	{ "zfs_monitor", 1, PLUGIN_INTERVAL, zfs_monitor_collect, NULL },
	/* these need their hosts, commands or directory: on when configured */
	{ "ping_monitor", 0, PLUGIN_INTERVAL, ping_monitor_collect, NULL },
	{ "nagios_runner", 0, PLUGIN_INTERVAL, nagios_runner_collect,
	    nagios_runner_check },
	{ "exec", 1, PLUGIN_INTERVAL, exec_collect, NULL },
};
#define NDEFS	(sizeof(defs) / sizeof(defs[0]))

struct plugins *
plugins_new(void)
{
	struct plugins *ps;
	size_t i;

	if ((ps = calloc(1, sizeof(*ps) + NDEFS * sizeof(ps->p[0]))) == NULL)
		die("out of memory");
	ps->n = NDEFS;
	for (i = 0; i < NDEFS; i++) {
		ps->p[i].def = &defs[i];
		ps->p[i].name = (char *)defs[i].name;
		ps->p[i].enabled = defs[i].on;
		ps->p[i].interval = defs[i].interval;
		ps->p[i].root = "";
	}
	return ps;
}

static struct plugin *
find(struct plugins *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].def->name, name) == 0)
			return &ps->p[i];
	return NULL;
}

static int
add_opt(const struct conf_line *l, struct plugin *p, const char *key,
    const char *val)
{
	if (p->nopts == PLUGIN_OPTS_MAX)
		return conf_err(l, "at most %d options a plugin", PLUGIN_OPTS_MAX);
	if ((p->opts[p->nopts].key = strdup(key)) == NULL ||
	    (p->opts[p->nopts].val = strdup(val)) == NULL)
		return conf_err(l, "out of memory");
	p->nopts++;
	return 0;
}

/* Configuring a plugin enables it, unless the line says off. */
static int
words(const struct conf_line *l, struct plugin *p)
{
	int i = 2, said = -1, opts = 0;
	const char *why;

	while (i < l->argc) {
		if (strcmp(l->argv[i], "on") == 0 || strcmp(l->argv[i], "off") == 0) {
			said = strcmp(l->argv[i++], "on") == 0;
			continue;
		}
		if (i + 1 == l->argc)
			return conf_err(l, "%s: a value expected", l->argv[i]);
		if (strcmp(l->argv[i], "interval") == 0) {
			if (conf_duration(l->argv[i + 1], &p->interval, &why) == -1)
				return conf_err(l, "interval: %s", why);
			if (p->interval < 1)
				return conf_err(l, "interval: at least 1s");
		} else if (add_opt(l, p, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
		else
			opts = 1;
		i += 2;
	}
	if (said != -1)
		p->enabled = said;
	else if (opts)
		p->enabled = 1;
	return 0;
}

/* plugin NAME [on|off] [interval DURATION] [KEY VALUE] ... */
int
plugins_directive(const struct conf_line *l, struct plugins *ps)
{
	struct plugin *p;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	if ((p = find(ps, l->argv[1])) == NULL)
		return conf_err(l, "unknown plugin '%s' (os_info, cpu_monitor, "
		    "memory_monitor, disk_monitor, network_monitor, "
		    "filesystem_info, zfs_monitor, ping_monitor, nagios_runner, "
		    "exec)", l->argv[1]);
	return words(l, p);
}

void
plugins_free(struct plugins *ps)
{
	size_t i;
	int k;

	for (i = 0; ps != NULL && i < ps->n; i++) {
		for (k = 0; k < ps->p[i].nopts; k++) {
			free(ps->p[i].opts[k].key);
			free(ps->p[i].opts[k].val);
		}
		/* one allocation each, by the plugins' own rule */
		free(ps->p[i].state);
	}
	free(ps);
}
