#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# oVirt 4: a VLAN device listed before its base NIC, same MAC: the network
# goes on the physical NIC (an attachment may not reference a VLAN device).
scenario_shared_mac_vlan_v4()
{
	setup_shared_mac seed-vlan.scenario --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(site_b_actions)" = \
		"approve into cluster SiteB, event 519: missing networks 'public', MAC 00:17:a4:77:24:3c is on eth2.100 (a VLAN device), eth2 (the physical NIC); chose eth2, the physical NIC, setupnetworks eth2 (00:17:a4:77:24:3c) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(site_b_actions)"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario shared_mac_vlan_v4
