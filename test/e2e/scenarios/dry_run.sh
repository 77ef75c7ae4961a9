#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# --dry-run: probes, plans and reports, and changes nothing at all.
scenario_dry_run()
{
	setup_iscsi
	pg_dump -d rhevm >"$T/before.sql" || rdr_fail "pg_dump"
	e2e_failover -c "$CONF" --dry-run --report "$REPORT"
	expect_rc 0
	pg_dump -d rhevm >"$T/after.sql" || rdr_fail "pg_dump"
	# Compared as dumps, except: pg_dump's random \restrict keys, and the
	# counters of the extension's own sequences, which a rolled-back
	# transaction still advances (sequences are not transactional).
	filter='^\\(un)?restrict |^SELECT pg_catalog\.setval\(.public\.rdr_'
	diff -u <(grep -Ev "$filter" "$T/before.sql") <(grep -Ev "$filter" "$T/after.sql") ||
		rdr_fail "dry run changed the database"
	[ "$(grep -Ec "$filter" "$T/before.sql")" -le 4 ] || rdr_fail "filter hides too much"
	expect_out "dry run: nothing was changed"
	expect_out "Rows that would change"
	[ "$(json '.dry_run')" = true ] || rdr_fail "report dry_run"
	[ "$(json '.changes | length > 0')" = true ] || rdr_fail "planned changes missing"
	[ "$(json '.changes[] | select(.table == "storage_server_connections" and .domain == "DataDomain") | .after.connection')" = 192.168.201.32 ] ||
		rdr_fail "planned iSCSI connection"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "dry run wrote a run state"
	[ ! -e "$E2E_WORK/rdr-failover.changes" ] || rdr_fail "dry run wrote a changes file"
	ls "$E2E_WORK"/*.dump >/dev/null 2>&1 && rdr_fail "dry run took a backup"
	# the engine was not stopped, and no VM left SiteA
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine stopped by a dry run"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved by a dry run"
}

run_scenario dry_run
