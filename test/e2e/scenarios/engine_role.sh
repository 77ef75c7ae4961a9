#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# oVirt 4.x's engine connects as its own role, "engine": the owner of the
# engine database and its tables, not a superuser.  rdr-failover connected
# as that role checks its privileges before anything changes: one revoked
# is exit 3 with SQLSTATE 42501 and the exact GRANT, nothing changed, no
# backup; with the grants CREATE EXTENSION gave, the whole failover
# (backup by pg_dump as engine, engine stop, storage, hosts, VMs) works.
scenario_engine_role()
{
	rdr_pg_start || rdr_fail "postgres"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE engine LOGIN NOSUPERUSER" \
		-c "CREATE DATABASE rhevm OWNER engine" || rdr_fail "role"
	for f in rhev30-schema.sql rhev30-nfs.sql; do
		psql -X -q -v ON_ERROR_STOP=1 -U engine -d rhevm -f "$RDR_TOP/test/fixtures/$f" >/dev/null ||
			rdr_fail "$f as engine"
	done
	# oVirt 4.5's schema_version (packaging/dbscripts): once the privileges
	# pass, the preflight warns that the profile is still the default rhev3
	psql -X -q -v ON_ERROR_STOP=1 -U engine -d rhevm \
		-c "CREATE TABLE schema_version (id serial PRIMARY KEY, version varchar(10) NOT NULL, current boolean)" \
		-c "INSERT INTO schema_version (version, current) VALUES ('04010000', false), ('04050330', true)" ||
		rdr_fail "schema_version"
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c 'CREATE EXTENSION rdr' || rdr_fail "extension"
	E2E_CONNINFO="host=$PGHOST port=$PGPORT dbname=rhevm user=postgres"
	export E2E_CONNINFO
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i 's/^DB        user        postgres$/DB        user        engine/' "$CONF"
	grep -q '^DB  *user  *engine$' "$CONF" || rdr_fail "DB user not rewritten"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")

	# 1. two privileges revoked: refused in the preflight, each named
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c "REVOKE SELECT ON rdr_change_log FROM engine" \
		-c "REVOKE EXECUTE ON FUNCTION rdr_fix_nfs(text, text) FROM engine" || rdr_fail "revoke"
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" -d --report "$REPORT"
	expect_rc 3
	expect_out 'role engine lacks 2 privilege(s) the failover needs on database "rhevm"'
	expect_out "SQLSTATE 42501 (insufficient_privilege): no EXECUTE on function public.rdr_fix_nfs(text, text)."
	expect_out "SQLSTATE 42501 (insufficient_privilege): no SELECT on table public.rdr_change_log."
	expect_out "GRANT EXECUTE ON FUNCTION public.rdr_fix_nfs(text, text) TO engine;"
	expect_out "GRANT SELECT ON TABLE public.rdr_change_log TO engine;"
	expect_out "preflight found 1 problem(s); nothing was changed"
	untouched

	# 2. an engine table that is not engine's: the GRANT its owner must give
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c "SELECT rdr_grant('engine')" \
		-c "REVOKE UPDATE ON storage_server_connections FROM engine" >/dev/null || rdr_fail "grant"
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" -d --report "$REPORT"
	expect_rc 3
	expect_out "GRANT UPDATE ON TABLE public.storage_server_connections TO engine;"
	untouched
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c "GRANT UPDATE ON storage_server_connections TO engine" ||
		rdr_fail "grant back"

	# 3. the whole failover as engine
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "warning: the engine database's schema is oVirt 4.x (schema_version 04050330), but CONFIG manager is rhev3"
	expect_out "HINT: Set CONFIG manager ovirt4 in $CONF"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	pg_restore --list "$E2E_WORK"/rhevm-*.dump | grep -q 'TABLE DATA public rdr_change_log' ||
		rdr_fail "the backup lacks rdr_change_log"
	[ "$(psql -X -A -t -d rhevm -c "SELECT DISTINCT changed_by FROM rdr_change_log")" = engine ] ||
		rdr_fail "the log does not name engine"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario engine_role
