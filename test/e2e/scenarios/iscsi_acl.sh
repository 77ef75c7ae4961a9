#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The site-B target's initiator ACL does not admit rdr's initiator (tgtd
# bound to another initiator name): the target is not offered, and a
# login to it fails as "target not found", as for a wrong IQN.  --validate
# and a real run say it is the ACL, naming the initiator, before the
# backup, with the database and the manager untouched; following the hint
# (admit the initiator) the failover succeeds.
scenario_iscsi_acl()
{
	local who=iqn.2011-11.rdr.example:probe
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_start || rdr_fail "tgtd"
	rdr_tgtadm --mode target --op new --tid 1 --targetname "$RDR_SEED_ISCSI_IQN" &&
		rdr_tgtadm --mode target --op bind --tid 1 --initiator-name iqn.1994-05.com.redhat:site-b-host &&
		rdr_tgtd_lun 1 8 1G RA-Group iscsi101 "$RDR_SEED_ISCSI_PV" "    " ||
		rdr_fail "target"
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" \
		--initiator iqn.1994-05.com.redhat:site-b-host | awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "the admitted initiator sees no LUN 8"
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	for mode in --validate ""; do
		e2e_failover -c "$CONF" $mode
		expect_rc 3
		expect_out "iSCSI portal \"127.0.0.1:$TGTD_PORT\" offers no target to initiator \"$who\": the initiator ACL of its targets does not admit it"
		hint=$(grep '^HINT: On the site-B array, admit initiator' <<<"$E2E_OUT") || rdr_fail "no ACL hint"
		grep -qF "Check the IQN" <<<"$E2E_OUT" && rdr_fail "an ACL taken for a wrong IQN"
		untouched
	done
	expect_out "preflight      failed"
	# the hint, followed: the initiator it names is admitted
	bind=$(sed -n 's/.*(tgtd: \(tgtadm --mode target --op bind --initiator-name [^)]*\)).*/\1/p' <<<"$hint")
	[ "$bind" = "tgtadm --mode target --op bind --initiator-name $who" ] || rdr_fail "command in the hint: $bind"
	rdr_tgtadm ${bind#tgtadm } --tid 1 || rdr_fail "tgtadm bind"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(psql -X -A -t -d rhevm -c 'SELECT lun_id FROM luns')" = "$LUN_ID" ] || rdr_fail "LUN not re-pointed"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario iscsi_acl
