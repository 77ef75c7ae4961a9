#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Ctrl-C while rdr-failover waits on the manager: first for its API to
# answer (the engine is down), then for a host that never comes up.  Each
# wait ends at once (not at its time limit), the step is reported stopped,
# the exit code is 130, and the storage rows stay as they were.
scenario_interrupt_workflow()
{
	local t0
	setup_nfs --fault "neverup host=rdr-rhev.siteb.example"
	# engine_start that does not bring the API up: the run waits for it
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|" "$CONF"
	run_bg -c "$CONF" --report "$REPORT"
	wait_log "waiting up to 30 s for the API of 127.0.0.1"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT while waiting for the API of 127.0.0.1"
	expect_out "engine_start   failed"
	expect_out "stopped by the interruption"
	grep -qF "did not answer within" <<<"$E2E_OUT" && rdr_fail "an interruption reported as a timeout"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the API wait did not stop at once"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	# the engine back, --resume: now Ctrl-C while a host never comes up
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	: >"$E2E_WORK/rdr.log"
	run_bg -c "$CONF" -v --resume --report "$REPORT"
	# site B's host is approved and never comes up; site A's waits for it
	# before its manual fence (the engine would refuse it)
	wait_log "host rdr-rhev.siteb.example: state installing"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "host rdr-rhev.siteb.example failed: interrupted by SIGINT while waiting for"
	expect_out "host rdr-rhev.sitea.example failed: interrupted by SIGINT while waiting for a host of the backup cluster to be up, before the manual fence"
	expect_out "stopped by the interruption; 0 of 3 item(s) done"
	grep -qF "The SPM is elected only" <<<"$E2E_OUT" && rdr_fail "a hint for a failure that did not happen"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the host wait did not stop at once"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "host ok in report"
	[ "$(json '[.steps[].name] | index("vms")')" = null ] || rdr_fail "vms step ran"
	expect_rows "$T/expected"
}

run_scenario interrupt_workflow
