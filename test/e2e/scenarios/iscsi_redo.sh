#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# --resume --redo storage on an iSCSI world: the first run committed the
# storage (the iSCSI LUN row replaced, its references re-pointed) with a
# typo in the ISO export, then failed at engine start.  The redo must
# undo the LUN replacement, find the LUN again by the site-A row's PV UUID
# (rows as before the failover, inside the redo's transaction) and fix
# everything again with the corrected line, in one transaction.
scenario_iscsi_redo()
{
	local first redo hint cmd
	# the server's export list cannot be read, so the preflight cannot
	# see the typo (nfs_export_typo has the server that lists them)
	# shellcheck disable=SC2034 # read by setup_iscsi (lib.sh)
	E2E_NFS_ARGS=(--no-mountd)
	setup_iscsi
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/ISO$|nfs rdr-nfs.siteb.example:/exports/OSI|' "$CONF"
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|; s|^API       wait_timeout 30|API       wait_timeout 2|" "$CONF"
	e2e_failover -c "$CONF"
	expect_rc 7
	first=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $first =~ ^[0-9]+$ ]] || rdr_fail "one run expected, got: $first"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns')" = "$LUN_ID" ] || rdr_fail "LUN not replaced"
	hint=$(grep '^HINT: .*--redo storage' <<<"$E2E_OUT") || { echo "$E2E_OUT"; rdr_fail "no hint naming --redo storage"; }
	cmd=$(sed -n 's/.*correct it and run \(rdr-failover -c [^ ]* --resume --redo storage\).*/\1/p' <<<"$hint")
	[ "$cmd" = "rdr-failover -c $CONF --resume --redo storage" ] || rdr_fail "command in the hint: $cmd"
	# the operator corrects the line (and the engine command), then follows it
	sed -i 's|/exports/OSI$|/exports/ISO|' "$CONF"
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start $RDR_TOP/demo/fake-engine.sh start $E2E_ENGINE_DIR|" "$CONF"
	e2e_failover ${cmd#rdr-failover } --report "$REPORT"
	expect_rc 0
	expect_out "run $first undone: 6 row change(s)"
	cat >"$T/expected" <<ROWS
lun|$LUN_ID|SRA-Groupiscsi101|8|RA-Group|iscsi101|DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR
map|$LUN_ID|56fd614d-e267-4756-b175-3035b6d4fa78||||
ssc|56fd614d-e267-4756-b175-3035b6d4fa78|192.168.201.32|iqn.2011-11.siteb.example:rdr-iscsi.data|3260|1|
ssc|6364acf1-754a-4525-9d97-3c6d5c8f9b6f|rdr-nfs.siteb.example:/exports/EXPORT||||
ssc|cf810eeb-24df-4fdd-ae98-62416bd3e047|rdr-nfs.siteb.example:/exports/ISO||||
ROWS
	expect_rows "$T/expected"
	redo=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log WHERE undo_of = $first")
	[[ $redo =~ ^[0-9]+$ ]] || rdr_fail "no run undid run $first: $redo"
	# the redo's run: the undo (the LUN row back, then replaced again) and the fix
	[ "$(psql -X -A -t -d rhevm -c "SELECT string_agg(table_name || ' ' || operation, ', ' ORDER BY id) FROM rdr_change_log WHERE run = $redo AND table_name = 'luns'")" = \
		"luns INSERT, luns DELETE, luns INSERT, luns DELETE" ] || rdr_fail "luns changes of the redo: $(psql -X -A -t -d rhevm -c "SELECT table_name, operation FROM rdr_change_log WHERE run = $redo")"
	[ "$(json '.steps[] | select(.name == "storage") | .status')" = "done" ] || rdr_fail "storage not redone"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario iscsi_redo
