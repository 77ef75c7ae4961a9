#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The manager is down: -h -s stop at the preflight with a clear message;
# with -d the storage fix commits, the API wait fails, --resume finishes.
scenario_manager_down()
{
	setup_nfs
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" -h -s
	expect_rc 3
	expect_out "preflight: cannot reach manager 127.0.0.1 at 127.0.0.1 port $E2E_HTTPS_PORT: Connection refused"
	expect_out "preflight found 1 problem(s); nothing was changed"

	# -d with an engine_start that does not bring the API up
	sed -i "s|^CONFIG    engine_start .*|CONFIG    engine_start true|; s|^API       wait_timeout 30|API       wait_timeout 2|" "$CONF"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	expect_out "the manager's API at 127.0.0.1:$E2E_HTTPS_PORT did not answer within 2 s"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" || rdr_fail "storage not recorded"
	# the state names the run; the rows are kept in working_dir for --resume
	local run run2
	run=$(psql -X -A -t -d rhevm -c "SELECT DISTINCT run FROM rdr_change_log")
	[[ $run =~ ^[0-9]+$ ]] || rdr_fail "one run in rdr_change_log expected, got: $run"
	grep -qx "done storage [0-9.]* run $run" "$E2E_WORK/rdr-failover.state" ||
		rdr_fail "state line of storage: $(grep storage "$E2E_WORK/rdr-failover.state")"
	[ "$(stat -c %a "$E2E_WORK/rdr-failover.changes")" = 600 ] || rdr_fail "changes file not 0600"
	# a new run is refused while this one is unfinished
	e2e_failover -c "$CONF" -d
	expect_rc 4
	expect_out "an interrupted run exists in working_dir"
	# the manager comes back: --resume continues at engine_start only
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '[.steps[] | select(.status == "earlier") | .name] | join(",")')" = "backup,engine_stop,storage" ] ||
		rdr_fail "resumed steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(json '.steps[] | select(.name == "engine_start") | .status')" = "done" ] || rdr_fail "engine_start"
	[ "$(ls "$E2E_WORK"/rhevm-*.dump | wc -l)" = 1 ] || rdr_fail "backup repeated"
	# its report lists exactly the NFS fix of the interrupted run, marked earlier
	expect_out "3 rows changed by the earlier run (run $run):"
	json '[.changes[] | [.domain, .run, .table, .operation, .row_key, .before.connection,
		.after.connection, .earlier] | map(tostring) | join("|")] | sort | .[]' >"$T/got_changes"
	cat >"$T/want_changes" <<ROWS
DataDomain|$run|storage_server_connections|UPDATE|(id)=(5caa3ebc-6a61-48f4-9201-f261b9402e12)|rdr-nfs.sitea.example:/exports/datadomain|rdr-nfs.siteb.example:/exports/DATA|true
ExportDomain|$run|storage_server_connections|UPDATE|(id)=(b6a5ff4b-330d-4ac6-9874-8a408f903da0)|rdr-nfs.sitea.example:/exports/exports_configured|rdr-nfs.siteb.example:/exports/EXPORT|true
ISODomain|$run|storage_server_connections|UPDATE|(id)=(58611688-43e6-4366-b6af-7c04a7363a1d)|rdr-nfs.sitea.example:/exports/isodomain|rdr-nfs.siteb.example:/exports/ISO|true
ROWS
	diff -u "$T/want_changes" "$T/got_changes" || rdr_fail "changes of the resumed report"
	# each "after" is the whole row as it is in the database now
	psql -X -A -t -d rhevm -c "SELECT to_jsonb(s) FROM storage_server_connections s
		WHERE id IN ('5caa3ebc-6a61-48f4-9201-f261b9402e12', 'b6a5ff4b-330d-4ac6-9874-8a408f903da0',
		             '58611688-43e6-4366-b6af-7c04a7363a1d')" | jq -S -c . | sort >"$T/want_after"
	jq -S -c '.changes[].after' "$REPORT" | sort | diff -u "$T/want_after" - || rdr_fail "after rows"
	[ "$(json '.changes_warning')" = null ] || rdr_fail "changes_warning: $(json '.changes_warning')"
	e2e_failover -c "$CONF" --resume
	expect_rc 4
	expect_out "nothing to resume: the last run in working_dir finished"

	# a new run removes the finished run's rows with its state (here it
	# then stops at the preflight: the manager is down again)
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" -h -s
	expect_rc 3
	[ ! -e "$E2E_WORK/rdr-failover.changes" ] || rdr_fail "a new run kept the last run's changes file"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "a failed preflight left a run state"
	# site A's rows again, an interrupted -d, and its changes file damaged:
	# --resume warns, names the file and the run, and goes on
	# (forced: the stopped engine's pool session may take a moment to go)
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "SET rdr.force = on" \
		-c "SELECT count(*) FROM rdr_undo($run)" >/dev/null ||
		rdr_fail "rdr_undo($run)"
	site_a_nfs_rows "$T/site_a"
	expect_rows "$T/site_a"
	e2e_failover -c "$CONF" -d
	expect_rc 7
	run2=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log WHERE undo_of IS NULL")
	[ "$run2" -gt "$run" ] || rdr_fail "second run $run2"
	grep -qx "done storage [0-9.]* run $run2" "$E2E_WORK/rdr-failover.state" || rdr_fail "state of run $run2"
	truncate -s 200 "$E2E_WORK/rdr-failover.changes"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 7
	expect_out "the rows changed by the earlier run are not listed in this report: could not read \"$E2E_WORK/rdr-failover.changes\": the file ends early at line"
	expect_out "HINT: They are in the database: SELECT * FROM rdr_change_log WHERE run IN ($run2);"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "changes listed from a damaged file"
	# and missing: the failover still finishes
	rm "$E2E_WORK/rdr-failover.changes"
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "could not read \"$E2E_WORK/rdr-failover.changes\": the file does not exist"
	expect_out "HINT: They are in the database: SELECT * FROM rdr_change_log WHERE run IN ($run2);"
	expect_out "Rows changed by the earlier run: not listed here (could not read $E2E_WORK/rdr-failover.changes: the file does not exist; the rows are in rdr_change_log, run $run2)"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "changes listed without a file"
	[ "$(json '.changes_warning')" = "could not read $E2E_WORK/rdr-failover.changes: the file does not exist; the rows are in rdr_change_log, run $run2" ] ||
		rdr_fail "changes_warning: $(json '.changes_warning')"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario manager_down
