#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Ctrl-C while engine_stop waits for a database session that does not go
# away: the wait ends at once (not at CONFIG engine_timeout), the engine is
# started again; --resume finishes once the session is gone.
scenario_interrupt_session_wait()
{
	local i t0
	setup_nfs
	e2e_storage_rows >"$T/before"
	PGOPTIONS="-c client_connection_check_interval=100" PGAPPNAME=e2e-stuck \
		psql -X -q -d rhevm -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
	rdr_cleanup_push "kill $!"
	run_bg -c "$CONF" -d
	# the fake engine is stopped: rdr-failover now polls pg_stat_activity
	wait_log "waiting up to 20 s for "
	# ... and only the stuck one is left (the engine's pool session closes)
	for i in $(seq 100); do
		[ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = 'rhevm' AND application_name = 'ovirt-engine'")" = 0 ] && break
		sleep 0.1
	done
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during engine_stop, while 1 engine session(s) were still connected"
	expect_out "engine_stop    failed"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the session wait did not stop at once"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not started again"
	grep -q '^done engine_stop' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_stop recorded as done"
	expect_rows "$T/before"
	psql -X -q -d rhevm -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'e2e-stuck'" \
		>/dev/null || rdr_fail "terminate"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario interrupt_session_wait
