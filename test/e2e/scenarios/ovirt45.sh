#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Issue 15's first "done when", in one run: an oVirt-4.5-shaped engine
# database ("engine", owned by the non-superuser role engine) holding
# every domain kind rdr re-points (test/fixtures/ovirt45-mixed.sql): an
# iSCSI master domain whose site-B target needs CHAP, a second iSCSI
# domain whose volume group spans two LUNs of a target without CHAP, a
# fibre domain, NFS ISO and export domains, disk_lun_map rows and the
# columns RHEV 3.0 lacked.  It fails over against rdr-sim in API v4
# (ovirt45-mixed.scenario: every domain gated on its own rows), with the
# site-B host kept in maintenance and a Data-Warehouse-like session held
# open, with CONFIG manager ovirt4 and nothing else beyond site facts:
# the database settings come from the engine's 10-setup-database.conf,
# the engine and DWH are driven by "systemctl" (a shim here).  Site B is
# real: tgtd (CHAP on the data target only; the 2-LUN target has a decoy
# LUN with another VG's PV), sshd in front of a fake-sysfs fibre host,
# the NFS stub.  Asserted: the exact storage rows afterwards (luns,
# lun_storage_server_connection_map, disk_lun_map following the LUNs,
# storage_server_connections with CHAP on the one connection only and
# site A's credentials gone from the other), every domain active in the
# manager, every VM up, no secret written out, changes made as engine.
scenario_ovirt45()
{
	local secret=Ovirt45-Chap-7 root f probe lun1 lun2 ser1 ser2
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	rdr_pg_start || rdr_fail "postgres"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE engine LOGIN NOSUPERUSER PASSWORD 'Engine-Db-Pw-5'" \
		-c "CREATE DATABASE engine OWNER engine" || rdr_fail "role"
	for f in ovirt-schema.sql ovirt45-mixed.sql ovirt-extra.sql; do
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

	# site B: one tgtd with the CHAP data target (1) and the 2-LUN one (2)
	rdr_tgtd_seed_siteb && rdr_tgtd_block_siteb 2 || rdr_fail "tgtd"
	# the site-B LUN identities are whatever probing the targets gives
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" |
		awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	rdr_tgtd_chap 1 rdrchap "$secret" || rdr_fail "CHAP account"
	probe=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_BLOCK_ISCSI_IQN") ||
		rdr_fail "rdr-probe of the 2-LUN target"
	read -r lun1 ser1 < <(awk '$1 == 1 { print $2, $3 }' <<<"$probe")
	read -r lun2 ser2 < <(awk '$1 == 2 { print $2, $3 }' <<<"$probe")
	[ -n "$lun1" ] && [ -n "$lun2" ] && [ -n "$ser1" ] && [ -n "$ser2" ] ||
		rdr_fail "rdr-probe found no LUNs 1 and 2: $probe"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	# exported: every engine start (the shim's) reads the scenario again
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID RDR_SIM_BLOCK_LUN_IDS=$lun1,$lun2 \
		RDR_SIM_FC_LUN_ID=$RDR_SEED_FC_LUN_ID RDR_SIM_SITEB_CLUSTER=SiteB RDR_SIM_SITEB_STATE=maintenance
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
	# only site facts (and the test world's ports, keys and speed)
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

	# every storage row, exactly: site B's identities, the columns rdr
	# does not know kept, CHAP on DataDomain's connection only
	ovirt45_rows >"$T/got" || rdr_fail "reading the rows"
	cat >"$T/want" <<ROWS
dlm|dddddddd-0000-4000-8000-000000000001|$LUN_ID
dlm|dddddddd-0000-4000-8000-000000000002|$lun1
dlm|dddddddd-0000-4000-8000-000000000003|$lun2
dlm|dddddddd-0000-4000-8000-000000000004|$RDR_SEED_FC_LUN_ID
lun|$LUN_ID|VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1|DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR|$RDR_SEED_ISCSI_SERIAL|8|RA-Group|iscsi101|199|268435456
lun|$lun1|m4Tz8Q-2Wc7-Lp3X-Rb6N-Jh1V-Gk5d-Sy9EuA|Hq7vZt-8Jm2-Xc4N-pR7w-Yb5L-Kd9s-Fe1GaQ|$ser1|1|RA-Group|iscsi102|100|268435456
lun|$lun2|n7Ux1R-5Ya8-Mq2Z-Tc4P-Ki6W-Hl3f-Vz0FwB|Hq7vZt-8Jm2-Xc4N-pR7w-Yb5L-Kd9s-Fe1GaQ|$ser2|2|RA-Group|iscsi102|100|268435456
lun|$RDR_SEED_FC_LUN_ID|yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC|qDlAWy-0YPw-Ie1T-8Yt5-vldq-h1q1-tmaJSa|$RDR_SEED_FC_SERIAL|26|HP|MSA2324fc|200|268435456
map|$LUN_ID|56fd614d-e267-4756-b175-3035b6d4fa78
map|$lun1|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45
map|$lun2|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45
ssc|56fd614d-e267-4756-b175-3035b6d4fa78|192.168.201.32|$RDR_SEED_ISCSI_IQN|3260|1|3|rdrchap|$secret|iscsi-rdr-test||||
ssc|6364acf1-754a-4525-9d97-3c6d5c8f9b6f|rdr-nfs.siteb.example:/exports/EXPORT||||1||||soft|v3|600|6
ssc|8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45|192.168.201.32|$RDR_BLOCK_ISCSI_IQN|3260|1|3|||iscsi-rdr-test||||
ssc|cf810eeb-24df-4fdd-ae98-62416bd3e047|rdr-nfs.siteb.example:/exports/ISO||||1||||soft|v3|600|6
ROWS
	diff -u "$T/want" "$T/got" || rdr_fail "the storage rows after the failover"

	# the manager saw every domain's rows point at site B (its gates)
	[ "$(sim_domains)" = "DataDomain active ExportDomain active ISODomain active BlockDomain active FibreDomain active " ] ||
		rdr_fail "storage domains in the manager: $(sim_domains)"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"activate, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	# neither the CHAP secret, nor the database password, nor site A's
	# stored CHAP passwords appear in the output, the report or the work dir
	! grep -rqF -e "$secret" -e Engine-Db-Pw-5 -e DgoCO93m4ip7d -e V+kv6ijHtQ - "$REPORT" "$T/work" <<<"$E2E_OUT" ||
		rdr_fail "a password was written out"
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
       coalesce(vfs_type, ''), coalesce(mount_options, ''), coalesce(nfs_version, ''), coalesce(nfs_timeo::text, ''),
       coalesce(nfs_retrans::text, ''))
  FROM storage_server_connections
ORDER BY 1, 2, 3"
}

# sim_domains: "name state " of every storage domain the manager knows.
sim_domains()
{
	curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		"https://127.0.0.1:$E2E_HTTPS_PORT/ovirt-engine/api/storagedomains" |
		xmllint --xpath '//storage_domain/name/text() | //storage_domain/status/state/text() | //storage_domain/status/text()' - 2>/dev/null |
		tr -s ' \n' ' '
}

run_scenario ovirt45
