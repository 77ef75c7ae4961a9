#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# Ctrl-C during a rehearsal leaves nothing behind: once while the copy is
# being made, once while the hosts step waits on the rehearsal manager
# (its cluster and simulator running).  Each time: exit 130, the rehearsal
# manager and the copy's server gone, no directory or dump left in
# working_dir, its mode as before, production untouched.
scenario_rehearse_interrupt()
{
	local t0
	rehearse_db nfs
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	rehearse_config
	# site B's host takes 600 s (12 s scaled) to come up: time to interrupt
	echo "REHEARSAL activate_s 600" >>"$CONF"
	rehearse_before

	run_bg -c "$CONF" -v --rehearse --report "$REPORT"
	wait_log "rehearsal: initdb the copy's cluster"
	kill -INT "$RUN_PID"
	wait_run 30
	expect_rc 130
	expect_out "teardown       done"
	left_behind

	: >"$E2E_WORK/rdr.log"
	run_bg -c "$CONF" -v --rehearse --report "$REPORT"
	wait_log "host rdr-rhev.siteb.example: state"
	pgrep -f -- "--from-db host=$E2E_WORK/rehearsal" >/dev/null || rdr_fail "no rehearsal manager while the hosts step runs"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 30
	expect_rc 130
	expect_out "stopped by the interruption"
	expect_out "teardown       done"
	[ $(($(date +%s) - t0)) -lt 10 ] || rdr_fail "the rehearsal did not stop at once"
	[ "$(json '.rehearsal')" = true ] || rdr_fail "report"
	left_behind
	production_untouched
}

run_scenario rehearse_interrupt
