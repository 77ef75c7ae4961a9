#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The seed's section 8.4: the iSCSI data domain on site B's target, probed
# at 127.0.0.1 but written as the seed's 192.168.201.32.
scenario_iscsi()
{
	setup_iscsi
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	cat >"$T/expected" <<ROWS
lun|$LUN_ID|SRA-Groupiscsi101|8|RA-Group|iscsi101|DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR
map|$LUN_ID|56fd614d-e267-4756-b175-3035b6d4fa78||||
ssc|56fd614d-e267-4756-b175-3035b6d4fa78|192.168.201.32|iqn.2011-11.siteb.example:rdr-iscsi.data|3260|1|
ssc|6364acf1-754a-4525-9d97-3c6d5c8f9b6f|rdr-nfs.siteb.example:/exports/EXPORT||||
ssc|cf810eeb-24df-4fdd-ae98-62416bd3e047|rdr-nfs.siteb.example:/exports/ISO||||
ROWS
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '[.changes[] | select(.domain == "DataDomain")] | length > 0')" = true ] ||
		rdr_fail "DataDomain changes in report"
}

run_scenario iscsi
