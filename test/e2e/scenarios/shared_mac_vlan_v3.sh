#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# RHEV 3.0 takes no untagged network on a NIC that has VLAN devices: the
# failover stops at that host with the engine's reason, site A unfenced.
scenario_shared_mac_vlan_v3()
{
	setup_shared_mac seed-vlan.scenario
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "chose eth2, the physical NIC"
	expect_out "Cannot attach non vlan network to vlan interface"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .ok')" = false ] ||
		rdr_fail "site A fenced without an Up host"
}

run_scenario shared_mac_vlan_v3
