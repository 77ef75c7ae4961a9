#!/bin/bash
# nfs_test.sh RDR_PROBE: rdr-probe nfs against nfs-stub (a real ONC RPC
# rpcbind/MOUNT v3 responder on 127.0.0.1), plus its error paths.
# shellcheck disable=SC2154  # stub() sets NAME_nfs and NAME_rpc by name (eval)
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
probe=$1
n=0
check() # check NAME WANT_RC GOT_RC
{
	n=$((n + 1))
	[ "$2" = "$3" ] || rdr_fail "$1: exit $3, expected $2"
	echo "ok $n - $1"
}
tmp=$(rdr_tmpdir)

# stub NAME [ARGS]: an nfs-stub; its ports in NAME_nfs and NAME_rpc
stub()
{
	local name=$1 i
	shift
	"$here/../lib/nfs-stub" --ready "$tmp/$name.ready" --max-seconds 120 "$@" &
	rdr_cleanup_push "kill $! 2>/dev/null"
	for i in $(seq 100); do [ -e "$tmp/$name.ready" ] && break; sleep 0.1; done
	[ -e "$tmp/$name.ready" ] || rdr_fail "nfs-stub $name did not start"
	eval "${name}_nfs=$(sed -n 's/^nfs_port=//p' "$tmp/$name.ready")"
	eval "${name}_rpc=$(sed -n 's/^rpc_port=//p' "$tmp/$name.ready")"
}
stub good --export /exports/DATA --export /exports/ISO
stub nomount --export /exports/DATA --no-mountd
stub silent --export /exports/DATA --silent-rpc

"$probe" nfs 127.0.0.1:/exports/DATA -p "$good_nfs" --rpcbind-port "$good_rpc" >"$tmp/out"
check "listed export" 0 $?
[ "$(cat "$tmp/out")" = "127.0.0.1 exports /exports/DATA" ] || rdr_fail "output: $(cat "$tmp/out")"

"$probe" nfs 127.0.0.1:/exports/DAAT -p "$good_nfs" --rpcbind-port "$good_rpc" 2>"$tmp/err"
check "export typo: not found" 5 $?
grep -qx 'rdr-probe: error: NFS server 127.0.0.1 does not export /exports/DAAT' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"
grep -qx 'DETAIL: It exports /exports/DATA.' "$tmp/err" && grep -qx 'DETAIL: It exports /exports/ISO.' "$tmp/err" ||
	rdr_fail "the exports are not listed: $(cat "$tmp/err")"

port=$(rdr_free_port)
"$probe" nfs 127.0.0.1:/exports/DATA -p "$port" --rpcbind-port "$good_rpc" 2>"$tmp/err"
check "nothing on the NFS port: unreachable" 3 $?
grep -q "NFS server 127.0.0.1 does not answer at 127.0.0.1 port $port: Connection refused" "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

"$probe" nfs 127.0.0.1:/exports/DAAT -p "$good_nfs" --rpcbind-port "$port" >"$tmp/out" 2>"$tmp/err"
check "no rpcbind: the export is not checked" 0 $?
grep -q "export list cannot be read (rpcbind at 127.0.0.1 port $port does not answer: Connection refused)" "$tmp/err" ||
	rdr_fail "message: $(cat "$tmp/err")"
grep -qx "127.0.0.1 answers; export /exports/DAAT not checked (no export list)" "$tmp/out" || rdr_fail "output: $(cat "$tmp/out")"

"$probe" nfs 127.0.0.1:/exports/DAAT -p "$nomount_nfs" --rpcbind-port "$nomount_rpc" 2>"$tmp/err"
check "no mount daemon registered: not checked" 0 $?
grep -q "rpcbind at 127.0.0.1 port $nomount_rpc knows no mount daemon (MOUNT v3 over TCP)" "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

t0=$SECONDS
"$probe" -t 1 nfs 127.0.0.1:/exports/DATA -p "$silent_nfs" --rpcbind-port "$silent_rpc" 2>"$tmp/err"
check "rpcbind that never answers: bounded, not checked" 0 $?
[ $((SECONDS - t0)) -le 4 ] || rdr_fail "the silent rpcbind held the probe $((SECONDS - t0)) s"
grep -q "no answer: Connection timed out" "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

"$probe" nfs no-path-here 2>"$tmp/err"
check "not SERVER:/PATH: usage" 2 $?
grep -q '"no-path-here" is not an NFS export SERVER:/PATH' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"
"$probe" nfs 127.0.0.1:/x --rpcbind-port 0 2>/dev/null
check "bad rpcbind port: usage" 2 $?
echo "nfs tests: $n passed"
