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
trap 'rc=$?; rdr_cleanup_run; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One temp dir per run, made here in the sourcing shell: rdr_tmpdir is
# called inside $(...), a subshell, where a cleanup it pushed would be lost.
# World-traversable so the postgres user can reach sockets and data dirs.
RDR_RUN_TMP=$(mktemp -d /tmp/rdr-test.XXXXXX)
chmod 755 "$RDR_RUN_TMP"
rdr_cleanup_push "rm -rf '$RDR_RUN_TMP'"

# rdr_tmpdir: print a fresh temp dir inside the run's; removed at exit.
rdr_tmpdir()
{
	local d
	d=$(mktemp -d "$RDR_RUN_TMP/d.XXXXXX")
	chmod 755 "$d"
	echo "$d"
}

# rdr_free_port: print a TCP port on 127.0.0.1 that no socket uses.
# Chosen below the kernel's ephemeral range (ip_local_port_range), where
# outgoing connections take their local ports and could make a later
# bind fail with "Address already in use"; random, so that concurrent
# runs rarely pick the same one; any socket on it (listening, connected,
# TIME_WAIT) rules it out.
rdr_free_port()
{
	local port tries=0 low=32768
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
	[ "$low" -gt 12000 ] || low=32768
	while [ $tries -lt 200 ]; do
		port=$((10000 + RANDOM % (low - 10000)))
		if ! ss -Htan "sport = :$port" 2>/dev/null | grep -q .; then
			echo "$port"
			return 0
		fi
		tries=$((tries + 1))
	done
	echo "rdr_free_port: no free port found" >&2
	return 1
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
