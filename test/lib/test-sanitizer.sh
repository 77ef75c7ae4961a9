#!/bin/bash
# test/lib/test-sanitizer.sh: rdr_san_watch (common.sh) fails a run whose
# programs wrote a sanitizer report, wherever their stderr went: a leak at
# exit of a program whose output is thrown away, undefined behaviour, and
# a leak of a background service written only when the cleanup stops it.
# A run with no report keeps its exit code.  (A report on a stderr that is
# thrown away, which gcc's UBSan writes, cannot be caught.)  The programs are built here
# with gcc's ASan and UBSan (as SANITIZE=1 builds rdr's); without them the
# test is skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
source "$here/tap.sh"
T=$(rdr_tmpdir)

cat >"$T/prog.c" <<'EOF'
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void) sig;
	stop = 1;
}

/* prog clean|leak|ub|service: exit 0, after a leak, after signed overflow,
 * or wait for SIGTERM and then leak (as a service stopped at cleanup) */
int
main(int argc, char **argv)
{
	static char *volatile keep;
	volatile int big = INT_MAX;

	if (argc > 1 && strcmp(argv[1], "leak") == 0)
		keep = malloc(64);
	if (argc > 1 && strcmp(argv[1], "ub") == 0)
		big = big + 1;
	if (argc > 1 && strcmp(argv[1], "service") == 0)
	{
		signal(SIGTERM, on_term);
		while (!stop)
			usleep(10000);
		keep = malloc(64);
	}
	keep = NULL;
	return big == 0;
}
EOF
if ! gcc -g -O0 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-o "$T/prog" "$T/prog.c" >"$T/cc.err" 2>&1; then
	echo "1..0 # SKIP gcc cannot build with ASan and UBSan: $(head -1 "$T/cc.err")"
	exit 0
fi

# a run: rdr_san_watch, then $1's program, then exit $2
cat >"$T/run.sh" <<EOF
source '$here/common.sh'
rdr_san_watch || exit 9
case \$1 in
	service)
		'$T/prog' service &
		rdr_cleanup_push "kill \$!; wait \$!"
		sleep 0.2
		;;
	# UBSan's report is on stderr only (see rdr_san_watch): a log of the
	# run's temp dir holds it
	ub) '$T/prog' ub >"\$RDR_RUN_TMP/prog.log" 2>&1; echo "\$?" >'$T/ub.rc' ;;
	*) '$T/prog' \$1 >/dev/null 2>&1 ;;
esac
exit \$2
EOF

# case PROG RC WANT_RC [TEXT]: the run's exit code, and TEXT in its stderr
check()
{
	local prog=$1 rc=$2 want=$3 text=${4:-} got
	bash "$T/run.sh" "$prog" "$rc" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ] && { [ -z "$text" ] || grep -qF -- "$text" "$T/err"; } &&
		{ [ -n "$text" ] || [ ! -s "$T/err" ]; }; then
		ok "$prog, run exits $rc: exit $want${text:+, says \"$text\"}"
	else
		not_ok "$prog, run exits $rc: exit $want${text:+, says \"$text\"}" \
			"exit $got" "$(head -30 "$T/err")"
	fi
}

check clean 0 0
check clean 3 3
check clean 77 77
# a leak at exit, its stderr thrown away: the passing run fails
check leak 0 1 "ERROR: LeakSanitizer: detected memory leaks"
# a skipped run fails too; a failing one keeps its code
check leak 77 1 "LeakSanitizer"
check leak 3 3 "LeakSanitizer"
check ub 0 1 "runtime error: signed integer overflow"
# a program UBSan stops exits with a code of its own, not 1
tap_is "a program stopped by UBSan exits $RDR_SAN_UB_EXIT" "$RDR_SAN_UB_EXIT" "$(cat "$T/ub.rc")"
check ub 3 3 "runtime error: signed integer overflow"
# rdr_san_check_text: a captured output with a UBSan report fails the test
bash -c "source '$here/common.sh'; rdr_san_check_text 'x.c:1:2: runtime error: null pointer'; exit 0" 2>"$T/err"
rc=$?
tap_rc "rdr_san_check_text fails on a UBSan report" 1 "$rc" "$T/err" "FAIL: undefined behaviour"
bash -c "source '$here/common.sh'; rdr_san_check_text 'the runtime error: is not ours'; exit 0" 2>"$T/err"
rc=$?
tap_rc "rdr_san_check_text passes other text" 0 "$rc" "$T/err"
# the report a service writes when the cleanup stops it counts
check service 0 1 "ERROR: LeakSanitizer: detected memory leaks"

tap_done "sanitizer watch tests"
