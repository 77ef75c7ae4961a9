#!/bin/bash
# test/sim/run-fromdb-tests.sh: rdr-sim --from-db, the rehearsal manager
# whose inventory is the engine database's (issue 18), over real HTTPS
# against a real PostgreSQL holding the engine's tables (RHEV 3.0 and
# oVirt 4 spellings, test/fixtures/*-inventory.sql + seed-inventory.sql).
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/testlib.sh"

H_A=4f2b4996-12ba-11e1-90af-001871eba039
H_B=805bb14c-2505-11e1-b809-0025b3a9b001
SD_ISO=d1000000-0000-4000-8000-000000000003

# inventory_db SCHEMA [KIND]: rhevm with SCHEMA (rhev30 | ovirt), the
# seed's storage rows of KIND (nfs) and its inventory.
inventory_db()
{
	if [ -z "${PGHOST:-}" ]; then
		rdr_pg_start || { not_ok "PostgreSQL did not start"; exit 1; }
	fi
	"$RDR_PG_BIN/dropdb" --if-exists rhevm
	rdr_pg_createdb rhevm "$FIX/$1-schema.sql" "$FIX/rhev30-${2:-nfs}.sql" \
		"$FIX/$1-inventory.sql" "$FIX/seed-inventory.sql" ||
		{ not_ok "could not load the $1 inventory"; exit 1; }
	DB="host=$PGHOST port=$PGPORT user=postgres dbname=rhevm"
}

psql_rhevm()
{
	"$RDR_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d rhevm -c "$1" >/dev/null
}

# names XPATH: the text of every node XPATH selects, space separated.
names()
{
	xmllint --xpath "$1" "$BODY" 2>/dev/null | tr -s ' \n' '  ' | sed 's/ $//'
}

# inventory SCHEMA: what GET shows is what the tables hold.
inventory()
{
	local s=$1
	inventory_db "$s"
	start_sim - --from-db "$DB" --down-cluster SiteA --time-scale 0
	api GET /datacenters
	check "$s: data centers from storage_pool" "Default RefArch" "$(names '//data_center/name/text()')"
	api GET /clusters
	check "$s: clusters" "Default SiteA SiteB" "$(names '//cluster/name/text()')"
	api GET "/hosts/$H_A"
	check "$s: site A's host (--down-cluster) non responsive, SPM" "non_responsive true" \
		"$(xp /host/status/state) $(xp /host/storage_manager)"
	api GET "/hosts/$H_B"
	check "$s: site B's host: maintenance (no vds_dynamic), in SiteB, host_name as address" \
		"maintenance $C_SITEB rdr-rhev.siteb.example" \
		"$(xp /host/status/state) $(xp /host/cluster/@id) $(xp /host/address)"
	api GET "/hosts/$H_B/nics"
	check "$s: site B's NICs and their networks (vds_interface.network_name)" \
		"eth0 00:17:A4:77:24:38 eth1 00:17:A4:77:24:3A" \
		"$(names '//host_nic/name/text() | //host_nic/mac/@address' | tr -d '"' | sed 's/address=//g')"
	check "$s: NIC eth1 on public" "$NET_PUBLIC" "$(xp "//host_nic[name='eth1']/network/@id")"
	api GET /vms
	check "$s: the VMs of vm_static (no template), down" \
		"rdr-dc-vm rdr-devel-vm rdr-w7-vm rdr-web-vm|4" \
		"$(names '//vm/name/text()')|$(xmllint --xpath "count(//vm[status/state='down' and cluster/@id='$C_SITEA'])" "$BODY")"
	api GET /storagedomains
	check "$s: domains of storage_pool_iso_map, master DataDomain" \
		"DataDomain ExportDomain ISODomain|data nfs true" \
		"$(names '//storage_domain/name/text()')|$(xp "//storage_domain[name='DataDomain']/type") $(xp "//storage_domain[name='DataDomain']/storage/type") $(xp "//storage_domain[name='DataDomain']/master")"
	stop_clean
}

# gate: without --down-cluster nothing is lost; site B's host activated
# contends for SPM, which the rows of site A refuse until they move.
test_gate()
{
	inventory_db rhev30
	start_sim - --from-db "$DB" --time-scale 0 -v --timing "activate=0 spm_contend=0.1"
	api POST "/hosts/$H_B/activate" "<action/>"
	check "gate: activate site B's host" 200 "$STATUS"
	wait_state "/hosts/$H_B" /host/status/state up 5
	check "gate: site B's host up (its networks complete)" 0 $?
	sleep 0.4
	api GET "/hosts/$H_B"
	check "gate: rows at site A: never SPM" false "$(xp /host/storage_manager)"
	grep -q 'gate: storage domain "DataDomain" still points at site A (connection rdr-nfs.sitea.example:/exports/datadomain)' "$RDR_SIM_LOG"
	check "gate: the log names the site-A connection" 0 $?
	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/DATA'
	             WHERE id = '5caa3ebc-6a61-48f4-9201-f261b9402e12'"
	wait_state "/hosts/$H_B" /host/storage_manager true 5
	check "gate: rows moved off site A: SPM" 0 $?
	api GET /storagedomains
	check "gate: DataDomain active, ISODomain (rows at site A) not" "active inactive" \
		"$(xp "//storage_domain[name='DataDomain']/status/state") $(xp "//storage_domain[@id='$SD_ISO']/status/state")"
	stop_clean
}

# vm_move SCHEMA: a VM whose vNIC is on a network the target cluster
# lacks cannot move there (the engine's MOVE_VM_CLUSTER_MISSING_NETWORK);
# one on public can.  RHEV 3.0 names the network in vm_interface, oVirt 4
# through vnic_profiles.
vm_move()
{
	local s=$1 net=cc000000-0000-4000-8000-000000000001
	inventory_db "$s"
	psql_rhevm "INSERT INTO network (id, name, storage_pool_id) VALUES ('$net', 'backup', '$DC');
		INSERT INTO network_cluster (network_id, cluster_id) VALUES ('$net', '$C_SITEA')"
	if [ "$s" = rhev30 ]; then
		psql_rhevm "INSERT INTO vm_interface (id, network_name, vm_guid, name) VALUES
			('cc000000-0000-4000-8000-000000000011', 'backup', '$VM_WEB', 'nic1'),
			('cc000000-0000-4000-8000-000000000012', 'public', '808f87e6-3a2f-46ba-a35b-4089cf18360d', 'nic1')"
	else
		psql_rhevm "INSERT INTO vnic_profiles (id, name, network_id, port_mirroring) VALUES
			('cc000000-0000-4000-8000-000000000021', 'backup', '$net', false),
			('cc000000-0000-4000-8000-000000000022', 'public', '$NET_PUBLIC', false);
			INSERT INTO vm_interface (id, vm_guid, name, vnic_profile_id) VALUES
			('cc000000-0000-4000-8000-000000000011', '$VM_WEB', 'nic1', 'cc000000-0000-4000-8000-000000000021'),
			('cc000000-0000-4000-8000-000000000012', '808f87e6-3a2f-46ba-a35b-4089cf18360d', 'nic1', 'cc000000-0000-4000-8000-000000000022')"
	fi
	start_sim - --from-db "$DB" --down-cluster SiteA --time-scale 0
	api PUT "/vms/$VM_WEB" "<vm><cluster id=\"$C_SITEB\"/></vm>"
	check "$s: a VM on network backup cannot move to SiteB" \
		"400 [Cannot edit VM. Selected Cluster is missing one or more networks backup that is used by VM.]" \
		"$STATUS $(xp /fault/detail)"
	api PUT "/vms/808f87e6-3a2f-46ba-a35b-4089cf18360d" "<vm><cluster id=\"$C_SITEB\"/></vm>"
	check "$s: a VM on public moves to SiteB" "200 $C_SITEB" "$STATUS $(xp /vm/cluster/@id)"
	stop_clean
}

# iSCSI: the LUN and the connection must both leave site A's (the master
# domain's one LUN re-pointed as rdr_fix_iscsi does)
test_gate_iscsi()
{
	inventory_db rhev30 iscsi
	start_sim - --from-db "$DB" --time-scale 0 -v --timing "activate=0 spm_contend=0.1"
	api POST "/hosts/$H_B/activate" "<action/>"
	wait_state "/hosts/$H_B" /host/status/state up 5
	check "iSCSI gate: site B's host up" 0 $?
	psql_rhevm "UPDATE storage_server_connections SET connection = '192.168.201.32'
	             WHERE id = '56fd614d-e267-4756-b175-3035b6d4fa78'"
	sleep 0.4
	api GET "/hosts/$H_B"
	check "iSCSI gate: connection moved, LUN still site A's: never SPM" false "$(xp /host/storage_manager)"
	psql_rhevm "BEGIN;
		INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
		  SELECT phisical_volume_id, '1IET_00010008', volume_group_id, 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101', device_size FROM luns WHERE lun_id = '1IET_00010001';
		UPDATE lun_storage_server_connection_map SET lun_id = '1IET_00010008' WHERE lun_id = '1IET_00010001';
		DELETE FROM luns WHERE lun_id = '1IET_00010001';
		COMMIT;"
	wait_state "/hosts/$H_B" /host/storage_manager true 5
	check "iSCSI gate: LUN and connection moved off site A: SPM" 0 $?
	stop_clean
}

test_errors()
{
	local out rc
	rdr_sim_certs "$T"
	(umask 077; printf 'secret\n' >"$T/pw")
	inventory_db rhev30
	out=$("$RDR_SIM_BIN" --from-db "$DB" --down-cluster Nowhere --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "unknown --down-cluster: exit 1, named" "1 1" \
		"$rc $(grep -c -- '--down-cluster: cluster "Nowhere" is not in the engine database' <<<"$out")"
	out=$("$RDR_SIM_BIN" -s "$SEED" --down-cluster SiteA --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "--down-cluster without --from-db refused" "1 1" "$rc $(grep -c -- '--down-cluster needs --from-db' <<<"$out")"
	out=$("$RDR_SIM_BIN" -s "$SEED" --from-db "$DB" --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "--scenario with --from-db refused" "1 1" "$rc $(grep -c -- '--scenario and --from-db cannot be used together' <<<"$out")"
	out=$("$RDR_SIM_BIN" --from-db "$DB" --timing "approve=-3" --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "bad --timing refused, named" "1 1" "$rc $(grep -c -- '--timing:1: approve "-3" is not a number' <<<"$out")"
	# a scenario's vm networks= (the real run's counterpart) names defined ones
	printf 'datacenter D\ncluster C datacenter=D\nvm v cluster=C networks=nope\n' >"$T/vmnet.scenario"
	out=$("$RDR_SIM_BIN" -s "$T/vmnet.scenario" --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "vm networks= of an undefined network refused, file:line" "1 1" \
		"$rc $(grep -c 'vmnet.scenario:3: network "nope" is not defined in the VM'"'"'s datacenter' <<<"$out")"
	# the storage part only: not an engine database with an inventory
	"$RDR_PG_BIN/dropdb" --if-exists rhevm
	rdr_pg_createdb rhevm "$FIX/rhev30-schema.sql" "$FIX/rhev30-nfs.sql"
	out=$("$RDR_SIM_BIN" --from-db "$DB" --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "database without inventory tables: exit 1, says why" "1 1" \
		"$rc $(grep -c 'the database is not an engine database: it has no cluster table' <<<"$out")"
	out=$("$RDR_SIM_BIN" --from-db "host=127.0.0.1 port=1 dbname=rhevm connect_timeout=1" --cert "$T/server.crt" \
		--key "$T/server.key" --ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "unreachable database: exit 1" "1 1" "$rc $(grep -c 'could not connect to the engine database' <<<"$out")"
}

if [ $# -gt 0 ]; then
	for f in "$@"; do "$f"; done
else
	inventory rhev30
	inventory ovirt
	test_gate
	test_gate_iscsi
	vm_move rhev30
	vm_move ovirt
	test_errors
fi

echo "rdr-sim --from-db tests: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
