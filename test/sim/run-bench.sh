#!/bin/bash
# test/sim/run-bench.sh: rdr-sim throughput, recorded in bench/results.json.
#
#   sim_hosts_get_per_s      GET /api/hosts/ID from one keep-alive client (3 s)
#   sim_vms_10000_list_s     one GET /api/vms of a 10,000-VM scenario
#   sim_vms_10000_move_start_s  10,000 PUT vms/ID + POST vms/ID/start, one client
# The client's own benchmark (rest_get_per_s) is in test/driver; these
# numbers show the simulator is not its bottleneck.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/sim.sh"
B=$here/bench_get
T=$(rdr_tmpdir)

rdr_sim_start "$RDR_TOP/test/fixtures/sim/seed.scenario" --time-scale 0 --threads 2 --max-seconds 60
read -r _ _ get_rate < <("$B" get "$RDR_SIM_URL/hosts/805bb14c-2505-11e1-b809-0025b3a9b001" 3 \
	"$RDR_SIM_CA" "$RDR_SIM_USER" "$RDR_SIM_PASSWORD_FILE")
rdr_sim_stop

cat >"$T/big.scenario" <<SCEN
datacenter D
cluster A datacenter=D
cluster B datacenter=D id=9495276a-205a-11e1-9bb5-001871eba039
host h cluster=B state=up spm=yes
storage_domain Data datacenter=D type=data master=yes
vms 10000 prefix=bench- cluster=A
SCEN
rdr_sim_start "$T/big.scenario" --time-scale 0 --threads 2 --max-seconds 120
list_s=$(curl -sS -o /dev/null -w '%{time_total}' --cacert "$RDR_SIM_CA" \
	-u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" "$RDR_SIM_URL/vms")
read -r _ ms_s < <("$B" movestart "$RDR_SIM_URL" 10000 9495276a-205a-11e1-9bb5-001871eba039 \
	"$RDR_SIM_CA" "$RDR_SIM_USER" "$RDR_SIM_PASSWORD_FILE")
up=$(curl -sS --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
	"$RDR_SIM_URL/vms?search=cluster%3DB" | xmllint --xpath 'count(/vms/vm[status/state="up"])' -)
rdr_sim_stop
[ "$up" = 10000 ] || { echo "bench: only $up of 10000 VMs up" >&2; exit 1; }

printf '%-34s %12s\n' "rdr-sim benchmark" "value"
printf '%-34s %12s\n' "GET /hosts/ID per s (1 client)" "$get_rate"
printf '%-34s %12s\n' "GET /vms, 10,000 VMs (s)" "$list_s"
printf '%-34s %12s\n' "10,000 VM move+start (s)" "$ms_s"
"$RDR_TOP/bench/record.sh" sim_hosts_get_per_s "$get_rate" \
	sim_vms_10000_list_s "$list_s" sim_vms_10000_move_start_s "$ms_s"
