/*-------------------------------------------------------------------------
 *
 * fuzz_config.c
 *	  libFuzzer target: the RHEVM_NIC reader of rdr's configuration file.
 *
 * Whatever it accepts must be a consistent map: canonical MACs, valid
 * names, no MAC or name twice.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nic_map.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	NicMap		map;
	size_t		i;
	size_t		j;

	if (!init)
	{
		rdr_log_init("fuzz_config");
		rdr_log_set_level(RDR_LOG_QUIET);
		init = true;
	}
	nic_map_init(&map);
	if (nic_map_parse_config(&map, "fuzz.conf", (const char *) data, size))
	{
		for (i = 0; i < map.n; i++)
		{
			const char *why;
			Mac			m;

			if (!mac_parse(map.entries[i].mac.text, 17, &m) ||
				strcmp(m.text, map.entries[i].mac.text) != 0 ||
				!ifname_valid(map.entries[i].name, strlen(map.entries[i].name), &why))
				abort();
			for (j = 0; j < i; j++)
				if (mac_equal(&map.entries[i].mac, &map.entries[j].mac) ||
					strcmp(map.entries[i].name, map.entries[j].name) == 0)
					abort();
		}
	}
	nic_map_free(&map);
	return 0;
}
