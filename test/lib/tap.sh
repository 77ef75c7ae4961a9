# test/lib/tap.sh: the one TAP helper of rdr's shell tests.
#
# Source it from bash.  Each test point prints "ok N - DESC" or
# "not ok N - DESC" (the Test Anything Protocol, as prove and PostgreSQL's
# TAP harness read it), with diagnostics as "#   " lines; tap_done prints
# the plan "1..N" and a summary, and is the script's status.  The counters
# are TAP_N and TAP_FAILED.  A script whose failures need more context (a
# service's log, a tool's output) names a function in TAP_ON_FAIL, whose
# output follows each "not ok".
# shellcheck shell=bash

TAP_N=0
TAP_FAILED=0
TAP_ON_FAIL=

# ok DESC...: a passed test point.
ok()
{
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

# not_ok DESC [DETAIL...]: a failed test point, each DETAIL a diagnostic.
not_ok()
{
	local desc=$1 d
	shift
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $desc"
	for d in "$@"; do
		printf '%s\n' "$d" | sed 's/^/#   /'
	done
	if [ -n "$TAP_ON_FAIL" ]; then
		"$TAP_ON_FAIL" | sed 's/^/#   /'
	fi
}

# tap_is DESC WANT GOT: ok when the strings are equal.
tap_is()
{
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected [$2], got [$3]"
	fi
}

# tap_run DESC CMD...: ok when CMD succeeds; else its output (40 lines)
# as the diagnostics.  CMD runs in this shell: it may set variables.
tap_run()
{
	local desc=$1 f
	shift
	f=$(mktemp "${RDR_RUN_TMP:-/tmp}/tap-run.XXXXXX") || return 1
	if "$@" >"$f" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "$(head -40 "$f")"
	fi
	rm -f "$f"
}

# tap_rc DESC WANT_RC GOT_RC [ERRFILE [TEXT]]: a command's exit status,
# and TEXT in its ERRFILE when given.  A failure shows ERRFILE and ends the
# script ("Bail out!"): for tests whose later steps build on earlier ones.
tap_rc()
{
	local desc=$1 want=$2 got=$3 errf=${4:-} text=${5:-} why=
	if [ "$got" != "$want" ]; then
		why="exit $got, expected $want"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$errf"; then
		why="message lacks \"$text\""
	fi
	if [ -z "$why" ]; then
		ok "$desc"
		return 0
	fi
	if [ -n "$errf" ] && [ -s "$errf" ]; then
		not_ok "$desc" "$why" "$(head -40 "$errf")"
	else
		not_ok "$desc" "$why"
	fi
	echo "Bail out! $desc"
	exit 1
}

# tap_done [WHAT]: the plan and a summary line; true when no point failed.
tap_done()
{
	local what=${1:-tests}
	echo "1..$TAP_N"
	if [ "$TAP_FAILED" -gt 0 ]; then
		echo "# $TAP_FAILED of $TAP_N $what FAILED"
		return 1
	fi
	echo "# all $TAP_N $what passed"
}
