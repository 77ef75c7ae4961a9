#!/bin/bash
# test/lib/check-leftovers.sh RUN: what a test run tagged RUN left behind.
#
# test/Makefile's check exports RDR_TEST_RUN=RUN to every area; common.sh
# puts RUN in the name of each temp dir it makes (/tmp/rdr-test.RUN.*) and
# every process a test starts inherits the variable.  After the areas have
# ended, each such dir still there and each such process still alive is a
# leftover: a cleanup that did not run (a push made in a subshell, a
# service not stopped).  Other checkouts' runs and the CI share /tmp and
# carry other tags, so they never count.  The processes are found by
# their environment (root reads every /proc/PID/environ) and by a command
# line naming one of the run's dirs (a service started through su or
# runuser, whose environment was reset); this script and its callers
# (make, the recipe's shell) carry the tag and are skipped.
# Prints each leftover; exit 0 when there is none, 1 otherwise, 2 on a
# usage error.
set -u
run=${1:-}
case $run in
	'' | *[!A-Za-z0-9_-]*)
		echo "usage: check-leftovers.sh RUN (letters, digits, - and _)" >&2
		exit 2 ;;
esac

# scan: print every leftover; false when there is one.  One grep reads
# every process's environment and one every command line (a fork per
# process is minutes on a loaded machine).
scan()
{
	local d f pid cmd bad=0 me=$BASHPID
	for d in /tmp/rdr-test."$run".*; do
		[ -e "$d" ] || continue
		echo "leftover temp dir: $d ($(find "$d" | wc -l) entries)"
		bad=1
	done
	for f in $( (grep -lzxF "RDR_TEST_RUN=$run" /proc/[0-9]*/environ
		grep -lzF "/tmp/rdr-test.$run." /proc/[0-9]*/cmdline) 2>/dev/null | sort -u); do
		pid=${f#/proc/}
		pid=${pid%%/*}
		[[ $skip == *" $pid "* ]] || [ "$pid" = "$me" ] && continue
		# a process gone by now, a zombie or a kernel thread reads as empty
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")
		[ -n "$cmd" ] || continue
		# this scan's own pipelines
		[ "$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" = "$me" ] && continue
		echo "leftover process $pid: ${cmd:0:200}"
		bad=1
	done
	return $bad
}

# this script and its ancestors, which carry the tag legitimately
skip=" "
p=$$
while [ "$p" -gt 1 ] 2>/dev/null; do
	skip="$skip$p "
	p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || break
done

# a service signalled by a cleanup may take a moment to go: 5 looks, 1 s apart
for try in 1 2 3 4 5; do
	if out=$(scan); then
		echo "leftovers: no temp dir and no process left by test run $run"
		exit 0
	fi
	[ $try -lt 5 ] && sleep 1
done
printf '%s\n' "$out"
exit 1
