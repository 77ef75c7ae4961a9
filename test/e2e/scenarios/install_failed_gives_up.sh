#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Every installation fails: rdr-failover stops after install_retries.
scenario_install_failed_gives_up()
{
	setup_nfs --fault "installfail host=rdr-rhev.siteb.example count=9"
	echo "CONFIG install_retries 1" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	expect_out "host rdr-rhev.siteb.example failed: installation failed 2 time(s) (install_failed)"
	expect_out "HINT: CONFIG install_retries is 1"
	expect_out "not fenced: no host of cluster SiteB came up"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .ok')" = false ] ||
		rdr_fail "site A fenced without an Up host"
}

run_scenario install_failed_gives_up
