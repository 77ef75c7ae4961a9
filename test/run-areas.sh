#!/bin/bash
# test/run-areas.sh TARGET AREA...: make TARGET in each test area (test/AREA),
# for test/Makefile.
#
# check runs RDR_TEST_JOBS areas (default 3) at a time: most of an area's
# time is spent waiting for its services and timeouts, and each test
# takes its ports, temp dirs and services for itself (test/lib/common.sh).
# Each area's output is kept and printed whole, in the order given, as
# soon as it and every area before it have ended, with its wall time; the
# slowest areas of the last run (build/area-times) start first.  bench and
# fuzz run one area at a time (a bench measures time, a fuzzer takes a
# core).  A failing area does not stop the others but fails the run.
# MAKE is the make to run (test/Makefile passes its own, so the areas
# share its job server).
set -u
target=${1:?usage: run-areas.sh check|bench|fuzz AREA...}
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
make=${MAKE:-make}
areas=("$@")
total=${#areas[@]}

jobs=${RDR_TEST_JOBS:-3}
case $jobs in
	'' | *[!0-9]* | 0*) echo "run-areas.sh: RDR_TEST_JOBS must be a positive integer, not \"$jobs\"" >&2; exit 2 ;;
esac
[ "$target" = check ] || jobs=1

if [ "$jobs" = 1 ]; then
	failed=""
	for a in "${areas[@]}"; do
		echo "=== test/$a: $target"
		$make -C "$here/$a" "$target" || failed="$failed $a"
	done
	[ -z "$failed" ] || { echo "=== $target FAILED in:$failed"; exit 1; }
	echo "=== $target: all areas passed (${areas[*]})"
	exit 0
fi

logs=$(mktemp -d /tmp/rdr-areas.XXXXXX) || exit 2
times=$top/build/area-times

# start order: the slowest of the last run first; without a last run,
# those of RDR_AREAS_FIRST (test/Makefile: the known slow ones) in its
# order, then the others
first=" ${RDR_AREAS_FIRST:-} "
read -r -a order <<<"$(
	for ((i = 0; i < total; i++)); do
		t=$(awk -v a="${areas[$i]}" '$1 == a { print $2 }' "$times" 2>/dev/null)
		if [ -z "$t" ] && [[ $first == *" ${areas[$i]} "* ]]; then
			k=${first%% "${areas[$i]}" *}
			t=$((100000 - ${#k}))
		fi
		echo "${t:-0} $i"
	done | sort -k1,1nr -k2,2n | awk '{ print $2 }' | tr '\n' ' '
)"

declare -A index_of_pid=()
start_time=()
rc_of=()
secs_of=()

# stop_all RC: end the running areas (each in its own session), exit RC
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

failed=""
started=0
printed=0
while [ $printed -lt $total ]; do
	while [ ${#index_of_pid[@]} -lt "$jobs" ] && [ $started -lt $total ]; do
		i=${order[$started]}
		start_time[$i]=$(date +%s.%N)
		setsid $make -C "$here/${areas[$i]}" "$target" >"$logs/$i.log" 2>&1 </dev/null &
		index_of_pid[$!]=$i
		started=$((started + 1))
	done
	pid=
	wait -n -p pid
	rc=$?
	[ -n "$pid" ] || { echo "run-areas.sh: no area left to wait for (wait: $rc)" >&2; stop_all 2; }
	if [ -n "${index_of_pid[$pid]:-}" ]; then
		i=${index_of_pid[$pid]}
		unset "index_of_pid[$pid]"
		rc_of[$i]=$rc
		secs_of[$i]=$(echo "$(date +%s.%N) - ${start_time[$i]}" | bc)
	fi
	while [ $printed -lt $total ] && [ -n "${rc_of[$printed]:-}" ]; do
		a=${areas[$printed]}
		echo "=== test/$a: $target"
		cat "$logs/$printed.log"
		if [ "${rc_of[$printed]}" = 0 ]; then
			printf '=== test/%s: passed (%.1f s)\n' "$a" "${secs_of[$printed]}"
		else
			printf '=== test/%s: FAILED (exit %d, %.1f s)\n' "$a" "${rc_of[$printed]}" "${secs_of[$printed]}"
			failed="$failed $a"
		fi
		printed=$((printed + 1))
	done
done

if mkdir -p "$top/build" 2>/dev/null; then
	for ((i = 0; i < total; i++)); do
		printf '%s %.1f\n' "${areas[$i]}" "${secs_of[$i]}"
	done >"$times.$$" && mv "$times.$$" "$times"
fi
rm -rf "$logs"
[ -z "$failed" ] || { echo "=== $target FAILED in:$failed"; exit 1; }
echo "=== $target: all areas passed (${areas[*]}; $jobs at a time)"
