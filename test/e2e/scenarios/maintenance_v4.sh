#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# oVirt 4.x keeps a backup-site host installed and in maintenance: rdr
# activates it (the engine's ActivateVdsCommand accepts Maintenance), the
# engine reports its missing network (event 519), rdr attaches it by MAC
# and activates again; the host becomes SPM and every VM comes up.  A
# main-site host in maintenance stays there (seed: only site B is
# brought into service).
scenario_maintenance_v4()
{
	# exported: the engine restarted by the run reads the scenario again
	export RDR_SIM_SITEB_CLUSTER=SiteB RDR_SIM_SITEB_STATE=maintenance
	setup_nfs --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"activate, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example")')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	grep -q "left in maintenance" <<<"$E2E_OUT" && rdr_fail "a backup host was left in maintenance"
	return 0
}

run_scenario maintenance_v4
