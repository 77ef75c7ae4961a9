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

# sso [curl args...]: POST the token endpoint; sets STATUS, BODY, CTYPE.
sso()
{
	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H 'Accept: application/json' "$@" "$RDR_SIM_BASE_URL/ovirt-engine/sso/oauth/token")
	BODY=$T/body
	HEADERS=$T/headers
	CTYPE=$(reqhdr Content-Type)
}

# jq_body FILTER: a value of the last JSON answer.
jq_body()
{
	jq -r "$1" "$BODY"
}

# The official SDK's login (ovirtsdk4: POST, form body, scope ovirt-app-api),
# then the API with Authorization: Bearer.
test_sso()
{
	local pw tok tok2
	start_sim "$SCEN" --api-version 4 --fault "expire match=/clusters count=1"
	pw=$(cat "$RDR_SIM_PASSWORD_FILE")
	sso --data-urlencode grant_type=password --data-urlencode scope=ovirt-app-api \
		--data-urlencode "username=$RDR_SIM_USER" --data-urlencode "password=$pw"
	check "SSO login: 200 JSON" "200 application/json" "$STATUS $CTYPE"
	tok=$(jq_body .access_token)
	check "SSO login: a bearer token with scope ovirt-app-api" "bearer ovirt-app-api 32" \
		"$(jq_body .token_type) $(jq_body .scope) ${#tok}"
	check "SSO login: exp is the token's end in ms since the epoch" 1 \
		"$(fcmp "$(jq_body .exp) > $(date +%s)000")"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H "Authorization: Bearer $tok" "$RDR_SIM_URL/vms")
	check "Bearer token: GET /vms 200, two VMs" "200 2" "$STATUS $(xmllint --xpath 'count(//vm)' "$T/body")"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H "Authorization: Bearer 0$tok" "$RDR_SIM_URL/vms")
	check "unknown bearer token: 401" "401 The SSO token is not valid or has expired" \
		"$STATUS $(xmllint --xpath 'string(/fault/detail)' "$T/body")"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H "Authorization: Bearer $tok" "$RDR_SIM_URL/clusters")
	check "expire fault: the token is dropped, 401" 401 "$STATUS"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H "Authorization: Bearer $tok" "$RDR_SIM_URL/vms")
	check "... and stays invalid" 401 "$STATUS"

	sso --data-urlencode grant_type=password --data-urlencode scope=ovirt-app-api \
		--data-urlencode "username=$RDR_SIM_USER" --data-urlencode "password=x$pw"
	check "SSO wrong password: 400 access_denied, the engine's text" \
		"400 access_denied Cannot authenticate user '$RDR_SIM_USER': Unable to log in. Verify your login information or contact the system administrator.." \
		"$STATUS $(jq_body .error) $(jq_body .error_description)"
	sso --data-urlencode grant_type=client_credentials
	check "SSO other grant type: 400 unsupported_grant_type" "400 unsupported_grant_type" \
		"$STATUS $(jq_body .error)"
	sso --data-urlencode grant_type=password --data-urlencode "username=$RDR_SIM_USER"
	check "SSO without password: 400 invalid_request, names it" \
		"400 invalid_request Missing parameter: 'password'" "$STATUS $(jq_body .error) $(jq_body .error_description)"
	sso -G --data-urlencode grant_type=password --data-urlencode scope=ovirt-app-api \
		--data-urlencode "username=$RDR_SIM_USER" --data-urlencode "password=$pw"
	check "SSO by GET with query parameters (older SDKs): 200" 200 "$STATUS"
	sso --data-urlencode grant_type=password --data-urlencode scope=ovirt-ext=token:password-access \
		--data-urlencode "username=$RDR_SIM_USER" --data-urlencode "password=$pw"
	tok2=$(jq_body .access_token)
	check "SSO login for another scope: 200" 200 "$STATUS"
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H "Authorization: Bearer $tok2" "$RDR_SIM_URL/vms")
	check "a token without scope ovirt-app-api is refused by the API" 401 "$STATUS"
	stop_clean

	start_sim "$SEED" --time-scale 0
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-d grant_type=password "$RDR_SIM_BASE_URL/ovirt-engine/sso/oauth/token")
	check "v3 (RHEV 3.0): no SSO endpoint, 404" 404 "$STATUS"
	stop_clean
}

if [ $# -gt 0 ]; then
	for f in "$@"; do "$f"; done
else
	test_govirt
	test_get_with_body
	test_sso
fi

echo "rdr-sim client tests: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
