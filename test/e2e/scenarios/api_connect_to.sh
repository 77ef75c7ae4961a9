#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# CONNECT_TO applies to the manager too: its name is what TLS verifies,
# the address is where it is reached (the port of the mapping replaces
# API port).  Without a mapping, a name that does not resolve is reported
# by the preflight, before the backup.
scenario_api_connect_to()
{
	setup_nfs
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	sed -i -e 's/^API       host        127.0.0.1/API       host        rdr-rhevm.siteb.example/' \
		-e 's/^API       port        .*/API       port        8443/' "$CONF"
	e2e_failover -c "$CONF"
	expect_rc 3
	expect_out 'cannot resolve manager "rdr-rhevm.siteb.example"'
	expect_out "map the name with a CONNECT_TO line"
	untouched
	# the certificate names localhost: reach "localhost" at the test port
	sed -i 's/^API       host        rdr-rhevm.siteb.example/API       host        localhost/' "$CONF"
	echo "CONNECT_TO localhost 127.0.0.1:$E2E_HTTPS_PORT" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario api_connect_to
