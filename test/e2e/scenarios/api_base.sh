#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A wrong "API base" (oVirt 4's path on a RHEV 3.0 manager): the manager
# answers 404 there but answers at /api, so --validate and a real run say
# so before the backup, naming the setting's line and the right value,
# with the database and the manager untouched; following the hint (the
# line removed: detected) the run succeeds.  A right base is no problem,
# and an unset one never gets "leave it unset".
scenario_api_base()
{
	local line
	setup_nfs
	# the wrong base is told from a down engine only once the engine answers
	e2e_engine_started || rdr_fail "the engine did not finish starting"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	echo "API       base        ovirt-engine/api" >>"$CONF"
	line=$(grep -n '^API       base ' "$CONF" | cut -d: -f1)
	for mode in --validate ""; do
		e2e_failover -c "$CONF" $mode
		expect_rc 3
		expect_out "preflight: API base \"ovirt-engine/api\" ($CONF:$line) is wrong: the manager 127.0.0.1 has no API there (HTTP 404), it answers at /api (Red Hat Enterprise Virtualization Manager 3.0)"
		expect_out 'HINT: Set "API base api", or leave it unset to detect it.'
		grep -qF "does not answer now" <<<"$E2E_OUT" && rdr_fail "a wrong base taken for an engine that is down"
		untouched
	done
	expect_out "preflight      failed"
	# the right base: no problem
	sed -i 's|^API       base        ovirt-engine/api$|API       base        api|' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "validation of $CONF: no problem found"
	# unset (the hint's other way): detected; nothing says "leave it unset"
	sed -i '/^API       base /d' "$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	grep -qF "leave it unset" <<<"$E2E_OUT" && rdr_fail "\"leave it unset\" printed with API base unset"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario api_base
