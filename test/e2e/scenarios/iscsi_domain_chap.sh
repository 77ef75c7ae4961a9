#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Per-domain CHAP.  Site B's data target requires CHAP; the domain's own
# Storage_Domain line says so (chap=USER:PASSWORD_FILE), and only its
# connection row gets the credentials.  chap=none beats the seed's global
# CONFIG chap_user: that domain is probed and written without CHAP (here
# the target refuses, found by the preflight's LUN probe before anything
# changes).  The password is never shown.
scenario_iscsi_domain_chap()
{
	local secret=Dom-Chap-S3cret-42 line
	setup_iscsi
	rdr_tgtd_chap 1 rdrchap "$secret" || rdr_fail "CHAP account"
	(umask 077 && printf '%s\n' "$secret" >"$T/chap.secret" && printf 'global-Pw-9\n' >"$T/global.secret")
	line=$(grep -n '^Storage_Domain DataDomain' "$CONF" | cut -d: -f1)
	e2e_storage_rows >"$T/before"

	# 1. chap=none with a global CHAP: no CHAP for this target, which wants it
	sed -i "${line}s/\$/ chap=none/" "$CONF"
	printf 'CONFIG chap_user globaluser\nCONFIG chap_password_file %s\n' "$T/global.secret" >>"$CONF"
	e2e_failover -c "$CONF" -d --report "$REPORT"
	expect_rc 3
	expect_out "iSCSI login to \"iqn.2011-11.siteb.example:rdr-iscsi.data\" on portal \"127.0.0.1:$TGTD_PORT\" was refused: authentication failed"
	expect_out "preflight found 1 problem(s); nothing was changed"
	expect_rows "$T/before"
	[ "$(psql -X -A -t -d rhevm -c 'SELECT count(*) FROM rdr_change_log')" = 0 ] || rdr_fail "changes logged"

	# 2. the domain's own CHAP; the global setting gone
	sed -i "${line}s| chap=none\$| chap=rdrchap:$T/chap.secret|" "$CONF"
	sed -i '/^CONFIG chap_/d' "$CONF"
	e2e_failover -c "$CONF" --new --report "$REPORT"
	expect_rc 0
	[ "$(psql -X -A -t -d rhevm -c "SELECT connection || ' ' || user_name || ' ' || password
		FROM storage_server_connections WHERE iqn IS NOT NULL")" = \
		"192.168.201.32 rdrchap $secret" ] || rdr_fail "the iSCSI connection row lacks its CHAP"
	[ "$(psql -X -A -t -d rhevm -c "SELECT count(*) FROM storage_server_connections
		WHERE iqn IS NULL AND (user_name IS NOT NULL OR password IS NOT NULL)")" = 0 ] ||
		rdr_fail "CHAP written onto a domain without it"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	! grep -rqF -- "$secret" - "$REPORT" "$E2E_WORK" <<<"$E2E_OUT" ||
		rdr_fail "the CHAP password was written out"
}

run_scenario iscsi_domain_chap
