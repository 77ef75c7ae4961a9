#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The manager refuses the manual fence twice (no Up host, as a real engine
# answers while it has not yet seen the backup host up): rdr-failover
# retries it within host_timeout and the failover completes.
scenario_fence_refused_retry()
{
	setup_nfs --fault "refuse match=/fence count=2"
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 0
	expect_out "the manual fence was refused; retrying until host_timeout"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -o 'fence refused' | wc -l)" = 2 ] ||
		rdr_fail "site-A actions: $(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions')"
	json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -q 'fence manual$' ||
		rdr_fail "site A not fenced in the end"
	# the fence came only after the backup host was up
	grep -n 'host rdr-rhev.siteb.example: up\|host rdr-rhev.sitea.example: fence manual' "$E2E_WORK/rdr.log" |
		head -1 | grep -q siteb || rdr_fail "fenced before a backup host was up"
}

run_scenario fence_refused_retry
