#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A planned round trip of the seed's fibre world: --planned to site B (its
# hypervisor sees LUN 26 over ssh), then --failback --planned: site A's
# LUN identity comes from the failover's change log, is probed again on
# site A's own hypervisor (rdr-rhev.sitea.example, found in the database's
# SiteA cluster, reached over ssh) and matched by its PV; the fibre rows,
# the domains and the NFS connections end byte-identical to the originals,
# site A's host is SPM again (rdr-sim's site-A fcp gate) and every VM runs
# in cluster SiteA.
scenario_failback_fibre()
{
	setup_failback_fibre
	fibre_tables "$T/before"
	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	[ "$(psql -X -A -t -d rhevm -c "SELECT lun_id || ' ' || lun_mapping FROM luns")" = \
		"$RDR_SEED_FC_LUN_ID 26" ] || rdr_fail "site B's LUN row"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "storage domain \"DataDomain\": LUN \"$RDR_SEED_FC_LUN_ID\" to \"$SITEA_FC_LUN_ID\" (PV $RDR_SEED_FC_PV) on rdr-rhev.sitea.example"
	fibre_tables "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	[ "$(json '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")')" = \
		"DELETE:$RDR_SEED_FC_LUN_ID INSERT:$SITEA_FC_LUN_ID" ] || rdr_fail "failback report: $(json '.changes')"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = up ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '.spm[0].final_state')" != null ] || rdr_fail "no SPM item"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
}

run_scenario failback_fibre
