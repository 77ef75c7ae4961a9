#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The manager answers in French (the engine renders its faults in the
# client's language, AppErrors_fr_FR.properties): rdr-failover cannot
# match the refusal's text and retries it all the same, within
# host_timeout.
scenario_fence_refused_localised()
{
	setup_nfs --fault "refuse match=/fence count=2 lang=fr"
	e2e_failover -c "$CONF" --report "$REPORT" -v
	expect_rc 0
	expect_out "the manual fence was refused; retrying until host_timeout"
	! grep -q "Cannot confirm" <<<"$E2E_OUT" || rdr_fail "an English refusal in a French run"
	expect_out "Impossible de confirmer 'Hôte redémarré' Hôte. Il n'y a pas d'Hôte actif dans le Centre de données."
	expect_out "Any refusal of the manual fence is retried, whatever its language"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -o 'fence refused' | wc -l)" = 2 ] ||
		rdr_fail "site-A actions: $(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions')"
	json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .actions' | grep -q 'fence manual$' ||
		rdr_fail "site A not fenced in the end"
}

run_scenario fence_refused_localised
