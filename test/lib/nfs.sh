# test/lib/nfs.sh: site B's NFS server for the tests, nfs-stub (a real
# ONC RPC rpcbind + MOUNT v3 responder and a port that answers like 2049)
# on 127.0.0.1, so that the preflight's NFS check (driver/preflight_nfs.c)
# has a server to ask.  Nothing is mounted: the hypervisors are rdr-sim's.
#
# Source after common.sh.  The stub is stopped at exit by the cleanup stack.
#
#   rdr_nfs_start [STUB ARGS...]  -> sets NFS_PORT (the "2049" port) and
#                                    NFS_RPC_PORT (its rpcbind)
#   rdr_nfs_seed_siteb [ARGS...]  the seed's site-B server: /exports/DATA,
#                                    /exports/ISO, /exports/EXPORT
# shellcheck shell=bash
# Its variables are read by the scripts that source it:
# shellcheck disable=SC2034

RDR_NFS_STUB=${RDR_NFS_STUB:-$RDR_TOP/test/lib/nfs-stub}

rdr_nfs_start()
{
	local d i
	d=$(rdr_tmpdir)
	# the world lives as long as its test; the cleanup stack ends it earlier
	"$RDR_NFS_STUB" --ready "$d/ready" --max-seconds 3600 "$@" >"$d/stub.log" 2>&1 &
	rdr_cleanup_push "kill $! 2>/dev/null"
	for i in $(seq 100); do
		[ -e "$d/ready" ] && break
		sleep 0.05
	done
	[ -e "$d/ready" ] || { cat "$d/stub.log" >&2; echo "rdr_nfs_start: nfs-stub did not start" >&2; return 1; }
	NFS_PORT=$(sed -n 's/^nfs_port=//p' "$d/ready")
	NFS_RPC_PORT=$(sed -n 's/^rpc_port=//p' "$d/ready")
}

rdr_nfs_seed_siteb()
{
	rdr_nfs_start --export /exports/DATA --export /exports/ISO --export /exports/EXPORT "$@"
}
