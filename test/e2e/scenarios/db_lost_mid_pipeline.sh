#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The connection is lost while the server is working through the
# pipelined calls (a trigger holds ExportDomain's fix in pg_sleep after
# the iSCSI fix before it succeeded; the backend is terminated there):
# nothing is changed, and --resume redoes the storage step.
scenario_db_lost_mid_pipeline()
{
	local i waiting=0
	setup_iscsi
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 <<'SQL' || rdr_fail "trigger"
CREATE FUNCTION e2e_hold() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN PERFORM pg_sleep(60); RETURN NEW; END$$;
CREATE TRIGGER e2e_hold BEFORE UPDATE ON storage_server_connections FOR EACH ROW
  WHEN (NEW.connection LIKE '%/exports/EXPORT') EXECUTE FUNCTION e2e_hold();
SQL
	e2e_storage_rows >"$T/before"
	timeout 120 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	for i in $(seq 300); do
		waiting=$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'rdr-failover' AND wait_event = 'PgSleep'")
		[ "$waiting" = 1 ] && break
		sleep 0.1
	done
	[ "$waiting" = 1 ] || { kill "$pid"; rdr_fail "the fix never reached the trigger"; }
	terminate_and_expect_rollback "$pid"
	psql -X -q -d rhevm -c "DROP TRIGGER e2e_hold ON storage_server_connections" || rdr_fail "drop trigger"
	e2e_failover -c "$CONF" -d --resume
	expect_rc 0
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
	e2e_storage_rows | grep -qF "rdr-nfs.siteb.example:/exports/EXPORT" || rdr_fail "resume did not fix ExportDomain"
}

run_scenario db_lost_mid_pipeline
