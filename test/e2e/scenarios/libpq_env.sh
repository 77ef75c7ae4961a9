#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The database connection made the libpq way: with no DB line, rdr reaches
# what psql reaches in the same environment, pg_dump included; a role that
# needs a password proves the password reaches pg_dump too.  The server
# logs every connection, so each one rdr and its pg_dump made is checked.
scenario_libpq_env()
{
	local port pw=Pg-S3cret-7 home n
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	port=$PGPORT
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE rdradmin SUPERUSER LOGIN PASSWORD '$pw'" \
		-c "ALTER SYSTEM SET log_connections = on" || rdr_fail "role"
	# rdradmin over TCP needs its password; everything else stays trusted
	sed -i "1i host all rdradmin 127.0.0.1/32 scram-sha-256" "$RDR_PG_DIR/data/pg_hba.conf"
	psql -X -q -c "SELECT pg_reload_conf()" >/dev/null || rdr_fail "reload"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i '/^DB /d' "$CONF"
	home=$T/home
	mkdir -p "$home"

	# 1. PGHOST, PGPORT, PGUSER and PGPASSFILE only
	(umask 077 && echo "127.0.0.1:$port:*:rdradmin:$pw" >"$T/pgpass")
	[ "$(env -u PGDATABASE PGHOST=127.0.0.1 PGUSER=rdradmin PGPASSFILE="$T/pgpass" \
		psql -X -A -t -d rhevm -c "SELECT current_user || '@' || inet_server_port()")" = "rdradmin@$port" ] ||
		rdr_fail "psql does not reach rdradmin@$port"
	wc -l <"$RDR_PG_DIR/server.log" >"$RDR_PG_DIR/server.log.mark"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass"
	expect_rc 0
	expect_out "connected as \"rdradmin\""
	new_log() { tail -n +"$(($(cat "$RDR_PG_DIR/server.log.mark") + 1))" "$RDR_PG_DIR/server.log"; }
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=rdr-failover" ||
		rdr_fail "rdr did not connect as rdradmin to rhevm: $(new_log | grep authorized)"
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=pg_dump" ||
		rdr_fail "pg_dump did not connect as rdradmin to rhevm: $(new_log | grep authorized)"
	# no password on any command line, and the temporary password file is gone
	grep -qF -- "$pw" <<<"$E2E_OUT" && rdr_fail "password in the output"
	find "$E2E_WORK" -maxdepth 1 -name '*pgpass*' | grep -q . && rdr_fail "password file left behind"
	pg_restore --list "$E2E_WORK"/rhevm-*.dump | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	# PGSSLMODE and PGDATABASE are libpq's too: a server without TLS, a
	# database that does not exist, each named in the error
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGSSLMODE=require
	expect_rc 3
	expect_out "server does not support SSL"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGDATABASE=nosuchdb
	expect_rc 3
	expect_out "could not connect to database \"nosuchdb\" on 127.0.0.1 port $port as \"rdradmin\""
	# a DB line overrides the environment
	echo "DB dbname rhevm" >>"$CONF"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGDATABASE=nosuchdb
	expect_rc 0
	sed -i '/^DB /d' "$CONF"

	# 2. only a service (PGSERVICE, ~/.pg_service.conf, ~/.pgpass)
	printf '[rhevm-b]\nhost=127.0.0.1\nport=%s\nuser=rdradmin\ndbname=rhevm\n' "$port" >"$home/.pg_service.conf"
	(umask 077 && echo "127.0.0.1:$port:rhevm:rdradmin:$pw" >"$home/.pgpass")
	wc -l <"$RDR_PG_DIR/server.log" >"$RDR_PG_DIR/server.log.mark"
	n=$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)
	run_d HOME="$home" PGSERVICE=rhevm-b
	expect_rc 0
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=pg_dump" ||
		rdr_fail "pg_dump (service) did not connect as rdradmin: $(new_log | grep authorized)"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = $((n + 1)) ] || rdr_fail "service run: no backup"
	# without the password file, the same service fails at the preflight
	mv "$home/.pgpass" "$home/pgpass.off"
	run_d HOME="$home" PGSERVICE=rhevm-b
	expect_rc 3
	expect_out "fe_sendauth: no password supplied"
	expect_out "PGSERVICE"
}

run_scenario libpq_env
