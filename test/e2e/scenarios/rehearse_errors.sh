#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# The rehearsal's own failures: each named, with its exit code, torn down
# to nothing, production untouched.  --rehearse with a mode it cannot be
# combined with; REHEARSAL pg_user root or unknown; no initdb in
# pg_bindir; a sim that is not rdr-sim; a preflight problem (an export
# site B does not offer) fails as in a real run, before any copy.
scenario_rehearse_errors()
{
	local good
	rehearse_db nfs
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	rehearse_config
	rehearse_before
	good=$(cat "$CONF")

	for mode in --dry-run --resume --planned --validate; do
		e2e_failover -c "$CONF" --rehearse "$mode"
		expect_rc 1
		expect_out "--rehearse cannot be used with --resume, --dry-run, --planned, --failback, --validate or --redo"
	done

	echo "REHEARSAL pg_user root" >>"$CONF"
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 6
	expect_out 'rehearsal: REHEARSAL pg_user "root" is root'
	expect_out "copy           failed"
	left_behind

	printf '%s\nREHEARSAL pg_user no-such-user-rdr\n' "$good" >"$CONF"
	e2e_failover -c "$CONF" --rehearse
	expect_rc 6
	expect_out 'rehearsal: REHEARSAL pg_user "no-such-user-rdr" is not a user of this system'
	left_behind

	printf '%s\n' "$good" | sed "s|^REHEARSAL pg_bindir .*|REHEARSAL pg_bindir $T|" >"$CONF"
	e2e_failover -c "$CONF" --rehearse
	expect_rc 6
	expect_out "rehearsal: could not initdb the copy's cluster: initdb exited with status"
	expect_out "$T/initdb: No such file or directory"
	left_behind

	printf '%s\n' "$good" | sed "s|^REHEARSAL sim .*|REHEARSAL sim /bin/false|" >"$CONF"
	e2e_failover -c "$CONF" --rehearse
	expect_rc 7
	expect_out "rehearsal: the rehearsal manager (rdr-sim --from-db) exited at start"
	expect_out "manager        failed"
	left_behind

	printf '%s\n' "$good" | sed 's|^Storage_Domain DataDomain .*|Storage_Domain DataDomain nfs rdr-nfs.siteb.example:/exports/DATTA|' >"$CONF"
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 3
	expect_out "preflight      failed"
	[ "$(json '[.steps[].name] | join(",")')" = "preflight,teardown" ] ||
		rdr_fail "steps after a failed preflight: $(json '[.steps[].name] | join(",")')"
	left_behind
	production_untouched
}

run_scenario rehearse_errors
