#!/bin/bash
# test/e2e/run-e2e.sh [SCENARIO...]: end-to-end failovers with rdr-failover
# against real services: PostgreSQL with the rdr extension and the seed's
# site-A rhevm data, tgtd serving the seed's site-B iSCSI target, the
# fibre hypervisor behind sshd, and the fake engine (rdr-sim + a database
# pool session).  Each scenario is a file of scenarios/ (NAME.sh, sourcing
# scenario-lib.sh); scenarios/ORDER gives the order of a full run, and a
# file it does not list runs after those it does.  Every scenario runs in
# its own process with its own services, so one failure cannot leak into
# the next.
#
# Each scenario asserts exit codes, messages, the exact rows of the
# database afterwards, the JSON report and the simulator's state.
#
# Without arguments, every scenario runs, RDR_TEST_JOBS (default 4) at a
# time: they mostly wait (for services, the simulator's scaled delays, the
# driver's polls), and each has its own temp dir, reserved ports and
# services (test/lib/common.sh), so they cannot meet.  Each one's output
# is kept and the results are printed as TAP in the order of ORDER, a
# failure with the last 40 lines of its output; the slowest of the last
# run (build/e2e-times) start first.  With SCENARIO names, those run one
# after the other with their output as it comes.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

ALL=$(
	cat "$here/scenarios/ORDER"
	for f in "$here"/scenarios/*.sh; do
		n=$(basename "$f" .sh)
		grep -qx "$n" "$here/scenarios/ORDER" || echo "$n"
	done
)
ALL=$(echo $ALL)

if [ $# -gt 0 ]; then
	for s in "$@"; do
		[ -f "$here/scenarios/$s.sh" ] || { echo "unknown scenario: $s (one of: $ALL)" >&2; exit 2; }
	done
	rc=0
	for s in "$@"; do
		bash "$here/scenarios/$s.sh" || rc=$?
	done
	exit $rc
fi

jobs=${RDR_TEST_JOBS:-4}
case $jobs in
	'' | *[!0-9]* | 0*) echo "run-e2e.sh: RDR_TEST_JOBS must be a positive integer, not \"$jobs\"" >&2; exit 2 ;;
esac

read -r -a names <<<"$ALL"
total=${#names[@]}
logs=$(mktemp -d /tmp/rdr-e2e.XXXXXX) || exit 2
times=$top/build/e2e-times

# start order: the slowest of the last run first, so the run does not end
# waiting for one long scenario started last; unknown ones first of all
order=$(
	for ((i = 0; i < total; i++)); do
		t=$(awk -v s="${names[$i]}" '$1 == s { print $2 }' "$times" 2>/dev/null)
		echo "${t:-9999} $i"
	done | sort -k1,1nr -k2,2n | awk '{ print $2 }'
)
read -r -a order <<<"$(echo $order)"

declare -A index_of_pid=()
start_time=()
rc_of=()
secs_of=()

# stop_all RC: end the running scenarios, then exit RC.  Each runs in a
# session of its own (setsid): SIGTERM goes to all its processes, and the
# scenario's shell cleans up once its current command has ended.
stop_all()
{
	local p
	for p in "${!index_of_pid[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
	wait
	rm -rf "$logs"
	exit "$1"
}
trap 'stop_all 130' INT
trap 'stop_all 143' TERM

# report I: the TAP line of scenario I, and its output's tail if it failed
failed=""
report()
{
	local i=$1 s=${names[$1]} n=$(($1 + 1))
	case ${rc_of[$i]} in
		0) printf 'ok %d - %s (%.1f s)\n' "$n" "$s" "${secs_of[$i]}" ;;
		77) printf 'ok %d - %s # SKIP %s\n' "$n" "$s" "$(tail -1 "$logs/$i.log")" ;;
		*)
			printf 'not ok %d - %s (exit %d, %.1f s)\n' "$n" "$s" "${rc_of[$i]}" "${secs_of[$i]}"
			sed 's/^/    /' "$logs/$i.log" | tail -40
			failed="$failed $s"
			;;
	esac
}

started=0
printed=0
while [ $printed -lt $total ]; do
	while [ ${#index_of_pid[@]} -lt "$jobs" ] && [ $started -lt $total ]; do
		i=${order[$started]}
		start_time[$i]=$(date +%s.%N)
		setsid bash "$here/scenarios/${names[$i]}.sh" >"$logs/$i.log" 2>&1 </dev/null &
		index_of_pid[$!]=$i
		started=$((started + 1))
	done
	pid=
	wait -n -p pid
	rc=$?
	[ -n "$pid" ] || { echo "run-e2e.sh: no scenario left to wait for (wait: $rc)" >&2; stop_all 2; }
	if [ -n "$pid" ] && [ -n "${index_of_pid[$pid]:-}" ]; then
		i=${index_of_pid[$pid]}
		unset "index_of_pid[$pid]"
		rc_of[$i]=$rc
		secs_of[$i]=$(echo "$(date +%s.%N) - ${start_time[$i]}" | bc)
	fi
	while [ $printed -lt $total ] && [ -n "${rc_of[$printed]:-}" ]; do
		report $printed
		printed=$((printed + 1))
	done
done
echo "1..$total"

# the durations, for the next run's start order
if mkdir -p "$top/build" 2>/dev/null; then
	for ((i = 0; i < total; i++)); do
		printf '%s %.1f\n' "${names[$i]}" "${secs_of[$i]}"
	done >"$times.$$" && mv "$times.$$" "$times"
fi
rm -rf "$logs"
[ -z "$failed" ] || { echo "e2e FAILED:$failed"; exit 1; }
echo "e2e: all $total scenarios passed ($jobs at a time)"
exit 0
