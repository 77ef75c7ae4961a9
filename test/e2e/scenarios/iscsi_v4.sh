#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

scenario_iscsi_v4()
{
	setup_iscsi --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "API version 4"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "LUN rows not at site B"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario iscsi_v4
