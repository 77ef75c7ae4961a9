#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A typo in an NFS export that the preflight cannot see (the server's
# export list cannot be read: its rpcbind knows no mount daemon, as on an
# NFSv4-only server; nfs_export_typo has the server that lists them): the
# storage step commits it and the SPM is never elected.  The printed hints alone must
# lead back to a good failover: each HINT line that names a command is
# followed, as printed (--resume --redo storage, which undoes the committed
# rows and fixes them again).
scenario_nfs_typo_recovery()
{
	# shellcheck disable=SC2034 # read by setup_nfs (lib.sh)
	E2E_NFS_ARGS=(--no-mountd)
	setup_nfs
	sed -i 's|^CONFIG    spm_timeout  60|CONFIG    spm_timeout  3|' "$CONF"
	grep -q '^CONFIG    spm_timeout  3$' "$CONF" || rdr_fail "spm_timeout not set"
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/DATA$|nfs rdr-nfs.siteb.example:/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "hosts          failed"
	expect_out "NFS server rdr-nfs.siteb.example answers; its export list cannot be read (rpcbind at 127.0.0.1 port $NFS_RPC_PORT knows no mount daemon (MOUNT v3 over TCP)): the export is not checked"
	first=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $first =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $first"
	hint=$(grep '^HINT: .*--redo storage' <<<"$E2E_OUT") || { echo "$E2E_OUT"; rdr_fail "no hint naming --redo storage"; }
	expect_out "if the cause is a Storage_Domain line, correct it and run rdr-failover -c $CONF --resume --redo storage"
	cmd=$(sed -n 's/.*correct it and run \(rdr-failover -c [^ ]* --resume --redo storage\).*/\1/p' <<<"$hint")
	[ "$cmd" = "rdr-failover -c $CONF --resume --redo storage" ] || rdr_fail "command in the hint: $cmd"

	# wrong uses of --redo change nothing
	cp "$E2E_WORK/rdr-failover.state" "$T/state.saved"
	e2e_failover -c "$CONF" --resume --redo hosts
	expect_rc 1
	expect_out "error: --redo hosts: only the storage step can be redone"
	e2e_failover -c "$CONF" --redo storage
	expect_rc 1
	expect_out "error: --redo storage redoes a step of the interrupted run: use it with --resume"
	# (a state whose storage step is not done: the hint's plain --resume)
	sed -i '/^done storage /d' "$E2E_WORK/rdr-failover.state"
	e2e_failover -c "$CONF" --resume --redo storage
	expect_rc 4
	expect_out "error: --redo storage: the storage step of the interrupted run in $E2E_WORK is not done"
	expect_out "HINT: Run rdr-failover -c $CONF --resume: it runs the storage step with the configuration as it is now."
	cp "$T/state.saved" "$E2E_WORK/rdr-failover.state"
	cmp -s "$T/state.saved" "$E2E_WORK/rdr-failover.state" || rdr_fail "state changed"

	# the operator corrects the line; but a row the run changed was edited
	# since: the redo is refused whole, says why, and its hint is true
	sed -i 's|/exports/DAAT$|/exports/DATA|' "$CONF"
	psql -X -q -d rhevm -c "UPDATE storage_server_connections SET connection = connection || 'X' WHERE connection LIKE '%/DAAT'" ||
		rdr_fail "psql"
	db_dump "$T/before-redo.sql"
	e2e_failover ${cmd#rdr-failover } --report "$REPORT"
	expect_rc 8
	expect_out "redo rolled back, no storage row changed: could not undo run $first of the storage step: row (id)=(5caa3ebc-6a61-48f4-9201-f261b9402e12) of table \"storage_server_connections\" has changed since run $first"
	expect_out "HINT: The redo was rolled back, nothing changed.  Correct the cause, then run rdr-failover -c $CONF --resume --redo storage again."
	db_dump "$T/after-redo.sql"
	diff -u "$T/before-redo.sql" "$T/after-redo.sql" || rdr_fail "a failed redo changed the database"
	grep -q "^done storage .* run $first\$" "$E2E_WORK/rdr-failover.state" || rdr_fail "storage line changed: $(cat "$E2E_WORK/rdr-failover.state")"
	psql -X -q -d rhevm -c "UPDATE storage_server_connections SET connection = rtrim(connection, 'X') WHERE connection LIKE '%/DAATX'" ||
		rdr_fail "psql"

	# the command of the hint, as printed
	e2e_failover ${cmd#rdr-failover } --report "$REPORT"
	expect_rc 0
	expect_out "run $first undone: 3 row change(s)"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	redo=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log WHERE undo_of = $first")
	[[ $redo =~ ^[0-9]+$ ]] || rdr_fail "no run undid run $first: $redo"
	grep -q "^done storage .* runs $first, $redo\$" "$E2E_WORK/rdr-failover.state" ||
		rdr_fail "storage line: $(cat "$E2E_WORK/rdr-failover.state")"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
	[ "$(json '.steps[] | select(.name == "storage") | .status')" = "done" ] || rdr_fail "storage not redone"
	[ "$(json '.steps[] | select(.name == "engine_stop") | .status')" = "done" ] || rdr_fail "engine not stopped again"

	# a redo that committed but was not recorded (the state line still
	# names the first run) is found and undone too: never "already undone"
	sed -i '/^finished$/d; /^done \(engine_stop\|engine_start\|hosts\|vms\) /d' "$E2E_WORK/rdr-failover.state"
	sed -i "s|^\(done storage [0-9.]*\) .*|\1 run $first|" "$E2E_WORK/rdr-failover.state"
	e2e_failover -c "$CONF" --resume --redo storage
	expect_rc 0
	expect_out "run $first was undone by run $redo (an earlier redo): undoing run $redo first"
	expect_rows "$T/expected"
	again=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	grep -q "^done storage .* runs $first, $again\$" "$E2E_WORK/rdr-failover.state" ||
		rdr_fail "storage line: $(cat "$E2E_WORK/rdr-failover.state")"

	# without --new, a run after an unfinished one says what to do, and it works
	sed -i 's|/exports/DATA$|/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" -dh
	expect_rc 10
	sed -i 's|/exports/DAAT$|/exports/DATA|' "$CONF"
	e2e_failover -c "$CONF"
	expect_rc 4
	expect_out "Use --resume to finish it, or --new to start over"
	e2e_failover -c "$CONF" --new
	expect_rc 0
}

run_scenario nfs_typo_recovery
