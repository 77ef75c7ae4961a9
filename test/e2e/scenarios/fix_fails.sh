#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A fix that the database refuses after others in the same transaction
# succeeded (here a CHECK constraint the engine's schema could carry):
# the calls are pipelined, so the server aborts the rest, the driver names
# the domain and its config line, and the rollback leaves every row and
# the change log as they were.
scenario_fix_fails()
{
	setup_iscsi
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "ALTER TABLE storage_server_connections
		ADD CONSTRAINT no_export_at_site_b CHECK (connection NOT LIKE '%/exports/EXPORT')" ||
		rdr_fail "constraint"
	e2e_storage_rows >"$T/before"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 8
	expect_out "could not fix storage domain \"ExportDomain\" ($CONF:"
	expect_out "no_export_at_site_b"
	expect_out "storage        failed"
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] ||
		rdr_fail "the change log kept rows of the failed transaction"
	[ "$(json '.changes | length')" = 0 ] || rdr_fail "the report lists changes that were rolled back"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine not restarted"

	# the iSCSI connection row refused, with a CHAP password in it: the
	# server's "Failing row contains (...)" quotes the password, which
	# rdr-failover masks on the terminal, in its log file and its report
	local secret=Chap-S3cret-0x1b
	rdr_tgtd_chap 1 rdrchap "$secret" || rdr_fail "CHAP account"
	(umask 077 && printf '%s\n' "$secret" >"$T/chap.secret")
	printf 'CONFIG chap_user rdrchap\nCONFIG chap_password_file %s\n' "$T/chap.secret" >>"$CONF"
	psql -X -q -d rhevm -v ON_ERROR_STOP=1 -c "ALTER TABLE storage_server_connections
		DROP CONSTRAINT no_export_at_site_b,
		ADD CONSTRAINT no_iscsi_at_site_b CHECK (connection <> '192.168.201.32')" ||
		rdr_fail "constraint"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 8
	expect_out "could not fix storage domain \"DataDomain\" ($CONF:"
	expect_out "no_iscsi_at_site_b"
	expect_out "rdrchap, ********"
	! grep -rqF -- "$secret" - "$REPORT" "$E2E_WORK" <<<"$E2E_OUT" ||
		rdr_fail "the CHAP password was written out"
	expect_rows "$T/before"
}

run_scenario fix_fails
