#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The site-B host never leaves "installing": the hosts step fails by its
# deadline with the host named; the database fix stays committed.
scenario_host_never_approves()
{
	setup_nfs --fault "neverup host=rdr-rhev.siteb.example"
	sed -i 's|^CONFIG    host_timeout 60|CONFIG    host_timeout 3|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "rdr-rhev.siteb.example"
	expect_out "hosts          failed"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "host ok in report"
	[ "$(json '.rto_seconds')" = null ] || rdr_fail "RTO without VMs up"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.steps[].name] | index("vms")')" = null ] || rdr_fail "vms step ran"
}

run_scenario host_never_approves
