#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A bond and its slaves share the MAC (slaves listed first): the network
# goes on the bond, since the engine refuses one on a slave.
scenario_shared_mac_bond()
{
	setup_shared_mac seed-bond.scenario
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(site_b_actions)" = \
		"approve into cluster SiteB, event 519: missing networks 'public', MAC 00:17:a4:77:24:3c is on eth2 (a bond slave), eth3 (a bond slave), bond0 (a bond); chose bond0, a bond, attach bond0 (00:17:a4:77:24:3c) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(site_b_actions)"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario shared_mac_bond
