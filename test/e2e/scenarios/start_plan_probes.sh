#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../start-plan-lib.sh"

# START_VM readiness probes (issue 17): ready=tcp: and ready=cmd: are
# bounded by the VM's timeout=, and run beside each other (cmd: takes the
# rest of the line, so timeout= comes before it).
#  1. A command that hangs, one that keeps failing and a port nobody
#	  listens on each fail their VM after timeout=3, with what the probe
#	  was doing; the hanging command's process group is killed.
#  2. One VM's command waits until another VM's command has run: it can
#	  only succeed if a running probe does not hold up the others.
scenario_start_plan_probes()
{
	local port hang fail waitweb touchweb pgid
	# web's agent is slow to report, so dc's probe runs first in run 2
	export RDR_SIM_WEB_OPTS=agent_delay=40
	VMLOG=$(rdr_tmpdir)/vm.log
	setup_nfs --vm-log "$VMLOG"
	port=$(rdr_free_port) || rdr_fail "no free port"
	hang=$T/hang.sh
	fail=$T/fail.sh
	waitweb=$T/wait-web.sh
	touchweb=$T/touch-web.sh
	printf '#!/bin/sh\necho $$ >%s\nsleep 1000 &\nwait\n' "$T/pgid" >"$hang"
	printf '#!/bin/sh\necho not yet\nexit 1\n' >"$fail"
	printf '#!/bin/sh\nuntil [ -e %s ]; do sleep 0.05; done\n' "$T/web-probed" >"$waitweb"
	printf '#!/bin/sh\ntouch %s\n' "$T/web-probed" >"$touchweb"
	chmod 700 "$hang" "$fail" "$waitweb" "$touchweb"
	e2e_failover -c "$CONF" -d -h
	expect_rc 0

	# 1. every probe ends with its VM's timeout
	plan_config \
		"CONFIG on_vm_failure continue" \
		"START_VM rdr-dc-vm    group=1 timeout=3 ready=cmd:$hang" \
		"START_VM rdr-devel-vm group=1 ready=tcp:$port timeout=3" \
		"START_VM rdr-w7-vm    group=1 timeout=3 ready=cmd:$fail" \
		"START_VM rdr-web-vm   group=2 ready=up"
	: >"$VMLOG"
	e2e_failover -c "$CONF" -s --report "$REPORT"
	expect_rc 11
	expect_out "vm start rdr-dc-vm failed: timed out after 3 s waiting for its readiness command (still running: killed with its process group)"
	expect_out "vm start rdr-devel-vm failed: timed out after 3 s waiting for its TCP port (last try: connect to 127.1.0.2 port $port: Connection refused)"
	expect_out "vm start rdr-w7-vm failed: timed out after 3 s waiting for its readiness command (last try: the command exited with status 1: not yet)"
	pgid=$(cat "$T/pgid") || rdr_fail "the hanging command did not run"
	! kill -0 -- "-$pgid" 2>/dev/null || rdr_fail "the hanging command's process group $pgid is still there"
	[ "$(json '[.vm_groups[] | "\(.group):\(.ready):\(.failed)"] | join(" ")')" = "1:0:3 2:1:0" ] ||
		rdr_fail "run 1: vm_groups: $(json '.vm_groups')"

	# 2. dc's command is ready only once web's has run
	stop_vms
	plan_config \
		"START_VM rdr-dc-vm    group=1 timeout=30 ready=cmd:$waitweb" \
		"START_VM rdr-devel-vm group=1 ready=ip" \
		"START_VM rdr-web-vm   group=1 after=rdr-devel-vm ready=cmd:$touchweb" \
		"START_VM rdr-w7-vm    group=2 ready=up"
	e2e_failover -c "$CONF" -s --report "$REPORT"
	expect_rc 0
	before rdr-dc-vm ip rdr-web-vm ip
	[ "$(json '[.vm_starts[] | select(.name == "rdr-dc-vm" or .name == "rdr-web-vm") | .actions] | join(" / ")')" = \
		"start, ip 127.1.0.1, cmd ready / start, ip 127.1.0.3, cmd ready" ] ||
		rdr_fail "run 2: actions: $(json '[.vm_starts[] | .actions] | join(" / ")')"
	# causal, not a race: web's command runs only once rdr saw web up, and
	# dc's only succeeds after it (both end in one poll, in either order)
	[ "$(json '[.vm_starts[] | select(.name == "rdr-dc-vm") | .ready_s] + [.vm_starts[] | select(.name == "rdr-web-vm") | .up_s] | .[0] >= .[1]')" = true ] ||
		rdr_fail "run 2: dc was ready before web was up: $(json '[.vm_starts[] | "\(.name) up \(.up_s) ready \(.ready_s)"] | join(" / ")')"
}

run_scenario start_plan_probes
