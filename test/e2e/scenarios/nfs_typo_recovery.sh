#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A typo in an NFS export cannot be seen before the engine runs: the
# storage step commits it and the SPM is never elected.  The printed hints
# alone must lead back to a good failover: each HINT line that names a
# command is followed, as printed.
scenario_nfs_typo_recovery()
{
	setup_nfs
	sed -i 's|^CONFIG    spm_timeout  60|CONFIG    spm_timeout  3|' "$CONF"
	grep -q '^CONFIG    spm_timeout  3$' "$CONF" || rdr_fail "spm_timeout not set"
	sed -i 's|nfs rdr-nfs.siteb.example:/exports/DATA$|nfs rdr-nfs.siteb.example:/exports/DAAT|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "hosts          failed"
	hint=$(grep '^HINT: .*--new' <<<"$E2E_OUT") || { echo "$E2E_OUT"; rdr_fail "no hint naming --new"; }
	expect_out "if the cause is a Storage_Domain line, correct it and run rdr-failover -c $CONF --new"
	# --resume alone would not repeat the storage step: the hint says so
	cmd=$(sed -n 's/.*correct it and run \(rdr-failover -c [^ ]* --new\).*/\1/p' <<<"$hint")
	[ "$cmd" = "rdr-failover -c $CONF --new" ] || rdr_fail "command in the hint: $cmd"
	# the operator corrects the line, then runs the command of the hint
	sed -i 's|/exports/DAAT$|/exports/DATA|' "$CONF"
	e2e_failover ${cmd#rdr-failover }
	expect_rc 0
	expect_out "the interrupted run's state is kept as $E2E_WORK/rdr-failover.state."
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	ls "$E2E_WORK"/rdr-failover.state.* >/dev/null || rdr_fail "old state not kept"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
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
