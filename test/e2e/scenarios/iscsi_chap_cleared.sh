#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Site A's target wanted CHAP, site B's wants none (the Storage_Domain line
# has no chap=, no global CONFIG chap_user): the connection row must not
# keep site A's user and password, which the hypervisors would send to a
# target that wants none.  They are removed with the rest of the fix, in
# the change log (so rdr_undo restores them), and a second run changes
# nothing.
scenario_iscsi_chap_cleared()
{
	setup_iscsi
	psql -X -q -d rhevm -c "UPDATE storage_server_connections SET user_name = 'siteauser',
		password = 'SiteA-Chap-Pw-7' WHERE iqn IS NOT NULL" || rdr_fail "psql"
	e2e_failover -c "$CONF" -d --report "$REPORT"
	expect_rc 0
	[ "$(psql -X -A -t -d rhevm -c "SELECT connection || ' ' || coalesce(user_name, 'NULL') || ' ' ||
		coalesce(password, 'NULL') FROM storage_server_connections WHERE iqn IS NOT NULL")" = \
		"192.168.201.32 NULL NULL" ] || rdr_fail "site A's CHAP kept: $(e2e_storage_rows)"
	[ "$(psql -X -A -t -d rhevm -c "SELECT before->>'user_name' FROM rdr_change_log
		WHERE table_name = 'storage_server_connections' AND after ? 'iqn'")" = siteauser ] ||
		rdr_fail "the change log lacks site A's CHAP user"
	! grep -rqF -- "SiteA-Chap-Pw-7" - "$REPORT" "$E2E_WORK" <<<"$E2E_OUT" ||
		rdr_fail "site A's CHAP password was written out"
	# rdr_undo gives site A's credentials back
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	psql -X -q -d rhevm -c "SET rdr.force = on; SELECT count(*) FROM rdr_undo($run)" >/dev/null ||
		rdr_fail "rdr_undo"
	[ "$(psql -X -A -t -d rhevm -c "SELECT user_name || ' ' || password FROM storage_server_connections
		WHERE iqn IS NOT NULL")" = "siteauser SiteA-Chap-Pw-7" ] || rdr_fail "undo lost site A's CHAP"
}

run_scenario iscsi_chap_cleared
