# test/lib/common.sh: shared helpers for rdr's shell test harnesses.
#
# Source it from bash.  It gives a per-run temp dir, free ports, and a
# cleanup stack that runs on every exit (success, failure, Ctrl-C), so test
# services never outlive the run and two runs never collide.
# shellcheck shell=bash

RDR_TOP=${RDR_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
RDR_CLEANUP=()

# rdr_cleanup_push CMD: run CMD (a string, eval'd) at exit, last pushed first.
rdr_cleanup_push()
{
	RDR_CLEANUP+=("$1")
}

rdr_cleanup_run()
{
	local i
	for ((i = ${#RDR_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${RDR_CLEANUP[$i]}" >/dev/null 2>&1 || true
	done
	RDR_CLEANUP=()
}

# shellcheck disable=SC2154 # rc is set by the trap's own first command
trap 'rc=$?; rdr_cleanup_run; rdr_san_verdict; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One temp dir per run, made here in the sourcing shell: rdr_tmpdir is
# called inside $(...), a subshell, where a cleanup it pushed would be lost.
# World-traversable so the postgres user can reach sockets and data dirs.
# Under make check, its name carries the run's tag RDR_TEST_RUN, so that
# test/lib/check-leftovers.sh finds what this run left behind.
RDR_RUN_TMP=$(mktemp -d "/tmp/rdr-test.${RDR_TEST_RUN:+$RDR_TEST_RUN.}XXXXXX")
chmod 755 "$RDR_RUN_TMP"
rdr_cleanup_push "rm -rf '$RDR_RUN_TMP'"

# rdr_san_watch: catch the sanitizer reports of every program this run
# starts.  Under SANITIZE=1 a report goes to the program's stderr, which a
# test may never read: a background rdr-sim's log, an rdr-failover whose
# output is captured and whose exit code a leak turns from 0 into 1 but
# leaves at 1 (a test expecting 1 passes).  Here ASan and LSan write their
# reports to files of RDR_SAN_DIR instead (log_path, one file per process;
# the options are inherited by the programs those programs start, and the
# directory is writable by the postgres user's server).  gcc's UBSan runtime
# (libubsan, beside libasan) ignores log_path in a program built with both:
# its reports stay on stderr, so the files of the run's temp dir (services'
# logs, saved outputs) are searched for them, and a program it stops exits
# with RDR_SAN_UB_EXIT, not 1, which no test expects.  At exit, once every
# service is stopped (so a report written at its exit counts), any report
# is printed and fails the run (exit 1).  Call it before the first service
# is started; rdr_san_check_text checks a captured output.  Programs built
# without sanitizers ignore the options.
RDR_SAN_UB_EXIT=86
RDR_SAN_UB_RE='^[^ ]+:[0-9]+:[0-9]+: runtime error: '
rdr_san_watch()
{
	RDR_SAN_DIR=$RDR_RUN_TMP/sanitizer
	mkdir -p "$RDR_SAN_DIR" && chmod 1777 "$RDR_SAN_DIR" || return 1
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$RDR_SAN_DIR/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:exitcode=$RDR_SAN_UB_EXIT:log_path=$RDR_SAN_DIR/ubsan"
	# runs after the services pushed later, before the temp dir is removed
	rdr_cleanup_push rdr_san_collect
}

# rdr_san_collect: the reports of RDR_SAN_DIR, and the files of the run's
# temp dir that hold a UBSan report, into RDR_SAN_REPORTS.
rdr_san_collect()
{
	local f
	RDR_SAN_REPORTS=""
	for f in "$RDR_SAN_DIR"/*; do
		[ -s "$f" ] || continue
		RDR_SAN_REPORTS+="==> $(basename "$f") <=="$'\n'"$(cat "$f")"$'\n'
	done
	while IFS= read -r f; do
		RDR_SAN_REPORTS+="==> $f <=="$'\n'"$(grep -E -A12 "$RDR_SAN_UB_RE" "$f" | head -40)"$'\n'
	done < <(grep -r -I -l -E --exclude-dir=sanitizer "$RDR_SAN_UB_RE" "$RDR_RUN_TMP" 2>/dev/null)
}

# rdr_san_check_text TEXT: fail (rdr_fail) when TEXT, a program's captured
# output, holds a UBSan report.
rdr_san_check_text()
{
	grep -qE -- "$RDR_SAN_UB_RE" <<<"$1" || return 0
	printf '%s\n' "$1" >&2
	rdr_fail "undefined behaviour (UBSan report above)"
}

# rdr_san_verdict: at exit, after the cleanup: a sanitizer report makes a
# passing or skipped run (rc 0 or 77) fail with 1.
rdr_san_verdict()
{
	[ -n "${RDR_SAN_REPORTS:-}" ] || return 0
	printf 'FAIL: sanitizer report(s):\n%s' "$RDR_SAN_REPORTS" >&2
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
		rc=1
	fi
}

# rdr_tmpdir: print a fresh temp dir inside the run's; removed at exit.
rdr_tmpdir()
{
	local d
	d=$(mktemp -d "$RDR_RUN_TMP/d.XXXXXX")
	chmod 755 "$d"
	echo "$d"
}

# Reservations shared by every test run on this machine (every checkout,
# every scenario or area running concurrently): a number a test takes for
# a service (a TCP port, a tgtd control socket) is reserved before the
# service binds it, so two runs cannot both find it free and then race
# for the bind.  A reservation is a symlink RDR_RESERVE_DIR/SPACE.NUMBER
# whose target is its owner, RDR_OWNER: "PID:STARTTIME" of the shell that
# sourced this file ($$, also in its $(...) subshells; the start time so
# a reused PID is not taken for it).  Reservations are made under one
# lock (flock, held for milliseconds, dropped by the kernel if its holder
# dies), released by the owner's cleanup at exit, and taken over, under
# the same lock, once the owner is gone (a run killed with SIGKILL).
RDR_RESERVE_DIR=${RDR_RESERVE_DIR:-/tmp/rdr-reservations}

# rdr_proc_token PID: "PID:STARTTIME" of PID if it is alive (not a zombie).
rdr_proc_token()
{
	local st f
	read -r st 2>/dev/null <"/proc/$1/stat" || return 1
	st=${st##*) }
	read -r -a f <<<"$st"
	[ "${f[0]}" != Z ] || return 1
	echo "$1:${f[19]}"
}
RDR_OWNER=$(rdr_proc_token $$) ||
	{ echo "test/lib/common.sh: cannot read /proc/$$/stat" >&2; exit 1; }
# pushed before any service: runs after every service is stopped
rdr_cleanup_push rdr_reserve_release

# rdr_reserve_free SPACE LOW HIGH IN_USE: print a number of [LOW, HIGH),
# random, with no live reservation in SPACE and for which the command
# IN_USE NUMBER fails (nothing uses it now), reserved for this run.
rdr_reserve_free()
{
	local space=$1 low=$2 high=$3 in_use=$4 count
	count=$((high - low))
	mkdir -p "$RDR_RESERVE_DIR" && chmod 1777 "$RDR_RESERVE_DIR" 2>/dev/null
	(
		flock -w 60 9 || { echo "rdr_reserve_free: $RDR_RESERVE_DIR/.lock held for 60 s" >&2; exit 1; }
		# 200 random tries, or each number once in a range of fewer
		n=$((low + (RANDOM * 32768 + RANDOM) % count))
		for ((tries = 0; tries < (count < 200 ? count : 200); tries++)); do
			if [ "$count" -lt 200 ]; then
				n=$((low + (n - low + 1) % count))
			else
				n=$((low + (RANDOM * 32768 + RANDOM) % count))
			fi
			r=$RDR_RESERVE_DIR/$space.$n
			if [ -L "$r" ]; then
				owner=$(readlink "$r")
				[ -n "$owner" ] && [ "$(rdr_proc_token "${owner%%:*}")" = "$owner" ] && continue
				rm -f "$r"
			fi
			"$in_use" "$n" && continue
			ln -s "$RDR_OWNER" "$r" || continue
			echo "$n"
			exit 0
		done
		echo "rdr_reserve_free: no free $space number in [$low, $high)" >&2
		exit 1
	) 9>>"$RDR_RESERVE_DIR/.lock"
}

# rdr_reserve_release: drop this run's reservations (at exit, after the
# services that used them are stopped: it is pushed before any of them).
rdr_reserve_release()
{
	find "$RDR_RESERVE_DIR" -maxdepth 1 -lname "$RDR_OWNER" -delete 2>/dev/null
	return 0
}

# rdr_port_in_use PORT: some TCP socket (listening, connected, TIME_WAIT)
# has PORT on this machine.
rdr_port_in_use()
{
	ss -Htan "sport = :$1" 2>/dev/null | grep -q .
}

# rdr_free_port: print a TCP port on 127.0.0.1 that no socket uses,
# reserved for this run (see above).  Chosen below the kernel's ephemeral
# range (ip_local_port_range), where outgoing connections and bind(0)
# take their ports and could make a later bind fail with "Address already
# in use"; random, so concurrent runs seldom even try the same one.
rdr_free_port()
{
	local low=32768
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
	[ "$low" -gt 12000 ] || low=32768
	rdr_reserve_free port 10000 "$low" rdr_port_in_use
}

# rdr_wait_port PORT [SECONDS]: wait until something listens on PORT.
rdr_wait_port()
{
	local port=$1 limit=${2:-30} i=0
	while [ $i -lt $((limit * 10)) ]; do
		ss -Htln "sport = :$port" 2>/dev/null | grep -q . && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "rdr_wait_port: nothing listens on port $port after ${limit}s" >&2
	return 1
}

# rdr_fail MSG: print a test failure and exit non-zero (cleanup runs).
rdr_fail()
{
	echo "FAIL: $*" >&2
	exit 1
}
