#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# rdr-failover killed after it saved the committed rows to working_dir but
# before its state recorded "done storage" (made here by taking that line
# out of the state file): --resume runs the storage step again, which
# changes nothing now, and must keep the rows the interrupted run
# committed, in the changes file and in the report, marked earlier.
scenario_resume_unrecorded_storage()
{
	local run
	setup_nfs
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|; s|^API       wait_timeout 30|API       wait_timeout 2|" "$CONF"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	run=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $run =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $run"
	sed -i '/^done storage /d' "$E2E_WORK/rdr-failover.state"
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start $RDR_TOP/demo/fake-engine.sh start $E2E_ENGINE_DIR|" "$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "3 row(s) committed by the interrupted run (run $run) before it could record the storage step"
	expect_out "3 rows changed by the earlier run (run $run):"
	[ "$(json '.steps[] | select(.name == "storage") | .status')" = "done" ] || rdr_fail "storage step not run again"
	[ "$(json '[.changes[] | select(.earlier and .run == '"$run"')] | length')" = 3 ] ||
		rdr_fail "report changes: $(json '.changes')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "rows beyond the earlier three"
	[ "$(jq '.count' "$E2E_WORK/rdr-failover.changes")" = 3 ] || rdr_fail "the changes file lost the rows"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario resume_unrecorded_storage
