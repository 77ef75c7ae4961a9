#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A typo in an NFS export is found by the preflight, from the export list
# of the server's mount daemon, by --validate and by a real run before its
# backup, with the exports the server does offer; nothing changes.  A
# server that does not answer is found too, and one whose export list
# cannot be read is said and let through.
scenario_nfs_export_typo()
{
	setup_nfs
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	cp "$CONF" "$T/good.conf"
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/DATA$|nfs rdr-nfs.siteb.example:/exports/DAAT|' "$CONF"
	line=$(grep -n '^Storage_Domain DataDomain .*/exports/DAAT$' "$CONF" | cut -d: -f1)
	[ -n "$line" ] || rdr_fail "typo not written"
	for mode in --validate real; do
		if [ $mode = real ]; then e2e_failover -c "$CONF"; else e2e_failover -c "$CONF" --validate; fi
		expect_rc 3
		expect_out "rdr-failover: error: NFS server rdr-nfs.siteb.example (Storage_Domain DataDomain, $CONF:$line) does not export /exports/DAAT"
		expect_out "DETAIL: It exports /exports/DATA."
		expect_out "DETAIL: It exports /exports/ISO."
		expect_out "DETAIL: It exports /exports/EXPORT."
		expect_out "HINT: Correct the export path of the Storage_Domain line"
		expect_out "preflight found 1 problem(s); nothing was changed"
		grep -q "step backup\|backup  " <<<"$E2E_OUT" && rdr_fail "$mode: got to the backup"
		untouched
	done

	# nothing answers on the server's NFS port: named, with the domain's line
	cp "$T/good.conf" "$CONF"
	port=$(rdr_free_port)
	sed -i "s|^CONNECT_TO rdr-nfs.siteb.example 127.0.0.1:$NFS_PORT\$|CONNECT_TO rdr-nfs.siteb.example 127.0.0.1:$port|" "$CONF"
	grep -q "^CONNECT_TO rdr-nfs.siteb.example 127.0.0.1:$port\$" "$CONF" || rdr_fail "CONNECT_TO not rewritten"
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "NFS server rdr-nfs.siteb.example (Storage_Domain ISODomain, $CONF:"
	expect_out "does not answer at 127.0.0.1 port $port: Connection refused"
	expect_out "HINT: Check the server name of the Storage_Domain line (and its CONNECT_TO line), and that the server runs NFS."
	expect_out "preflight found 3 problem(s); nothing was changed"
	untouched

	# its rpcbind does not answer (CONFIG nfs_rpcbind_port wrong, or an
	# NFSv4-only server): the exports cannot be checked, which is said
	cp "$T/good.conf" "$CONF"
	sed -i "s|^CONFIG    nfs_rpcbind_port $NFS_RPC_PORT\$|CONFIG    nfs_rpcbind_port $port|" "$CONF"
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/DATA$|nfs rdr-nfs.siteb.example:/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "NFS server rdr-nfs.siteb.example answers; its export list cannot be read (rpcbind at 127.0.0.1 port $port does not answer: Connection refused): the export is not checked"
	untouched

	# a bad rpcbind port is refused when the file is read
	cp "$T/good.conf" "$CONF"
	echo "CONFIG nfs_rpcbind_port 0" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 2
	expect_out "$CONF:$(wc -l <"$CONF"): CONFIG nfs_rpcbind_port"
	untouched

	# corrected as the hint says: it validates and fails over
	cp "$T/good.conf" "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "validation of $CONF: no problem found"
	untouched
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario nfs_export_typo
