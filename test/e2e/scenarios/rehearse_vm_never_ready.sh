#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# A recovery plan with readiness checks rehearses: a guest checked with
# ready=tcp:PORT listens there on the rehearsal manager (rdr-sim
# --vm-listen), ready=ip waits for its guest agent.  Then a START_VM
# dependency that never becomes ready: rdr-web-vm's readiness command
# never succeeds, so group 2 fails after its timeout= and group 3
# (rdr-w7-vm, after it) is not started.  The rehearsal fails at the VMs
# step with the error the real failover then gives.
scenario_rehearse_vm_never_ready()
{
	local rehearsed real
	rehearse_db nfs
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i -e '/^START_VM/d' -e 's/^CONFIG    vm_timeout .*/CONFIG    vm_timeout 5/' "$CONF"
	rehearse_before
	(
		umask 077
		cat "$CONF" - >"$T/plan.conf" <<PLAN
START_VM rdr-dc-vm    group=1 ready=tcp:389
START_VM rdr-devel-vm group=2 ready=ip
START_VM rdr-web-vm   group=2 after=rdr-devel-vm ready=up
START_VM rdr-w7-vm    group=3
PLAN
	)
	CONF=$T/plan.conf rehearse_config
	e2e_failover -c "$T/plan.conf" --rehearse --report "$REPORT"
	expect_rc 0
	[ "$(json '[.vm_starts[] | select(.ok)] | length')" = 4 ] || rdr_fail "plan: $(json '.vm_starts')"
	left_behind
	cat >>"$CONF" <<CONF
CONFIG   on_vm_failure stop
START_VM rdr-dc-vm    group=1 ready=up
START_VM rdr-devel-vm group=2 ready=up
START_VM rdr-web-vm   group=2 timeout=3 ready=cmd:/bin/false
START_VM rdr-w7-vm    group=3 ready=up
CONF
	rehearse_config
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 11
	rehearsed=$(json '.vm_starts[] | select(.name == "rdr-web-vm") | .error')
	[ -n "$rehearsed" ] && [ "$rehearsed" != null ] || rdr_fail "no error for rdr-web-vm: $E2E_OUT"
	[ "$(json '.vm_starts[] | select(.name == "rdr-w7-vm") | .error')" = \
		"not started: group 2 had a failed VM (CONFIG on_vm_failure stop)" ] ||
		rdr_fail "w7: $(json '.vm_starts[] | select(.name == "rdr-w7-vm")')"
	production_untouched
	left_behind
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 11
	real=$(json '.vm_starts[] | select(.name == "rdr-web-vm") | .error')
	[ "$real" = "$rehearsed" ] || rdr_fail "rehearsal said [$rehearsed], the real run [$real]"
}

run_scenario rehearse_vm_never_ready
