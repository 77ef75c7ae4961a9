#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

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

run_scenario progress_ticks
