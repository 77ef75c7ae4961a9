#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# --rehearse on the seed's fibre channel world: the LUN identities read
# over ssh from site B's hypervisor (known_hosts checked), the LUN row
# changed in the copy only; production byte-identical, nothing left.
scenario_rehearse_fibre()
{
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	rehearse_db fibre
	rdr_fc_seed_siteb || rdr_fail "sshd"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" \
		"Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000" \
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO" \
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT" \
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1" \
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT" \
		"CONFIG ssh_key $SSHD_KEY" \
		"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS"
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	rehearse_ok
	[ "$(json '[.changes[] | select(.domain == "DataDomain") | .after.lun_id] | map(select(. != null)) | .[0]')" = \
		3600c0ff000d7e69d85b89d4e01000000 ] || rdr_fail "the copy's LUN row: $(json '.changes')"
	[ ! -s "$E2E_ENGINE_DIR/requests.log" ] || rdr_fail "the production manager was contacted"
	production_untouched
	left_behind
}

run_scenario rehearse_fibre
