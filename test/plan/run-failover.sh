#!/bin/bash
# test/plan/run-failover.sh [KIND...]: a configuration written by
# rdr-plan generate fails over successfully, unchanged.
#
# For each fixture (RHEV 3.0 NFS, iSCSI, fibre; oVirt-shaped iSCSI; the
# oVirt 4.5 data center with every domain kind, ovirt45-mixed.sql) the
# e2e world of test/e2e/lib.sh is started (PostgreSQL + extension with the
# site-A rows and the seed's inventory, tgtd or sshd for site B's storage,
# the fake engine), rdr-plan generate writes the configuration from the
# database with the seed's rewrite rules and this world's own settings
# (--append), twice, byte for byte the same; then rdr-failover runs with
# it and must end with the site-B rows and the four VMs up.
set -u
here=$(cd "$(dirname "$0")" && pwd)

ALL="nfs iscsi fibre ovirt ovirt45"
if [ $# -eq 0 ]; then
	source "$here/../lib/tap.sh"
	failed=""
	for k in $ALL; do
		if bash "$0" "$k" >"/tmp/rdr-plan-failover-$k.$$.log" 2>&1; then
			ok "failover with a generated configuration: $k"
		elif [ $? -eq 77 ]; then
			ok "$k # SKIP $(tail -1 "/tmp/rdr-plan-failover-$k.$$.log")"
		else
			not_ok "failover with a generated configuration: $k" \
				"$(tail -40 "/tmp/rdr-plan-failover-$k.$$.log")"
			failed="$failed $k"
		fi
		rm -f "/tmp/rdr-plan-failover-$k.$$.log"
	done
	tap_done "plan failovers" || { echo "plan failover FAILED:$failed"; exit 1; }
	exit 0
fi

source "$here/../lib/common.sh"
source "$RDR_TOP/test/lib/pg.sh"
source "$RDR_TOP/test/lib/sim.sh"
source "$RDR_TOP/test/lib/tgtd.sh"
source "$RDR_TOP/test/e2e/lib.sh"
PLAN=$RDR_TOP/driver/rdr-plan
F=$RDR_TOP/test/fixtures
kind=$1

# plan_db SCHEMA DATA [EXTRA...]: like e2e_db, with the inventory tables.
plan_db()
{
	local schema=$1 inv=rhev30-inventory.sql
	shift
	[ "$schema" = ovirt-schema.sql ] && inv=ovirt-inventory.sql
	rdr_pg_start || return 1
	rdr_pg_createdb rhevm "$F/$schema" "$@" "$F/$inv" "$F/seed-inventory.sql" || return 1
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c 'CREATE EXTENSION rdr' || return 1
	E2E_CONNINFO="host=$PGHOST port=$PGPORT dbname=rhevm user=postgres"
	export E2E_CONNINFO
}

# sim_domain_states: the state of every storage domain the manager knows.
sim_domain_states()
{
	curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		"https://127.0.0.1:$E2E_HTTPS_PORT/api/storagedomains" |
		xmllint --xpath '//storage_domain/status/state/text()' - 2>/dev/null | tr -s ' \n' ' '
}

case $kind in
	nfs)
		plan_db rhev30-schema.sql "$F/rhev30-nfs.sql" || rdr_fail "database"
		e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
		EXTRA=("CONNECT_TO rdr-nfs.siteb.example 127.0.0.1")
		;;
	iscsi | ovirt)
		if [ "$kind" = iscsi ]; then
			plan_db rhev30-schema.sql "$F/rhev30-iscsi.sql" || rdr_fail "database"
		else
			plan_db ovirt-schema.sql "$F/rhev30-iscsi.sql" "$F/ovirt-extra.sql" || rdr_fail "database"
		fi
		rdr_tgtd_seed_siteb || rdr_fail "tgtd"
		LUN_ID=$(timeout 30 "$RDR_TOP/driver/probe/rdr-probe" -q iscsi "127.0.0.1:$TGTD_PORT" \
			--iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
		[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
		export RDR_SIM_ISCSI_LUN_ID=$LUN_ID
		e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" || rdr_fail "engine"
		EXTRA=("CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
			"CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT")
		;;
	ovirt45)
		# every domain kind; site B's targets need no CHAP, so the
		# generated lines (no chap=) are right as they are
		# shellcheck disable=SC1091
		source "$RDR_TOP/test/lib/sshd.sh"
		plan_db ovirt-schema.sql "$F/ovirt45-mixed.sql" "$F/ovirt-extra.sql" || rdr_fail "database"
		rdr_tgtd_seed_siteb && rdr_tgtd_block_siteb 2 || rdr_fail "tgtd"
		LUN_ID=$(timeout 30 "$RDR_TOP/driver/probe/rdr-probe" -q iscsi "127.0.0.1:$TGTD_PORT" \
			--iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
		BLOCK_LUNS=$(timeout 30 "$RDR_TOP/driver/probe/rdr-probe" -q iscsi "127.0.0.1:$TGTD_PORT" \
			--iqn "$RDR_BLOCK_ISCSI_IQN" | awk '$1 == 1 || $1 == 2 { print $2 }' | paste -sd,)
		[ -n "$LUN_ID" ] && [ -n "${BLOCK_LUNS#*,}" ] || rdr_fail "rdr-probe found no LUNs"
		export RDR_SIM_ISCSI_LUN_ID=$LUN_ID RDR_SIM_BLOCK_LUN_IDS=$BLOCK_LUNS
		rdr_fc_seed_siteb || rdr_fail "sshd"
		e2e_engine "$RDR_TOP/test/fixtures/sim/ovirt45-mixed.scenario" || rdr_fail "engine"
		EXTRA=("CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
			"CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
			"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT"
			"CONFIG ssh_key $SSHD_KEY"
			"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS")
		;;
	fibre)
		# shellcheck disable=SC1091
		source "$RDR_TOP/test/lib/sshd.sh"
		plan_db rhev30-schema.sql "$F/rhev30-fibre.sql" || rdr_fail "database"
		rdr_fc_seed_siteb || rdr_fail "sshd"
		e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" || rdr_fail "engine"
		EXTRA=("CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
			"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT"
			"CONFIG ssh_key $SSHD_KEY"
			"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS")
		;;
	*) rdr_fail "unknown kind $kind" ;;
esac

T=$(rdr_tmpdir)
# This world's own settings: e2e_config's, without what rdr-plan writes
# (API host, SITE_INFO, VIRT_NET, START_VM).
e2e_config "$T/world.conf" "${EXTRA[@]}"
grep -v -E '^(API +host|SITE_INFO|VIRT_NET|START_VM|#)' "$T/world.conf" >"$T/site-b.conf"

generate()
{
	"$PLAN" generate -d "$E2E_CONNINFO" --main SiteA --backup SiteB \
		--map "$here/seed.map" --api-host 127.0.0.1 --append "$T/site-b.conf" -o "$1"
}
generate "$T/rdr.conf" || rdr_fail "rdr-plan generate"
generate "$T/again.conf" 2>/dev/null || rdr_fail "rdr-plan generate, again"
cmp "$T/rdr.conf" "$T/again.conf" || rdr_fail "the same database gave different bytes"
grep -q '^Storage_Domain DataDomain ' "$T/rdr.conf" || rdr_fail "no DataDomain line"
# the generated file, unchanged, passes --validate, which changes nothing
pg_dump -d rhevm | grep -Ev '^\\(un)?restrict ' >"$T/before.sql" || rdr_fail "pg_dump"
# a manager that has been running: its API user is checked, not "may be stopped"
e2e_engine_started || rdr_fail "the engine did not finish starting"
e2e_failover -c "$T/rdr.conf" --validate
[ "$E2E_RC" -eq 0 ] || { echo "$E2E_OUT"; cat "$T/rdr.conf"; rdr_fail "--validate exit $E2E_RC"; }
grep -qxF "validation of $T/rdr.conf: no problem found" <<<"$E2E_OUT" ||
	{ echo "$E2E_OUT"; rdr_fail "--validate did not say it found no problem"; }
grep -E '^(rdr-failover: (error|warning)|HINT|DETAIL)' <<<"$E2E_OUT" &&
	rdr_fail "--validate of a generated file warned"
pg_dump -d rhevm | grep -Ev '^\\(un)?restrict ' >"$T/after.sql" || rdr_fail "pg_dump"
diff -u "$T/before.sql" "$T/after.sql" || rdr_fail "--validate changed the database"
[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "--validate left a run state"

e2e_failover -c "$T/rdr.conf" --report "$T/report.json"
[ "$E2E_RC" -eq 0 ] || { echo "$E2E_OUT"; cat "$T/rdr.conf"; rdr_fail "rdr-failover exit $E2E_RC"; }
grep -qF "result: ok (exit code 0)" <<<"$E2E_OUT" || { echo "$E2E_OUT"; rdr_fail "no ok result"; }
# stdout and stderr on one pipe: the report is one block, no log line in it
report=$(sed -n '/^rdr-failover report$/,/^  result: /p' <<<"$E2E_OUT")
[ "$(grep -c '' <<<"$report")" -gt 10 ] || { echo "$E2E_OUT"; rdr_fail "no report block"; }
tail -n +2 <<<"$report" | grep -nE '^(rdr-failover[: ]|HINT: |DETAIL: |[a-z_]+: .*\([0-9.]+ s\)$)' &&
	{ echo "$E2E_OUT"; rdr_fail "log lines interleaved into the report"; }
[ "$(tail -1 <<<"$E2E_OUT")" = "rdr-failover finished: ok (exit code 0)" ] ||
	rdr_fail "the log's last line is not after the report"
[ "$(jq -r '[.vm_starts[] | select(.final_state == "up")] | length' "$T/report.json")" = 4 ] ||
	rdr_fail "4 VMs up expected"
[ "$(jq -r '[.vm_starts[].name] | join(",")' "$T/report.json")" = "rdr-dc-vm,rdr-devel-vm,rdr-web-vm,rdr-w7-vm" ] ||
	rdr_fail "start order: $(jq -r '[.vm_starts[].name] | join(",")' "$T/report.json")"
rows=$(psql -X -A -t -d rhevm -c "SELECT connection FROM storage_server_connections ORDER BY 1")
case $kind in
	nfs) want=$'rdr-nfs.siteb.example:/exports/DATA\nrdr-nfs.siteb.example:/exports/EXPORT\nrdr-nfs.siteb.example:/exports/ISO' ;;
	iscsi | ovirt) want=$'192.168.201.32\nrdr-nfs.siteb.example:/exports/EXPORT\nrdr-nfs.siteb.example:/exports/ISO' ;;
	fibre) want=$'rdr-nfs.siteb.example:/exports/EXPORT\nrdr-nfs.siteb.example:/exports/ISO' ;;
	ovirt45) want=$'192.168.201.32\n192.168.201.32\nrdr-nfs.siteb.example:/exports/EXPORT\nrdr-nfs.siteb.example:/exports/ISO' ;;
esac
[ "$rows" = "$want" ] || rdr_fail "connections after the failover: $rows"
if [ "$kind" = fibre ]; then
	[ "$(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns')" = 3600c0ff000d7e69d85b89d4e01000000 ] ||
		rdr_fail "fibre LUN not re-pointed"
elif [ "$kind" = ovirt45 ]; then
	# every LUN of every block domain re-pointed, no CHAP left from site A
	[ "$(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns ORDER BY 1' | paste -sd,)" = \
		"$(printf '%s\n' "$LUN_ID" "${BLOCK_LUNS//,/$'\n'}" 3600c0ff000d7e69d85b89d4e01000000 | LC_ALL=C sort | paste -sd,)" ] ||
		rdr_fail "LUNs after the failover: $(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns ORDER BY 1' | paste -sd,)"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM storage_server_connections WHERE user_name IS NOT NULL OR password IS NOT NULL')" = 0 ] ||
		rdr_fail "site A's CHAP credentials were kept"
	[ "$(sim_domain_states)" = "active active active active active " ] ||
		rdr_fail "storage domains in the manager: $(sim_domain_states)"
elif [ "$kind" != nfs ]; then
	[ "$(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns')" = "$LUN_ID" ] ||
		rdr_fail "iSCSI LUN not re-pointed"
fi
echo "$kind: generated configuration failed over"
