#!/bin/bash
# test/e2e/ovirt45-lib.sh: the oVirt 4.5 world of the ovirt45* scenarios
# (issue 15).  Source after scenario-lib.sh.
#
# Site A: database "engine", owned by the non-superuser role engine, with
# the 4.5-shaped schema and every domain kind rdr re-points
# (test/fixtures/ovirt45-mixed.sql: an iSCSI master domain, a 2-LUN iSCSI
# domain, a fibre domain, NFS ISO and export; ovirt-extra.sql: the
# columns RHEV 3.0 lacked and disk_lun_map rows), the engine's inventory
# tables and its schema_version (04050330).
# Site B: one tgtd with the data target (CHAP) and the 2-LUN target (no
# CHAP, a decoy LUN), sshd in front of a fake-sysfs fibre host, the NFS
# stub, and rdr-sim in API v4 (ovirt45-mixed.scenario: every domain gated
# on its own rows) with the site-B host kept in maintenance.
# The manager: the engine's 10-setup-database.conf under $T/root, a
# "systemctl" shim in $T/bin that drives the fake engine and a Data-
# Warehouse-like daemon (an idle session of role engine, PgJDBC's
# application name), started here.
# shellcheck shell=bash
# Its variables are read by the scenarios that source it:
# shellcheck disable=SC2034

OVIRT45_CHAP_SECRET=Ovirt45-Chap-7
OVIRT45_DB_PASSWORD=Engine-Db-Pw-5
# site A's stored CHAP passwords (ovirt45-mixed.sql), by their start
OVIRT45_SITEA_SECRETS=(DgoCO93m4ip7d V+kv6ijHtQ)

# ovirt45_world [BLOCK_LUNS]: the world, and $CONF with CONFIG manager
# ovirt4 and only site facts (and the test world's ports, keys and
# speed).  BLOCK_LUNS: the LUNs of the 2-LUN target served at site B
# (rdr_tgtd_block_siteb, default all).  Sets T, CONF, REPORT, LUN_ID
# (DataDomain's site-B LUN) and BLOCK_LUN1/2, BLOCK_SERIAL1/2 (what
# probing the 2-LUN target gives; empty for a LUN not served).
ovirt45_world()
{
	local block_luns=${1:-1 2 3} f probe root
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	rdr_pg_start || rdr_fail "postgres"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE engine LOGIN NOSUPERUSER PASSWORD '$OVIRT45_DB_PASSWORD'" \
		-c "CREATE DATABASE engine OWNER engine" || rdr_fail "role"
	for f in ovirt-schema.sql ovirt45-mixed.sql ovirt-extra.sql ovirt-inventory.sql seed-inventory.sql; do
		psql -X -q -v ON_ERROR_STOP=1 -U engine -d engine -f "$RDR_TOP/test/fixtures/$f" >/dev/null ||
			rdr_fail "$f as engine"
	done
	psql -X -q -v ON_ERROR_STOP=1 -U engine -d engine \
		-c "CREATE TABLE schema_version (id serial PRIMARY KEY, version varchar(10) NOT NULL, current boolean)" \
		-c "INSERT INTO schema_version (version, current) VALUES ('04050330', true)" ||
		rdr_fail "schema_version"
	psql -X -q -v ON_ERROR_STOP=1 -d engine -c 'CREATE EXTENSION rdr' || rdr_fail "extension"
	E2E_CONNINFO="host=$PGHOST port=$PGPORT dbname=engine user=postgres"
	export E2E_CONNINFO

	rdr_tgtd_seed_siteb && rdr_tgtd_block_siteb 2 "$block_luns" || rdr_fail "tgtd"
	# the site-B LUN identities are whatever probing the targets gives
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" |
		awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	rdr_tgtd_chap 1 rdrchap "$OVIRT45_CHAP_SECRET" || rdr_fail "CHAP account"
	probe=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_BLOCK_ISCSI_IQN") ||
		rdr_fail "rdr-probe of the 2-LUN target"
	read -r BLOCK_LUN1 BLOCK_SERIAL1 < <(awk '$1 == 1 { print $2, $3 }' <<<"$probe")
	read -r BLOCK_LUN2 BLOCK_SERIAL2 < <(awk '$1 == 2 { print $2, $3 }' <<<"$probe")
	[ -n "$BLOCK_LUN1" ] || rdr_fail "rdr-probe found no LUN 1: $probe"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	# exported: every engine start (the shim's) reads the scenario again
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID RDR_SIM_FC_LUN_ID=$RDR_SEED_FC_LUN_ID \
		RDR_SIM_SITEB_CLUSTER=SiteB RDR_SIM_SITEB_STATE=maintenance
	[ -n "$BLOCK_LUN2" ] && export RDR_SIM_BLOCK_LUN_IDS=$BLOCK_LUN1,$BLOCK_LUN2
	e2e_engine "$RDR_TOP/test/fixtures/sim/ovirt45-mixed.scenario" --api-version 4 || rdr_fail "engine"
	T=$(rdr_tmpdir)
	REPORT=$T/report.json

	# the manager's /etc as engine-setup leaves it
	root=$T/root
	mkdir -p "$root/etc/ovirt-engine/engine.conf.d" "$T/bin"
	cat >"$root/etc/ovirt-engine/engine.conf.d/10-setup-database.conf" <<SETUP
ENGINE_DB_HOST="127.0.0.1"
ENGINE_DB_PORT="$PGPORT"
ENGINE_DB_USER="engine"
ENGINE_DB_PASSWORD="$OVIRT45_DB_PASSWORD"
ENGINE_DB_DATABASE="engine"
ENGINE_DB_SECURED="False"
SETUP
	# the Data Warehouse: an idle session of role engine, PgJDBC's name
	cat >"$T/bin/ovirt-engine-dwhd" <<DWH
#!/bin/bash
sleep 60 | psql -X -q "host=127.0.0.1 port=$PGPORT dbname=engine user=engine application_name='PostgreSQL JDBC Driver'" >/dev/null 2>&1
DWH
	# systemctl for the two units, as the profile's defaults call it
	cat >"$T/bin/systemctl" <<CTL
#!/bin/bash
case "\$1 \$2" in
"stop ovirt-engine") exec '$RDR_TOP/demo/fake-engine.sh' stop '$E2E_ENGINE_DIR' ;;
"start ovirt-engine") exec '$RDR_TOP/demo/fake-engine.sh' start '$E2E_ENGINE_DIR' ;;
"start ovirt-engine-dwhd") setsid '$T/bin/ovirt-engine-dwhd' </dev/null >/dev/null 2>&1 & echo \$! >'$T/dwh.pid' ;;
"stop ovirt-engine-dwhd") [ -s '$T/dwh.pid' ] && kill -TERM -- -\$(cat '$T/dwh.pid') 2>/dev/null; rm -f '$T/dwh.pid'; exit 0 ;;
*) echo "systemctl shim: \$*" >&2; exit 1 ;;
esac
CTL
	chmod 755 "$T/bin/ovirt-engine-dwhd" "$T/bin/systemctl"
	rdr_cleanup_push "'$T/bin/systemctl' stop ovirt-engine-dwhd"
	"$T/bin/systemctl" start ovirt-engine-dwhd
	(umask 077 && printf '%s\n' "$OVIRT45_CHAP_SECRET" >"$T/chap.secret")

	rdr_nfs_seed_siteb || rdr_fail "NFS server"
	CONF=$T/rdr.conf
	(
		umask 077
		cat >"$CONF" <<CONF
CONFIG    manager      ovirt4
CONFIG    manager_root $root
API       host         localhost
API       cert_port    $E2E_HTTP_PORT
API       pass         $E2E_API_PASSWORD
API       wait_timeout 30
CONNECT_TO localhost 127.0.0.1:$E2E_HTTPS_PORT
CONFIG    working_dir  $T/work
CONFIG    engine_timeout 20
CONFIG    poll_ms      100
CONFIG    delay_scale  $E2E_TIME_SCALE
SITE_INFO datacenter        RefArch
SITE_INFO main_site_cluster SiteA
SITE_INFO bkup_site_cluster SiteB
VIRT_NET  rdr-rhev.siteb.example 00:17:a4:77:24:3a public
START_VM  rdr-devel-vm 5
START_VM  rdr-dc-vm    10
START_VM  rdr-w7-vm    5
START_VM  rdr-web-vm   5
Storage_Domain DataDomain   iscsi 192.168.201.32 $RDR_SEED_ISCSI_IQN chap=rdrchap:$T/chap.secret
Storage_Domain BlockDomain  iscsi 192.168.201.32 $RDR_BLOCK_ISCSI_IQN
Storage_Domain FibreDomain  fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000
Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO
Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT
CONNECT_TO rdr-nfs.siteb.example 127.0.0.1:$NFS_PORT
CONFIG    nfs_rpcbind_port $NFS_RPC_PORT
CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT
CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT
CONFIG    ssh_key          $SSHD_KEY
CONFIG    ssh_known_hosts  $SSHD_KNOWN_HOSTS
CONF
	)
	mkdir -p "$T/work"
	chmod 700 "$T/work"
}

# ovirt45_failover ARGS...: rdr-failover -c $CONF ARGS with nothing of the
# harness's libpq environment and the systemctl shim first in PATH.
ovirt45_failover()
{
	E2E_OUT=$(env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE PATH="$T/bin:$PATH" \
		timeout 180 "$RDR_FAILOVER" -c "$CONF" "$@" 2>&1)
	E2E_RC=$?
}

# ovirt45_rows: the storage rows of database engine, one line each, sorted.
ovirt45_rows()
{
	psql -X -A -t -F '|' -d engine -c "
SELECT 'dlm', disk_id::text, lun_id FROM disk_lun_map
UNION ALL
SELECT 'lun', lun_id, physical_volume_id || '|' || volume_group_id || '|' || serial || '|' ||
       lun_mapping || '|' || vendor_id || '|' || product_id || '|' || device_size || '|' ||
       coalesce(discard_max_size::text, '')
  FROM luns
UNION ALL
SELECT 'map', lun_id, storage_server_connection FROM lun_storage_server_connection_map
UNION ALL
SELECT 'ssc', id, concat_ws('|', connection, coalesce(iqn, ''), coalesce(port, ''),
       coalesce(portal, ''), storage_type, coalesce(user_name, ''), coalesce(password, ''),
       coalesce(vfs_type, ''), coalesce(mount_options, ''), coalesce(nfs_version, ''),
       coalesce(nfs_timeo::text, ''), coalesce(nfs_retrans::text, ''))
  FROM storage_server_connections
ORDER BY 1, 2, 3"
}

# ovirt45_sim_domains: "name state " of every storage domain the manager knows.
ovirt45_sim_domains()
{
	curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		"https://127.0.0.1:$E2E_HTTPS_PORT/ovirt-engine/api/storagedomains" |
		xmllint --xpath '//storage_domain/name/text() | //storage_domain/status/state/text() | //storage_domain/status/text()' - 2>/dev/null |
		tr -s ' \n' ' '
}

# ovirt45_no_secret_out: neither the CHAP secret, nor the database
# password, nor site A's stored CHAP passwords appear in the last output,
# the report or the work dir.
ovirt45_no_secret_out()
{
	local f=()
	[ -e "$REPORT" ] && f+=("$REPORT")
	! grep -rqF -e "$OVIRT45_CHAP_SECRET" -e "$OVIRT45_DB_PASSWORD" \
		-e "${OVIRT45_SITEA_SECRETS[0]}" -e "${OVIRT45_SITEA_SECRETS[1]}" \
		- "${f[@]}" "$T/work" <<<"$E2E_OUT" || rdr_fail "a password was written out"
}
