#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# oVirt 4: rdr-failover logs in by SSO, as the official SDK does.  A wrong
# password is refused by the SSO endpoint in the preflight, with the
# engine's words, before anything changes; with the right one the
# failover runs on the Bearer token.
scenario_api_sso_v4()
{
	setup_nfs --api-version 4 -v
	cp "$CONF" "$T/good.conf"
	sed -i 's/^API       pass .*/API       pass        not-the-password/' "$CONF"
	site_a_nfs_rows "$T/site_a"

	sim_vms >/dev/null
	e2e_failover -c "$CONF" -d -h -s
	expect_rc 3
	expect_out 'the manager 127.0.0.1 refused the API user "admin@internal" (wrong user or password)'
	expect_out "wrong user or password: Cannot authenticate user 'admin@internal': Unable to log in."
	expect_out "preflight found 1 problem(s); nothing was changed"
	grep -q not-the-password <<<"$E2E_OUT" && rdr_fail "the password was printed"
	expect_rows "$T/site_a"
	ls "$E2E_WORK"/rhevm-*.dump >/dev/null 2>&1 && rdr_fail "a backup was taken"

	e2e_failover -c "$T/good.conf" --report "$REPORT" -v
	expect_rc 0
	expect_out "by SSO as admin@internal"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario api_sso_v4
