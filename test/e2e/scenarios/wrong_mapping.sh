#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A Storage_Domain mapped to a target whose LUN is not the mirror of the
# domain's LUN: found by the preflight's probe, before the backup: the
# database, the engine and the VMs untouched.
scenario_wrong_mapping()
{
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_start || rdr_fail "tgtd"
	rdr_tgtd_target 1 iqn.2011-11.siteb.example:rdr-iscsi.data &&
		rdr_tgtd_lun 1 8 64M RA-Group iscsi101 Zz9zZz-0000-1111-2222-3333-4444-555555 ||
		rdr_fail "wrong target"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
	e2e_storage_rows >"$T/before"
	db_dump "$T/before.sql"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "no LUN of iSCSI target iqn.2011-11.siteb.example:rdr-iscsi.data at 127.0.0.1:$TGTD_PORT carries physical volume VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1 of storage domain \"DataDomain\""
	untouched
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 3
	expect_out "no LUN of iSCSI target iqn.2011-11.siteb.example:rdr-iscsi.data at 127.0.0.1:$TGTD_PORT carries physical volume VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1 of storage domain \"DataDomain\""
	expect_out "preflight      failed        "
	expect_out "1 problem(s); nothing changed"
	expect_rows "$T/before"
	[ "$(json '[.steps[].name] | index("backup")')" = null ] || rdr_fail "backup step ran"
	untouched
}

run_scenario wrong_mapping
