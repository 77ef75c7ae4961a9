/*-------------------------------------------------------------------------
 *
 * fuzz_nm_keyfile.c
 *	  libFuzzer target: the NetworkManager keyfile reader and planner.
 *
 * Whatever the input, the planner must not crash or leak; what it plans
 * must plan to itself (a second run changes nothing) and keep the number
 * of lines (lines are only rewritten or commented out, never added).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>

#include "log.h"
#include "nic_map.h"
#include "nm_keyfile.h"
#include "text_file.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	static NicMap map;
	TextFile	in;
	TextFile	out = {0};

	if (!init)
	{
		rdr_log_init("fuzz_nm_keyfile");
		rdr_log_set_level(RDR_LOG_QUIET);
		nic_map_init(&map);
		if (!nic_map_add_arg(&map, "00:25:b3:a9:b0:01=eth0") ||
			!nic_map_add_arg(&map, "00:25:b3:a9:b0:00=eth1"))
			abort();
		init = true;
	}
	if (!text_init(&in, "fuzz"))
		abort();
	if (text_parse(&in, (const char *) data, size) &&
		text_init(&out, "fuzz") && nm_keyfile_plan(&in, &map, &out))
	{
		TextFile	again;

		if (out.nlines != in.nlines || !text_init(&again, "fuzz") ||
			!nm_keyfile_plan(&out, &map, &again) || !text_same(&out, &again))
			abort();
		text_free(&again);
	}
	text_free(&in);
	text_free(&out);
	return 0;
}
