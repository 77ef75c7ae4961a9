#!/bin/bash
# test/sim/run-client-tests.sh: rdr-sim against a client rdr did not write.
#
# libgovirt (Debian's oVirt REST client, the one virt-viewer uses) through
# python3-gi lists the VMs of rdr-sim --api-version 4 over TLS, reads one's
# state and starts it (govirt_client.py), with no rdr-specific help; then
# the transport quirk that client exposed is pinned down with curl: a GET
# that announces a body it may never send is answered at once, and the
# connection closed.  Every client run is bounded by timeout(1), so a hang
# is a failure, not a stuck check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/testlib.sh"

PY=/usr/bin/python3
CLIENT=$here/govirt_client.py
SCEN=$here/govirt.scenario
VM_WEB4=5a000000-0000-4000-8000-000000000005

# govirt VM [PASSWORD_FILE] [CA]: run the libgovirt client for at most
# 60 s; sets OUT and RC.
govirt()
{
	OUT=$(timeout 60 "$PY" "$CLIENT" "127.0.0.1:$RDR_SIM_HTTPS_PORT" "$RDR_SIM_USER" \
		"${2:-$RDR_SIM_PASSWORD_FILE}" "${3:-$RDR_SIM_CA}" "$1" 2>&1)
	RC=$?
}

test_govirt()
{
	local t0 t1
	if ! "$PY" -c 'import gi; gi.require_version("GoVirt", "1.0")' 2>/dev/null; then
		not_ok "libgovirt: gir1.2-govirt-1.0 and python3-gi are needed (mk/deps.txt)"
		return
	fi
	start_sim "$SCEN" --api-version 4 -v
	t0=$(date +%s.%N)
	govirt web
	t1=$(date +%s.%N)
	check "libgovirt: lists the VMs, reads the state, starts web (exit 0)" \
		"0|vms: db,web|state: down|after start: up" "$RC|$(tr '\n' '|' <<<"$OUT" | sed 's/|$//')"
	check "libgovirt: done in under 20 s" 1 "$(fcmp "$t1 - $t0 < 20")"
	api GET "/vms/$VM_WEB4"
	check "the engine's view: web is up" "200 up" "$STATUS $(xp /vm/status)"
	api GET /vms/5a000000-0000-4000-8000-000000000006
	check "the engine's view: db untouched, down" "200 down" "$STATUS $(xp /vm/status)"
	check "libgovirt's GETs carried an announced body (the quirk is exercised)" 1 \
		"$(grep -c -m1 'GET /ovirt-engine/api: body announced' "$RDR_SIM_LOG")"

	govirt nosuch
	check "libgovirt: unknown VM: exit 1, says so" "1 1" "$RC $(grep -c '^error: no VM nosuch$' <<<"$OUT")"

	printf 'wrong\n' >"$T/wrongpw"
	chmod 600 "$T/wrongpw"
	govirt db "$T/wrongpw"
	check "libgovirt: wrong password: exit 2, Unauthorized (401), no hang" "2 1" \
		"$RC $(grep -c '^error: Unauthorized (rest-proxy-error-quark 401)$' <<<"$OUT")"
	api GET /vms/5a000000-0000-4000-8000-000000000006
	check "wrong password: db still down" "200 down" "$STATUS $(xp /vm/status)"

	mkdir -p "$T/otherca"
	rdr_sim_certs "$T/otherca"
	govirt db "$RDR_SIM_PASSWORD_FILE" "$T/otherca/ca.crt"
	check "libgovirt: server not signed by its CA: exit 2, TLS refused, no hang" "2 1" \
		"$RC $(grep -c '^error: Unacceptable TLS certificate (g-tls-error-quark 2)$' <<<"$OUT")"
	stop_clean
}

# reqhdr NAME: the value of response header NAME in the last answer.
reqhdr()
{
	sed -n "s/^$1: \([^\r]*\).*/\1/Ip" "$HEADERS" | head -1
}

test_get_with_body()
{
	local t0 t1
	start_sim "$SCEN" --api-version 4
	t0=$(date +%s.%N)
	api GET /vms "" -H 'Content-Type: application/xml' -H 'Content-Length: 17' --max-time 10
	t1=$(date +%s.%N)
	check "GET announcing 17 body bytes it never sends: answered 200" "0 200" "$CURL_RC $STATUS"
	check "... at once (< 2 s), not after a timeout" 1 "$(fcmp "$t1 - $t0 < 2")"
	check "... with Connection: close" close "$(reqhdr Connection)"
	check "... and the listing" "db web" "$(xmllint --xpath '//vm/name/text()' "$BODY" | sort | tr '\n' ' ' | sed 's/ $//')"

	api GET /vms "" -H 'Content-Type: application/xml' --data-binary '<action></action>' --max-time 10
	check "GET with its body sent: 200, Connection: close" "0 200 close" "$CURL_RC $STATUS $(reqhdr Connection)"

	api HEAD /vms "" -I -H 'Content-Length: 5' --max-time 10
	check "HEAD announcing a body: answered 200" "0 200" "$CURL_RC $STATUS"

	api GET /vms "" --max-time 10
	check "a GET without a body keeps the connection (no Connection: close)" "200 " \
		"$STATUS $(reqhdr Connection)"

	api GET /vms "" -H 'Content-Length: 17' --max-time 10 -u "$RDR_SIM_USER:wrong"
	check "GET announcing a body, wrong password: 401 at once, Connection: close" \
		"0 401 close" "$CURL_RC $STATUS $(reqhdr Connection)"

	api POST "/vms/$VM_WEB4/start" "<action/>" --max-time 10
	check "a POST still gets its body read (start accepted)" 200 "$STATUS"
	stop_clean
}

if [ $# -gt 0 ]; then
	for f in "$@"; do "$f"; done
else
	test_govirt
	test_get_with_body
fi

echo "rdr-sim client tests: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
