#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# SIGTERM during engine_stop, whose command ignores SIGTERM (a hung init
# script): its group gets SIGKILL after the grace, the engine is started
# again, exit 143.  Then SIGINT during the engine_start of the resumed
# run, after the storage fix committed: exit 130, engine_start not done.
# The last --resume finishes.
scenario_interrupt_engine()
{
	local pgid t0
	setup_nfs
	e2e_storage_rows >"$T/before"
	rm -f "$E2E_ENGINE_DIR/stop.pgid"
	FAKE_ENGINE_STOP_DELAY=60 FAKE_ENGINE_IGNORE_TERM=1 run_bg -c "$CONF" -d
	for i in $(seq 300); do
		[ -s "$E2E_ENGINE_DIR/stop.pgid" ] && break
		sleep 0.1
	done
	pgid=$(cat "$E2E_ENGINE_DIR/stop.pgid") || rdr_fail "engine_stop never ran"
	group_alive "$pgid" || rdr_fail "engine_stop's group is not running"
	t0=$(date +%s)
	kill -TERM "$RUN_PID"
	wait_run 20
	expect_rc 143
	expect_out "interrupted by SIGTERM during engine_stop: \"$RDR_TOP/demo/fake-engine.sh stop $E2E_ENGINE_DIR\" stopped"
	expect_out "Its process group got SIGTERM, then SIGKILL."
	expect_out "engine_stop    failed"
	[ $(($(date +%s) - t0)) -ge 4 ] || rdr_fail "SIGKILL came before the grace"
	! group_alive "$pgid" || rdr_fail "engine_stop's process group is still there"
	grep -q '^done backup ' "$E2E_WORK/rdr-failover.state" || rdr_fail "backup not recorded"
	grep -q '^done engine_stop' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_stop recorded as done"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not running"

	rm -f "$E2E_ENGINE_DIR/start.pgid"
	FAKE_ENGINE_START_DELAY=60 run_bg -c "$CONF" --resume
	for i in $(seq 300); do
		[ -s "$E2E_ENGINE_DIR/start.pgid" ] && break
		sleep 0.1
	done
	pgid=$(cat "$E2E_ENGINE_DIR/start.pgid") || rdr_fail "engine_start never ran"
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during engine_start: \"$RDR_TOP/demo/fake-engine.sh start $E2E_ENGINE_DIR\" stopped"
	expect_out "stopped by the interruption"
	! group_alive "$pgid" || rdr_fail "engine_start's process group is still there"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" || rdr_fail "storage not recorded"
	grep -q '^done engine_start' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_start recorded as done"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop,storage" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
}

run_scenario interrupt_engine
