#!/bin/bash
# test/e2e/scenario-lib.sh: what the scenarios of test/e2e/scenarios/ share:
# the services (PostgreSQL with the rdr extension and the seed's site-A
# rhevm data, tgtd, sshd, rdr-sim), the site-B mapping lines and the
# assertions.  A scenario file sources it, defines scenario_NAME and ends
# with run_scenario NAME.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

source "$here/../lib/common.sh"
# a sanitizer report of any program of the scenario fails it (SANITIZE=1)
rdr_san_watch || { echo "scenario-lib.sh: rdr_san_watch failed" >&2; exit 1; }
source "$RDR_TOP/test/lib/pg.sh"
source "$RDR_TOP/test/lib/sim.sh"
source "$RDR_TOP/test/lib/tgtd.sh"
source "$here/lib.sh"

NFS_LINES=(
	"Storage_Domain DataDomain   nfs rdr-nfs.siteb.example:/exports/DATA"
	"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
	"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
	"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
	"CONNECT_TO rdr-nfs.sitea.example 127.0.0.1"
)
ISCSI_LINES=(
	"Storage_Domain DataDomain   iscsi 192.168.201.32 iqn.2011-11.siteb.example:rdr-iscsi.data"
	"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
	"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
	"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
	"CONNECT_TO rdr-nfs.sitea.example 127.0.0.1"
)

# expect_rc N: the last rdr-failover exited with N (and its output holds
# no UBSan report, which a program that fails anyway can print).
expect_rc()
{
	rdr_san_check_text "$E2E_OUT"
	[ "$E2E_RC" -eq "$1" ] || { echo "$E2E_OUT"; rdr_fail "exit code $E2E_RC, expected $1"; }
}

# expect_out TEXT: the last rdr-failover said TEXT (fixed string).
expect_out()
{
	grep -qF -- "$1" <<<"$E2E_OUT" || { echo "$E2E_OUT"; rdr_fail "output lacks: $1"; }
}

# expect_rows FILE: the storage rows are exactly those of FILE.
expect_rows()
{
	local got
	got=$(e2e_storage_rows)
	diff -u "$1" - <<<"$got" || rdr_fail "storage rows differ from $(basename "$1")"
}

# json Q: jq query on the last report.
json()
{
	jq -r "$1" "$REPORT"
}

# sim_vm_clusters: "name cluster-id" of every VM the manager knows.
sim_vms()
{
	local i
	# a freshly (re)started engine answers 503 while it deploys
	for i in $(seq 50); do
		curl -sf -o /dev/null --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
			"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms" && break
		sleep 0.1
	done
	curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms" |
		xmllint --xpath '//vm/name/text() | //vm/cluster/@id' - 2>/dev/null | tr -s ' \n' ' '
}

site_a_nfs_rows()
{
	cat >"$1" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|rdr-nfs.sitea.example:/exports/isodomain||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|rdr-nfs.sitea.example:/exports/datadomain||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|rdr-nfs.sitea.example:/exports/exports_configured||||
ROWS
}

site_b_nfs_rows()
{
	cat >"$1" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|rdr-nfs.siteb.example:/exports/ISO||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|rdr-nfs.siteb.example:/exports/DATA||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|rdr-nfs.siteb.example:/exports/EXPORT||||
ROWS
}

# setup_nfs / setup_iscsi: the world of a seed failover, config in $CONF.
setup_nfs()
{
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
}

setup_iscsi()
{
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_seed_siteb || rdr_fail "tgtd"
	# the site-B lun_id is whatever probing the target gives (scsi_id rules)
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" \
		--iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
}

# setup_shared_mac SCENARIO [SIM ARGS]: the seed's NFS world on SCENARIO,
# public's VIRT_NET on the MAC 00:17:a4:77:24:3c that several NICs share.
setup_shared_mac()
{
	local scenario=$1
	shift
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/$scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i 's/^VIRT_NET  rdr-rhev.siteb.example 00:17:a4:77:24:3a public$/VIRT_NET  rdr-rhev.siteb.example 00:17:a4:77:24:3c public/' "$CONF"
	grep -q '24:3c public$' "$CONF" || rdr_fail "VIRT_NET not rewritten"
}

# site_b_actions: the report's actions of the site-B host.
site_b_actions()
{
	json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions'
}

# wait_log TEXT: until the run's log says TEXT (at most 30 s).
wait_log()
{
	local i
	for i in $(seq 300); do
		grep -qF -- "$1" "$E2E_WORK/rdr.log" 2>/dev/null && return 0
		sleep 0.1
	done
	rdr_fail "log never said: $1"
}

# terminate_and_expect_rollback PID: end rdr-failover PID's database
# session, then assert it failed with exit 8 saying the transaction was
# rolled back, and that the rows ($T/before), the change log and the
# engine are as before.
terminate_and_expect_rollback()
{
	psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rdr-failover'" >/dev/null
	wait "$1"
	E2E_RC=$?
	E2E_OUT=$(cat "$T/out")
	expect_rc 8
	expect_out "connection to the database lost during the storage transaction"
	expect_out "The server rolled the transaction back: no storage row was changed."
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the lost transaction"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
}

# group_alive PGID: a process of group PGID still runs (zombies, which
# only wait for init to reap them, do not count).
group_alive()
{
	local p
	for p in $(pgrep -g "$1"); do
		[ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" = Z ] || return 0
	done
	return 1
}

# run_bg ARGS...: rdr-failover in the background, output in $T/out, pid in
# $RUN_PID (killed at exit if the test fails before it ends).
run_bg()
{
	"$RDR_FAILOVER" "$@" >"$T/out" 2>&1 &
	RUN_PID=$!
	rdr_cleanup_push "kill -9 $RUN_PID"
}

# wait_run SECONDS: rdr-failover ends within SECONDS; sets E2E_RC, E2E_OUT.
wait_run()
{
	local i
	for i in $(seq $(($1 * 10))); do
		kill -0 "$RUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$RUN_PID" 2>/dev/null && { cat "$T/out"; rdr_fail "rdr-failover still runs after $1 s"; }
	wait "$RUN_PID"
	E2E_RC=$?
	E2E_OUT=$(cat "$T/out")
}

# service_shim DIR: a "service" command in DIR that drives the fake
# engine, so the seed's engine commands (service jbossas stop/start, rdr's
# defaults) run unchanged.
service_shim()
{
	mkdir -p "$1"
	cat >"$1/service" <<SHIM
#!/bin/sh
[ "\$1" = jbossas ] || { echo "service: unknown service \$1" >&2; exit 1; }
exec '$RDR_TOP/demo/fake-engine.sh' "\$2" '$E2E_ENGINE_DIR'
SHIM
	chmod 755 "$1/service"
}

# run_d ENV...: rdr-failover -d (backup included) with only ENV for libpq:
# every PG* variable of the test harness is removed first.
run_d()
{
	E2E_OUT=$(env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSFILE -u PGSERVICE \
		-u PGSERVICEFILE -u PGSSLMODE "$@" timeout 120 "$RDR_FAILOVER" -c "$CONF" -d 2>&1)
	E2E_RC=$?
}

# db_dump FILE: the rhevm database as SQL, without pg_dump's random
# \restrict keys, for before/after comparisons.
db_dump()
{
	pg_dump -d rhevm | grep -Ev '^\\(un)?restrict ' >"$1" || rdr_fail "pg_dump"
}

# no_writes: no request but GET and HEAD ever reached the manager
# (rdr-sim's --request-log, "PORT METHOD URL" lines).  Not writes: the
# tests' own control of the simulator (/sim/...) and an SSO login (POST of
# a token request, which changes nothing on the manager).
no_writes()
{
	local writes
	[ -e "$E2E_ENGINE_DIR/requests.log" ] || rdr_fail "rdr-sim wrote no request log"
	writes=$(awk '$2 != "GET" && $2 != "HEAD" && $3 !~ /^\/sim\// &&
		!($2 == "POST" && $3 == "/ovirt-engine/sso/oauth/token")' "$E2E_ENGINE_DIR/requests.log")
	[ -z "$writes" ] || rdr_fail "requests that change the manager reached it: $writes"
}

# untouched: the database is as in $T/before.sql, no backup, no run state,
# the engine still the same process, no write reached the manager
# (no_writes) and every VM still in SiteA.
untouched()
{
	no_writes
	db_dump "$T/after.sql"
	diff -u "$T/before.sql" "$T/after.sql" || rdr_fail "the database changed"
	ls "$E2E_WORK"/*.dump >/dev/null 2>&1 && rdr_fail "a backup was taken"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "a run state was left"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	kill -0 "$ENGINE_PID" || rdr_fail "the engine was stopped"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved: $(sim_vms)"
}

# inventory_tables: the engine's cluster, network and VM tables (RHEV 3.0
# names and columns, the part rdr reads) with the seed's inventory, the
# same as the simulator's (test/fixtures/sim/seed-common.inc).
inventory_tables()
{
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm <<'SQL' || rdr_fail "inventory tables"
CREATE TABLE vds_groups (vds_group_id uuid PRIMARY KEY, name varchar(40) NOT NULL,
	storage_pool_id uuid);
CREATE TABLE network (id uuid PRIMARY KEY, name varchar(50) NOT NULL, storage_pool_id uuid);
CREATE TABLE vm_static (vm_guid uuid PRIMARY KEY, vm_name varchar(255) NOT NULL,
	vds_group_id uuid NOT NULL REFERENCES vds_groups);
INSERT INTO vds_groups VALUES
	('99408929-82cf-4dc7-a532-9d998063fa95', 'Default', '632b8642-12b8-11e1-9936-001871eba039'),
	('0ddb36dc-12b9-11e1-ae84-001871eba039', 'SiteA', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('9495276a-205a-11e1-9bb5-001871eba039', 'SiteB', '10b3c00e-9371-48ce-8d28-28158cf26d96');
INSERT INTO network VALUES
	('ee84a644-289c-494c-bad1-6a891fe5c8a7', 'rhevm', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('3c1f5a9e-8d2b-4e6f-a1c7-5b9d0e2f4a61', 'rhev', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('bf2317b6-3f86-4583-b985-6c34afc81c16', 'public', '10b3c00e-9371-48ce-8d28-28158cf26d96');
INSERT INTO vm_static VALUES
	('0d1d84e7-be6f-49fb-9294-a232a8cbd044', 'rdr-dc-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('bdbd6360-7c5b-4f97-9534-1afab57de724', 'rdr-devel-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8', 'rdr-web-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('808f87e6-3a2f-46ba-a35b-4089cf18360d', 'rdr-w7-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039');
SQL
}

# fibre_failover: the seed's section 8.5: the fibre LUN seen by the site-B hypervisor over ssh.
fibre_failover()
{
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	declare -F rdr_fc_seed_siteb >/dev/null || { echo "rdr_fc_seed_siteb not available"; exit 77; }
	e2e_db fibre || rdr_fail "database"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	# the seed's own line: a part of the serial, the hypervisor's name
	e2e_config "$CONF" \
		"Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000" \
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO" \
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT" \
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1" \
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT" \
		"CONFIG ssh_key $SSHD_KEY" \
		"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	psql -X -A -t -d rhevm -c "SELECT lun_id, serial, lun_mapping, vendor_id, product_id FROM luns" >"$T/got"
	echo "3600c0ff000d7e69d85b89d4e01000000|SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000|26|HP|MSA2324fc" |
		diff -u - "$T/got" || rdr_fail "fibre LUN row"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

# run_scenario NAME: run scenario_NAME in this process and say it passed.
run_scenario()
{
	"scenario_$1"
	echo "scenario $1: passed"
}
