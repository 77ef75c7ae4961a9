#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A RHEV 3.0 manager (JBoss on RHEL 6) offers TLS 1.0 only (rdr-sim
# --tls-version 1.0, GnuTLS "NORMAL:-VERS-ALL:+VERS-TLS1.0").  By default
# rdr-failover wants TLS 1.2: it says the manager offers only TLS 1.0 and
# names the setting, instead of waiting for an engine that "is not running";
# the preflight's login to the API finds it, before anything changes.
scenario_tls10_refused()
{
	setup_nfs --tls-version 1.0
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 3
	db_dump "$T/after.sql"
	diff -u "$T/before.sql" "$T/after.sql" || rdr_fail "the database changed"
	no_writes
	expect_out "preflight found 1 problem(s); nothing was changed"
	expect_out "the manager https://127.0.0.1:$E2E_HTTPS_PORT offers only TLS 1.0, older than rdr accepts (TLS 1.2)"
	expect_out 'Set "API tls_min 1.0" to allow it'
	grep -qF "did not answer within" <<<"$E2E_OUT" && { echo "$E2E_OUT"; rdr_fail "waited for the API as if it were down"; }
	# the handshake really is TLS 1.0 only: OpenSSL at its default level refuses it
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$E2E_HTTPS_PORT" -tls1_2 >/dev/null 2>&1 &&
		rdr_fail "the manager accepted TLS 1.2"
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$E2E_HTTPS_PORT" -tls1 \
		-cipher 'DEFAULT:@SECLEVEL=0' 2>/dev/null | grep -q 'Protocol *: TLSv1$' ||
		rdr_fail "the manager did not speak TLS 1.0"
}

run_scenario tls10_refused
