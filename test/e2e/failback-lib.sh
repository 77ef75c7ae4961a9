#!/bin/bash
# test/e2e/failback-lib.sh: the iSCSI world of a failback for the
# failback_* scenarios: besides site B's target (the seed's), site A's
# target is served again by a tgtd of its own, as the repaired main site's
# array presents it once replication runs back, at the seed's site-A
# address 192.168.200.32 (CONNECT_TO 127.0.0.1:its port).  Source after
# scenario-lib.sh.
# shellcheck shell=bash
# shellcheck disable=SC2034

SITEA_IQN=iqn.2011-11.sitea.example:rdr-iscsi.datadomain

# setup_failback_iscsi [SITE-A PV [ENGINE ARGS...]]: the world, config in
# $CONF; $T is made first (unless set), so ENGINE ARGS may name files in
# it.  Site A's
# LUN 1 carries the PV given (default: the seed's, replicated back), and
# the database's site-A LUN row takes the identity site A's tgtd presents
# (tgt adds NAA designators the seed's 2011 tgtd did not send, see
# tgtd.sh), so that the rows of a round trip can be compared byte for
# byte with the originals.
setup_failback_iscsi()
{
	local pv=${1:-$RDR_SEED_ISCSI_PV} ident
	shift
	[ -n "${T:-}" ] || T=$(rdr_tmpdir)
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_start || rdr_fail "site A's tgtd"
	SITEA_PORT=$TGTD_PORT
	rdr_tgtd_target 1 "$SITEA_IQN" &&
		rdr_tgtd_lun 1 1 1G IET VIRTUAL-DISK "$pv" "    " || rdr_fail "site A's target"
	# FAILBACK_DIRECT_LUN=yes: LUN 2, the site-A mirror of a direct-LUN
	# disk (a guest's disk: no PV label), its lun_id in SITEA_DIRECT_LUN_ID
	if [ -n "${FAILBACK_DIRECT_LUN:-}" ]; then
		rdr_tgtd_lun 1 2 1G IET VIRTUAL-DISK "" "    " || rdr_fail "site A's direct LUN"
		SITEA_DIRECT_LUN_ID=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$SITEA_PORT" --iqn "$SITEA_IQN" |
			jq -r '.[] | select(.lun_mapping == 2) | .lun_id')
		[ -n "$SITEA_DIRECT_LUN_ID" ] || rdr_fail "rdr-probe found no LUN 2 at site A"
	fi
	ident=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$SITEA_PORT" --iqn "$SITEA_IQN" |
		jq -r '.[] | select(.lun_mapping == 1) | [.lun_id, .serial] | join("|")')
	[ -n "$ident" ] || rdr_fail "rdr-probe found no LUN 1 at site A"
	SITEA_LUN_ID=${ident%%|*}
	SITEA_SERIAL=${ident#*|}
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v id="$SITEA_LUN_ID" -v sn="$SITEA_SERIAL" <<'SQL' ||
BEGIN;
INSERT INTO luns SELECT r.* FROM luns o,
	LATERAL jsonb_populate_record(o, jsonb_build_object('lun_id', :'id', 'serial', :'sn')) r
	WHERE o.lun_id = '1IET_00010001';
UPDATE lun_storage_server_connection_map SET lun_id = :'id' WHERE lun_id = '1IET_00010001';
DELETE FROM luns WHERE lun_id = '1IET_00010001';
COMMIT;
SQL
		rdr_fail "site A's LUN row"
	rdr_tgtd_seed_siteb || rdr_fail "site B's tgtd"
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" \
		--iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID RDR_SIM_ISCSI_SITEA_LUN_ID=$SITEA_LUN_ID
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" "$@" || rdr_fail "engine"
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT" \
		"CONNECT_TO 192.168.200.32 127.0.0.1:$SITEA_PORT"
}

# switch_script FILE: an always-successful storage switch command.
switch_script()
{
	printf '#!/bin/sh\necho "array: replication roles swapped"\n' >"$1"
	chmod 700 "$1"
}

# setup_failback_iscsi_planned: setup_failback_iscsi for a planned round
# trip: site A alive (host up and SPM, VMs running), the simulator keeping
# its states across engine restarts, site A's direct-LUN mirror (LUN 2),
# an always-successful storage switch; the engine started.
setup_failback_iscsi_planned()
{
	T=$(rdr_tmpdir)
	switch_script "$T/switch.sh"
	RDR_SIM_SITEA_STATE=up RDR_SIM_VM_STATE=up FAILBACK_DIRECT_LUN=yes \
		setup_failback_iscsi "$RDR_SEED_ISCSI_PV" --state-file "$T/sim.state"
	echo "CONFIG storage_switch_command $T/switch.sh" >>"$CONF"
	e2e_engine_started || rdr_fail "engine start"
}

# storage_tables FILE: the storage tables' rows as pg_dump writes them.
storage_tables()
{
	pg_dump -d rhevm -a -t luns -t lun_storage_server_connection_map \
		-t storage_server_connections | grep -Ev '^\\(un)?restrict |^--|^$' >"$1" ||
		rdr_fail "pg_dump"
}

# The seed's site-A fibre LUN (rhev30-fibre.sql's row): HP MSA2324fc LUN
# 24, lun_id 3600c0ff000d7e69d69b89d4e01000000, serial
# SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000000, 200 GiB.
SITEA_FC_LUN_ID=3600c0ff000d7e69d69b89d4e01000000

# fc_sitea_tree TREE DEVDIR PV: site A's fibre hypervisor once the array
# replicates back: the seed's site-A LUN on two paths, carrying PV.
# FAILBACK_FC_DIRECT_LUN=yes: also LUN 29 (50 GiB, 1:0:0:29), the site-A
# mirror of a fibre direct-LUN disk: a guest's disk, no PV label.
fc_sitea_tree()
{
	local tree=$1 dev=$2 pv=$3 hctl blk=b
	mkdir -p "$tree" "$dev"
	rdr_need_mk_pv_label || return 1
	for hctl in 1:0:0:24 2:0:0:24; do
		rdr_fc_dev "$tree" "$hctl" HP MSA2324fc M112 "sd$blk" 419430400 \
			0080002030306330666664376536396430303030363962383964346530313030303030303030 \
			0083001401030010600c0ff000d7e69d69b89d4e01000000
		truncate -s 1M "$dev/sd$blk"
		"$RDR_MK_PV_LABEL" "$dev/sd$blk" "$pv" || return 1
		blk=$(echo "$blk" | tr 'a-y' 'b-z')
	done
	if [ -n "${FAILBACK_FC_DIRECT_LUN:-}" ]; then
		rdr_fc_dev "$tree" 1:0:0:29 HP MSA2324fc M112 sdd 104857600 \
			0080002030306330666664376536396430303030363962383964346530313030303030393030 \
			0083001401030010600c0ff000d7e69d69b89d4e01000009
		truncate -s 1M "$dev/sdd"
	fi
	rdr_fc_dev "$tree" 0:0:0:0 ATA "ST500DM002-1BD14" KC45 sda 976773168 \
		00800014202020202020202020202020205a3341303132333435 \
		0083000c0201000841544120202020205a33
}

# setup_failback_fibre [SITE-A PV]: the seed's fibre world for a planned
# round trip: site A alive (host up and SPM, VMs running), the simulator
# keeping its states across engine restarts, site B's fibre hypervisor
# (the seed's) and site A's (rdr-rhev.sitea.example, CONFIG
# failback_fc_host, whose LUN carries the PV given, default the seed's,
# replicated back; FAILBACK_FC_DIRECT_LUN=yes: with a direct LUN's mirror,
# its lun_id in SITEA_FC_DIRECT_LUN_ID), both over ssh with one client key; an
# always-successful storage switch.  Config in $CONF.
setup_failback_fibre()
{
	local pv=${1:-} d b_dir b_port
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	pv=${pv:-$RDR_SEED_FC_PV}
	T=$(rdr_tmpdir)
	e2e_db fibre || rdr_fail "database"
	rdr_fc_seed_siteb || rdr_fail "site B's sshd"
	b_dir=$SSHD_DIR b_port=$SSHD_PORT
	d=$(rdr_tmpdir)
	fc_sitea_tree "$d/tree" "$d/dev" "$pv" && rdr_sshd_start "$d/tree" "$d/dev" ||
		rdr_fail "site A's sshd"
	# the direct LUN's identity as site A's host reports it
	if [ -n "${FAILBACK_FC_DIRECT_LUN:-}" ]; then
		SITEA_FC_DIRECT_LUN_ID=$(timeout 60 "$RDR_PROBE" -q -j fc 127.0.0.1 -p "$SSHD_PORT" \
			-i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" --all |
			jq -r '.[] | select(.hctl == "1:0:0:29") | .lun_id')
		[ -n "$SITEA_FC_DIRECT_LUN_ID" ] || rdr_fail "rdr-probe found no LUN 29 on site A's fibre host"
	fi
	# one key and one known_hosts file reach both hypervisors
	cat "$b_dir/client_key.pub" >>"$SSHD_DIR/authorized_keys"
	cat "$SSHD_KNOWN_HOSTS" >>"$b_dir/known_hosts"
	SITEA_SSHD_PORT=$SSHD_PORT
	switch_script "$T/switch.sh"
	RDR_SIM_SITEA_STATE=up RDR_SIM_VM_STATE=up \
		e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" --state-file "$T/sim.state" ||
		rdr_fail "engine"
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" \
		"Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000" \
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO" \
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT" \
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1" \
		"CONNECT_TO rdr-nfs.sitea.example 127.0.0.1" \
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$b_port" \
		"CONNECT_TO rdr-rhev.sitea.example 127.0.0.1:$SITEA_SSHD_PORT" \
		"CONFIG failback_fc_host rdr-rhev.sitea.example" \
		"CONFIG ssh_key $b_dir/client_key" \
		"CONFIG ssh_known_hosts $b_dir/known_hosts" \
		"CONFIG storage_switch_command $T/switch.sh"
	e2e_engine_started || rdr_fail "engine start"
}

# fibre_tables FILE: the storage rows of the fibre world, as pg_dump writes them.
fibre_tables()
{
	pg_dump -d rhevm -a -t luns -t lun_storage_server_connection_map \
		-t storage_server_connections -t storage_domain_static |
		grep -Ev '^\\(un)?restrict |^--|^$' >"$1" || rdr_fail "pg_dump"
}
