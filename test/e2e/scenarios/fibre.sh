#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The seed's section 8.5: the fibre LUN seen by the site-B hypervisor over ssh.
scenario_fibre()
{
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	declare -F rdr_fc_seed_siteb >/dev/null || { echo "rdr_fc_seed_siteb not available"; exit 77; }
	e2e_db fibre || rdr_fail "database"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" "$@" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	# the seed's own line: a part of the serial, the hypervisor's name
	e2e_config "$CONF" \
		"Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000" \
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO" \
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT" \
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1" \
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT" \
		"CONFIG ssh_key $SSHD_KEY" \
		"CONFIG ssh_known_hosts $SSHD_KNOWN_HOSTS"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	psql -X -A -t -d rhevm -c "SELECT lun_id, serial, lun_mapping, vendor_id, product_id FROM luns" >"$T/got"
	echo "3600c0ff000d7e69d85b89d4e01000000|SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000|26|HP|MSA2324fc" |
		diff -u - "$T/got" || rdr_fail "fibre LUN row"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario fibre
