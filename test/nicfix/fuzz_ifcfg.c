/*-------------------------------------------------------------------------
 *
 * fuzz_ifcfg.c
 *	  libFuzzer target: the ifcfg reader and planner.
 *
 * Planned output must plan to itself (idempotence) and keep the number of
 * lines: ifcfg lines are only ever commented out or, for an EL7 manager
 * (ifcfg_plan_hwaddr), get a new HWADDR value, never added or removed.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>

#include "ifcfg.h"
#include "log.h"
#include "text_file.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	TextFile	in;
	TextFile	out = {0};
	char		device[IFCFG_VALUE_MAX + 1];
	Mac			old;
	Mac			want;

	if (!init)
	{
		rdr_log_init("fuzz_ifcfg");
		rdr_log_set_level(RDR_LOG_QUIET);
		init = true;
	}
	if (!mac_parse("00:18:71:eb:a0:39", 17, &old) || !text_init(&in, "ifcfg-eth0"))
		abort();
	if (text_parse(&in, (const char *) data, size) &&
		ifcfg_device(&in, "eth0", device, sizeof(device)) &&
		text_init(&out, "ifcfg-eth0") && ifcfg_plan(&in, &old, 1, &out))
	{
		TextFile	again;

		if (out.nlines != in.nlines || !text_init(&again, "ifcfg-eth0") ||
			!ifcfg_plan(&out, &old, 1, &again) || !text_same(&out, &again))
			abort();
		text_free(&again);
	}
	text_free(&out);
	/* the EL7 planner: HWADDR set to a wanted MAC, and stable after that */
	if (in.nlines > 0 && mac_parse("00:25:b3:a9:b0:01", 17, &want) &&
		text_init(&out, "ifcfg-eth0") && ifcfg_plan_hwaddr(&in, &want, &out))
	{
		TextFile	again;

		if (out.nlines != in.nlines || !text_init(&again, "ifcfg-eth0") ||
			!ifcfg_plan_hwaddr(&out, &want, &again) || !text_same(&out, &again))
			abort();
		text_free(&again);
	}
	text_free(&in);
	text_free(&out);
	return 0;
}
