#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The fibre host's key is not in known_hosts: refused by the preflight,
# nothing changed;
# with CONFIG ssh_insecure yes it is accepted with a loud warning that
# names the option the user set, CONFIG ssh_insecure, not rdr-probe's
# --accept-unknown-host-key, which rdr-failover has not (issue 12, item 22).
scenario_fibre_ssh_insecure()
{
	local lines
	[ -f "$RDR_TOP/test/lib/sshd.sh" ] || { echo "test/lib/sshd.sh not available"; exit 77; }
	# shellcheck disable=SC1091
	source "$RDR_TOP/test/lib/sshd.sh"
	e2e_db fibre || rdr_fail "database"
	rdr_fc_seed_siteb || rdr_fail "sshd"
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed-fibre.scenario" || rdr_fail "engine"
	T=$(rdr_tmpdir)
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	: >"$T/known_hosts"
	lines=("Storage_Domain DataDomain fibre rdr-rhev.siteb.example 00c0ffd7e69d000085b89d4e01000000"
		"Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:/exports/ISO"
		"Storage_Domain ExportDomain nfs rdr-nfs.siteb.example:/exports/EXPORT"
		"CONNECT_TO rdr-nfs.siteb.example 127.0.0.1"
		"CONNECT_TO rdr-rhev.siteb.example 127.0.0.1:$SSHD_PORT"
		"CONFIG ssh_key $SSHD_KEY"
		"CONFIG ssh_known_hosts $T/known_hosts")
	e2e_config "$CONF" "${lines[@]}"
	e2e_storage_rows >"$T/before"
	e2e_failover -c "$CONF" -d
	expect_rc 3
	expect_out "is not in $T/known_hosts: refusing to connect"
	expect_out "preflight found 1 problem(s); nothing was changed"
	expect_rows "$T/before"

	e2e_config "$CONF" "${lines[@]}" "CONFIG ssh_insecure yes"
	e2e_failover -c "$CONF" -d
	expect_rc 0
	expect_out "warning: ACCEPTING UNKNOWN HOST KEY of \"127.0.0.1\" port $SSHD_PORT"
	expect_out "DETAIL: CONFIG ssh_insecure is set; anyone answering at this address is trusted."
	case $E2E_OUT in *--accept-unknown-host-key*) rdr_fail "the warning names rdr-probe's option" ;; esac
	psql -X -A -t -d rhevm -c "SELECT lun_id FROM luns" | grep -qx 3600c0ff000d7e69d85b89d4e01000000 ||
		rdr_fail "the fibre LUN was not fixed"
}

run_scenario fibre_ssh_insecure
