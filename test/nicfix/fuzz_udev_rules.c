/*-------------------------------------------------------------------------
 *
 * fuzz_udev_rules.c
 *	  libFuzzer target: udev rules parser and planner, and the diff.
 *
 * Any input must either be refused with an error or planned into a file
 * that (a) plans again to itself, the idempotence rdr promises, and (b)
 * diffs without crashing.  A violation aborts, which libFuzzer reports.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diff.h"
#include "log.h"
#include "nic_map.h"
#include "text_file.h"
#include "udev_rules.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* plan_once: parse and plan in; false when the input is refused */
static bool
plan_once(const TextFile *in, const NicMap *map, TextFile *out)
{
	UdevRules	rules;
	bool		ok;

	if (!udev_rules_parse(in, &rules))
		return false;
	ok = text_init(out, "fuzz.rules") &&
		udev_rules_plan(in, &rules, map, "2025-11-25T09:11:30Z", out);
	udev_rules_free(&rules);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static NicMap map;
	static FILE *devnull;
	TextFile	in;
	TextFile	out = {0};
	TextFile	again = {0};

	if (devnull == NULL)
	{
		rdr_log_init("fuzz_udev_rules");
		rdr_log_set_level(RDR_LOG_QUIET);
		devnull = fopen("/dev/null", "w");
		nic_map_init(&map);
		if (devnull == NULL ||
			!nic_map_add_arg(&map, "00:25:b3:a9:b0:01=eth0") ||
			!nic_map_add_arg(&map, "00:25:b3:a9:b0:00=eth1"))
			abort();
	}
	if (!text_init(&in, "fuzz.rules"))
		abort();
	if (text_parse(&in, (const char *) data, size) && plan_once(&in, &map, &out))
	{
		TextFile	copy;
		char	   *buf;
		size_t		len;

		if (!diff_unified(devnull, "a", "b", &in, &out))
			abort();
		/* a planned file plans to itself */
		buf = text_serialize(&out, &len);
		if (buf == NULL || !text_init(&copy, "fuzz.rules") ||
			!text_parse(&copy, buf, len) || !plan_once(&copy, &map, &again) ||
			!text_same(&copy, &again))
			abort();
		text_free(&copy);
		free(buf);
	}
	text_free(&in);
	text_free(&out);
	text_free(&again);
	return 0;
}
