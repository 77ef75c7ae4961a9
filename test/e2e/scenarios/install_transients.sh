#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# After approval the host goes installing, reboot, non_responsive, then
# non_operational: the non_responsive of a just-approved backup host is a
# transient, not a failure.
scenario_install_transients()
{
	setup_nfs
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 0
	for st in reboot non_responsive non_operational up; do
		grep -q "host rdr-rhev.siteb.example: state $st\$" <<<"$E2E_OUT" ||
			{ grep siteb <<<"$E2E_OUT"; rdr_fail "state $st of the site-B host not seen"; }
	done
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host not up"
}

run_scenario install_transients
