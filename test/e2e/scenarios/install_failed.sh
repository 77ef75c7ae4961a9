#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The first installation fails (install_failed): rdr-failover approves again.
scenario_install_failed()
{
	setup_nfs --fault "installfail host=rdr-rhev.siteb.example count=1"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions' |
		grep -q "^approve into cluster SiteB, install_failed: approving again (1 of 2), approve into cluster SiteB, " ||
		rdr_fail "site-B actions: $(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .actions')"
}

run_scenario install_failed
