#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# A storage switch command that fails stops a planned migration before any
# database change, with the engine still running and a clear message; once
# the array is fixed, --resume goes on from the switch (the source is not
# stopped twice) and the report still gives the RPO.
scenario_planned_switch_fails()
{
	setup_planned 3
	site_a_nfs_rows "$T/site_a"
	expect_rows "$T/site_a"
	e2e_failover -c "$CONF" --planned --report "$REPORT"
	expect_rc 8
	expect_out "error: storage_switch_command \"$T/switch.sh\" failed with status 3"
	expect_out "DETAIL: array: role swap refused, sync incomplete"
	expect_out "HINT: The database is unchanged and the engine still runs; the source stays stopped."
	expect_out "result: storage fix failed (exit code 8)"
	expect_rows "$T/site_a"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] || rdr_fail "change log"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	kill -0 "$ENGINE_PID" || rdr_fail "the engine was stopped"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = \
		"preflight:done,backup:done,source_stop:done,storage_switch:failed" ] ||
		rdr_fail "steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(json '.steps[] | select(.name == "storage_switch") | .message')" = \
		"storage_switch_command exited with status 3; the database is unchanged" ] ||
		rdr_fail "storage_switch message"
	[ "$(json '.rpo_seconds')" = null ] || rdr_fail "an RPO without a switch"
	# the source stays stopped, as the switch found it
	cat >"$T/stopped" <<'SEEN'
rdr-dc-vm down
rdr-devel-vm down
rdr-web-vm down
rdr-w7-vm down
rdr-rhev.sitea.example maintenance
rdr-rhev.siteb.example pending_approval
SEEN
	diff -u "$T/stopped" "$T/switch.seen" || rdr_fail "the manager when the switch ran"
	sim_states | diff -u "$T/stopped" - || rdr_fail "the manager after the failure"
	grep -q '^done source_stop ' "$E2E_WORK/rdr-failover.state" || rdr_fail "source_stop not recorded"

	# the array fixed: the run goes on at the switch
	sed -i 's/^exit 3$/exit 0/; s/\[ 3 = 0 \]/[ 0 = 0 ]/' "$T/switch.sh"
	: >"$E2E_ENGINE_DIR/requests.log"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "step source_stop: done in the interrupted run, not repeated"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = \
		"preflight:done,backup:earlier,source_stop:earlier,storage_switch:done,engine_stop:done,storage:done,engine_start:done,hosts:done,vms:done" ] ||
		rdr_fail "steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	grep -q '/shutdown$\|/deactivate$' "$E2E_ENGINE_DIR/requests.log" && rdr_fail "the source was stopped again"
	[ "$(json '.planned and .rpo_seconds > 0')" = true ] || rdr_fail "RPO of the resumed run"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario planned_switch_fails
