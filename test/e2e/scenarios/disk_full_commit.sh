#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# working_dir on a small tmpfs that fills up around the storage COMMIT
# (issue 12, item 18).
#  - Full right after COMMIT: the state file cannot record the step.  The
#    run stops (exit 4) saying the truth: the rows are committed, listed
#    in the changes file (written before COMMIT) and the report, the
#    engine is left stopped; --resume, once there is space, lists the
#    committed rows in its report, starts the engine and finishes.
# (disk_full_before_commit: the disk full before COMMIT.)
# fill DIR: the file system of DIR full (a file of zeros until ENOSPC).
fill()
{
	dd if=/dev/zero of="$1/fill" bs=64k >/dev/null 2>&1
	[ "$(df --output=avail -B1 "$1" | tail -1)" -lt 65536 ] || rdr_fail "$1 is not full"
}

scenario_disk_full_commit()
{
	local run
	setup_nfs
	mount -t tmpfs -o size=16m,mode=0700 rdr-e2e-full "$E2E_WORK" || rdr_fail "mount tmpfs"
	rdr_cleanup_push "umount -l '$E2E_WORK'"
	e2e_storage_rows >"$T/before"

	# full right after COMMIT
	RDR_TEST_PAUSE_AFTER_COMMIT=8 run_bg -c "$CONF" -d --report "$REPORT"
	wait_log "test pause: 8 s after COMMIT"
	fill "$E2E_WORK"
	wait_run 60
	expect_rc 4
	run=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $run =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $run"
	expect_out "error: could not write \"$E2E_WORK/rdr-failover.state.tmp\": No space left on device"
	expect_out "error: the storage fix is committed, but the state file could not record it"
	expect_out "DETAIL: 3 row(s) changed (run $run), listed in \"$E2E_WORK/rdr-failover.changes\" and in the report.  The engine is left stopped: rdr-failover stops when it cannot record its progress."
	expect_out "HINT: Free some space on the file system of \"$E2E_WORK\", then run rdr-failover --resume: it finds the rows changed, lists them, starts the engine and goes on."
	case $E2E_OUT in *"goes on;"*|*"The failover goes on"*) rdr_fail "a hint says the failover goes on" ;; esac
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ -e "$E2E_ENGINE_DIR/sim.pid" ] && kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" 2>/dev/null &&
		rdr_fail "the engine runs, the message says it is left stopped"
	[ "$(jq '.count' "$E2E_WORK/rdr-failover.changes")" = 3 ] || rdr_fail "the changes file lacks the rows"
	[ "$(json '.steps[] | select(.name == "storage") | .status')" = "done" ] || rdr_fail "report: storage not done"
	[ "$(json '[.changes[] | select(.run == '"$run"')] | length')" = 3 ] || rdr_fail "report changes: $(json '.changes')"
	json '.warnings[]' | grep -q "the storage fix is committed (3 row(s), run $run) but the state file could not record it; the engine is left stopped" ||
		rdr_fail "report warnings: $(json '.warnings')"

	# space again: --resume lists the committed rows and finishes
	rm "$E2E_WORK/fill"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "3 row(s) committed by the interrupted run (run $run) before it could record the storage step"
	[ "$(json '[.changes[] | select(.earlier and .run == '"$run"')] | length')" = 3 ] ||
		rdr_fail "resumed report changes: $(json '.changes')"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "rows beyond the committed three"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "the engine was not started by --resume"
	expect_rows "$T/expected"
}

run_scenario disk_full_commit
