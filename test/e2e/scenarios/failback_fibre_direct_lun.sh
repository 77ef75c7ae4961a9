#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A fibre channel direct-LUN disk created at site B after a planned
# failover of the seed's fibre world: a VM disk that is a whole LUN of
# site B's array, outside any storage domain and, being fibre, with no
# storage server connection to tell the sites apart.  Site A's fibre host
# (CONFIG failback_fc_host) decides: a disk on a LUN it sees is site A's
# already and stays; one it does not see needs a DIRECT_LUN line, or the
# failback stops before any change, naming the disk and the LUN (so is a
# line naming a LUN that host does not present).  With its line the
# --failback --planned round trip ends with the original fibre rows, the
# disk on site A's mirror LUN, and the report lists the change.
scenario_failback_fibre_direct_lun()
{
	local disk=6b5f4e3d-2c1b-4a0f-9e8d-7c6b5a4f3e2d
	local b_lun=3600c0ff000d7e69d85b89d4e01000009 dumps line
	FAILBACK_FC_DIRECT_LUN=yes setup_failback_fibre
	fibre_tables "$T/before"
	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	# The table as oVirt 3.1's upgrade adds it to the RHEV 3.0 schema
	# (create_tables.sql).  First a disk made at site A before the failover
	# would be: on the LUN site A's host presents, left as it is.
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v lun="$SITEA_FC_DIRECT_LUN_ID" <<'SQL' || rdr_fail "site A's direct-LUN disk"
CREATE TABLE disk_lun_map (disk_id UUID NOT NULL, lun_id VARCHAR(255) NOT NULL,
	CONSTRAINT pk_disk_lun_map PRIMARY KEY(disk_id, lun_id));
ALTER TABLE disk_lun_map ADD CONSTRAINT fk_disk_lun_map_luns FOREIGN KEY(lun_id) REFERENCES luns(lun_id);
BEGIN;
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', :'lun', '', 'SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000009', 29, 'HP', 'MSA2324fc', 50);
INSERT INTO disk_lun_map VALUES ('7c6b5a4f-3e2d-4c1b-8a0f-9e8d7c6b5a4f', :'lun');
COMMIT;
SQL
	e2e_failover -c "$CONF" --validate --failback -v
	expect_rc 0
	expect_out "direct-LUN disk 7c6b5a4f-3e2d-4c1b-8a0f-9e8d7c6b5a4f: fibre channel LUN \"$SITEA_FC_DIRECT_LUN_ID\" is site A's (site A's fibre host rdr-rhev.sitea.example sees it): left as it is"
	# The disk at site B as the engine's AddDiskCommand
	# (createDiskBasedOnLun) writes a fibre one: the LUN row outside any
	# volume group, no connection map row (LunHelper maps iSCSI LUNs only),
	# then disk_lun_map.
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v lun="$b_lun" -v disk="$disk" <<'SQL' || rdr_fail "direct-LUN disk"
BEGIN;
DELETE FROM disk_lun_map;
DELETE FROM luns WHERE volume_group_id = '';
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', :'lun', '', 'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000009', 29, 'HP', 'MSA2324fc', 50);
INSERT INTO disk_lun_map VALUES (:'disk', :'lun');
COMMIT;
SQL
	fibre_tables "$T/site-b"
	dumps=$(ls "$E2E_WORK"/*.dump | wc -l)

	# no DIRECT_LUN line: refused before any change
	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 3
	expect_out "direct-LUN disk $disk uses fibre channel LUN \"$b_lun\", which site A's fibre host rdr-rhev.sitea.example does not see, and has no DIRECT_LUN line"
	expect_out "HINT: Add \"DIRECT_LUN $b_lun SITE_A_LUN_ID\" naming its mirror at site A"
	expect_out "nothing changed"
	fibre_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	# --validate says the same
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "direct-LUN disk $disk uses fibre channel LUN \"$b_lun\", which site A's fibre host rdr-rhev.sitea.example does not see"
	# without a site-A fibre host, nothing can be told: refused, both said
	sed 's/^CONFIG failback_fc_host .*//' "$CONF" >"$T/nohost.conf"
	chmod 600 "$T/nohost.conf"
	e2e_failover -c "$T/nohost.conf" --validate --failback
	expect_rc 3
	expect_out "direct-LUN disk $disk uses fibre channel LUN \"$b_lun\", and no host of site A is configured to see it"
	expect_out "HINT: Name a hypervisor of site A that sees the LUN with \"CONFIG failback_fc_host HOST\" in $T/nohost.conf, and if the disk was created at site B, add \"DIRECT_LUN $b_lun SITE_A_LUN_ID\""

	# a line naming a LUN site A's host does not present: refused, named
	echo "DIRECT_LUN $b_lun 3600c0ff000d7e69d69b89d4e0100ffff" >>"$CONF"
	line=$(wc -l <"$CONF")
	e2e_failover -c "$CONF" --failback --planned
	expect_rc 3
	expect_out "site A's LUN \"3600c0ff000d7e69d69b89d4e0100ffff\" of direct-LUN disk $disk ($CONF:$line) is not on site A's fibre host rdr-rhev.sitea.example"
	expect_out "nothing changed"
	fibre_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"

	# the line naming site A's mirror: the disk fails back with the domain
	sed -i "s/^DIRECT_LUN .*/DIRECT_LUN $b_lun $SITEA_FC_DIRECT_LUN_ID/" "$CONF"
	# ...unless site B's LUN carries a PV that site A's does not: refused
	psql -X -q -d rhevm -v lun="$b_lun" <<<"UPDATE luns SET phisical_volume_id = 'fIbRe0-pV00-0000-0000-0000-0000-000000' WHERE lun_id = :'lun'" ||
		rdr_fail "PV of site B's LUN"
	e2e_failover -c "$CONF" --failback --planned
	expect_rc 3
	expect_out "site A's LUN \"$SITEA_FC_DIRECT_LUN_ID\" of direct-LUN disk $disk ($CONF:$line) carries physical volume (none), not site B's LUN \"$b_lun\"'s fIbRe0-pV00-0000-0000-0000-0000-000000"
	expect_out "nothing changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	psql -X -q -d rhevm -v lun="$b_lun" <<<"UPDATE luns SET phisical_volume_id = '' WHERE lun_id = :'lun'" ||
		rdr_fail "PV of site B's LUN"
	fibre_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	# the line is the fibre disk's: not said to be unused
	! grep -qF "the line is not used" <<<"$E2E_OUT" || rdr_fail "the DIRECT_LUN line said unused: $E2E_OUT"
	expect_out "direct-LUN disk $disk: LUN \"$b_lun\" fails back to site A's \"$SITEA_FC_DIRECT_LUN_ID\" ($CONF:$line)"
	expect_out "failback: direct-LUN disk $disk: LUN \"$b_lun\" to \"$SITEA_FC_DIRECT_LUN_ID\" on rdr-rhev.sitea.example"
	# the pre-failover rows, byte for byte, and the disk's LUN at site A
	fibre_tables "$T/after"
	grep -vF "$SITEA_FC_DIRECT_LUN_ID" "$T/after" >"$T/after-domains"
	diff -u "$T/before" "$T/after-domains" || rdr_fail "the storage rows differ from the originals"
	[ "$(psql -X -A -t -d rhevm -c "SELECT lun_id || ' ' || serial || ' ' || lun_mapping || ' ' || volume_group_id || '.' FROM luns WHERE lun_id NOT IN (SELECT lun_id FROM luns l JOIN storage_domain_static s ON s.storage = l.volume_group_id)")" = \
		"$SITEA_FC_DIRECT_LUN_ID SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000009 29 ." ] ||
		rdr_fail "the direct LUN's row: $(psql -X -A -t -d rhevm -c "SELECT * FROM luns")"
	[ "$(psql -X -A -t -d rhevm -c "SELECT disk_id || ' ' || lun_id FROM disk_lun_map")" = "$disk $SITEA_FC_DIRECT_LUN_ID" ] ||
		rdr_fail "disk_lun_map: $(psql -X -A -t -d rhevm -c "SELECT * FROM disk_lun_map")"
	[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM lun_storage_server_connection_map")" = 0 ] ||
		rdr_fail "a connection map row"
	# the report lists the disk's LUN among the changes
	[ "$(json '[.changes[] | select(.table == "disk_lun_map") | .before.lun_id + ">" + .after.lun_id] | join(" ")')" = \
		"$b_lun>$SITEA_FC_DIRECT_LUN_ID" ] || rdr_fail "failback report: $(json '[.changes[] | .table]')"
	[ "$(json '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")')" = \
		"$(printf '%s\n' "DELETE:$RDR_SEED_FC_LUN_ID" "DELETE:$b_lun" "INSERT:$SITEA_FC_LUN_ID" "INSERT:$SITEA_FC_DIRECT_LUN_ID" | sort | tr '\n' ' ' | sed 's/ $//')" ] ||
		rdr_fail "failback report's LUNs: $(json '[.changes[] | select(.table == "luns")]')"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
}

run_scenario failback_fibre_direct_lun
