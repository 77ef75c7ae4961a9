#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A whole round trip of the seed's iSCSI world: the failover (site A
# dead), then site B lost and site A repaired; --failback restores the
# LUN, its map and its connection byte for byte from site A's probed
# target, fences site B's SPM host and elects a site-A SPM (rdr-sim's
# site-A iSCSI gate), and the VMs run in SiteA again.
scenario_failback_iscsi()
{
	T=$(rdr_tmpdir)
	setup_failback_iscsi "$RDR_SEED_ISCSI_PV" --state-file "$T/sim.state"
	storage_tables "$T/before"
	e2e_engine_started || rdr_fail "engine start"
	e2e_failover -c "$CONF" --report "$T/failover.json"
	expect_rc 0
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine stop"
	sed -i -e 's/^\(host 805bb14c-2505-11e1-b809-0025b3a9b001\) up /\1 non_responsive /' \
		-e 's/^\(host 4f2b4996-12ba-11e1-90af-001871eba039\) [a-z_]* /\1 up /' \
		-e 's/^\(vm [^ ]*\) up /\1 down /' "$T/sim.state"
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine start"
	e2e_engine_started || rdr_fail "engine start"

	e2e_failover -c "$CONF" --failback --report "$REPORT"
	expect_rc 0
	storage_tables "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = up ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '.spm[0].ok')" = true ] || rdr_fail "SPM: $(json '.spm')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
	# both reports list the LUN's way there and back
	[ "$(jq -r '[.changes[] | select(.table == "luns" and .operation == "INSERT") | .after.lun_id] | join(" ")' "$T/failover.json")" = "$LUN_ID" ] ||
		rdr_fail "failover report"
	[ "$(json '[.changes[] | select(.table == "luns" and .operation == "INSERT") | .after.lun_id] | join(" ")')" = "$SITEA_LUN_ID" ] ||
		rdr_fail "failback report"
}

run_scenario failback_iscsi
