#!/bin/bash
# test/e2e/bench-scale.sh [plan|fixed]: the RTO of a whole -dhs failover
# of bench/gen-scale.sh's world (50 hosts, 1,000 VMs in 5 groups) against
# rdr-sim at RDR_SCALE_TIME_SCALE (default 0.5, so
# rdr's own fixed costs -- backup, polls -- weigh as they
# would against the real delays), recorded into
# bench/results.json:
#
#   rto_1000_vms_s              plan.conf (groups, dependencies, ready=ip)
#   rto_floor_1000_vms_s        the critical path of the simulator's own
#                               delays for that plan (gen-scale.sh), scaled
#   rto_1000_vms_fixed_delays_s fixed.conf (the seed's way, 60 s guesses)
#
# Without an argument it runs both, each in its own process with its own
# services (PostgreSQL, nfs-stub, rdr-sim), and records the three keys; the
# ratio rto_1000_vms_s / rto_floor_1000_vms_s is printed.  Benchmarks
# assert nothing about time; a failed failover fails the benchmark.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 0 ]; then
	top=$(cd "$here/../.." && pwd)
	plan=$(bash "$0" plan) || { echo "$plan"; exit 1; }
	fixed=$(bash "$0" fixed) || { echo "$fixed"; exit 1; }
	printf '%s\n' "$plan" "$fixed" | grep '^\[\['
	plan=$(tail -1 <<<"$plan")
	fixed=$(tail -1 <<<"$fixed")
	floor=${plan#* }
	plan=${plan%% *}
	fixed=${fixed%% *}
	printf '%-30s %10s\n' metric value
	printf '%-30s %10.1f\n' rto_1000_vms_s "$plan" rto_floor_1000_vms_s "$floor" \
		rto_1000_vms_fixed_delays_s "$fixed"
	echo "ratio rto / floor: $(echo "scale=3; $plan / $floor" | bc)"
	sh "$top/bench/record.sh" rto_1000_vms_s "$(printf '%.1f' "$plan")" \
		rto_floor_1000_vms_s "$(printf '%.1f' "$floor")" \
		rto_1000_vms_fixed_delays_s "$(printf '%.1f' "$fixed")"
	exit
fi

source "$here/scenario-lib.sh"
kind=$1
E2E_TIME_SCALE=${RDR_SCALE_TIME_SCALE:-0.5}
gen=$(rdr_tmpdir)
bash "$RDR_TOP/bench/gen-scale.sh" "$gen"
e2e_db nfs || rdr_fail "database"
# the seed-style run lasts longer than fake-engine.sh's 300 s of rdr-sim
e2e_engine "$gen/scale.scenario" --max-seconds 3600 || rdr_fail "engine"
T=$(rdr_tmpdir)
CONF=$T/rdr.conf
REPORT=$T/report.json
e2e_config "$CONF" "${NFS_LINES[@]}" || rdr_fail "config"
# the scale world's hosts have their NICs cabled: no VIRT_NET
sed -i -E '/^(START_VM|VIRT_NET|CONFIG +(vm|host|spm)_timeout|CONFIG +poll_ms)/d' "$CONF"
{
	echo "CONFIG vm_timeout 900"
	echo "CONFIG host_timeout 900"
	echo "CONFIG spm_timeout 900"
	echo "CONFIG poll_ms ${RDR_SCALE_POLL_MS:-100}"
	cat "$gen/$kind.conf"
} >>"$CONF"
out=$(timeout 1800 "$RDR_FAILOVER" -q -c "$CONF" --report "$REPORT" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { tail -40 <<<"$out"; rdr_fail "the $kind failover exited with $rc"; }
[ "$(jq '[.vm_starts[] | select(.ok)] | length' "$REPORT")" = 1000 ] ||
	rdr_fail "not 1000 VMs started"
# RDR_SCALE_REPORT=FILE keeps the report (where did the time go?)
[ -z "${RDR_SCALE_REPORT:-}" ] || cp "$REPORT" "$RDR_SCALE_REPORT-$kind.json"
jq -c "[.steps[] | [.name, .seconds]]" "$REPORT"
echo "$(jq .rto_seconds "$REPORT") $(echo "$(cat "$gen/floor") * $E2E_TIME_SCALE" | bc)"
