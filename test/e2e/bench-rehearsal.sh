#!/bin/bash
# test/e2e/bench-rehearsal.sh: rehearsal_overhead_s, what a rehearsal
# costs beyond its manager's delays: the wall time of rdr-failover
# --rehearse on the seed's NFS world (pg_dump, initdb, restore, the
# simulator's start, the real steps, the teardown) minus the delays of its
# timing model that a failover waits for (engine start, activation, SPM
# contention, one VM's launch and power-up, at REHEARSAL time_scale) and
# the START_VM delays (at CONFIG delay_scale).  Written to
# bench/results.json with rehearsal_wall_s.
source "$(dirname "$0")/scenario-lib.sh"
source "$(dirname "$0")/rehearse-lib.sh"

rehearse_db nfs
e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
T=$(rdr_tmpdir)
CONF=$T/rdr.conf
REPORT=$T/report.json
e2e_config "$CONF" "${NFS_LINES[@]}"
rehearse_config
t0=$(date +%s.%N)
e2e_failover -c "$CONF" --rehearse --report "$REPORT"
t1=$(date +%s.%N)
expect_rc 0
# the defaults of REHEARSAL (configuration.md) and the world's START_VM delays
delays=$(awk -v s="$E2E_TIME_SCALE" 'BEGIN { printf "%.3f", s * (30 + 60 + 180 + 5 + 20) + s * (5 + 10 + 5 + 5) }')
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
overhead=$(awk -v w="$wall" -v d="$delays" 'BEGIN { printf "%.2f", w - d }')
printf '%-24s %10s\n' metric value
printf '%-24s %10s\n' rehearsal_wall_s "$wall" rehearsal_delays_s "$delays" rehearsal_overhead_s "$overhead"
sh "$RDR_TOP/bench/record.sh" rehearsal_overhead_s "$overhead" rehearsal_wall_s "$wall"
