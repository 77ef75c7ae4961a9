/*-------------------------------------------------------------------------
 *
 * fuzz_scenario.c
 *	  libFuzzer target of the scenario parser (sim_scenario.c) and of the
 *	  model's finalization: any input must be accepted or refused with a
 *	  message, never crash, leak or hang.  include is disabled (depth -1).
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "sim_scenario.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SimModel	m;
	SimFaults	f = {0};

	rdr_log_set_level(RDR_LOG_QUIET);
	if (size > 64 * 1024)
		return 0;
	sim_model_init(&m);
	if (sim_scenario_parse(&m, &f, (const char *) data, size, "fuzz", -1) &&
		sim_scenario_check(&m, &f))
		(void) sim_model_finalize(&m);
	sim_fault_free(&f);
	sim_model_free(&m);
	return 0;
}
