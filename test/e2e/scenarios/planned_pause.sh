#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# --planned without a way to switch the storage is refused before anything
# is done; --pause-for-storage waits for the operator: Ctrl-C or an answer
# other than yes stops the run before the database changes, and --resume
# asks again and goes on with yes.
scenario_planned_pause()
{
	setup_planned
	db_dump "$T/before.sql"
	site_a_nfs_rows "$T/site_a"
	sed -i '/^CONFIG storage_switch_command /d' "$CONF"
	e2e_failover -c "$CONF" --planned
	expect_rc 2
	expect_out "error: --planned needs the storage switch: CONFIG storage_switch_command is not set in $CONF"
	expect_out "HINT: Set CONFIG storage_switch_command to the array's script, or use --pause-for-storage to switch it by hand when rdr asks."
	e2e_failover -c "$CONF" --planned -h
	expect_rc 1
	expect_out "error: --planned acts in step -d (the source's clean stop and the storage switch)"
	untouched

	# Ctrl-C while rdr waits for the operator
	mkfifo "$T/tty"
	exec 7<>"$T/tty"
	"$RDR_FAILOVER" -c "$CONF" --pause-for-storage --report "$REPORT" <"$T/tty" >"$T/out" 2>&1 &
	RUN_PID=$!
	rdr_cleanup_push "kill -9 $RUN_PID"
	for _ in $(seq 300); do
		grep -qF "Then type yes and Enter" "$T/out" && break
		sleep 0.1
	done
	grep -qF "Then type yes and Enter" "$T/out" || { cat "$T/out"; rdr_fail "no question"; }
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "error: interrupted by SIGINT while waiting for the storage switch's confirmation"
	expect_rows "$T/site_a"
	[ "$(json '.steps[] | select(.name == "storage_switch") | .message')" = \
		"stopped by the interruption; the database is unchanged" ] || rdr_fail "switch message"

	# an answer that is not yes
	e2e_failover -c "$CONF" --resume --report "$REPORT" <<<"no"
	expect_rc 8
	expect_out 'error: the storage switch was not confirmed (answer "no")'
	expect_rows "$T/site_a"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"

	# standard input closed: no answer
	e2e_failover -c "$CONF" --resume </dev/null
	expect_rc 8
	expect_out "error: the storage switch was not confirmed (no answer)"

	# yes: the failover goes on
	e2e_failover -c "$CONF" --resume --report "$REPORT" <<<"yes"
	expect_rc 0
	expect_out "storage switch confirmed by the operator"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '.steps[] | select(.name == "storage_switch") | .message')" = "confirmed by the operator" ] ||
		rdr_fail "switch message"
	[ "$(json '.rpo_seconds > 0')" = true ] || rdr_fail "RPO"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario planned_pause
