#!/bin/bash
# run-bench.sh: benchmarks of the REST client and workflow against rdr-sim
# on loopback, recorded in bench/results.json:
#   rest_get_per_s           GET hosts/ID + XML parse, one keep-alive connection
#   seed_curl_get_per_s      the seed's pattern, measured in the same run: one
#                            curl(1) process per call piped into an XPath tool
#                            (xpath(1) of perl-XML-XPath is not in Debian 12
#                            under that name; xmllint --xpath of libxml2-utils
#                            plays its part)
#   vms_10000_move_start_s   10,000 VMs moved to the backup cluster and started
#                            (simulator delays at zero), hosts step included
#   orchestration_overhead_s seed environment: workflow time minus the
#                            simulator's transition delays on the critical path
# Every run is bounded: request counts are fixed, the simulator stops after
# --max-seconds, every tool run is under timeout(1).

set -eu
cd "$(dirname "$0")"
source ../lib/common.sh
source ../lib/sim.sh

RECORD=../../bench/record.sh
OUT=$(rdr_tmpdir)
GETS=${REST_BENCH_GETS:-20000}
CURLS=${REST_BENCH_CURLS:-100}
NVMS=${REST_BENCH_VMS:-10000}
SEED=scenarios/seed-open.scenario
PLAN=(--datacenter RefArch --main SiteA --backup SiteB
	--virt-net "rdr-rhev.siteb.example,00:17:A4:77:24:3A,public")

tool()
{
	timeout 300 ./rest_tool --port "$RDR_SIM_HTTPS_PORT" --cert-port "$RDR_SIM_HTTP_PORT" \
		--user "$RDR_SIM_USER" --password-file "$RDR_SIM_PASSWORD_FILE" --wait-api 20 "$@"
}

# --- 1. GET throughput: rdr's client vs the seed's curl + xpath ---------
rdr_sim_start $SEED --time-scale 0 --max-seconds 240 --threads 2
HOST=805bb14c-2505-11e1-b809-0025b3a9b001
tool -q bench-get "hosts/$HOST" 200 >/dev/null		# warm-up
rest_rate=$(tool -q bench-get "hosts/$HOST" "$GETS" | awk '$1=="rate" {print $2}')

netrc="$OUT/netrc"
(umask 077; printf 'machine 127.0.0.1 login %s password %s\n' "$RDR_SIM_USER" \
	"$(cat "$RDR_SIM_PASSWORD_FILE")" >"$netrc")
curl -s -o "$OUT/ca.crt" "$RDR_SIM_CA_URL"
start=$(date +%s.%N)
for ((i = 0; i < CURLS; i++)); do
	state=$(curl --silent --cacert "$OUT/ca.crt" --header "Content-Type: application/xml" \
		--netrc-file "$netrc" --request GET "$RDR_SIM_URL/hosts/$HOST" |
		xmllint --xpath '/host/status/state/text()' -)
	[ -n "$state" ] || { echo "seed pattern: no state in the answer" >&2; exit 1; }
done
end=$(date +%s.%N)
seed_rate=$(awk -v n="$CURLS" -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", n / (b - a)}')
rdr_sim_stop

# --- 2. 10,000 VMs moved and started --------------------------------------
scen="$OUT/vms.scenario"
{
	echo "datacenter RefArch id=10b3c00e-9371-48ce-8d28-28158cf26d96 storage_type=nfs"
	echo "include $PWD/../fixtures/sim/seed-common.inc"
	echo "storage_domain DataDomain datacenter=RefArch type=data storage=nfs master=yes"
	for ((i = 0; i < NVMS; i++)); do echo "vm bench-vm-$i cluster=SiteA"; done
} >"$scen"
for ((i = 0; i < NVMS; i++)); do echo "bench-vm-$i 0"; done >"$OUT/start.list"
rdr_sim_start "$scen" --time-scale 0 --max-seconds 240 --threads 2
tool -q "${PLAN[@]}" --poll-ms 20 --vm-timeout 120 --start-file "$OUT/start.list" \
	hosts,start >"$OUT/vms.out" 2>"$OUT/vms.err" || {
	tail -5 "$OUT/vms.out" "$OUT/vms.err" >&2; exit 1; }
moved=$(grep -c '^ITEM vm move|.*|ok|' "$OUT/vms.out")
started=$(grep -c '^ITEM vm start|.*|up|ok|' "$OUT/vms.out")
[ "$moved" -ge "$NVMS" ] && [ "$started" = "$NVMS" ] || {
	echo "10,000 VMs: only $moved moved and $started started" >&2; exit 1; }
vms_s=$(awk '$1=="TIME" {s += $3} END {printf "%.2f", s}' "$OUT/vms.err")
vms_calls=$(grep -o 'calls=[0-9]*' "$OUT/vms.out" | cut -d= -f2)
rdr_sim_stop

# --- 3. orchestration overhead on the seed environment --------------------
# Critical path of the seed's environment, in seconds as the simulator
# scaled them (its ready file): the site-B host installs (approve, then the
# reboot and the reconnect of the engine's install sequence), misses its
# network and is activated (activate); only then may the dead site-A SPM be
# fenced (the engine refuses it while no other host of the data center is
# Up), which releases the SPM role fence_release later; the site-B host then
# contends (spm_contend); then the START_VM delays, then the last VM launches
# and powers up.
SCALE=0.02
STARTS=(--start rdr-dc-vm:0 --start rdr-devel-vm:5 --start rdr-web-vm:5 --start rdr-w7-vm:5)
rdr_sim_start $SEED --time-scale $SCALE --max-seconds 120
r() { sed -n "s/^$1=//p" "$RDR_SIM_READY"; }
delays=$(awk -v a="$(r approve_s)" -v rb="$(r reboot_s)" -v rc="$(r reconnect_s)" \
	-v b="$(r activate_s)" -v f="$(r fence_release_s)" -v c="$(r spm_contend_s)" \
	-v d="$(r vm_launch_s)" -v e="$(r vm_powerup_s)" -v s=$SCALE \
	'BEGIN {printf "%.3f", a + rb + rc + b + f + c + 15 * s + d + e}')
tool -q "${PLAN[@]}" "${STARTS[@]}" --delay-scale $SCALE --poll-ms 20 \
	hosts,start >"$OUT/seed.out" 2>"$OUT/seed.err" || {
	cat "$OUT/seed.out" "$OUT/seed.err" >&2; exit 1; }
wall=$(awk '$1=="TIME" {s += $3} END {printf "%.3f", s}' "$OUT/seed.err")
overhead=$(awk -v w="$wall" -v d="$delays" 'BEGIN {printf "%.3f", w - d}')
rdr_sim_stop

printf '\n%-44s %12s\n' "REST benchmark" "result"
printf '%-44s %12s\n' "--------------------------------------------" "------------"
printf '%-44s %10s/s\n' "rdr client: GET hosts/ID + parse ($GETS)" "$rest_rate"
printf '%-44s %10s/s\n' "seed: curl | xmllint --xpath ($CURLS)" "$seed_rate"
printf '%-44s %10s s\n' "$NVMS VMs moved + started ($vms_calls calls)" "$vms_s"
printf '%-44s %10s s\n' "seed env workflow (x$SCALE time scale)" "$wall"
printf '%-44s %10s s\n' "  configured delays on the critical path" "$delays"
printf '%-44s %10s s\n' "  orchestration overhead" "$overhead"

$RECORD rest_get_per_s "$rest_rate" seed_curl_get_per_s "$seed_rate" \
	vms_10000_move_start_s "$vms_s" orchestration_overhead_s "$overhead"

fail=0
awk -v r="$rest_rate" 'BEGIN {exit !(r >= 5000)}' || { echo "rest_get_per_s $rest_rate < 5000"; fail=1; }
awk -v r="$vms_s" 'BEGIN {exit !(r <= 30)}' || { echo "vms_10000_move_start_s $vms_s > 30"; fail=1; }
awk -v r="$overhead" 'BEGIN {exit !(r <= 1)}' || { echo "orchestration_overhead_s $overhead > 1"; fail=1; }
exit $fail
