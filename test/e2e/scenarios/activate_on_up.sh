#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The engine brings the host up by itself after commitnetconfig
# (AutoRecoveryManager): rdr-failover reads the state and does not
# activate an Up host, which the engine refuses.
scenario_activate_on_up()
{
	e2e_db nfs || rdr_fail "database"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-autorecover.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')" = \
		"approve into cluster SiteB, event 519: missing networks 'public', attach eth1 (00:17:a4:77:24:3a) to public, commitnetconfig" ] ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

run_scenario activate_on_up
