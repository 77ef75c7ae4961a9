#!/bin/bash
# test/e2e/round-trip-lib.sh: the failback_round_trip_* scenarios (issue
# 16's whole way there and back, one per seed environment): what an
# administrator creates while the environment runs at site B, and the
# checks of the way back.  Source after scenario-lib.sh.
# shellcheck shell=bash
# shellcheck disable=SC2034

# The direct-LUN disk created at site B, and the VM created there.
RT_DISK_ID=5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c
RT_VM=rdr-new-vm
# cluster SiteA and SiteB of seed-common.inc
RT_SITEA_CLUSTER=0ddb36dc-12b9-11e1-ae84-001871eba039
RT_SITEB_CLUSTER=9495276a-205a-11e1-9bb5-001871eba039

# rt_api METHOD PATH [BODY]: one request to the manager's API, body on stdout.
rt_api()
{
	local method=$1 path=$2
	shift 2
	curl -sS -f --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		-X "$method" -H 'Content-Type: application/xml' ${1:+-d "$1"} \
		"https://127.0.0.1:$E2E_HTTPS_PORT/api$path"
}

# rt_new_vm: an administrator creates a VM in cluster SiteB (POST /api/vms,
# as the engine's AddVmCommand takes it) and plans its start.
rt_new_vm()
{
	rt_api POST /vms "<vm><name>$RT_VM</name><cluster><name>SiteB</name></cluster><template><name>Blank</name></template></vm>" \
		>"$T/new-vm.xml" || rdr_fail "POST /api/vms"
	[ "$(xmllint --xpath 'string(/vm/cluster/@id)' "$T/new-vm.xml")" = "$RT_SITEB_CLUSTER" ] ||
		rdr_fail "new VM: $(cat "$T/new-vm.xml")"
	echo "START_VM  $RT_VM   5" >>"$CONF"
}

# rt_direct_lun_disk LUN_ID SERIAL LUN_MAPPING VENDOR PRODUCT [CONNECTION_ID]:
# a direct-LUN disk as the engine's AddDiskCommand (createDiskBasedOnLun)
# writes it: the LUN's row outside any volume group and, for iSCSI, its map
# to the target's connection (LunHelper.proceedLUNInDb; a fibre LUN has
# none), then disk_lun_map.  The table is oVirt 3.1's (create_tables.sql);
# the RHEV 3.0 worlds get it as an upgrade adds it.
rt_direct_lun_disk()
{
	local map=""
	[ -z "${6:-}" ] || map="INSERT INTO lun_storage_server_connection_map VALUES (:'lun', :'conn');"
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v lun="$1" -v sn="$2" -v mapping="$3" -v vendor="$4" \
		-v product="$5" -v conn="${6:-}" -v disk="$RT_DISK_ID" <<SQL || rdr_fail "direct-LUN disk"
CREATE TABLE IF NOT EXISTS disk_lun_map (disk_id UUID NOT NULL, lun_id VARCHAR(255) NOT NULL,
	CONSTRAINT pk_disk_lun_map PRIMARY KEY(disk_id, lun_id),
	CONSTRAINT fk_disk_lun_map_luns FOREIGN KEY(lun_id) REFERENCES luns(lun_id));
BEGIN;
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', :'lun', '', :'sn', :'mapping', :'vendor', :'product', 1);
$map
INSERT INTO disk_lun_map VALUES (:'disk', :'lun');
COMMIT;
SQL
}

# rt_rows FILE KEY...: the storage rows (luns, their maps, the connections,
# the domains) as pg_dump writes them, without the lines naming a KEY (the
# objects created at site B).
rt_rows()
{
	local out=$1 k
	shift
	pg_dump -d rhevm -a -t luns -t lun_storage_server_connection_map \
		-t storage_server_connections -t storage_domain_static |
		grep -Ev '^\\(un)?restrict |^--|^$' >"$out.all" || rdr_fail "pg_dump"
	cp "$out.all" "$out"
	for k in "$@"; do
		grep -vF -- "$k" "$out" >"$out.tmp"
		mv "$out.tmp" "$out"
	done
}

# rt_disk_at LUN_ID [CONNECTION IQN]: the direct-LUN disk uses LUN_ID (its
# row, disk_lun_map) through one connection to CONNECTION IQN (none: fibre).
rt_disk_at()
{
	local got want=$1${2:+ $2 $3}
	got=$(psql -X -A -t -d rhevm -v disk="$RT_DISK_ID" <<<"SELECT d.lun_id || coalesce(' ' || c.connection || ' ' || c.iqn, '')
		FROM disk_lun_map d JOIN luns l USING (lun_id)
		LEFT JOIN lun_storage_server_connection_map m ON m.lun_id = l.lun_id
		LEFT JOIN storage_server_connections c ON c.id = m.storage_server_connection
		WHERE d.disk_id = :'disk'")
	[ "$got" = "$want" ] || rdr_fail "direct-LUN disk: \"$got\", expected \"$want\""
}

# rt_report_lists_run FILE RUN: the report FILE lists exactly the changes
# the change log holds for RUN (table, operation and key of each row).
rt_report_lists_run()
{
	local want got
	want=$(psql -X -A -t -d rhevm -v run="$2" \
		<<<"SELECT table_name || ' ' || operation || ' ' || coalesce(row_key, '') FROM rdr_change_log WHERE run = :run ORDER BY 1")
	got=$(jq -r '.changes[] | .table + " " + .operation + " " + (.row_key // "")' "$1" | LC_ALL=C sort)
	[ -n "$want" ] || rdr_fail "run $2 logged no change"
	[ "$got" = "$(LC_ALL=C sort <<<"$want")" ] ||
		rdr_fail "$(basename "$1") does not list run $2's changes: $(diff <(LC_ALL=C sort <<<"$want") - <<<"$got")"
}

# rt_back_in_site_a N: the N VMs (the new one among them) run in SiteA,
# site A's host is up and SPM, no host was fenced, site B's host is in
# maintenance.
rt_back_in_site_a()
{
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = "$1" ] ||
		rdr_fail "$1 VMs up: $(json '.vm_starts')"
	[ "$(json ".vm_starts[] | select(.name == \"$RT_VM\") | .final_state")" = up ] || rdr_fail "the new VM"
	[ "$(sim_vms | grep -o "$RT_SITEA_CLUSTER" | wc -l)" = "$1" ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = up ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '.spm[0].ok')" = true ] || rdr_fail "SPM: $(json '.spm')"
	[ "$(grep -c '/fence$' "$E2E_ENGINE_DIR/requests.log")" = 0 ] || rdr_fail "a host was fenced"
	sim_states | grep -qx 'rdr-rhev.siteb.example maintenance' || rdr_fail "site B's host: $(sim_states)"
}
