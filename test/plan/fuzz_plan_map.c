/*-------------------------------------------------------------------------
 *
 * fuzz_plan_map.c
 *	  libFuzzer target of rdr-plan's two small parsers: the map file of
 *	  rewrite rules and the --append file's check.
 *
 * Any byte string must be loaded or refused with messages, never crash,
 * leak or read out of bounds.  Loaded rules are applied to a few values
 * of every kind, to run the rewriting as well.
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "log.h"
#include "plan_append.h"
#include "plan_rules.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const values[] = {
		"rdr-nfs.sitea.example:/exports/datadomain", "192.168.200.32",
		"iqn.2011-11.sitea.example:rdr-iscsi.datadomain",
		"SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000000", "", "aaaa"
	};
	PlanRules	rules = {0};
	PlanAppendGenerated gen = {.api_host = size % 2 == 0, .rhevm_nic = size % 3 == 0};

	rdr_log_set_level(RDR_LOG_QUIET);
	if (plan_rules_parse_map(&rules, "fuzz.map", (const char *) data, size))
	{
		for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			for (int k = PLAN_VALUE_NFS; k <= PLAN_VALUE_SERIAL; k++)
				free(plan_rules_apply(&rules, (PlanValueKind) k, values[i]));
	}
	plan_rules_free(&rules);
	(void) plan_append_check("fuzz.conf", (const char *) data, size, &gen);
	return 0;
}
