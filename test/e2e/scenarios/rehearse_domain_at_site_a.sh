#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# A domain whose rows stay at site A: the master data domain is excluded
# (EXCLUDE_DOMAIN instead of its Storage_Domain line; without either the
# preflight refuses), so the storage step leaves its connection at site A
# and no site-B host can become SPM.  The rehearsal fails at the hosts
# step (SPM) with the message the real failover then gives.
scenario_rehearse_domain_at_site_a()
{
	rehearse_db nfs
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i -e 's/^Storage_Domain DataDomain .*/EXCLUDE_DOMAIN DataDomain/' \
		-e 's/^CONFIG    spm_timeout .*/CONFIG    spm_timeout 5/' "$CONF"
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 10
	local rehearsed real
	rehearsed=$(json '.spm[0].error')
	[ -n "$rehearsed" ] && [ "$rehearsed" != null ] || rdr_fail "no SPM error in the rehearsal: $E2E_OUT"
	[ "$(json '[.changes[] | select(.domain == "DataDomain")] | length')" = 0 ] ||
		rdr_fail "DataDomain changed in the copy"
	production_untouched
	left_behind
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	real=$(json '.spm[0].error')
	[ "$real" = "$rehearsed" ] || rdr_fail "rehearsal said [$rehearsed], the real run [$real]"
}

run_scenario rehearse_domain_at_site_a
