#!/bin/bash
# test/lib/test-reserve.sh: the reservations of common.sh (rdr_free_port,
# rdr_reserve_free) that let test runs share this machine concurrently:
# no two live runs get the same number, a number in use is never given,
# a run's reservations go at its exit, a killed run's are taken over, a
# live run's never are.  Runs in a private reservation directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# the machine's own, for the tgtd of case 6 (see there)
shared_reserve_dir=${RDR_RESERVE_DIR:-/tmp/rdr-reservations}
RDR_RESERVE_DIR=$(mktemp -d /tmp/rdr-reserve-test.XXXXXX) || exit 1
export RDR_RESERVE_DIR
source "$here/common.sh"
source "$here/tap.sh"
rdr_cleanup_push "rm -rf '$RDR_RESERVE_DIR'"
T=$(rdr_tmpdir)

# a child run: reserve COUNT ports, print them, then wait for $T/go
cat >"$T/child.sh" <<EOF
source '$here/common.sh'
for i in \$(seq \$1); do rdr_free_port || exit 1; done >"\$2"
echo "\$RDR_RUN_TMP" >"\$2.tmp"
echo "\$RDR_OWNER" >"\$2.owner"
while [ ! -e '$T/go' ]; do sleep 0.05; done
EOF

# wait_for FILE: until FILE exists (at most 120 s: a loaded machine)
wait_for()
{
	local i
	for ((i = 0; i < 2400; i++)); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# 1. six concurrent runs of 10 reservations each
pids=()
for j in 1 2 3 4 5 6; do
	bash "$T/child.sh" 10 "$T/ports.$j" &
	pids+=($!)
done
for j in 1 2 3 4 5 6; do wait_for "$T/ports.$j.owner"; done
tap_is "6 concurrent runs got 60 ports" 60 "$(cat "$T"/ports.[1-6] | wc -l)"
tap_is "no port given twice" "" "$(cat "$T"/ports.[1-6] | sort | uniq -d | tr '\n' ' ')"
bad=""
for j in 1 2 3 4 5 6; do
	while read -r p; do
		[ "$(readlink "$RDR_RESERVE_DIR/port.$p")" = "$(cat "$T/ports.$j.owner")" ] || bad="$bad $p"
	done <"$T/ports.$j"
done
tap_is "each port reserved for its run while it lives" "" "$bad"
touch "$T/go"
wait "${pids[@]}"
tap_is "every reservation released at exit" "" \
	"$(find "$RDR_RESERVE_DIR" -maxdepth 1 -name 'port.*' | tr '\n' ' ')"
rm -f "$T/go"

# 2. a port something listens on is never given
p=$(rdr_free_port)
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); open(sys.argv[2], "w").write("1"); time.sleep(30)' \
	"$p" "$T/listening" &
lpid=$!
rdr_cleanup_push "kill $lpid"
wait_for "$T/listening"
rdr_reserve_release
rdr_reserve_free port "$p" "$((p + 1))" rdr_port_in_use >"$T/out" 2>"$T/err"
tap_rc "a port in use is refused (exit 1)" 1 $? "$T/err" \
	"rdr_reserve_free: no free port number in [$p, $((p + 1)))"
tap_is "nothing printed for it" "" "$(cat "$T/out")"
kill "$lpid"
wait "$lpid" 2>/dev/null

# 3. a live run's reservation is not taken over
bash "$T/child.sh" 1 "$T/live" &
cpid=$!
wait_for "$T/live.owner"
p=$(cat "$T/live")
rdr_reserve_free port "$p" "$((p + 1))" false >"$T/out" 2>"$T/err"
tap_rc "a live run's port is refused (exit 1)" 1 $? "$T/err" "no free port number"
tap_is "its reservation stays" "$(cat "$T/live.owner")" "$(readlink "$RDR_RESERVE_DIR/port.$p")"

# 4. a killed run's reservation is taken over
kill -9 "$cpid"
wait "$cpid" 2>/dev/null
# its EXIT trap never ran: its (empty) temp dir is ours to remove
rm -rf "$(cat "$T/live.tmp")"
tap_is "a killed run leaves its reservation" "$(cat "$T/live.owner")" \
	"$(readlink "$RDR_RESERVE_DIR/port.$p")"
tap_is "it is taken over" "$p" "$(rdr_reserve_free port "$p" "$((p + 1))" false)"
tap_is "by this run" "$RDR_OWNER" "$(readlink "$RDR_RESERVE_DIR/port.$p")"

# 5. a reused PID is not the owner: same PID, another start time
ln -sfn "$$:1" "$RDR_RESERVE_DIR/port.$((p + 1))"
tap_is "an owner token whose start time differs is stale" "$((p + 1))" \
	"$(rdr_reserve_free port "$((p + 1))" "$((p + 2))" false)"

# 6. tgtd's control socket numbers: reserved, and in use while it runs.
# A real tgtd takes a control number and an iSCSI port other test runs
# sharing the machine may have reserved but not bound yet: it reserves in
# the machine's directory, as every run does.  Releasing there at exit is
# already pushed (rdr_reserve_release reads RDR_RESERVE_DIR when it runs).
RDR_RESERVE_DIR=$shared_reserve_dir
if command -v tgtd >/dev/null; then
	source "$here/tgtd.sh"
	rdr_tgtd_start >"$T/tgtd.err" 2>&1
	tap_rc "tgtd started" 0 $? "$T/tgtd.err"
	tap_is "its control number is reserved" "$RDR_OWNER" "$(readlink "$RDR_RESERVE_DIR/tgtd.$TGTD_CTL")"
	tap_run "its control socket counts as in use" rdr_tgtd_ctl_in_use "$TGTD_CTL"
	rdr_reserve_free tgtd "$TGTD_CTL" "$((TGTD_CTL + 1))" false >/dev/null 2>&1
	tap_is "and is not given again" 1 $?
fi

tap_done "reservation tests"
