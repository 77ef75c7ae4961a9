#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# The storage half of an iSCSI round trip: failover -d to site B's
# target, then --failback -d: site A's target is probed again, its LUN
# found by PV UUID, and every row of luns, the connection map and the
# connections is byte for byte what it was before the failover.
scenario_failback_iscsi_storage()
{
	setup_failback_iscsi
	storage_tables "$T/before"
	e2e_failover -c "$CONF" -d
	expect_rc 0
	storage_tables "$T/site-b"
	grep -q "$LUN_ID" "$T/site-b" || rdr_fail "the failover did not move the LUN"
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 0
	expect_out "failback: storage domain \"DataDomain\": LUN \"$LUN_ID\" to \"$SITEA_LUN_ID\" (PV $RDR_SEED_ISCSI_PV) on 192.168.200.32 $SITEA_IQN"
	storage_tables "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	[ "$(json '[.changes[] | select(.table == "luns")] | length')" = 2 ] ||
		rdr_fail "luns changes: $(json '[.changes[] | select(.table == "luns")]')"
}

run_scenario failback_iscsi_storage
