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

# storage_tables FILE: the storage tables' rows as pg_dump writes them.
storage_tables()
{
	pg_dump -d rhevm -a -t luns -t lun_storage_server_connection_map \
		-t storage_server_connections | grep -Ev '^\\(un)?restrict |^--|^$' >"$1" ||
		rdr_fail "pg_dump"
}
