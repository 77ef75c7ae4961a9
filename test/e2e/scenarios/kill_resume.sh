#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# kill -9 of the driver with the storage transaction open: the server rolls
# it back; --resume continues at the storage step, never repeating the
# backup or the engine stop.
scenario_kill_resume()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=60 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	wait_log "test pause: 60 s before COMMIT"
	kill -9 $pid
	wait $pid 2>/dev/null
	for i in $(seq 100); do
		[ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rdr-failover'")" = 0 ] && break
		sleep 0.1
	done
	expect_rows "$T/before"
	grep -q '^done engine_stop ' "$E2E_WORK/rdr-failover.state" || rdr_fail "engine_stop not recorded"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" && rdr_fail "storage recorded as done"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '.resumed')" = true ] || rdr_fail "report not resumed"
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "backup repeated"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

run_scenario kill_resume
