#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The storage half of a failback, on the seed's NFS world: after a
# failover (-d), --failback -d puts every connection row back exactly as
# it was at site A, read from the failover's change log; a second
# --failback refuses, since the newest run is a failback already.
scenario_failback_nfs_storage()
{
	setup_nfs
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" -d
	expect_rc 0
	site_b_nfs_rows "$T/site-b"
	expect_rows "$T/site-b"
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	# the dry run: the whole plan, site A's rows printed, nothing changed
	e2e_failover -c "$CONF" -d --failback --dry-run
	expect_rc 0
	expect_out "failback: storage domain \"DataDomain\" to export rdr-nfs.sitea.example:/exports/datadomain"
	expect_out "failback of run $run: 3 row change(s) planned, rolled back"
	expect_rows "$T/site-b"
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 0
	expect_out "failback_plan: run $run: 3 domain(s) from its change log"
	site_a_nfs_rows "$T/site-a"
	expect_rows "$T/site-a"
	[ "$(json '.failback_of_run')" = "$run" ] || rdr_fail "report: failback_of_run $(json '.failback_of_run')"
	[ "$(json '[.steps[].name] | join(",")')" = "preflight,failback_plan,backup,engine_stop,storage,engine_start" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "3 changed rows expected: $(json '.changes')"
	# the rows are byte for byte the originals
	db_dump "$T/after.sql"
	diff <(grep -A4 '^COPY public.storage_server_connections' "$T/before.sql") \
		<(grep -A4 '^COPY public.storage_server_connections' "$T/after.sql") ||
		rdr_fail "connection rows differ from the originals"
	[ "$(psql -X -A -t -d rhevm -c "SELECT DISTINCT application FROM rdr_change_log WHERE run > $run")" = \
		"rdr-failover failback of run $run" ] || rdr_fail "the failback's rows are not marked"
	# a second failback: nothing to fail back
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "is already a failback"
	expect_rows "$T/site-a"
}

run_scenario failback_nfs_storage
