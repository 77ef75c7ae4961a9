#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../ovirt45-lib.sh"

# Issue 15's first "done when", in one run: the oVirt 4.5 world of
# ovirt45-lib.sh (every domain kind: an iSCSI master domain whose site-B
# target needs CHAP, an iSCSI domain whose volume group spans two LUNs of
# a target without CHAP, a fibre domain, NFS ISO and export domains,
# disk_lun_map rows, a non-superuser engine owner role) fails over
# against rdr-sim in API v4 with the site-B host kept in maintenance and
# a Data-Warehouse-like session held open, with CONFIG manager ovirt4
# and nothing else beyond site facts: the database settings come from
# the engine's 10-setup-database.conf, the engine and DWH are driven by
# "systemctl" (a shim).  Asserted: the exact storage rows afterwards
# (luns with site B's identities and their PVs, VGs and unknown columns
# kept, lun_storage_server_connection_map, disk_lun_map following the
# LUNs, storage_server_connections with CHAP on DataDomain's only and
# site A's credentials gone from BlockDomain's, the decoy LUN unused),
# every domain active in the manager (its gates), every VM up, no secret
# written out, the changes made as role engine.
# ovirt45_lun_missing: the same world with a LUN not replicated.
scenario_ovirt45()
{
	local secret=$OVIRT45_CHAP_SECRET
	ovirt45_world
	[ -n "$BLOCK_LUN2" ] || rdr_fail "rdr-probe found no LUN 2 of the 2-LUN target"
	# the whole world passes the preflight: every domain, LUN (by PV),
	# export, cluster, network and VM found, nothing left uncovered
	ovirt45_failover --validate
	expect_rc 0
	expect_out "validation of $CONF: no problem found"
	# the one warning: the profile's CA fetched over HTTP (site facts only)
	expect_out "preflight: the manager's CA will be fetched over plain HTTP"
	grep -E '^rdr-failover: (error|warning)' <<<"$E2E_OUT" | grep -vF "the manager's CA will be fetched over plain HTTP" &&
		rdr_fail "--validate of the 4.5 world warned"
	ovirt45_failover --report "$REPORT" -v
	expect_rc 0
	expect_out "API version 4"
	expect_out "the engine database's schema_version is 04050330 (oVirt 4.x)"
	grep -qF "but CONFIG manager is" <<<"$E2E_OUT" && rdr_fail "profile warning with manager ovirt4"
	expect_out "running CONFIG engine_stop: systemctl stop ovirt-engine"
	expect_out "running CONFIG dwh_stop: systemctl stop ovirt-engine-dwhd"
	expect_out "running CONFIG dwh_start: systemctl start ovirt-engine-dwhd"
	[ "$(psql -X -A -t -d engine -c "SELECT DISTINCT changed_by FROM rdr_change_log")" = engine ] ||
		rdr_fail "the changes were not made as role engine"

	# every storage row, exactly
	ovirt45_rows >"$T/got" || rdr_fail "reading the rows"
	cat >"$T/want" <<ROWS
dlm|dddddddd-0000-4000-8000-000000000001|$LUN_ID
dlm|dddddddd-0000-4000-8000-000000000002|$BLOCK_LUN1
dlm|dddddddd-0000-4000-8000-000000000003|$BLOCK_LUN2
dlm|dddddddd-0000-4000-8000-000000000004|$RDR_SEED_FC_LUN_ID
lun|$LUN_ID|VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1|DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR|$RDR_SEED_ISCSI_SERIAL|8|RA-Group|iscsi101|199|268435456
lun|$BLOCK_LUN1|$RDR_BLOCK_PV1|Hq7vZt-8Jm2-Xc4N-pR7w-Yb5L-Kd9s-Fe1GaQ|$BLOCK_SERIAL1|1|RA-Group|iscsi102|100|268435456
lun|$BLOCK_LUN2|$RDR_BLOCK_PV2|Hq7vZt-8Jm2-Xc4N-pR7w-Yb5L-Kd9s-Fe1GaQ|$BLOCK_SERIAL2|2|RA-Group|iscsi102|100|268435456
lun|$RDR_SEED_FC_LUN_ID|$RDR_SEED_FC_PV|qDlAWy-0YPw-Ie1T-8Yt5-vldq-h1q1-tmaJSa|$RDR_SEED_FC_SERIAL|26|HP|MSA2324fc|200|268435456
map|$LUN_ID|56fd614d-e267-4756-b175-3035b6d4fa78
map|$BLOCK_LUN1|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45
map|$BLOCK_LUN2|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45
ssc|56fd614d-e267-4756-b175-3035b6d4fa78|192.168.201.32|$RDR_SEED_ISCSI_IQN|3260|1|3|rdrchap|$secret|iscsi-rdr-test||||
ssc|6364acf1-754a-4525-9d97-3c6d5c8f9b6f|rdr-nfs.siteb.example:/exports/EXPORT||||1||||soft|v3|600|6
ssc|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45|192.168.201.32|$RDR_BLOCK_ISCSI_IQN|3260|1|3|||iscsi-rdr-test||||
ssc|cf810eeb-24df-4fdd-ae98-62416bd3e047|rdr-nfs.siteb.example:/exports/ISO||||1||||soft|v3|600|6
ROWS
	diff -u "$T/want" "$T/got" || rdr_fail "the storage rows after the failover"

	# the manager saw every domain's rows point at site B (its gates)
	[ "$(ovirt45_sim_domains)" = "DataDomain active ExportDomain active ISODomain active BlockDomain active FibreDomain active " ] ||
		rdr_fail "storage domains in the manager: $(ovirt45_sim_domains)"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"activate, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	ovirt45_no_secret_out
}

run_scenario ovirt45
