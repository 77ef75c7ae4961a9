#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The seed's complete configuration (test/driver/fixtures/seed-complete.conf:
# every key its rhevm-failover.sh reads, the seed's values), with only the
# addresses, ports and paths of this world: a whole failover.  Nothing of
# rdr's own is added but the ports of this world's NFS server, which the
# seed's format cannot give (its nfs-stub is not on 2049 and 111): the
# database comes from libpq's environment (PGHOST, PGPORT), the engine
# commands are the seed's "service jbossas ...".
scenario_seed_config()
{
	e2e_db nfs || rdr_fail "database"
	export RDR_SIM_NFS_CONNECTION=localhost:/exports/DATA
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rhevm-failover.cfg
	work=$T/rdr
	rdr_nfs_seed_siteb || rdr_fail "NFS server"
	sed -e "s/rdr-rhevm\.siteb\.example/127.0.0.1/; s/rdr-nfs\.siteb\.example/localhost/" \
		-e "s/^\(API\tport\t\).*/\1$E2E_HTTPS_PORT/; s/^\(API\tcert_port\t\).*/\1$E2E_HTTP_PORT/" \
		-e "s/^\(API\tpass\t\).*/\1$E2E_API_PASSWORD/" \
		-e "s|^\(CONFIG *working_dir \).*|\1$work|" \
		"$RDR_TOP/test/driver/fixtures/seed-complete.conf" >"$CONF"
	printf 'CONNECT_TO localhost 127.0.0.1:%s\nCONFIG nfs_rpcbind_port %s\n' "$NFS_PORT" "$NFS_RPC_PORT" >>"$CONF"
	chmod 600 "$CONF"
	# only addresses, ports, paths and the API password differ from the fixture
	[ "$(diff "$RDR_TOP/test/driver/fixtures/seed-complete.conf" "$CONF" | grep -c '^>')" = 10 ] ||
		rdr_fail "adapted more than addresses: $(diff "$RDR_TOP/test/driver/fixtures/seed-complete.conf" "$CONF")"
	service_shim "$T/bin"
	unset PGDATABASE
	# as in seed section 8.3, step 10 (-n ran before the manager's reboot)
	E2E_OUT=$(PATH="$T/bin:$PATH" timeout 180 "$RDR_FAILOVER" -c "$CONF" -dhs 2>&1)
	E2E_RC=$?
	expect_rc 0
	expect_out "result: ok (exit code 0)"
	# CONFIG quiet: nothing but the report on the terminal
	grep -q "^rdr-failover: notice" <<<"$E2E_OUT" && rdr_fail "CONFIG quiet printed notices"
	# the notices are in the log file, once each
	[ "$(grep -c 'notice: .*DB backup_file: the backup goes to' "$work/rdr.log")" = 1 ] ||
		rdr_fail "backup_file notice: $(grep notice "$work/rdr.log")"
	[ "$(grep -c 'notice: .*CONFIG quiet: as -q' "$work/rdr.log")" = 1 ] || rdr_fail "quiet notice"
	# the seed's backup name, with the time: a real archive of rhevm
	ls "$work"/rhevm_db-*.pgdump >/dev/null 2>&1 || rdr_fail "no rhevm_db-*.pgdump in $(ls "$work")"
	pg_restore --list "$work"/rhevm_db-*.pgdump | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	cat >"$T/expected" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|localhost:/exports/ISO||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|localhost:/exports/DATA||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|localhost:/exports/EXPORT||||
ROWS
	PGDATABASE=rhevm expect_rows "$T/expected"
	[ "$(sim_vms | grep -o 9495276a-205a-11e1-9bb5-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not in SiteB: $(sim_vms)"
	grep -q '^finished$' "$work/rdr-failover.state" || rdr_fail "state not finished"
}

run_scenario seed_config
