#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Ctrl-C during the backup: pg_dump, blocked by a lock another session
# holds, is stopped with its process group, its partial dump removed, the
# run ends with 130 and the backup not done; --resume takes it again.
scenario_interrupt_backup()
{
	local i dump_pid="" lock_pid
	setup_nfs
	e2e_storage_rows >"$T/before"
	# a table of the database that only pg_dump reads, locked by another session
	psql -X -q -d rhevm -c "CREATE TABLE e2e_held (x int)" || rdr_fail "table"
	PGOPTIONS="-c client_connection_check_interval=100" psql -X -q -d rhevm \
		-c "BEGIN; LOCK TABLE e2e_held IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
	lock_pid=$!
	rdr_cleanup_push "kill $lock_pid"
	run_bg -c "$CONF" -d
	# pg_dump waits for its ACCESS SHARE lock on e2e_held
	for i in $(seq 300); do
		[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'pg_dump' AND wait_event_type = 'Lock'")" = 1 ] && break
		sleep 0.1
	done
	dump_pid=$(pgrep -f -- "--file $E2E_WORK/rhevm-") || rdr_fail "no pg_dump running"
	[ "$(ps -o pgid= -p "$dump_pid" | tr -d ' ')" = "$dump_pid" ] || rdr_fail "pg_dump not in a group of its own"
	ls "$E2E_WORK"/rhevm-*.dump >/dev/null || rdr_fail "pg_dump has not created its file"
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT during step backup: pg_dump stopped"
	expect_out "result: interrupted by SIGINT (exit code 130)"
	expect_out "--resume to continue at the interrupted step"
	! group_alive "$dump_pid" || rdr_fail "pg_dump's process group is still there"
	[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'")" = 0 ] ||
		rdr_fail "pg_dump's session is still there"
	! ls "$E2E_WORK"/rhevm-*.dump 2>/dev/null || rdr_fail "the partial dump was left"
	grep -q '^done ' "$E2E_WORK/rdr-failover.state" && rdr_fail "a step is recorded as done"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine stopped"
	kill "$lock_pid"
	e2e_failover -c "$CONF" --resume
	expect_rc 0
	expect_out "backup: verified"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "not exactly one backup"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario interrupt_backup
