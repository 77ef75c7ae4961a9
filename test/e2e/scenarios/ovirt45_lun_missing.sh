#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../ovirt45-lib.sh"

# The oVirt 4.5 world of ovirt45 with BlockDomain's second LUN not
# replicated to site B (its target serves LUN 1 and the decoy only): a
# volume group that lost a physical volume cannot come up, so the
# failover must not start.  --validate and a real run both name the
# missing physical volume, the domain and its configuration line before
# anything changes: the engine database (pg_dump), the manager (no write
# in rdr-sim's request log, same process), the Data Warehouse (its
# session still there), no backup and no run state.
scenario_ovirt45_lun_missing()
{
	local line mode dwh
	ovirt45_world "1 3"
	[ -z "$BLOCK_LUN2" ] || rdr_fail "LUN 2 is served"
	line=$(grep -n '^Storage_Domain BlockDomain' "$CONF" | cut -d: -f1)
	pg_dump -d engine | grep -Ev '^\\(un)?restrict ' >"$T/before.sql" || rdr_fail "pg_dump"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	dwh="SELECT count(*) FROM pg_stat_activity WHERE datname = 'engine' AND application_name = 'PostgreSQL JDBC Driver'"
	[ "$(psql -X -A -t -d postgres -c "$dwh")" = 1 ] || rdr_fail "no DWH session"
	for mode in --validate real; do
		if [ $mode = real ]; then
			ovirt45_failover --report "$REPORT"
		else
			ovirt45_failover --validate
		fi
		expect_rc 3
		expect_out "no LUN of iSCSI target $RDR_BLOCK_ISCSI_IQN at 127.0.0.1:$TGTD_PORT carries physical volume $RDR_BLOCK_PV2 of storage domain \"BlockDomain\" (configuration line $line)"
		expect_out "LUN \"36001405a1c2e3f405b6c7d8e9f0a1b22\" of the domain was on that physical volume at site A; iSCSI target $RDR_BLOCK_ISCSI_IQN at 127.0.0.1:$TGTD_PORT has 2 LUN(s)."
		expect_out "nothing was changed"
		# the LUN that is there, the other domains: no complaint
		grep -qF "physical volume $RDR_BLOCK_PV1" <<<"$E2E_OUT" && rdr_fail "$mode: LUN 1 reported"
		grep -qF 'DataDomain"' <<<"$E2E_OUT" && rdr_fail "$mode: DataDomain reported"
		grep -qF "systemctl stop" <<<"$E2E_OUT" && rdr_fail "$mode: stopped a service"
		pg_dump -d engine | grep -Ev '^\\(un)?restrict ' >"$T/after.sql" || rdr_fail "pg_dump"
		diff -u "$T/before.sql" "$T/after.sql" || rdr_fail "$mode: the database changed"
		no_writes
		[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" ||
			rdr_fail "$mode: the engine was stopped or restarted"
		[ "$(psql -X -A -t -d postgres -c "$dwh")" = 1 ] || rdr_fail "$mode: the DWH session is gone"
		ls "$T/work"/*.dump >/dev/null 2>&1 && rdr_fail "$mode: a backup was taken"
		[ ! -e "$T/work/rdr-failover.state" ] || rdr_fail "$mode: a run state was left"
		ovirt45_no_secret_out
	done
}

run_scenario ovirt45_lun_missing
