#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# oVirt 4.x end to end: the seed's failovers against rdr-sim --api-version 4,
# with "API base" unset.  The engine's start-up answers 404 (HTML) until
# its API is deployed, which rdr-failover waits out.
scenario_nfs_v4()
{
	setup_nfs --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	expect_out "API version 4"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"approve into cluster SiteB, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

run_scenario nfs_v4
