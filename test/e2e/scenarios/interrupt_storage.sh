#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# SIGTERM while the storage transaction is open (held before COMMIT):
# the handler cuts the database connection, the server rolls the
# transaction back, the engine is started again; --resume finishes.
scenario_interrupt_storage()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=60 run_bg -c "$CONF" -d
	wait_log "test pause: 60 s before COMMIT"
	kill -TERM "$RUN_PID"
	wait_run 10
	expect_rc 143
	expect_out "interrupted by SIGTERM during step storage: the storage transaction was rolled back"
	expect_out "The server rolled the transaction back: no storage row was changed."
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the interrupted transaction"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" && rdr_fail "storage recorded as done"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

run_scenario interrupt_storage
