#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The database connection is lost in the middle of the storage transaction
# (pg_terminate_backend): nothing is changed, the engine is restarted, and
# --resume redoes the storage step.
scenario_db_lost()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=6 timeout 120 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	wait_log "test pause: 6 s before COMMIT"
	terminate_and_expect_rollback "$pid"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	expect_out "engine_stop    done"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

run_scenario db_lost
