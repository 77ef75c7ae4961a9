#!/bin/bash
# demo/run-demo.sh: "make demo", the full failover of the seed's
# environment on this machine, with rdr-failover.
#
# For each of the seed's chapter-7 failovers (iSCSI, fibre channel, NFS
# data domain, each with its NFS Export and ISO domains) it starts:
#   - a throwaway PostgreSQL with the seed's site-A rhevm data and the rdr
#     extension,
#   - tgtd with the site-B iSCSI target (iSCSI), or sshd on 127.0.0.1 in
#     front of a fake sysfs with the site-B fibre LUN (fibre),
#   - the "engine": rdr-sim with the seed's hosts, networks and VMs (delays
#     scaled down by RDR_DEMO_TIME_SCALE, default 0.02) plus a database
#     pool session,
# writes a configuration in the seed's format, runs rdr-failover -c on it
# (all steps: backup, engine stop, probe and fix, engine start, hosts, VM
# moves and starts) and prints its report.  Everything listens on
# 127.0.0.1 only and is torn down at exit, also on Ctrl-C.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 0 ]; then
	# one process per failover: each gets its own services and cleanup
	trap 'exit 130' INT
	for kind in iscsi fibre nfs; do
		bash "$0" "$kind" || { echo "demo: the $kind failover FAILED" >&2; exit 1; }
	done
	echo
	echo "demo: the seed's iSCSI, fibre and NFS failovers all succeeded."
	exit 0
fi

source "$here/../test/lib/common.sh"
source "$RDR_TOP/test/lib/pg.sh"
source "$RDR_TOP/test/lib/sim.sh"
source "$RDR_TOP/test/lib/tgtd.sh"
source "$RDR_TOP/test/lib/sshd.sh"
E2E_TIME_SCALE=${RDR_DEMO_TIME_SCALE:-0.02}
source "$RDR_TOP/test/e2e/lib.sh"

kind=$1
nfs_lines=(
	"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
	"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
	"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
)

echo
echo "=== rdr demo: the seed's $kind failover (seed chapter 7) ==="
e2e_db "$kind" || rdr_fail "could not start PostgreSQL with the $kind rhevm data"
case $kind in
	iscsi)
		rdr_tgtd_seed_siteb || rdr_fail "could not start tgtd"
		RDR_SIM_ISCSI_LUN_ID=$(timeout 30 "$RDR_TOP/driver/probe/rdr-probe" -q iscsi \
			"127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" | awk '$1 == 8 { print $2 }')
		export RDR_SIM_ISCSI_LUN_ID
		scenario=seed-iscsi.scenario
		lines=("Storage_Domain DataDomain iscsi 192.168.201.32 $RDR_SEED_ISCSI_IQN"
			"CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT")
		;;
	fibre)
		rdr_fc_seed_siteb || rdr_fail "could not start the fibre host (sshd)"
		scenario=seed-fibre.scenario
		lines=("Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000"
			"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT"
			"CONFIG ssh_key $SSHD_KEY"
			"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS")
		;;
	nfs)
		scenario=seed.scenario
		lines=("Storage_Domain DataDomain nfs rdr-nfs.siteb.example:/exports/DATA")
		;;
	*)
		rdr_fail "unknown failover: $kind"
		;;
esac
# make demo API=4: an oVirt 4.x manager (rdr-sim --api-version 4)
e2e_engine "$RDR_TOP/test/fixtures/sim/$scenario" --api-version "${API:-3}" ||
	rdr_fail "could not start the engine (rdr-sim)"
T=$(rdr_tmpdir)
e2e_config "$T/rhevm-failover.cfg" "${lines[@]}" "${nfs_lines[@]}"
echo "configuration ($T/rhevm-failover.cfg, password hidden):"
sed 's/^\(API *pass *\).*/\1********/' "$T/rhevm-failover.cfg" | grep -v '^#' | sed 's/^/    /'
echo
echo "+ rdr-failover -c rhevm-failover.cfg --report report.json"
"$RDR_FAILOVER" -c "$T/rhevm-failover.cfg" --report "$T/report.json"
rc=$?
[ $rc -eq 0 ] || rdr_fail "rdr-failover exited with $rc"
echo "JSON report: $(jq -c '{result, rto_seconds, changes: (.changes | length), vms_up: ([.vm_starts[] | select(.final_state == "up")] | length)}' "$T/report.json")"
