#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The manager answers commitnetconfig 200 with <status><state>failed: a
# failure, not a success.
scenario_action_status_failed()
{
	setup_nfs --fault "actionfail match=/commitnetconfig count=1"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "commitnetconfig: POST hosts/805bb14c-2505-11e1-b809-0025b3a9b001/commitnetconfig: HTTP 200 but the action's status is failed"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = false ] ||
		rdr_fail "site-B host ok in report"
}

run_scenario action_status_failed
