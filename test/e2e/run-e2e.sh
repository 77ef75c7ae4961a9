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
set -u
here=$(cd "$(dirname "$0")" && pwd)

ALL=$(
	cat "$here/scenarios/ORDER"
	for f in "$here"/scenarios/*.sh; do
		n=$(basename "$f" .sh)
		grep -qx "$n" "$here/scenarios/ORDER" || echo "$n"
	done
)
ALL=$(echo $ALL)

if [ $# -eq 0 ]; then
	failed=""
	n=0
	for s in $ALL; do
		n=$((n + 1))
		start=$(date +%s.%N)
		if bash "$here/scenarios/$s.sh" >"/tmp/rdr-e2e-$s.$$.log" 2>&1; then
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

for s in "$@"; do
	[ -f "$here/scenarios/$s.sh" ] || { echo "unknown scenario: $s (one of: $ALL)" >&2; exit 2; }
done
rc=0
for s in "$@"; do
	bash "$here/scenarios/$s.sh" || rc=$?
done
exit $rc
