#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A storage domain created at site B after the failover (NewData, on site
# B's NFS server) has no site A in the failover's change log: --failback
# stops before anything changes and names it; with a Storage_Domain line
# naming its site-A mirror it is failed back there, reported, and the
# domains of the failover go back to their own rows; EXCLUDE_DOMAIN
# leaves it at site B on purpose.
scenario_failback_new_domain()
{
	# the new domain's site-A mirror, which the failback's preflight asks for
	E2E_NFS_SITEA+=(--export /exports/newdata)
	setup_nfs
	e2e_failover -c "$CONF" -d
	expect_rc 0
	# what the engine writes for a new NFS data domain of RefArch
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm <<'SQL' || rdr_fail "new domain"
INSERT INTO storage_server_connections (id, connection, storage_type)
VALUES ('7d3c1a52-9f4e-4b1c-8a55-1c2e3f4a5b6c', 'rdr-nfs.siteb.example:/exports/NEWDATA', 1);
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type, storage_domain_format_type)
VALUES ('d1000000-0000-4000-8000-000000000004', '7d3c1a52-9f4e-4b1c-8a55-1c2e3f4a5b6c', 'NewData', 1, 1, '0');
INSERT INTO storage_pool_iso_map (storage_id, storage_pool_id, status)
VALUES ('d1000000-0000-4000-8000-000000000004', '10b3c00e-9371-48ce-8d28-28158cf26d96', 3);
SQL
	e2e_storage_rows >"$T/site-b"
	# no line: refused before anything changes, naming the domain
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "NewData"
	expect_rows "$T/site-b"
	ls "$E2E_WORK"/*.dump | wc -l >"$T/dumps"
	[ "$(cat "$T/dumps")" = 1 ] || rdr_fail "a backup was taken"

	# EXCLUDE_DOMAIN: left at site B on purpose, the others go back
	cp "$CONF" "$T/exclude.conf"
	echo "EXCLUDE_DOMAIN NewData" >>"$T/exclude.conf"
	e2e_failover -c "$T/exclude.conf" -d --failback --dry-run
	expect_rc 0
	expect_out "3 row change(s) planned, rolled back"
	expect_rows "$T/site-b"

	# its line names its site-A mirror: failed back there, and reported
	echo "Storage_Domain NewData nfs rdr-nfs.sitea.example:/exports/newdata" >>"$CONF"
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 0
	expect_out "storage domain \"NewData\" was created at site B after run 1"
	site_a_nfs_rows "$T/site-a"
	echo "ssc|7d3c1a52-9f4e-4b1c-8a55-1c2e3f4a5b6c|rdr-nfs.sitea.example:/exports/newdata||||" >>"$T/site-a"
	sort -o "$T/site-a" "$T/site-a"
	e2e_storage_rows | sort | diff -u "$T/site-a" - || rdr_fail "rows after the failback"
	[ "$(json '[.warnings[] | select(contains("NewData"))] | length')" = 1 ] ||
		rdr_fail "report warnings: $(json '.warnings')"
	[ "$(json '.changes | length')" = 4 ] || rdr_fail "4 rows: $(json '.changes')"
}

run_scenario failback_new_domain
