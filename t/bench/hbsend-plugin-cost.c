/*
 * hbsend-plugin-cost: the CPU time of one round of hbsend's plugins that
 * read the system (all but ping, nagios, zfs and exec, which wait on
 * programs), and the size of their samples. The target is 5 ms a round.
 * Usage: hbsend-plugin-cost [rounds] (default 1000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../hbsend/hbsend.h"

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
waits(const struct plugin *p)
{
	static const char *const slow[] = { "ping_monitor", "nagios_runner",
	    "zfs_monitor", "exec" };
	size_t i;

	for (i = 0; i < sizeof(slow) / sizeof(slow[0]); i++)
		if (strcmp(p->def->name, slow[i]) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct plugins *ps = plugins_new();
	struct buf b = BUF_INIT;
	double t0, us, total = 0;
	int rounds = argc > 1 ? atoi(argv[1]) : 1000, r;
	size_t i;
	struct jw w;

	if (rounds < 1)
		rounds = 1;
	printf("hbsend-plugin-cost: %d samples of each plugin\n", rounds);
	for (i = 0; i < ps->n; i++) {
		if (waits(&ps->p[i]))
			continue;
		t0 = cpu_now();
		for (r = 0; r < rounds; r++) {
			buf_reset(&b);
			jw_init(&w, &b);
			jw_obj(&w);
			if (ps->p[i].def->collect(&ps->p[i], &w) == -1)
				break;
			jw_end(&w, '}');
		}
		us = (cpu_now() - t0) / rounds * 1e6;
		total += us;
		printf("  %-16s %8.1f us CPU a sample, %6zu bytes%s\n",
		    ps->p[i].def->name, us, b.len, r < rounds ? " (failed)" : "");
	}
	printf("  one round          %8.3f ms CPU (target 5 ms: %.0f%% of it)\n",
	    total / 1000, total / 5000 * 100);
	buf_free(&b);
	plugins_free(ps);
	return 0;
}
