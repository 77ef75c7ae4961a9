#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The seed's section 8.3: NFS data, export and ISO domains.
scenario_nfs()
{
	setup_nfs
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	expect_out "result: ok (exit code 0)"
	[ "$(json '.result')" = ok ] || rdr_fail "report result"
	[ "$(json '[.steps[].name] | join(",")')" = "preflight,backup,engine_stop,storage,engine_start,hosts,vms" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "3 changed rows expected"
	[ "$(json '.changes[] | select(.domain == "DataDomain") | .after.connection')" = \
		"rdr-nfs.siteb.example:/exports/DATA" ] || rdr_fail "DataDomain change in report"
	[ "$(json '.changes[] | select(.domain == "DataDomain") | .before.connection')" = \
		"rdr-nfs.sitea.example:/exports/datadomain" ] || rdr_fail "DataDomain before in report"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host not up"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '.rto_seconds > 0')" = true ] || rdr_fail "RTO"
	# the backup is a real, restorable archive
	pg_restore --list "$(json '.backup')" | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
	# the VMs now live in SiteB (9495276a-...)
	[ "$(sim_vms | grep -o 9495276a-205a-11e1-9bb5-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not in SiteB: $(sim_vms)"
	# a second failover changes nothing more and still succeeds (idempotent)
	e2e_failover -c "$CONF" -d
	expect_rc 0
	expect_out "0 row change(s) committed"
	expect_rows "$T/expected"
}

run_scenario nfs
