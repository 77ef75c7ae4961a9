#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Every manual fence is refused (in German): rdr-failover retries until
# host_timeout and then fails the site-A host with the engine's own words;
# the backup host is up and the database fix stays committed.
scenario_fence_refused_forever()
{
	setup_nfs --fault "refuse match=/fence lang=de"
	sed -i 's|^CONFIG    host_timeout 60|CONFIG    host_timeout 3|; s|^CONFIG    spm_timeout  60|CONFIG    spm_timeout  3|' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 10
	expect_out "the manual fence was refused; retrying until host_timeout"
	expect_out "hosts          failed"
	expect_out "Kann Host nicht bestätigen »Host wurde neu gestartet«. Es gibt keinen aktiven Host im Data-Center."
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .ok')" = false ] ||
		rdr_fail "site-A host ok in the report"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .ok')" = true ] ||
		rdr_fail "site-B host not ok in the report"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -o 'fence refused' | wc -l)" -ge 2 ] ||
		rdr_fail "site-A actions: $(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions')"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario fence_refused_forever
