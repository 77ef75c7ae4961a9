#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# working_dir on a small tmpfs that fills up just before the storage
# COMMIT (issue 12, item 18): the rows cannot be recorded in working_dir,
# so the transaction is rolled back, nothing changes, the engine is
# started again (disk_full_commit: the disk full right after COMMIT).
fill()
{
	dd if=/dev/zero of="$1/fill" bs=64k >/dev/null 2>&1
	[ "$(df --output=avail -B1 "$1" | tail -1)" -lt 65536 ] || rdr_fail "$1 is not full"
}

scenario_disk_full_before_commit()
{
	setup_nfs
	mount -t tmpfs -o size=16m,mode=0700 rdr-e2e-full "$E2E_WORK" || rdr_fail "mount tmpfs"
	rdr_cleanup_push "umount -l '$E2E_WORK'"
	e2e_storage_rows >"$T/before"
	RDR_TEST_PAUSE_BEFORE_COMMIT=8 run_bg -c "$CONF" -d
	wait_log "test pause: 8 s before COMMIT"
	fill "$E2E_WORK"
	wait_run 60
	expect_rc 8
	expect_out "could not write \"$E2E_WORK/rdr-failover.changes"
	expect_out "DETAIL: rdr-failover records the rows it changes in working_dir before it commits them; the storage transaction is rolled back."
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the rolled-back transaction"
	[ ! -e "$E2E_WORK/rdr-failover.changes" ] || rdr_fail "a changes file of a rolled-back transaction"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"
}

run_scenario disk_full_before_commit
