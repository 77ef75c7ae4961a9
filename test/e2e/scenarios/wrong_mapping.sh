#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A Storage_Domain mapped to a target whose LUN is not the mirror of the
# domain's LUN: refused before anything changes, no VM moves.
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
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 8
	expect_out "no LUN of iSCSI target iqn.2011-11.siteb.example:rdr-iscsi.data at 127.0.0.1:$TGTD_PORT carries physical volume VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1 of storage domain \"DataDomain\""
	expect_out "storage        failed"
	expect_rows "$T/before"
	[ "$(json '[.steps[].name] | index("hosts")')" = null ] || rdr_fail "hosts step ran"
	# the engine is running again and no VM moved
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved: $(sim_vms)"
}

run_scenario wrong_mapping
