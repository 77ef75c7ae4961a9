/*-------------------------------------------------------------------------
 *
 * bench_nicfix.c
 *	  Benchmark of rdr-nicfix's planning: parse + plan + diff of large
 *	  generated rules files, with time per run and peak memory.
 *
 * A manager has a handful of NICs; these sizes (up to 20,000 rules) are
 * far beyond any real file, to show that planning stays linear.  Prints a
 * table; bench/record.sh is called by the Makefile with the numbers.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "diff.h"
#include "log.h"
#include "nic_map.h"
#include "text_file.h"
#include "udev_rules.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* make_rules: nrules rules in write_net_rules' format, with comments */
static char *
make_rules(int nrules, size_t *len)
{
	size_t		cap = (size_t) nrules * 200 + 1;
	char	   *buf = malloc(cap);
	size_t		n = 0;
	int			i;

	if (buf == NULL)
		abort();
	for (i = 0; i < nrules; i++)
		n += (size_t) snprintf(buf + n, cap - n,
							   "# PCI device 0x4040:0x0100 (netxen_nic)\n"
							   "SUBSYSTEM==\"net\", ACTION==\"add\", DRIVERS==\"?*\", "
							   "ATTR{address}==\"00:25:b3:%02x:%02x:%02x\", ATTR{type}==\"1\", "
							   "KERNEL==\"eth*\", NAME=\"eth%d\"\n",
							   (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, i);
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	static const int sizes[] = {100, 2000, 20000};
	int			reps = argc > 1 ? atoi(argv[1]) : 5;
	NicMap		map;
	FILE	   *devnull = fopen("/dev/null", "w");
	size_t		s;
	struct rusage ru;

	rdr_log_init("bench_nicfix");
	rdr_log_set_level(RDR_LOG_QUIET);
	nic_map_init(&map);
	/* the seed's four site-B NICs, swapped around the generated names */
	if (devnull == NULL ||
		!nic_map_add_arg(&map, "00:25:b3:00:00:01=eth0") ||
		!nic_map_add_arg(&map, "00:25:b3:00:00:00=eth1") ||
		!nic_map_add_arg(&map, "00:25:b3:00:00:03=eth2") ||
		!nic_map_add_arg(&map, "00:25:b3:00:00:02=eth3"))
		return 1;
	printf("%-8s %10s %12s %12s\n", "rules", "bytes", "plan_ms", "diff_ms");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	{
		size_t		len;
		char	   *buf = make_rules(sizes[s], &len);
		double		plan_ms = 0;
		double		diff_ms = 0;
		int			r;

		for (r = 0; r < reps; r++)
		{
			TextFile	in;
			TextFile	out;
			UdevRules	rules;
			double		t0 = now_ms();
			double		t1;

			if (!text_init(&in, "bench.rules") || !text_parse(&in, buf, len) ||
				!udev_rules_parse(&in, &rules) || !text_init(&out, "bench.rules") ||
				!udev_rules_plan(&in, &rules, &map, "2025-11-25T09:11:30Z", &out))
				return 1;
			t1 = now_ms();
			if (!diff_unified(devnull, "a", "b", &in, &out))
				return 1;
			plan_ms += t1 - t0;
			diff_ms += now_ms() - t1;
			udev_rules_free(&rules);
			text_free(&in);
			text_free(&out);
		}
		printf("%-8d %10zu %12.3f %12.3f\n", sizes[s], len, plan_ms / reps,
			   diff_ms / reps);
		/* machine-readable line for the Makefile */
		fprintf(stderr, "nicfix_plan_%d_rules_ms %.3f\nnicfix_diff_%d_rules_ms %.3f\n",
				sizes[s], plan_ms / reps, sizes[s], diff_ms / reps);
		free(buf);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %ld kB\n", ru.ru_maxrss);
	fprintf(stderr, "nicfix_bench_peak_rss_kb %ld\n", ru.ru_maxrss);
	nic_map_free(&map);
	fclose(devnull);
	return 0;
}
