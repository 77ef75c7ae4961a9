#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Issue 15's "done when", as far as this scenario goes: an oVirt-4.5-shaped
# engine database ("engine", owned by the non-superuser role engine, with
# disk_lun_map and the columns RHEV 3.0 lacked) fails over against rdr-sim
# in API v4, with the site-B host kept in maintenance, a Data-Warehouse-
# like session held open, CHAP on the iSCSI target only (its own chap=),
# CONFIG manager ovirt4 and nothing else beyond site facts: the database
# settings come from the engine's 10-setup-database.conf, the engine and
# DWH are driven by "systemctl" (a shim here), and every VM ends up.
# Not covered here: a fibre domain and a 2-LUN domain (other scenarios).
scenario_ovirt45()
{
	local secret=Ovirt45-Chap-7 root f
	rdr_pg_start || rdr_fail "postgres"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE engine LOGIN NOSUPERUSER PASSWORD 'Engine-Db-Pw-5'" \
		-c "CREATE DATABASE engine OWNER engine" || rdr_fail "role"
	for f in ovirt-schema.sql rhev30-iscsi.sql ovirt-extra.sql; do
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
	rdr_tgtd_seed_siteb || rdr_fail "tgtd"
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" |
		awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	rdr_tgtd_chap 1 rdrchap "$secret" || rdr_fail "CHAP account"
	# exported: every engine start (the shim's) reads the scenario again
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID RDR_SIM_SITEB_CLUSTER=SiteB RDR_SIM_SITEB_STATE=maintenance
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" --api-version 4 || rdr_fail "engine"
	T=$(rdr_tmpdir)
	REPORT=$T/report.json

	# the manager's /etc as engine-setup leaves it
	root=$T/root
	mkdir -p "$root/etc/ovirt-engine/engine.conf.d" "$T/bin"
	cat >"$root/etc/ovirt-engine/engine.conf.d/10-setup-database.conf" <<SETUP
ENGINE_DB_HOST="127.0.0.1"
ENGINE_DB_PORT="$PGPORT"
ENGINE_DB_USER="engine"
ENGINE_DB_PASSWORD="Engine-Db-Pw-5"
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
	(umask 077 && printf '%s\n' "$secret" >"$T/chap.secret")

	rdr_nfs_seed_siteb || rdr_fail "NFS server"
	# only site facts (and the test world's ports and speed)
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
Storage_Domain DataDomain   iscsi 192.168.201.32 iqn.2011-11.siteb.example:rdr-iscsi.data chap=rdrchap:$T/chap.secret
Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO
Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT
CONNECT_TO rdr-nfs.siteb.example 127.0.0.1:$NFS_PORT
CONFIG    nfs_rpcbind_port $NFS_RPC_PORT
CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT
CONF
	)
	mkdir -p "$T/work"
	chmod 700 "$T/work"

	E2E_OUT=$(env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE PATH="$T/bin:$PATH" \
		timeout 180 "$RDR_FAILOVER" -c "$CONF" --report "$REPORT" -v 2>&1)
	E2E_RC=$?
	expect_rc 0
	expect_out "API version 4"
	expect_out "the engine database's schema_version is 04050330 (oVirt 4.x)"
	grep -qF "but CONFIG manager is" <<<"$E2E_OUT" && rdr_fail "profile warning with manager ovirt4"
	expect_out "running CONFIG engine_stop: systemctl stop ovirt-engine"
	expect_out "running CONFIG dwh_stop: systemctl stop ovirt-engine-dwhd"
	expect_out "running CONFIG dwh_start: systemctl start ovirt-engine-dwhd"
	[ "$(psql -X -A -t -d engine -c "SELECT DISTINCT changed_by FROM rdr_change_log")" = engine ] ||
		rdr_fail "the changes were not made as role engine"
	[ "$(psql -X -A -t -d engine -c "SELECT connection || ' ' || user_name || ' ' || password
		FROM storage_server_connections WHERE iqn IS NOT NULL")" = "192.168.201.32 rdrchap $secret" ] ||
		rdr_fail "the iSCSI connection"
	[ "$(psql -X -A -t -d engine -c "SELECT count(*) FROM storage_server_connections
		WHERE iqn IS NULL AND user_name IS NOT NULL")" = 0 ] || rdr_fail "CHAP on an NFS connection"
	[ "$(psql -X -A -t -d engine -c "SELECT l.lun_id FROM luns l JOIN disk_lun_map d USING (lun_id)")" = "$LUN_ID" ] ||
		rdr_fail "disk_lun_map did not follow the LUN"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"activate, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	! grep -rqF -e "$secret" -e Engine-Db-Pw-5 - "$REPORT" "$T/work" <<<"$E2E_OUT" ||
		rdr_fail "a password was written out"
}

run_scenario ovirt45
