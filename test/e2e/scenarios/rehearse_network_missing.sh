#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# A network of the backup cluster that site B's host lacks: its NIC eth1
# carries no network (as in the seed, section 7.4) and no VIRT_NET line
# attaches public.  The rehearsal fails at the hosts step with the message
# the real failover then gives, and production is untouched by it.
scenario_rehearse_network_missing()
{
	rehearse_db nfs
	psql -X -q -d rhevm -c "UPDATE vds_interface SET network_name = NULL
		WHERE vds_id = '805bb14c-2505-11e1-b809-0025b3a9b001' AND name = 'eth1'" ||
		rdr_fail "inventory"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	sed -i -e '/^VIRT_NET/d' -e 's/^CONFIG    host_timeout .*/CONFIG    host_timeout 5/' "$CONF"
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 10
	expect_out "rdr-failover rehearsal report (on a copy: production was not changed)"
	local rehearsed real
	rehearsed=$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .error')
	[ -n "$rehearsed" ] && [ "$rehearsed" != null ] || rdr_fail "no host error in the rehearsal: $E2E_OUT"
	grep -q public <<<"$rehearsed" || rdr_fail "the rehearsal's error does not name public: $rehearsed"
	[ "$(json '.predicted_rto_seconds')" = null ] || rdr_fail "a failed rehearsal predicts no RTO"
	production_untouched
	left_behind
	# the real failover fails the same way
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	real=$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .error')
	[ "$real" = "$rehearsed" ] || rdr_fail "rehearsal said [$rehearsed], the real run [$real]"
}

run_scenario rehearse_network_missing
