/*-------------------------------------------------------------------------
 *
 * fuzz_config.c
 *	  libFuzzer target of rdr-failover's configuration parser.
 *
 * Any byte string must either load or be refused with messages; never
 * crash, leak or read out of bounds.  A loaded configuration is also
 * printed and checked against every step, to run the code that walks it.
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "log.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	RdrConfig	cfg;
	static FILE *devnull;

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	if (rdr_config_parse("fuzz.conf", (const char *) data, size, &cfg))
	{
		int			port = 1;

		rdr_config_print(&cfg, devnull);
		(void) rdr_config_check_steps(&cfg, RDR_STEP_ALL);
		for (int i = 0; i < cfg.n_domains; i++)
			if (cfg.domains[i].portal_host)
				(void) rdr_config_connect_to(&cfg, cfg.domains[i].portal_host, &port);
	}
	rdr_config_free(&cfg);
	return 0;
}
