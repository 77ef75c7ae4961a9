#!/bin/bash
# test/e2e/run-e2e.sh [SCENARIO...]: end-to-end failovers with rdr-failover
# against real services: PostgreSQL with the rdr extension and the seed's
# site-A rhevm data, tgtd serving the seed's site-B iSCSI target, the
# fibre hypervisor behind sshd, and the fake engine (rdr-sim + a database
# pool session).  Without arguments every scenario runs, each in its own
# process with its own services, so one failure cannot leak into the next.
#
# Each scenario asserts exit codes, messages, the exact rows of the
# database afterwards, the JSON report and the simulator's state.
set -u
here=$(cd "$(dirname "$0")" && pwd)

ALL="nicfix nfs iscsi fibre nfs_v4 iscsi_v4 fibre_v4 fence_refused_retry install_transients install_failed install_failed_gives_up activate_on_up action_status_failed shared_mac_bond shared_mac_vlan_v4 shared_mac_vlan_v3 tls10_refused tls10_allowed dry_run wrong_mapping fix_fails manager_down host_never_approves db_lost db_lost_mid_pipeline kill_resume cli interrupt_backup interrupt_engine interrupt_session_wait interrupt_storage interrupt_workflow resume_unrecorded_storage interrupt_probe seed_config libpq_env validate nfs_typo_recovery api_connect_to progress_ticks"

if [ $# -eq 0 ]; then
	failed=""
	n=0
	for s in $ALL; do
		n=$((n + 1))
		start=$(date +%s.%N)
		if bash "$0" "$s" >"/tmp/rdr-e2e-$s.$$.log" 2>&1; then
			printf 'ok %d - %s (%.1f s)\n' "$n" "$s" "$(echo "$(date +%s.%N) - $start" | bc)"
		elif [ $? -eq 77 ]; then
			printf 'ok %d - %s # SKIP %s\n' "$n" "$s" "$(tail -1 "/tmp/rdr-e2e-$s.$$.log")"
		else
			printf 'not ok %d - %s\n' "$n" "$s"
			sed 's/^/    /' "/tmp/rdr-e2e-$s.$$.log" | tail -40
			failed="$failed $s"
		fi
		rm -f "/tmp/rdr-e2e-$s.$$.log"
	done
	echo "1..$n"
	[ -z "$failed" ] || { echo "e2e FAILED:$failed"; exit 1; }
	echo "e2e: all $n scenarios passed"
	exit 0
fi

source "$here/../lib/common.sh"
source "$RDR_TOP/test/lib/pg.sh"
source "$RDR_TOP/test/lib/sim.sh"
source "$RDR_TOP/test/lib/tgtd.sh"
source "$here/lib.sh"

NFS_LINES=(
	"Storage_Domain DataDomain   nfs rdr-nfs.siteb.example:/exports/DATA"
	"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
	"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
	"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
)
ISCSI_LINES=(
	"Storage_Domain DataDomain   iscsi 192.168.201.32 iqn.2011-11.siteb.example:rdr-iscsi.data"
	"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
	"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
	"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
)

# expect_rc N: the last rdr-failover exited with N.
expect_rc()
{
	[ "$E2E_RC" -eq "$1" ] || { echo "$E2E_OUT"; rdr_fail "exit code $E2E_RC, expected $1"; }
}

# expect_out TEXT: the last rdr-failover said TEXT (fixed string).
expect_out()
{
	grep -qF -- "$1" <<<"$E2E_OUT" || { echo "$E2E_OUT"; rdr_fail "output lacks: $1"; }
}

# expect_rows FILE: the storage rows are exactly those of FILE.
expect_rows()
{
	local got
	got=$(e2e_storage_rows)
	diff -u "$1" - <<<"$got" || rdr_fail "storage rows differ from $(basename "$1")"
}

# json Q: jq query on the last report.
json()
{
	jq -r "$1" "$REPORT"
}

# sim_vm_clusters: "name cluster-id" of every VM the manager knows.
sim_vms()
{
	local i
	# a freshly (re)started engine answers 503 while it deploys
	for i in $(seq 50); do
		curl -sf -o /dev/null --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
			"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms" && break
		sleep 0.1
	done
	curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms" |
		xmllint --xpath '//vm/name/text() | //vm/cluster/@id' - 2>/dev/null | tr -s ' \n' ' '
}

site_a_nfs_rows()
{
	cat >"$1" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|rdr-nfs.sitea.example:/exports/isodomain||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|rdr-nfs.sitea.example:/exports/datadomain||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|rdr-nfs.sitea.example:/exports/exports_configured||||
ROWS
}

site_b_nfs_rows()
{
	cat >"$1" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|rdr-nfs.siteb.example:/exports/ISO||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|rdr-nfs.siteb.example:/exports/DATA||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|rdr-nfs.siteb.example:/exports/EXPORT||||
ROWS
}

# setup_nfs / setup_iscsi: the world of a seed failover, config in $CONF.
setup_nfs()
{
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
}

setup_iscsi()
{
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_seed_siteb || rdr_fail "tgtd"
	# the site-B lun_id is whatever probing the target gives (scsi_id rules)
	LUN_ID=$(timeout 30 "$RDR_PROBE" -q iscsi "127.0.0.1:$TGTD_PORT" \
		--iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
	[ -n "$LUN_ID" ] || rdr_fail "rdr-probe found no LUN 8"
	export RDR_SIM_ISCSI_LUN_ID=$LUN_ID
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
}

# The seed's section 8.3: NFS data, export and ISO domains.
scenario_nfs()
{
	setup_nfs
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	expect_out "result: ok (exit code 0)"
	[ "$(json '.result')" = ok ] || rdr_fail "report result"
	[ "$(json '[.steps[].name] | join(",")')" = "preflight,backup,engine_stop,storage,engine_start,hosts,vms" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "3 changed rows expected"
	[ "$(json '.changes[] | select(.domain == "DataDomain") | .after.connection')" = \
		"rdr-nfs.siteb.example:/exports/DATA" ] || rdr_fail "DataDomain change in report"
	[ "$(json '.changes[] | select(.domain == "DataDomain") | .before.connection')" = \
		"rdr-nfs.sitea.example:/exports/datadomain" ] || rdr_fail "DataDomain before in report"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host not up"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '.rto_seconds > 0')" = true ] || rdr_fail "RTO"
	# the backup is a real, restorable archive
	pg_restore --list "$(json '.backup')" | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
	# the VMs now live in SiteB (9495276a-...)
	[ "$(sim_vms | grep -o 9495276a-205a-11e1-9bb5-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not in SiteB: $(sim_vms)"
	# a second failover changes nothing more and still succeeds (idempotent)
	e2e_failover -c "$CONF" -d
	expect_rc 0
	expect_out "0 row change(s) committed"
	expect_rows "$T/expected"
}

# The seed's section 8.4: the iSCSI data domain on site B's target, probed
# at 127.0.0.1 but written as the seed's 192.168.201.32.
scenario_iscsi()
{
	setup_iscsi
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	cat >"$T/expected" <<ROWS
lun|$LUN_ID|SRA-Groupiscsi101|8|RA-Group|iscsi101|DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR
map|$LUN_ID|56fd614d-e267-4756-b175-3035b6d4fa78||||
ssc|56fd614d-e267-4756-b175-3035b6d4fa78|192.168.201.32|iqn.2011-11.siteb.example:rdr-iscsi.data|3260|1|
ssc|6364acf1-754a-4525-9d97-3c6d5c8f9b6f|rdr-nfs.siteb.example:/exports/EXPORT||||
ssc|cf810eeb-24df-4fdd-ae98-62416bd3e047|rdr-nfs.siteb.example:/exports/ISO||||
ROWS
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '[.changes[] | select(.domain == "DataDomain")] | length > 0')" = true ] ||
		rdr_fail "DataDomain changes in report"
}

# The seed's section 8.5: the fibre LUN seen by the site-B hypervisor over ssh.
scenario_fibre()
{
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	declare -F rdr_fc_seed_siteb >/dev/null || { echo "rdr_fc_seed_siteb not available"; exit 77; }
	e2e_db fibre || rdr_fail "database"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	# the seed's own line: a part of the serial, the hypervisor's name
	e2e_config "$CONF" \
		"Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000" \
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO" \
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT" \
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1" \
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT" \
		"CONFIG ssh_key $SSHD_KEY" \
		"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	psql -X -A -t -d rhevm -c "SELECT lun_id, serial, lun_mapping, vendor_id, product_id FROM luns" >"$T/got"
	echo "3600c0ff000d7e69d85b89d4e01000000|SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000|26|HP|MSA2324fc" |
		diff -u - "$T/got" || rdr_fail "fibre LUN row"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

# oVirt 4.x end to end: the seed's failovers against rdr-sim --api-version 4,
# with "API base" unset.  The engine's start-up answers 404 (HTML) until
# its API is deployed, which rdr-failover waits out.
scenario_nfs_v4()
{
	setup_nfs --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	expect_out "API version 4"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"approve into cluster SiteB, event 519: missing networks 'public', setupnetworks eth1 (00:17:a4:77:24:3a) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

scenario_iscsi_v4()
{
	setup_iscsi --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "API version 4"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "LUN rows not at site B"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

scenario_fibre_v4()
{
	scenario_fibre --api-version 4
	expect_out "API version 4"
}

# The manager refuses the manual fence twice (no Up host, as a real engine
# answers while it has not yet seen the backup host up): rdr-failover
# retries it within host_timeout and the failover completes.
scenario_fence_refused_retry()
{
	setup_nfs --fault "refuse match=/fence count=2"
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 0
	expect_out "the manual fence was refused; retrying until host_timeout"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -o 'fence refused' | wc -l)" = 2 ] ||
		rdr_fail "site-A actions: $(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions')"
	json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -q 'fence manual$' ||
		rdr_fail "site A not fenced in the end"
	# the fence came only after the backup host was up
	grep -n 'host rdr-rhev.siteb.example: up\|host rdr-rhev.sitea.example: fence manual' "$E2E_WORK/rdr.log" |
		head -1 | grep -q siteb || rdr_fail "fenced before a backup host was up"
}

# After approval the host goes installing, reboot, non_responsive, then
# non_operational: the non_responsive of a just-approved backup host is a
# transient, not a failure.
scenario_install_transients()
{
	setup_nfs
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 0
	for st in reboot non_responsive non_operational up; do
		grep -q "host rdr-rhev.siteb.example: state $st\$" <<<"$E2E_OUT" ||
			{ grep siteb <<<"$E2E_OUT"; rdr_fail "state $st of the site-B host not seen"; }
	done
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host not up"
}

# The first installation fails (install_failed): rdr-failover approves again.
scenario_install_failed()
{
	setup_nfs --fault "installfail host=rdr-rhev.siteb.example count=1"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions' |
		grep -q "^approve into cluster SiteB, install_failed: approving again (1 of 2), approve into cluster SiteB, " ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

# Every installation fails: rdr-failover stops after install_retries.
scenario_install_failed_gives_up()
{
	setup_nfs --fault "installfail host=rdr-rhev.siteb.example count=9"
	echo "CONFIG install_retries 1" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "host rdr-rhev.siteb.example failed: installation failed 2 time(s) (install_failed)"
	expect_out "HINT: CONFIG install_retries is 1"
	expect_out "not fenced: no host of cluster SiteB came up"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .ok')" = false ] ||
		rdr_fail "site A fenced without an Up host"
}

# The engine brings the host up by itself after commitnetconfig
# (AutoRecoveryManager): rdr-failover reads the state and does not
# activate an Up host, which the engine refuses.
scenario_activate_on_up()
{
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-autorecover.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"approve into cluster SiteB, event 519: missing networks 'public', attach eth1 (00:17:a4:77:24:3a) to public, commitnetconfig" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

# setup_shared_mac SCENARIO [SIM ARGS]: the seed's NFS world on SCENARIO,
# public's VIRT_NET on the MAC 00:17:a4:77:24:3c that several NICs share.
setup_shared_mac()
{
	local scenario=$1
	shift
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/$scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i 's/^VIRT_NET  rdr-rhev.siteb.example 00:17:a4:77:24:3a public$/VIRT_NET  rdr-rhev.siteb.example 00:17:a4:77:24:3c public/' "$CONF"
	grep -q '24:3c public$' "$CONF" || rdr_fail "VIRT_NET not rewritten"
}

# site_b_actions: the report's actions of the site-B host.
site_b_actions()
{
	json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions'
}

# A bond and its slaves share the MAC (slaves listed first): the network
# goes on the bond, since the engine refuses one on a slave.
scenario_shared_mac_bond()
{
	setup_shared_mac seed-bond.scenario
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(site_b_actions)" = \
		"approve into cluster SiteB, event 519: missing networks 'public', MAC 00:17:a4:77:24:3c is on eth2 (a bond slave), eth3 (a bond slave), bond0 (a bond); chose bond0, a bond, attach bond0 (00:17:a4:77:24:3c) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(site_b_actions)"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

# oVirt 4: a VLAN device listed before its base NIC, same MAC: the network
# goes on the physical NIC (an attachment may not reference a VLAN device).
scenario_shared_mac_vlan_v4()
{
	setup_shared_mac seed-vlan.scenario --api-version 4
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(site_b_actions)" = \
		"approve into cluster SiteB, event 519: missing networks 'public', MAC 00:17:a4:77:24:3c is on eth2.100 (a VLAN device), eth2 (the physical NIC); chose eth2, the physical NIC, setupnetworks eth2 (00:17:a4:77:24:3c) to public, commitnetconfig, activate" ] ||
		rdr_fail "site-B actions: $(site_b_actions)"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

# RHEV 3.0 takes no untagged network on a NIC that has VLAN devices: the
# failover stops at that host with the engine's reason, site A unfenced.
scenario_shared_mac_vlan_v3()
{
	setup_shared_mac seed-vlan.scenario
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "chose eth2, the physical NIC"
	expect_out "Cannot attach non vlan network to vlan interface"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .ok')" = false ] ||
		rdr_fail "site A fenced without an Up host"
}

# A RHEV 3.0 manager (JBoss on RHEL 6) offers TLS 1.0 only (rdr-sim
# --tls-version 1.0, GnuTLS "NORMAL:-VERS-ALL:+VERS-TLS1.0").  By default
# rdr-failover wants TLS 1.2: it says the manager offers only TLS 1.0 and
# names the setting, instead of waiting for an engine that "is not running".
scenario_tls10_refused()
{
	setup_nfs --tls-version 1.0
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 7
	expect_out "the manager https://127.0.0.1:$E2E_HTTPS_PORT offers only TLS 1.0, older than rdr accepts (TLS 1.2)"
	expect_out 'Set "API tls_min 1.0" to allow it'
	grep -qF "did not answer within" <<<"$E2E_OUT" && { echo "$E2E_OUT"; rdr_fail "waited for the API as if it were down"; }
	# the handshake really is TLS 1.0 only: OpenSSL at its default level refuses it
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$E2E_HTTPS_PORT" -tls1_2 >/dev/null 2>&1 &&
		rdr_fail "the manager accepted TLS 1.2"
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$E2E_HTTPS_PORT" -tls1 \
		-cipher 'DEFAULT:@SECLEVEL=0' 2>/dev/null | grep -q 'Protocol *: TLSv1$' ||
		rdr_fail "the manager did not speak TLS 1.0"
}

# With "API tls_min 1.0" the same failover completes, with a warning in
# the log and in the report.
scenario_tls10_allowed()
{
	setup_nfs --tls-version 1.0
	echo "API tls_min 1.0" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "warning: TLS 1.0 and 1.1 are allowed with the manager (API tls_min 1.0)"
	[ "$(json '.warnings | join("|")')" = \
		"API tls_min 1.0: TLS versions older than 1.2 are allowed with the manager (legacy RHEV 3.0)" ] ||
		rdr_fail "report warnings: $(json '.warnings')"
	grep -q "warning: API tls_min 1.0" <<<"$E2E_OUT" || rdr_fail "text report lacks the warning"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

# The manager answers commitnetconfig 200 with <status><state>failed: a
# failure, not a success.
scenario_action_status_failed()
{
	setup_nfs --fault "actionfail match=/commitnetconfig count=1"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "commitnetconfig: POST hosts/805bb14c-2505-11e1-b809-0025b3a9b001/commitnetconfig: HTTP 200 but the action's status is failed"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "site-B host ok in report"
}

# --dry-run: probes, plans and reports, and changes nothing at all.
scenario_dry_run()
{
	setup_iscsi
	pg_dump -d rhevm >"$T/before.sql" || rdr_fail "pg_dump"
	e2e_failover -c "$CONF" --dry-run --report "$REPORT"
	expect_rc 0
	pg_dump -d rhevm >"$T/after.sql" || rdr_fail "pg_dump"
	# Compared as dumps, except: pg_dump's random \restrict keys, and the
	# counters of the extension's own sequences, which a rolled-back
	# transaction still advances (sequences are not transactional).
	filter='^\\(un)?restrict |^SELECT pg_catalog\.setval\(.public\.rdr_'
	diff -u <(grep -Ev "$filter" "$T/before.sql") <(grep -Ev "$filter" "$T/after.sql") ||
		rdr_fail "dry run changed the database"
	[ "$(grep -Ec "$filter" "$T/before.sql")" -le 4 ] || rdr_fail "filter hides too much"
	expect_out "dry run: nothing was changed"
	expect_out "Rows that would change"
	[ "$(json '.dry_run')" = true ] || rdr_fail "report dry_run"
	[ "$(json '.changes | length > 0')" = true ] || rdr_fail "planned changes missing"
	[ "$(json '.changes[] | select(.table == "storage_server_connections" and .domain == "DataDomain") | .after.connection')" = 192.168.201.32 ] ||
		rdr_fail "planned iSCSI connection"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "dry run wrote a run state"
	[ ! -e "$E2E_WORK/rdr-failover.changes" ] || rdr_fail "dry run wrote a changes file"
	ls "$E2E_WORK"/*.dump >/dev/null 2>&1 && rdr_fail "dry run took a backup"
	# the engine was not stopped, and no VM left SiteA
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine stopped by a dry run"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved by a dry run"
}

# A Storage_Domain mapped to a target whose LUN is not the mirror of the
# domain's LUN: refused before anything changes, no VM moves.
scenario_wrong_mapping()
{
	e2e_db iscsi || rdr_fail "database"
	rdr_tgtd_start || rdr_fail "tgtd"
	rdr_tgtd_target 1 iqn.2011-11.siteb.example:rdr-iscsi.data &&
		rdr_tgtd_lun 1 8 64M RA-Group iscsi101 Zz9zZz-0000-1111-2222-3333-4444-555555 ||
		rdr_fail "wrong target"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-iscsi.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${ISCSI_LINES[@]}" "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
	e2e_storage_rows >"$T/before"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 8
	expect_out "no LUN of iSCSI target iqn.2011-11.siteb.example:rdr-iscsi.data at 127.0.0.1:$TGTD_PORT carries physical volume VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1 of storage domain \"DataDomain\""
	expect_out "storage        failed"
	expect_rows "$T/before"
	[ "$(json '[.steps[].name] | index("hosts")')" = null ] || rdr_fail "hosts step ran"
	# the engine is running again and no VM moved
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved: $(sim_vms)"
}

# A fix that the database refuses after others in the same transaction
# succeeded (here a CHECK constraint the engine's schema could carry):
# the calls are pipelined, so the server aborts the rest, the driver names
# the domain and its config line, and the rollback leaves every row and
# the change log as they were.
scenario_fix_fails()
{
	setup_iscsi
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "ALTER TABLE storage_server_connections
		ADD CONSTRAINT no_export_at_site_b CHECK (connection NOT LIKE '%/exports/EXPORT')" ||
		rdr_fail "constraint"
	e2e_storage_rows >"$T/before"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 8
	expect_out "could not fix storage domain \"ExportDomain\" ($CONF:"
	expect_out "no_export_at_site_b"
	expect_out "storage        failed"
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the failed transaction"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "the report lists changes that were rolled back"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"

	# the iSCSI connection row refused, with a CHAP password in it: the
	# server's "Failing row contains (...)" quotes the password, which
	# rdr-failover masks on the terminal, in its log file and its report
	local secret=Chap-S3cret-0x1b
	rdr_tgtd_chap 1 rdrchap "$secret" || rdr_fail "CHAP account"
	(umask 077 && printf '%s\n' "$secret" >"$T/chap.secret")
	printf 'CONFIG chap_user rdrchap\nCONFIG chap_password_file %s\n' "$T/chap.secret" >>"$CONF"
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "ALTER TABLE storage_server_connections
		DROP CONSTRAINT no_export_at_site_b,
		ADD CONSTRAINT no_iscsi_at_site_b CHECK (connection <> '192.168.201.32')" ||
		rdr_fail "constraint"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 8
	expect_out "could not fix storage domain \"DataDomain\" ($CONF:"
	expect_out "no_iscsi_at_site_b"
	expect_out "rdrchap, ********"
	! grep -rqF -- "$secret" - "$REPORT" "$E2E_WORK" <<<"$E2E_OUT" ||
		rdr_fail "the CHAP password was written out"
	expect_rows "$T/before"
}

# The manager is down: -h -s stop at the preflight with a clear message;
# with -d the storage fix commits, the API wait fails, --resume finishes.
scenario_manager_down()
{
	setup_nfs
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" -h -s
	expect_rc 3
	expect_out "preflight: cannot reach manager 127.0.0.1 at 127.0.0.1 port $E2E_HTTPS_PORT: Connection refused"
	expect_out "preflight found 1 problem(s); nothing was changed"

	# -d with an engine_start that does not bring the API up
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|; s|^API       wait_timeout 30|API       wait_timeout 2|" "$CONF"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	expect_out "the manager's API at 127.0.0.1:$E2E_HTTPS_PORT did not answer within 2 s"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" || rdr_fail "storage not recorded"
	# the state names the run; the rows are kept in working_dir for --resume
	local run run2
	run=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $run =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $run"
	grep -qx "done storage [0-9.]* run $run" "$E2E_WORK/rdr-failover.state" ||
		rdr_fail "state line of storage: $(grep storage "$E2E_WORK/rdr-failover.state")"
	[ "$(stat -c %a "$E2E_WORK/rdr-failover.changes")" = 600 ] || rdr_fail "changes file not 0600"
	# a new run is refused while this one is unfinished
	e2e_failover -c "$CONF" -d
	expect_rc 4
	expect_out "an interrupted run exists in working_dir"
	# the manager comes back: --resume continues at engine_start only
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop,storage" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(json '.steps[] | select(.name == "engine_start") | .status')" = done ] || rdr_fail "engine_start"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "backup repeated"
	# its report lists exactly the NFS fix of the interrupted run, marked earlier
	expect_out "3 rows changed by the earlier run (run $run):"
	json '[.changes[] | [.domain, .run, .table, .operation, .row_key, .before.connection,
		.after.connection, .earlier] | map(tostring) | join("|")] | sort | .[]' >"$T/got_changes"
	cat >"$T/want_changes" <<ROWS
DataDomain|$run|storage_server_connections|UPDATE|(id)=(5caa3ebc-6a61-48f4-9201-f261b9402e12)|rdr-nfs.sitea.example:/exports/datadomain|rdr-nfs.siteb.example:/exports/DATA|true
ExportDomain|$run|storage_server_connections|UPDATE|(id)=(b6a5ff4b-330d-4ac6-9874-8a408f903da0)|rdr-nfs.sitea.example:/exports/exports_configured|rdr-nfs.siteb.example:/exports/EXPORT|true
ISODomain|$run|storage_server_connections|UPDATE|(id)=(58611688-43e6-4366-b6af-7c04a7363a1d)|rdr-nfs.sitea.example:/exports/isodomain|rdr-nfs.siteb.example:/exports/ISO|true
ROWS
	diff -u "$T/want_changes" "$T/got_changes" || rdr_fail "changes of the resumed report"
	# each "after" is the whole row as it is in the database now
	psql -X -A -t -d rhevm -c "SELECT to_jsonb(s) FROM storage_server_connections s
		WHERE id IN ('5caa3ebc-6a61-48f4-9201-f261b9402e12', 'b6a5ff4b-330d-4ac6-9874-8a408f903da0',
		             '58611688-43e6-4366-b6af-7c04a7363a1d')" | jq -S -c . | sort >"$T/want_after"
	jq -S -c '.changes[].after' "$REPORT" | sort | diff -u "$T/want_after" - || rdr_fail "after rows"
	[ "$(json '.changes_warning')" = null ] || rdr_fail "changes_warning: $(json '.changes_warning')"
	e2e_failover -c "$CONF" --resume
	expect_rc 4
	expect_out "nothing to resume: the last run in working_dir finished"

	# a new run removes the finished run's rows with its state (here it
	# then stops at the preflight: the manager is down again)
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" -h -s
	expect_rc 3
	[ ! -e "$E2E_WORK/rdr-failover.changes" ] || rdr_fail "a new run kept the last run's changes file"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "a failed preflight left a run state"
	# site A's rows again, an interrupted -d, and its changes file damaged:
	# --resume warns, names the file and the run, and goes on
	# (forced: the stopped engine's pool session may take a moment to go)
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "SET rdr.force = on" \
		-c "SELECT count(*) FROM rdr_undo($run)" >/dev/null ||
		rdr_fail "rdr_undo($run)"
	site_a_nfs_rows "$T/site_a"
	expect_rows "$T/site_a"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	run2=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log WHERE undo_of IS NULL")
	[ "$run2" -gt "$run" ] || rdr_fail "second run $run2"
	grep -qx "done storage [0-9.]* run $run2" "$E2E_WORK/rdr-failover.state" || rdr_fail "state of run $run2"
	truncate -s 200 "$E2E_WORK/rdr-failover.changes"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 7
	expect_out "the rows changed by the earlier run are not listed in this report: could not read \"$E2E_WORK/rdr-failover.changes\": the file ends early at line"
	expect_out "HINT: They are in the database: SELECT * FROM rdr_change_log WHERE run IN ($run2);"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "changes listed from a damaged file"
	# and missing: the failover still finishes
	rm "$E2E_WORK/rdr-failover.changes"
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "could not read \"$E2E_WORK/rdr-failover.changes\": the file does not exist"
	expect_out "HINT: They are in the database: SELECT * FROM rdr_change_log WHERE run IN ($run2);"
	expect_out "Rows changed by the earlier run: not listed here (could not read $E2E_WORK/rdr-failover.changes: the file does not exist; the rows are in rdr_change_log, run $run2)"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "changes listed without a file"
	[ "$(json '.changes_warning')" = "could not read $E2E_WORK/rdr-failover.changes: the file does not exist; the rows are in rdr_change_log, run $run2" ] ||
		rdr_fail "changes_warning: $(json '.changes_warning')"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

# The site-B host never leaves "installing": the hosts step fails by its
# deadline with the host named; the database fix stays committed.
scenario_host_never_approves()
{
	setup_nfs --fault "neverup host=rdr-rhev.siteb.example"
	sed -i 's|^CONFIG    host_timeout 60|CONFIG    host_timeout 3|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "rdr-rhev.siteb.example"
	expect_out "hosts          failed"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "host ok in report"
	[ "$(json '.rto_seconds')" = null ] || rdr_fail "RTO without VMs up"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.steps[].name] | index("vms")')" = null ] || rdr_fail "vms step ran"
}

# wait_log TEXT: until the run's log says TEXT (at most 30 s).
wait_log()
{
	local i
	for i in $(seq 300); do
		grep -qF -- "$1" "$E2E_WORK/rdr.log" 2>/dev/null && return 0
		sleep 0.1
	done
	rdr_fail "log never said: $1"
}

# terminate_and_expect_rollback PID: end rdr-failover PID's database
# session, then assert it failed with exit 8 saying the transaction was
# rolled back, and that the rows ($T/before), the change log and the
# engine are as before.
terminate_and_expect_rollback()
{
	psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rdr-failover'" >/dev/null
	wait "$1"
	E2E_RC=$?
	E2E_OUT=$(cat "$T/out")
	expect_rc 8
	expect_out "connection to the database lost during the storage transaction"
	expect_out "The server rolled the transaction back: no storage row was changed."
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the lost transaction"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
}

# The database connection is lost in the middle of the storage transaction
# (pg_terminate_backend): nothing is changed, the engine is restarted, and
# --resume redoes the storage step.
scenario_db_lost()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=6 timeout 120 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	wait_log "test pause: 6 s before COMMIT"
	terminate_and_expect_rollback "$pid"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	expect_out "engine_stop    done"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

# The connection is lost while the server is working through the
# pipelined calls (a trigger holds ExportDomain's fix in pg_sleep after
# the iSCSI fix before it succeeded; the backend is terminated there):
# nothing is changed, and --resume redoes the storage step.
scenario_db_lost_mid_pipeline()
{
	local i waiting=0
	setup_iscsi
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 <<'SQL' || rdr_fail "trigger"
CREATE FUNCTION e2e_hold() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN PERFORM pg_sleep(60); RETURN NEW; END$$;
CREATE TRIGGER e2e_hold BEFORE UPDATE ON storage_server_connections FOR EACH ROW
  WHEN (NEW.connection LIKE '%/exports/EXPORT') EXECUTE FUNCTION e2e_hold();
SQL
	e2e_storage_rows >"$T/before"
	timeout 120 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	for i in $(seq 300); do
		waiting=$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'rdr-failover' AND wait_event = 'PgSleep'")
		[ "$waiting" = 1 ] && break
		sleep 0.1
	done
	[ "$waiting" = 1 ] || { kill "$pid"; rdr_fail "the fix never reached the trigger"; }
	terminate_and_expect_rollback "$pid"
	psql -X -q -d rhevm -c "DROP TRIGGER e2e_hold ON storage_server_connections" || rdr_fail "drop trigger"
	e2e_failover -c "$CONF" -d --resume
	expect_rc 0
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
	e2e_storage_rows | grep -qF "rdr-nfs.siteb.example:/exports/EXPORT" || rdr_fail "resume did not fix ExportDomain"
}

# kill -9 of the driver with the storage transaction open: the server rolls
# it back; --resume continues at the storage step, never repeating the
# backup or the engine stop.
scenario_kill_resume()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=60 "$RDR_FAILOVER" -c "$CONF" -d >"$T/out" 2>&1 &
	pid=$!
	wait_log "test pause: 60 s before COMMIT"
	kill -9 $pid
	wait $pid 2>/dev/null
	for i in $(seq 100); do
		[ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rdr-failover'")" = 0 ] && break
		sleep 0.1
	done
	expect_rows "$T/before"
	grep -q '^done engine_stop ' "$E2E_WORK/rdr-failover.state" || rdr_fail "engine_stop not recorded"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" && rdr_fail "storage recorded as done"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '.resumed')" = true ] || rdr_fail "report not resumed"
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "backup repeated"
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

# -n: rdr-nicfix run on the seed's RHEL 6 manager image (a copy), with
# the seed's RHEVM_NIC lines; --dry-run leaves the image as it was.
scenario_nicfix()
{
	local fx=$RDR_TOP/test/fixtures/nic/seed-rhel6
	T=$(rdr_tmpdir)
	cp -a "$fx/before" "$T/root"
	printf '%s\n' "RHEVM_NIC 00:25:b3:a9:b0:01 eth0" "RHEVM_NIC 00:25:b3:a9:b0:00 eth1" \
		"RHEVM_NIC 00:25:b3:a9:b0:02 eth2" "RHEVM_NIC 00:25:b3:a9:b0:03 eth3" \
		"CONFIG working_dir $T/work" "CONFIG nicfix $RDR_NICFIX" \
		"CONFIG nicfix_root $T/root" >"$T/rdr.conf"
	export RDR_NICFIX_NOW=1764061890	# the markers of the fixture's after/
	e2e_failover -c "$T/rdr.conf" -n --dry-run
	expect_rc 0
	expect_out "+++ "
	diff -r "$fx/before" "$T/root" >/dev/null || rdr_fail "dry run changed the manager image"
	e2e_failover -c "$T/rdr.conf" -n
	expect_rc 0
	expect_out "4 NIC name(s) fixed; reboot the manager before -d"
	diff -r -x '*.rdr.bak' "$fx/after" "$T/root" || rdr_fail "manager image differs from the fixture's after/"
	# a bad mapping: rdr-nicfix's error and exit code are reported
	sed -i 's|^CONFIG nicfix_root .*|CONFIG nicfix_root /nonexistent-root|' "$T/rdr.conf"
	E2E_WORK=$T/work
	rm -f "$T/work/rdr-failover.state"
	e2e_failover -c "$T/rdr.conf" -n
	expect_rc 5
	expect_out "rdr-nicfix failed with exit code"
}

# Command line and configuration errors: named exit codes, file:line.
scenario_cli()
{
	T=$(rdr_tmpdir)
	e2e_failover -x
	expect_rc 1
	expect_out 'Try "rdr-failover --help" for more information.'
	e2e_failover --help
	expect_rc 0
	expect_out "Usage:"
	printf 'API host h\nAPI pass secret\nStorage_Domain D cifs x\n' >"$T/bad.conf"
	chmod 600 "$T/bad.conf"
	e2e_failover -c "$T/bad.conf"
	expect_rc 2
	expect_out "$T/bad.conf:3: invalid storage type \"cifs\" for domain \"D\": expected nfs, iscsi or fibre"
	chmod 644 "$T/bad.conf"
	sed -i '3d' "$T/bad.conf"
	e2e_failover -c "$T/bad.conf"
	expect_rc 2
	expect_out "holds a password and is readable by group or others"
	e2e_failover --help-config
	expect_rc 0
	expect_out "engine_stop"
}


# group_alive PGID: a process of group PGID still runs (zombies, which
# only wait for init to reap them, do not count).
group_alive()
{
	local p
	for p in $(pgrep -g "$1"); do
		[ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" = Z ] || return 0
	done
	return 1
}

# run_bg ARGS...: rdr-failover in the background, output in $T/out, pid in
# $RUN_PID (killed at exit if the test fails before it ends).
run_bg()
{
	"$RDR_FAILOVER" "$@" >"$T/out" 2>&1 &
	RUN_PID=$!
	rdr_cleanup_push "kill -9 $RUN_PID"
}

# wait_run SECONDS: rdr-failover ends within SECONDS; sets E2E_RC, E2E_OUT.
wait_run()
{
	local i
	for i in $(seq $(($1 * 10))); do
		kill -0 "$RUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$RUN_PID" 2>/dev/null && { cat "$T/out"; rdr_fail "rdr-failover still runs after $1 s"; }
	wait "$RUN_PID"
	E2E_RC=$?
	E2E_OUT=$(cat "$T/out")
}

# Ctrl-C during the backup: pg_dump, blocked by a lock another session
# holds, is stopped with its process group, its partial dump removed, the
# run ends with 130 and the backup not done; --resume takes it again.
scenario_interrupt_backup()
{
	local i dump_pid="" lock_pid
	setup_nfs
	e2e_storage_rows >"$T/before"
	# a table of the database that only pg_dump reads, locked by another session
	psql -X -q -d rhevm -c "CREATE TABLE e2e_held (x int)" || rdr_fail "table"
	PGOPTIONS="-c client_connection_check_interval=100" psql -X -q -d rhevm \
		-c "BEGIN; LOCK TABLE e2e_held IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
	lock_pid=$!
	rdr_cleanup_push "kill $lock_pid"
	run_bg -c "$CONF" -d
	# pg_dump waits for its ACCESS SHARE lock on e2e_held
	for i in $(seq 300); do
		[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'pg_dump' AND wait_event_type = 'Lock'")" = 1 ] && break
		sleep 0.1
	done
	dump_pid=$(pgrep -f -- "--file $E2E_WORK/rhevm-") || rdr_fail "no pg_dump running"
	[ "$(ps -o pgid= -p "$dump_pid" | tr -d ' ')" = "$dump_pid" ] || rdr_fail "pg_dump not in a group of its own"
	ls "$E2E_WORK"/rhevm-*.dump >/dev/null || rdr_fail "pg_dump has not created its file"
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during step backup: pg_dump stopped"
	expect_out "result: interrupted by SIGINT (exit code 130)"
	expect_out "--resume to continue at the interrupted step"
	! group_alive "$dump_pid" || rdr_fail "pg_dump's process group is still there"
	[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'")" = 0 ] ||
		rdr_fail "pg_dump's session is still there"
	! ls "$E2E_WORK"/rhevm-*.dump 2>/dev/null || rdr_fail "the partial dump was left"
	grep -q '^done ' "$E2E_WORK/rdr-failover.state" && rdr_fail "a step is recorded as done"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine stopped"
	kill "$lock_pid"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	expect_out "backup: verified"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "not exactly one backup"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

# SIGTERM during engine_stop, whose command ignores SIGTERM (a hung init
# script): its group gets SIGKILL after the grace, the engine is started
# again, exit 143.  Then SIGINT during the engine_start of the resumed
# run, after the storage fix committed: exit 130, engine_start not done.
# The last --resume finishes.
scenario_interrupt_engine()
{
	local pgid t0
	setup_nfs
	e2e_storage_rows >"$T/before"
	rm -f "$E2E_ENGINE_DIR/stop.pgid"
	FAKE_ENGINE_STOP_DELAY=60 FAKE_ENGINE_IGNORE_TERM=1 run_bg -c "$CONF" -d
	for i in $(seq 300); do
		[ -s "$E2E_ENGINE_DIR/stop.pgid" ] && break
		sleep 0.1
	done
	pgid=$(cat "$E2E_ENGINE_DIR/stop.pgid") || rdr_fail "engine_stop never ran"
	group_alive "$pgid" || rdr_fail "engine_stop's group is not running"
	t0=$(date +%s)
	kill -TERM "$RUN_PID"
	wait_run 20
	expect_rc 143
	expect_out "interrupted by SIGTERM during engine_stop: \"$RDR_TOP/demo/fake-engine.sh stop $E2E_ENGINE_DIR\" stopped"
	expect_out "Its process group got SIGTERM, then SIGKILL."
	expect_out "engine_stop    failed"
	[ $(($(date +%s) - t0)) -ge 4 ] || rdr_fail "SIGKILL came before the grace"
	! group_alive "$pgid" || rdr_fail "engine_stop's process group is still there"
	grep -q '^done backup ' "$E2E_WORK/rdr-failover.state" || rdr_fail "backup not recorded"
	grep -q '^done engine_stop' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_stop recorded as done"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not running"

	rm -f "$E2E_ENGINE_DIR/start.pgid"
	FAKE_ENGINE_START_DELAY=60 run_bg -c "$CONF" --resume
	for i in $(seq 300); do
		[ -s "$E2E_ENGINE_DIR/start.pgid" ] && break
		sleep 0.1
	done
	pgid=$(cat "$E2E_ENGINE_DIR/start.pgid") || rdr_fail "engine_start never ran"
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during engine_start: \"$RDR_TOP/demo/fake-engine.sh start $E2E_ENGINE_DIR\" stopped"
	expect_out "stopped by the interruption"
	! group_alive "$pgid" || rdr_fail "engine_start's process group is still there"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" || rdr_fail "storage not recorded"
	grep -q '^done engine_start' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_start recorded as done"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop,storage" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
}

# SIGTERM while the storage transaction is open (held before COMMIT):
# the handler cuts the database connection, the server rolls the
# transaction back, the engine is started again; --resume finishes.
scenario_interrupt_storage()
{
	setup_iscsi
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=60 run_bg -c "$CONF" -d
	wait_log "test pause: 60 s before COMMIT"
	kill -TERM "$RUN_PID"
	wait_run 10
	expect_rc 143
	expect_out "interrupted by SIGTERM during step storage: the storage transaction was rolled back"
	expect_out "The server rolled the transaction back: no storage row was changed."
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the interrupted transaction"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" && rdr_fail "storage recorded as done"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	[ "$(e2e_storage_rows | grep -c "$LUN_ID")" = 2 ] || rdr_fail "resume did not fix the LUN"
}

# Ctrl-C while engine_stop waits for a database session that does not go
# away: the wait ends at once (not at CONFIG engine_timeout), the engine is
# started again; --resume finishes once the session is gone.
scenario_interrupt_session_wait()
{
	local i t0
	setup_nfs
	e2e_storage_rows >"$T/before"
	PGOPTIONS="-c client_connection_check_interval=100" PGAPPNAME=e2e-stuck \
		psql -X -q -d rhevm -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
	rdr_cleanup_push "kill $!"
	run_bg -c "$CONF" -d
	# the fake engine is stopped: rdr-failover now polls pg_stat_activity
	wait_log "waiting up to 20 s for "
	# ... and only the stuck one is left (the engine's pool session closes)
	for i in $(seq 100); do
		[ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity
			WHERE datname = 'rhevm' AND application_name = 'ovirt-engine'")" = 0 ] && break
		sleep 0.1
	done
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during engine_stop, while 1 engine session(s) were still connected"
	expect_out "engine_stop    failed"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the session wait did not stop at once"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not started again"
	grep -q '^done engine_stop' "$E2E_WORK/rdr-failover.state" && rdr_fail "engine_stop recorded as done"
	expect_rows "$T/before"
	psql -X -q -d rhevm -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'e2e-stuck'" \
		>/dev/null || rdr_fail "terminate"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

# Ctrl-C while rdr-failover waits on the manager: first for its API to
# answer (the engine is down), then for a host that never comes up.  Each
# wait ends at once (not at its time limit), the step is reported stopped,
# the exit code is 130, and the storage rows stay as they were.
scenario_interrupt_workflow()
{
	local t0
	setup_nfs --fault "neverup host=rdr-rhev.siteb.example"
	# engine_start that does not bring the API up: the run waits for it
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|" "$CONF"
	run_bg -c "$CONF" --report "$REPORT"
	wait_log "waiting up to 30 s for the API of 127.0.0.1"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT while waiting for the API of 127.0.0.1"
	expect_out "engine_start   failed"
	expect_out "stopped by the interruption"
	grep -qF "did not answer within" <<<"$E2E_OUT" && rdr_fail "an interruption reported as a timeout"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the API wait did not stop at once"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	# the engine back, --resume: now Ctrl-C while a host never comes up
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	: >"$E2E_WORK/rdr.log"
	run_bg -c "$CONF" -v --resume --report "$REPORT"
	# site B's host is approved and never comes up; site A's waits for it
	# before its manual fence (the engine would refuse it)
	wait_log "host rdr-rhev.siteb.example: state installing"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "host rdr-rhev.siteb.example failed: interrupted by SIGINT while waiting for"
	expect_out "host rdr-rhev.sitea.example failed: interrupted by SIGINT while waiting for a host of the backup cluster to be up, before the manual fence"
	expect_out "stopped by the interruption; 0 of 3 item(s) done"
	grep -qF "The SPM is elected only" <<<"$E2E_OUT" && rdr_fail "a hint for a failure that did not happen"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the host wait did not stop at once"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "host ok in report"
	[ "$(json '[.steps[].name] | index("vms")')" = null ] || rdr_fail "vms step ran"
	expect_rows "$T/expected"
}

# rdr-failover killed after it saved the committed rows to working_dir but
# before its state recorded "done storage" (made here by taking that line
# out of the state file): --resume runs the storage step again, which
# changes nothing now, and must keep the rows the interrupted run
# committed, in the changes file and in the report, marked earlier.
scenario_resume_unrecorded_storage()
{
	local run
	setup_nfs
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|; s|^API       wait_timeout 30|API       wait_timeout 2|" "$CONF"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	run=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $run =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $run"
	sed -i '/^done storage /d' "$E2E_WORK/rdr-failover.state"
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start $RDR_TOP/demo/fake-engine.sh start $E2E_ENGINE_DIR|" "$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "3 row(s) committed by the interrupted run (run $run) before it could record the storage step"
	expect_out "3 rows changed by the earlier run (run $run):"
	[ "$(json '.steps[] | select(.name == "storage") | .status')" = done ] || rdr_fail "storage step not run again"
	[ "$(json '[.changes[] | select(.earlier and .run == '"$run"')] | length')" = 3 ] ||
		rdr_fail "report changes: $(json '.changes')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "rows beyond the earlier three"
	[ "$(jq '.count' "$E2E_WORK/rdr-failover.changes")" = 3 ] || rdr_fail "the changes file lost the rows"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

# Ctrl-C while the storage step probes an iSCSI portal that accepts the
# connection and then says nothing (a perl listener): the probe stops at
# once rather than at probe_timeout, nothing is changed, the engine is
# started again.
scenario_interrupt_probe()
{
	local silent t0 i
	setup_iscsi
	silent=$(rdr_free_port) || rdr_fail "free port"
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
			Listen => 5, ReuseAddr => 1) or die "listen: $!";
		my @kept; alarm 120;
		while (my $c = $s->accept) { push @kept, $c }' "$silent" &
	rdr_cleanup_push "kill $!"
	rdr_wait_port "$silent" || rdr_fail "silent portal"
	sed -i "s|^CONNECT_TO 192.168.201.32 .*|CONNECT_TO 192.168.201.32 127.0.0.1:$silent|" "$CONF"
	echo "CONFIG probe_timeout 60" >>"$CONF"
	e2e_storage_rows >"$T/before"
	run_bg -c "$CONF" -d -v --report "$REPORT"
	# the probe has connected and waits for an answer that never comes
	wait_log "probing iSCSI target"
	for i in $(seq 100); do
		ss -Htn state established "dport = :$silent" | grep -q . && break
		sleep 0.1
	done
	ss -Htn state established "dport = :$silent" | grep -q . || rdr_fail "the probe never connected"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT while"
	expect_out "on iSCSI portal \"127.0.0.1:$silent\""
	expect_out "stopped by the interruption while probing; nothing changed"
	grep -qF "timed out" <<<"$E2E_OUT" && rdr_fail "an interruption reported as a timeout"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the probe did not stop at once"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
}


# service_shim DIR: a "service" command in DIR that drives the fake
# engine, so the seed's engine commands (service jbossas stop/start, rdr's
# defaults) run unchanged.
service_shim()
{
	mkdir -p "$1"
	cat >"$1/service" <<SHIM
#!/bin/sh
[ "\$1" = jbossas ] || { echo "service: unknown service \$1" >&2; exit 1; }
exec '$RDR_TOP/demo/fake-engine.sh' "\$2" '$E2E_ENGINE_DIR'
SHIM
	chmod 755 "$1/service"
}

# The seed's complete configuration (test/driver/fixtures/seed-complete.conf:
# every key its rhevm-failover.sh reads, the seed's values), with only the
# addresses, ports and paths of this world: a whole failover.  Nothing of
# rdr's own is added: the database comes from libpq's environment (PGHOST,
# PGPORT), the engine commands are the seed's "service jbossas ...".
scenario_seed_config()
{
	e2e_db nfs || rdr_fail "database"
	export RDR_SIM_NFS_CONNECTION=127.0.0.1:/exports/DATA
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rhevm-failover.cfg
	work=$T/rdr
	sed -e "s/rdr-rhevm\.siteb\.example/127.0.0.1/; s/rdr-nfs\.siteb\.example/127.0.0.1/" \
		-e "s/^\(API\tport\t\).*/\1$E2E_HTTPS_PORT/; s/^\(API\tcert_port\t\).*/\1$E2E_HTTP_PORT/" \
		-e "s/^\(API\tpass\t\).*/\1$E2E_API_PASSWORD/" \
		-e "s|^\(CONFIG *working_dir \).*|\1$work|" \
		"$RDR_TOP/test/driver/fixtures/seed-complete.conf" >"$CONF"
	chmod 600 "$CONF"
	# only addresses, ports, paths and the API password differ from the fixture
	[ "$(diff "$RDR_TOP/test/driver/fixtures/seed-complete.conf" "$CONF" | grep -c '^>')" = 8 ] ||
		rdr_fail "adapted more than addresses: $(diff "$RDR_TOP/test/driver/fixtures/seed-complete.conf" "$CONF")"
	service_shim "$T/bin"
	unset PGDATABASE
	# as in seed section 8.3, step 10 (-n ran before the manager's reboot)
	E2E_OUT=$(PATH="$T/bin:$PATH" timeout 180 "$RDR_FAILOVER" -c "$CONF" -dhs 2>&1)
	E2E_RC=$?
	expect_rc 0
	expect_out "result: ok (exit code 0)"
	# CONFIG quiet: nothing but the report on the terminal
	grep -q "^rdr-failover: notice" <<<"$E2E_OUT" && rdr_fail "CONFIG quiet printed notices"
	# the notices are in the log file, once each
	[ "$(grep -c 'notice: .*DB backup_file: the backup goes to' "$work/rdr.log")" = 1 ] ||
		rdr_fail "backup_file notice: $(grep notice "$work/rdr.log")"
	[ "$(grep -c 'notice: .*CONFIG quiet: as -q' "$work/rdr.log")" = 1 ] || rdr_fail "quiet notice"
	# the seed's backup name, with the time: a real archive of rhevm
	ls "$work"/rhevm_db-*.pgdump >/dev/null 2>&1 || rdr_fail "no rhevm_db-*.pgdump in $(ls "$work")"
	pg_restore --list "$work"/rhevm_db-*.pgdump | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	cat >"$T/expected" <<'ROWS'
ssc|58611688-43e6-4366-b6af-7c04a7363a1d|127.0.0.1:/exports/ISO||||
ssc|5caa3ebc-6a61-48f4-9201-f261b9402e12|127.0.0.1:/exports/DATA||||
ssc|b6a5ff4b-330d-4ac6-9874-8a408f903da0|127.0.0.1:/exports/EXPORT||||
ROWS
	PGDATABASE=rhevm expect_rows "$T/expected"
	[ "$(sim_vms | grep -o 9495276a-205a-11e1-9bb5-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not in SiteB: $(sim_vms)"
	grep -q '^finished$' "$work/rdr-failover.state" || rdr_fail "state not finished"
}

# run_d ENV...: rdr-failover -d (backup included) with only ENV for libpq:
# every PG* variable of the test harness is removed first.
run_d()
{
	E2E_OUT=$(env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSFILE -u PGSERVICE \
		-u PGSERVICEFILE -u PGSSLMODE "$@" timeout 120 "$RDR_FAILOVER" -c "$CONF" -d 2>&1)
	E2E_RC=$?
}

# The database connection made the libpq way: with no DB line, rdr reaches
# what psql reaches in the same environment, pg_dump included; a role that
# needs a password proves the password reaches pg_dump too.  The server
# logs every connection, so each one rdr and its pg_dump made is checked.
scenario_libpq_env()
{
	local port pw=Pg-S3cret-7 home n
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	port=$PGPORT
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE rdradmin SUPERUSER LOGIN PASSWORD '$pw'" \
		-c "ALTER SYSTEM SET log_connections = on" || rdr_fail "role"
	# rdradmin over TCP needs its password; everything else stays trusted
	sed -i "1i host all rdradmin 127.0.0.1/32 scram-sha-256" "$RDR_PG_DIR/data/pg_hba.conf"
	psql -X -q -c "SELECT pg_reload_conf()" >/dev/null || rdr_fail "reload"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i '/^DB /d' "$CONF"
	home=$T/home
	mkdir -p "$home"

	# 1. PGHOST, PGPORT, PGUSER and PGPASSFILE only
	(umask 077 && echo "127.0.0.1:$port:*:rdradmin:$pw" >"$T/pgpass")
	[ "$(env -u PGDATABASE PGHOST=127.0.0.1 PGUSER=rdradmin PGPASSFILE="$T/pgpass" \
		psql -X -A -t -d rhevm -c "SELECT current_user || '@' || inet_server_port()")" = "rdradmin@$port" ] ||
		rdr_fail "psql does not reach rdradmin@$port"
	wc -l <"$RDR_PG_DIR/server.log" >"$RDR_PG_DIR/server.log.mark"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass"
	expect_rc 0
	expect_out "connected as \"rdradmin\""
	new_log() { tail -n +"$(($(cat "$RDR_PG_DIR/server.log.mark") + 1))" "$RDR_PG_DIR/server.log"; }
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=rdr-failover" ||
		rdr_fail "rdr did not connect as rdradmin to rhevm: $(new_log | grep authorized)"
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=pg_dump" ||
		rdr_fail "pg_dump did not connect as rdradmin to rhevm: $(new_log | grep authorized)"
	# no password on any command line, and the temporary password file is gone
	grep -qF -- "$pw" <<<"$E2E_OUT" && rdr_fail "password in the output"
	ls -A "$E2E_WORK" | grep -q pgpass && rdr_fail "password file left behind"
	pg_restore --list "$E2E_WORK"/rhevm-*.dump | grep -q 'TABLE DATA public storage_server_connections' ||
		rdr_fail "backup archive"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"

	# PGSSLMODE and PGDATABASE are libpq's too: a server without TLS, a
	# database that does not exist, each named in the error
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGSSLMODE=require
	expect_rc 3
	expect_out "server does not support SSL"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGDATABASE=nosuchdb
	expect_rc 3
	expect_out "could not connect to database \"nosuchdb\" on 127.0.0.1 port $port as \"rdradmin\""
	# a DB line overrides the environment
	echo "DB dbname rhevm" >>"$CONF"
	run_d HOME="$home" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=rdradmin PGPASSFILE="$T/pgpass" PGDATABASE=nosuchdb
	expect_rc 0
	sed -i '/^DB /d' "$CONF"

	# 2. only a service (PGSERVICE, ~/.pg_service.conf, ~/.pgpass)
	printf '[rhevm-b]\nhost=127.0.0.1\nport=%s\nuser=rdradmin\ndbname=rhevm\n' "$port" >"$home/.pg_service.conf"
	(umask 077 && echo "127.0.0.1:$port:rhevm:rdradmin:$pw" >"$home/.pgpass")
	wc -l <"$RDR_PG_DIR/server.log" >"$RDR_PG_DIR/server.log.mark"
	n=$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)
	run_d HOME="$home" PGSERVICE=rhevm-b
	expect_rc 0
	new_log | grep -q "connection authorized: user=rdradmin database=rhevm application_name=pg_dump" ||
		rdr_fail "pg_dump (service) did not connect as rdradmin: $(new_log | grep authorized)"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = $((n + 1)) ] || rdr_fail "service run: no backup"
	# without the password file, the same service fails at the preflight
	mv "$home/.pgpass" "$home/pgpass.off"
	run_d HOME="$home" PGSERVICE=rhevm-b
	expect_rc 3
	expect_out "fe_sendauth: no password supplied"
	expect_out "PGSERVICE"
}


# db_dump FILE: the rhevm database as SQL, without pg_dump's random
# \restrict keys, for before/after comparisons.
db_dump()
{
	pg_dump -d rhevm | grep -Ev '^\\(un)?restrict ' >"$1" || rdr_fail "pg_dump"
}

# untouched: the database is as in $T/before.sql, no backup, no run state,
# the engine still the same process and every VM still in SiteA.
untouched()
{
	db_dump "$T/after.sql"
	diff -u "$T/before.sql" "$T/after.sql" || rdr_fail "the database changed"
	ls "$E2E_WORK"/*.dump >/dev/null 2>&1 && rdr_fail "a backup was taken"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "a run state was left"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	kill -0 "$ENGINE_PID" || rdr_fail "the engine was stopped"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs moved: $(sim_vms)"
}

# inventory_tables: the engine's cluster, network and VM tables (RHEV 3.0
# names and columns, the part rdr reads) with the seed's inventory, the
# same as the simulator's (test/fixtures/sim/seed-common.inc).
inventory_tables()
{
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm <<'SQL' || rdr_fail "inventory tables"
CREATE TABLE vds_groups (vds_group_id uuid PRIMARY KEY, name varchar(40) NOT NULL,
	storage_pool_id uuid);
CREATE TABLE network (id uuid PRIMARY KEY, name varchar(50) NOT NULL, storage_pool_id uuid);
CREATE TABLE vm_static (vm_guid uuid PRIMARY KEY, vm_name varchar(255) NOT NULL,
	vds_group_id uuid NOT NULL REFERENCES vds_groups);
INSERT INTO vds_groups VALUES
	('99408929-82cf-4dc7-a532-9d998063fa95', 'Default', '632b8642-12b8-11e1-9936-001871eba039'),
	('0ddb36dc-12b9-11e1-ae84-001871eba039', 'SiteA', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('9495276a-205a-11e1-9bb5-001871eba039', 'SiteB', '10b3c00e-9371-48ce-8d28-28158cf26d96');
INSERT INTO network VALUES
	('ee84a644-289c-494c-bad1-6a891fe5c8a7', 'rhevm', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('3c1f5a9e-8d2b-4e6f-a1c7-5b9d0e2f4a61', 'rhev', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
	('bf2317b6-3f86-4583-b985-6c34afc81c16', 'public', '10b3c00e-9371-48ce-8d28-28158cf26d96');
INSERT INTO vm_static VALUES
	('0d1d84e7-be6f-49fb-9294-a232a8cbd044', 'rdr-dc-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('bdbd6360-7c5b-4f97-9534-1afab57de724', 'rdr-devel-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8', 'rdr-web-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039'),
	('808f87e6-3a2f-46ba-a35b-4089cf18360d', 'rdr-w7-vm', '0ddb36dc-12b9-11e1-ae84-001871eba039');
SQL
}

# Configuration mistakes are all found, listed together with file:line,
# by --validate and by a real run before its backup; nothing changes.
scenario_validate()
{
	setup_nfs
	inventory_tables
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "validation of $CONF: no problem found"
	untouched

	# a domain typo, a wrong type, a domain left out, a typo in an
	# exclusion, a missing CA file, a malformed pinned key
	cp "$CONF" "$T/good.conf"
	sed -i -e 's/^Storage_Domain DataDomain   nfs/Storage_Domain DataDomian   nfs/' \
		-e '/^Storage_Domain ExportDomain/d' \
		-e 's/^Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:\/exports\/ISO/Storage_Domain ISODomain iscsi 127.0.0.1 iqn.2011-11.siteb.example:iso/' "$CONF"
	printf 'EXCLUDE_DOMAIN Backup\nAPI ca_file %s/no-such-ca.crt\nAPI pinned_pubkey sha256//tooshort\n' "$T" >>"$CONF"
	typo=$(grep -n '^Storage_Domain DataDomian' "$CONF" | cut -d: -f1)
	iso=$(grep -n '^Storage_Domain ISODomain' "$CONF" | cut -d: -f1)
	excl=$(grep -n '^EXCLUDE_DOMAIN' "$CONF" | cut -d: -f1)
	for mode in --validate real; do
		if [ $mode = real ]; then e2e_failover -c "$CONF"; else e2e_failover -c "$CONF" --validate; fi
		expect_rc 3
		expect_out "storage domain \"DataDomian\" ($CONF:$typo) does not exist in the database"
		expect_out 'Near names: "DataDomain".'
		expect_out "storage domain \"ISODomain\" ($CONF:$iso) is configured as iscsi but is nfs in the database"
		expect_out "storage domain \"ExportDomain\" of data center \"RefArch\" has no Storage_Domain line in $CONF"
		expect_out "or \"EXCLUDE_DOMAIN ExportDomain\" to leave it as it is"
		expect_out "excluded storage domain \"Backup\" ($CONF:$excl) does not exist in the database"
		expect_out 'The storage domains are: "DataDomain", "ExportDomain", "ISODomain".'
		expect_out "cannot reach iSCSI portal 127.0.0.1 at 127.0.0.1 port 3260"
		expect_out "could not open CA file \"$T/no-such-ca.crt\" (API ca_file, $CONF:"
		expect_out "invalid API pinned_pubkey \"sha256//tooshort\""
		expect_out "preflight found 7 problem(s); nothing was changed"
		# the misspelt DataDomain is not reported a second time as left out
		grep -qF 'storage domain "DataDomain" of data center' <<<"$E2E_OUT" && rdr_fail "DataDomain twice"
		grep -q "step backup\|backup  " <<<"$E2E_OUT" && rdr_fail "$mode: got to the backup"
		untouched
	done

	# a wrong data center: named, with the ones that exist
	cp "$T/good.conf" "$CONF"
	sed -i 's/^SITE_INFO datacenter        RefArch/SITE_INFO datacenter RefArc/' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "data center \"RefArc\" ($CONF:$(grep -n '^SITE_INFO datacenter' "$CONF" | cut -d: -f1)) does not exist in the database"
	expect_out 'The data centers are: "RefArch".'

	# a wrong cluster, a missing VM, a VM of SiteA not started, a network typo
	cp "$T/good.conf" "$CONF"
	sed -i -e 's/^SITE_INFO main_site_cluster SiteA/SITE_INFO main_site_cluster SiteC/' \
		-e 's/^START_VM  rdr-dc-vm    10/START_VM  rdr-dc-wm    10/' \
		-e '/^START_VM  rdr-web-vm/d' \
		-e 's/00:17:a4:77:24:3a public/00:17:a4:77:24:3a pubilc/' "$CONF"
	for mode in --validate real; do
		if [ $mode = real ]; then e2e_failover -c "$CONF"; else e2e_failover -c "$CONF" --validate; fi
		expect_rc 3
		expect_out "cluster \"SiteC\" ($CONF:$(grep -n '^SITE_INFO main_site_cluster' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out 'Near names: "SiteA", "SiteB".'
		expect_out "VM \"rdr-dc-wm\" ($CONF:$(grep -n '^START_VM  rdr-dc-wm' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out 'Near names: "rdr-dc-vm".'
		expect_out "network \"pubilc\" ($CONF:$(grep -n '^VIRT_NET' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out "preflight found 3 problem(s)"
		untouched
	done
	sed -i 's/^SITE_INFO main_site_cluster SiteC/SITE_INFO main_site_cluster SiteA/' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "VM \"rdr-web-vm\" of cluster \"SiteA\" has no START_VM line in $CONF"
	expect_out "or \"EXCLUDE_VM rdr-web-vm\" to leave it stopped"
	# rdr-dc-wm is misspelt: rdr-dc-vm is not started either
	expect_out "VM \"rdr-dc-vm\" of cluster \"SiteA\" has no START_VM line"
	expect_out "preflight found 4 problem(s)"
	sed -i -e 's/rdr-dc-wm/rdr-dc-vm/' -e 's/ pubilc$/ public/' "$CONF"
	echo "EXCLUDE_VM rdr-web-vm" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	untouched

	# EXCLUDE_DOMAIN is the way to leave a domain out on purpose
	cp "$T/good.conf" "$CONF"
	sed -i '/^Storage_Domain ExportDomain/d' "$CONF"
	echo "EXCLUDE_DOMAIN ExportDomain" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	untouched
	# an unknown option is an error, not the help
	e2e_failover -c "$CONF" --rehersal
	expect_rc 1
	expect_out 'invalid option "--rehersal"'
}


# A typo in an NFS export cannot be seen before the engine runs: the
# storage step commits it and the SPM is never elected.  The printed hints
# alone must lead back to a good failover: each HINT line that names a
# command is followed, as printed.
scenario_nfs_typo_recovery()
{
	setup_nfs
	sed -i 's|^CONFIG    spm_timeout  60|CONFIG    spm_timeout  3|' "$CONF"
	grep -q '^CONFIG    spm_timeout  3$' "$CONF" || rdr_fail "spm_timeout not set"
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/DATA$|nfs rdr-nfs.siteb.example:/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "hosts          failed"
	hint=$(grep '^HINT: .*--new' <<<"$E2E_OUT") || { echo "$E2E_OUT"; rdr_fail "no hint naming --new"; }
	expect_out "if the cause is a Storage_Domain line, correct it and run rdr-failover -c $CONF --new"
	# --resume alone would not repeat the storage step: the hint says so
	cmd=$(sed -n 's/.*correct it and run \(rdr-failover -c [^ ]* --new\).*/\1/p' <<<"$hint")
	[ "$cmd" = "rdr-failover -c $CONF --new" ] || rdr_fail "command in the hint: $cmd"
	# the operator corrects the line, then runs the command of the hint
	sed -i 's|/exports/DAAT$|/exports/DATA|' "$CONF"
	e2e_failover ${cmd#rdr-failover }
	expect_rc 0
	expect_out "the interrupted run's state is kept as $E2E_WORK/rdr-failover.state."
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	ls "$E2E_WORK"/rdr-failover.state.* >/dev/null || rdr_fail "old state not kept"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
	# without --new, a run after an unfinished one says what to do, and it works
	sed -i 's|/exports/DATA$|/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" -dh
	expect_rc 10
	sed -i 's|/exports/DAAT$|/exports/DATA|' "$CONF"
	e2e_failover -c "$CONF"
	expect_rc 4
	expect_out "Use --resume to finish it, or --new to start over"
	e2e_failover -c "$CONF" --new
	expect_rc 0
}


# CONNECT_TO applies to the manager too: its name is what TLS verifies,
# the address is where it is reached (the port of the mapping replaces
# API port).  Without a mapping, a name that does not resolve is reported
# by the preflight, before the backup.
scenario_api_connect_to()
{
	setup_nfs
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	sed -i -e 's/^API       host        127.0.0.1/API       host        rdr-rhevm.siteb.example/' \
		-e 's/^API       port        .*/API       port        8443/' "$CONF"
	e2e_failover -c "$CONF"
	expect_rc 3
	expect_out 'cannot resolve manager "rdr-rhevm.siteb.example"'
	expect_out "map the name with a CONNECT_TO line"
	untouched
	# the certificate names localhost: reach "localhost" at the test port
	sed -i 's/^API       host        rdr-rhevm.siteb.example/API       host        localhost/' "$CONF"
	echo "CONNECT_TO localhost 127.0.0.1:$E2E_HTTPS_PORT" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}


# On a terminal, the status line's timer runs during a wait (here an
# engine_stop command that takes 3 s), and messages are never written
# into it: each one starts on a fresh line.
scenario_progress_ticks()
{
	setup_nfs
	command -v script >/dev/null || { echo "script(1) not available"; exit 77; }
	FAKE_ENGINE_STOP_DELAY=3 timeout 120 script -qec "'$RDR_FAILOVER' -c '$CONF' -d" "$T/tty.out" >/dev/null
	# the line is redrawn in place: split on carriage returns
	tr '\r' '\n' <"$T/tty.out" | sed 's/\x1b\[K//g' >"$T/lines"
	grep -q "result: ok (exit code 0)" "$T/lines" || { cat "$T/lines"; rdr_fail "run failed"; }
	n=$(grep -E '^\[[0-9]/[0-9]\] engine_stop +[0-9]{2}:[0-9]{2}$' "$T/lines" | awk '{ print $NF }' | sort -u | wc -l)
	[ "$n" -ge 3 ] || { grep engine_stop "$T/lines"; rdr_fail "the timer did not tick during engine_stop ($n distinct times)"; }
	# no message glued to the status line
	grep -E '^\[[0-9]+/[0-9]+\] .* [0-9]{2}:[0-9]{2}.+$' "$T/lines" &&
		rdr_fail "a message written into the status line"
	true
}

fn="scenario_$1"
declare -F "$fn" >/dev/null || { echo "unknown scenario: $1 (one of: $ALL)" >&2; exit 2; }
"$fn"
echo "scenario $1: passed"
