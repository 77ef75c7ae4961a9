#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The manager's API as a trust boundary (issue 12, items 11 and 20).
# Without "API ca_file" or a pin the CA comes over plain HTTP: the
# preflight, the log and the report say so.  A wrong API password is
# found by the preflight (HTTP 401) before anything changes; with the
# engine down then, it is found right after engine start, before any
# host is touched, and named as a 401, not as "did not answer".
scenario_api_trust()
{
	local t0
	setup_nfs
	sed -i '/^API       ca_file /d' "$CONF"
	cp "$CONF" "$T/good.conf"
	sed -i 's/^API       pass .*/API       pass        not-the-password/' "$CONF"
	site_a_nfs_rows "$T/site_a"

	# the engine answers: the preflight refuses the password, nothing changes
	sim_vms >/dev/null
	db_dump "$T/before.sql"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	e2e_failover -c "$CONF" -d -h -s
	expect_rc 3
	expect_out "warning: preflight: the manager's CA will be fetched over plain HTTP (http://127.0.0.1:$E2E_HTTP_PORT/ca.crt) and trusted unauthenticated"
	expect_out "HINT: Pin it: copy the CA from the manager once (/etc/pki/ovirt-engine/ca.pem) and set \"API ca_file\""
	expect_out 'the manager 127.0.0.1 refused the API user "admin@internal"'
	expect_out 'HTTP 401: authentication as "admin@internal" failed'
	expect_out "preflight found 1 problem(s); nothing was changed"
	grep -q not-the-password <<<"$E2E_OUT" && rdr_fail "the password was printed"
	expect_rows "$T/site_a"
	ls "$E2E_WORK"/rhevm-*.dump >/dev/null 2>&1 && rdr_fail "a backup was taken"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "the engine was stopped"
	untouched

	# the engine is down: said in the preflight, the 401 comes at engine start
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null
	t0=$SECONDS
	e2e_failover -c "$CONF" -d -h -s
	expect_rc 7
	expect_out "preflight: the manager's API does not answer now"
	expect_out 'the API user "admin@internal" is checked as soon as the API answers, before any host is touched'
	expect_out 'the manager 127.0.0.1 refused the API user "admin@internal"'
	grep -q "did not answer within" <<<"$E2E_OUT" && rdr_fail "a 401 reported as a timeout"
	[ $((SECONDS - t0)) -lt 25 ] || rdr_fail "the 401 waited out wait_timeout ($((SECONDS - t0)) s)"
	grep -q "approve\|fence" <<<"$E2E_OUT" && rdr_fail "a host was touched"
	expect_out "engine_start   failed"
	expect_out "API answered, unusable (401, TLS or address: see above)"
	# the right password: --resume finishes, the report keeps the CA warning
	cp "$T/good.conf" "$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	[ "$(json '.warnings | join("|")')" = \
		"API ca_file unset: the manager's CA was fetched over plain HTTP (port $E2E_HTTP_PORT) and trusted unauthenticated" ] ||
		rdr_fail "report warnings: $(json '.warnings')"
	grep -q "warning: API ca_file unset" <<<"$E2E_OUT" || rdr_fail "text report lacks the warning"
	grep -q "the manager's CA will be fetched over plain HTTP" "$E2E_WORK/rdr.log" ||
		rdr_fail "the log lacks the warning"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
}

run_scenario api_trust
