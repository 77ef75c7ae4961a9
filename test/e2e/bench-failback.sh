#!/bin/bash
# test/e2e/bench-failback.sh: rdr's own time in a round trip of the seed's
# NFS world (--planned failover, then --failback --planned), recorded in
# bench/results.json:
#   failback_overhead_s     the way back (--failback --planned), limit 1 s
#   round_trip_overhead_s   both ways, limit 1 s
#
# The simulator runs at time scale 0 and the configured delays are scaled
# to 0 (CONFIG delay_scale), so no transition of a host or VM waits: what
# the steps still take is rdr's work (reading and writing the database,
# probing, planning, its API calls and the polls that notice a state),
# which is what the metric is.  The steps that only wait for an outside
# command are left out (START_VM's waits are scaled to 25 ms and counted): the backup (pg_dump and pg_restore --list), the
# engine's stop and start commands, and the storage switch script.
source "$(dirname "$0")/scenario-lib.sh"
source "$(dirname "$0")/planned-lib.sh"

# own_seconds REPORT: the seconds of the steps that are rdr's own work.
own_seconds()
{
	jq '[.steps[] | select(.name != "backup" and .name != "engine_stop" and
		.name != "engine_start" and .name != "storage_switch") | .seconds] | add' "$1"
}

bench_failback()
{
	local there back total r
	E2E_TIME_SCALE=0
	setup_planned
	# notice each state as soon as the manager shows it; START_VM's waits
	# (25 s) are the operator's, scaled to 25 ms (a scale of 0 means 1)
	sed -i -e 's/^CONFIG    poll_ms      100$/CONFIG    poll_ms      10/' \
		-e 's/^CONFIG    delay_scale  0$/CONFIG    delay_scale  0.001/' "$CONF"
	grep -q 'poll_ms      10$' "$CONF" && grep -q 'delay_scale  0.001$' "$CONF" ||
		rdr_fail "poll_ms, delay_scale"
	e2e_failover -c "$CONF" --planned --report "$T/there.json"
	expect_rc 0
	e2e_failover -c "$CONF" --failback --planned --report "$T/back.json"
	expect_rc 0
	# where the time goes, step by step (rdr's own steps and the others)
	for r in there back; do
		jq -r --arg r "$r" '.steps[] | "\($r) \(.name) \(.seconds)"' "$T/$r.json"
	done
	there=$(own_seconds "$T/there.json")
	back=$(own_seconds "$T/back.json")
	total=$(awk -v a="$there" -v b="$back" 'BEGIN {printf "%.3f", a + b}')
	printf '%-36s %10s s\n' "failover --planned, rdr's steps" "$there"
	printf '%-36s %10s s\n' "failback --planned, rdr's steps" "$back"
	printf '%-36s %10s s\n' "round trip" "$total"
	sh "$RDR_TOP/bench/record.sh" failback_overhead_s "$back" round_trip_overhead_s "$total"
	awk -v r="$back" 'BEGIN {exit !(r <= 1)}' || rdr_fail "failback_overhead_s $back > 1"
	awk -v r="$total" 'BEGIN {exit !(r <= 1)}' || rdr_fail "round_trip_overhead_s $total > 1"
}

bench_failback
