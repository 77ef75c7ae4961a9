#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# --rehearse on the seed's NFS world: the whole failover on a throwaway
# copy against rdr-sim --from-db; it succeeds and predicts an RTO, while
# the production database stays byte-identical, the production manager
# receives no write, and nothing is left behind.
scenario_rehearse()
{
	rehearse_db nfs
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	rehearse_ok
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "3 rows changed in the copy"
	[ "$(json '.changes[] | select(.domain == "DataDomain") | .after.connection')" = \
		"rdr-nfs.siteb.example:/exports/DATA" ] || rdr_fail "DataDomain change in the copy"
	# the production manager was not contacted at all
	[ ! -s "$E2E_ENGINE_DIR/requests.log" ] || rdr_fail "the production manager was contacted"
	production_untouched
	left_behind
	# and the real failover after it does what the rehearsal predicted
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
}

run_scenario rehearse
