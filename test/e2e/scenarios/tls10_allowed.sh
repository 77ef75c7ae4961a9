#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# With "API tls_min 1.0" the same failover completes, with a warning in
# the log and in the report.
scenario_tls10_allowed()
{
	setup_nfs --tls-version 1.0
	echo "API tls_min 1.0" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "warning: TLS 1.0 and 1.1 are allowed with the manager (API tls_min 1.0)"
	[ "$(json '.warnings | join("|")')" = \
		"API tls_min 1.0: TLS versions older than 1.2 are allowed with the manager (legacy RHEV 3.0)" ] ||
		rdr_fail "report warnings: $(json '.warnings')"
	grep -q "warning: API tls_min 1.0" <<<"$E2E_OUT" || rdr_fail "text report lacks the warning"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario tls10_allowed
