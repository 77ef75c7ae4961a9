#!/bin/bash
# test/sim/run-tests.sh: integration tests of rdr-sim over real HTTPS.
#
# Every test starts its own simulator (test/lib/sim.sh: fresh CA, free
# ports, torn down at exit) and asserts exact status codes and XML values
# with curl(1) and xmllint(1).  The storage gate tests load the real
# rhevm schema and seed data (test/fixtures/rhev30-*.sql) into a throwaway
# PostgreSQL.  Scenario delays run at --time-scale 0.01.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/testlib.sh"

# ---------------------------------------------------------------- usage
test_usage()
{
	local out rc
	out=$("$RDR_SIM_BIN" 2>&1); rc=$?
	check "no options: exit 1" 1 $rc
	check "no options: names the required options" 1 \
		"$(grep -c -- '--scenario, --cert, --key, --ca and --password-file are required' <<<"$out")"
	out=$("$RDR_SIM_BIN" --bogus 2>&1); rc=$?
	check "unknown option: exit 1 and --help hint" "1 1" "$rc $(grep -c 'Try "rdr-sim --help"' <<<"$out")"
	"$RDR_SIM_BIN" --help | grep -q -- '--time-scale'
	check "--help lists --time-scale" 0 $?

	rdr_sim_certs "$T"
	printf 'secret\n' >"$T/pw"
	chmod 644 "$T/pw"
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	check "world-readable password file refused" "1 1" \
		"$rc $(grep -c "password file \"$T/pw\" is readable by other users" <<<"$out")"
	chmod 600 "$T/pw"
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" --fault "explode rate=1" 2>&1); rc=$?
	check "unknown fault kind refused" "1 1" "$rc $(grep -c 'unknown fault kind "explode"' <<<"$out")"
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" --fault "error rate=2" 2>&1); rc=$?
	check "fault rate out of range refused" "1 1" "$rc $(grep -c 'invalid rate "2"' <<<"$out")"
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" --fault "neverup host=nosuch" 2>&1); rc=$?
	check "neverup of an unknown host refused" "1 1" "$rc $(grep -c 'host "nosuch" is not in the scenario' <<<"$out")"
}

# scenario_error NAME TEXT EXPECTED_MESSAGE: a bad scenario is refused with file:line.
scenario_error()
{
	local f=$T/$1.scenario out rc
	printf '%b' "$2" >"$f"
	out=$("$RDR_SIM_BIN" -s "$f" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" 2>&1); rc=$?
	if [ $rc -eq 1 ] && grep -qF -- "$3" <<<"$out"; then
		ok "bad scenario $1 refused: $3"
	else
		not_ok "bad scenario $1: rc $rc, output [$out], wanted [$3]"
	fi
}

test_scenario_errors()
{
	local dc='datacenter D\n'
	scenario_error unknown_keyword "${dc}frobnicate x\n" "unknown_keyword.scenario:2: unknown keyword \"frobnicate\""
	# the guest agent's words (sim_agent.h)
	scenario_error agent "${dc}cluster C datacenter=D\nvm v cluster=C agent=maybe\n" "agent.scenario:3: vm agent must be none, not \"maybe\""
	scenario_error agent_delay "${dc}cluster C datacenter=D\nvm v cluster=C agent_delay=soon\n" "agent_delay.scenario:3: vm agent_delay must be seconds from 0 to 86400, not \"soon\""
	scenario_error listen "${dc}cluster C datacenter=D\nvm v cluster=C listen=0\n" "listen.scenario:3: vm listen must be a port from 1 to 65535, not \"0\""
	scenario_error bad_key "${dc}cluster C datacenter=D colour=red\n" "bad_key.scenario:2: cluster: unexpected \"colour=red\""
	scenario_error undefined_ref "${dc}cluster C datacenter=E\n" "undefined_ref.scenario:2: datacenter \"E\" is not defined"
	scenario_error bad_state "${dc}cluster C datacenter=D\nhost h cluster=C state=flying\n" "bad_state.scenario:3: unknown host state \"flying\""
	scenario_error bad_id "datacenter D id=XYZ\n" "bad_id.scenario:1: id \"XYZ\" is not a lower-case UUID"
	scenario_error dup_id "datacenter D id=10b3c00e-9371-48ce-8d28-28158cf26d96\ndatacenter E id=10b3c00e-9371-48ce-8d28-28158cf26d96\n" "duplicate id \"10b3c00e-9371-48ce-8d28-28158cf26d96\""
	scenario_error quote "${dc}vm \"unterminated\n" "quote.scenario:2: unterminated quote"
	scenario_error two_spm "${dc}cluster C datacenter=D\nhost a cluster=C state=up spm=yes\nhost b cluster=C state=up spm=yes\n" "two_spm.scenario:4: datacenter \"D\" already has SPM host \"a\""
	scenario_error gate "${dc}storage_domain S datacenter=D gate=nfs\n" "gate.scenario:2: gate=nfs needs"
	scenario_error env "${dc}datacenter \${RDR_SIM_SURELY_UNSET}\n" "env.scenario:2: environment variable RDR_SIM_SURELY_UNSET is not set"
	scenario_error timing "${dc}timing approve=-1\n" "timing.scenario:2: approve \"-1\" is not a number"
	scenario_error empty "# nothing\n" "scenario defines no datacenter"
	scenario_error mac "${dc}cluster C datacenter=D\nhost h cluster=C state=up\nnic h eth0 mac=00:11\n" "nic needs mac=xx:xx:xx:xx:xx:xx"
}

# ---------------------------------------------------------- transport
test_transport_auth()
{
	start_sim "$SEED" --time-scale 0.01 --fault "tlsdelay ms=1"
	local pw ca
	pw=$(cat "$RDR_SIM_PASSWORD_FILE")
	ca=$(curl -sS "$RDR_SIM_CA_URL")
	check "/ca.crt over plain HTTP is the CA" "$(cat "$RDR_SIM_CA")" "$ca"
	check "ready file: scaled delays (seed approve 5 s x 0.01)" "approve_s=0.05 spm_contend_s=1.2" \
		"$(grep '^approve_s=' "$RDR_SIM_READY") $(grep '^spm_contend_s=' "$RDR_SIM_READY")"
	check "HTTP port: other paths 404" 404 \
		"$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$RDR_SIM_HTTP_PORT/api")"
	check "listens on 127.0.0.1 only" 2 \
		"$(ss -Htln "( sport = :$RDR_SIM_HTTPS_PORT or sport = :$RDR_SIM_HTTP_PORT )" | awk '{print $4}' | grep -c '^127\.0\.0\.1:')"
	curl -sS -o /dev/null "$RDR_SIM_URL" 2>/dev/null
	check "HTTPS is not trusted without the CA (curl exit 60)" 60 $?
	sleep 0.35	# startup: 30 s * 0.01

	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' --cacert "$RDR_SIM_CA" "$RDR_SIM_URL/hosts")
	check "no credentials: 401" 401 "$STATUS"
	check "401 carries WWW-Authenticate Basic realm RESTAPI" 1 \
		"$(grep -c -i '^WWW-Authenticate: Basic realm="RESTAPI"' "$T/headers")"
	BODY=$T/body
	check "401 body is a <fault>" "Unauthorized" "$(xp /fault/reason)"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:wrong" "$RDR_SIM_URL/hosts")
	check "wrong password: 401" 401 "$STATUS"
	check "wrong password: detail" "Wrong user name or password" "$(xp /fault/detail)"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "someone@internal:$pw" "$RDR_SIM_URL/hosts")
	check "wrong user: 401" 401 "$STATUS"

	api GET /hosts "" -H 'Prefer: persistent-auth'
	check "Basic + Prefer: persistent-auth: 200" 200 "$STATUS"
	local cookie
	cookie=$(sed -n 's/^Set-Cookie: JSESSIONID=\([0-9a-f]\{32\}\); Path=\/api; Secure; HttpOnly\r$/\1/p' "$HEADERS")
	check "Set-Cookie JSESSIONID (32 hex, Path=/api, Secure)" 32 "${#cookie}"
	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-H 'Prefer: persistent-auth' -b "JSESSIONID=$cookie" "$RDR_SIM_URL/hosts/$H_A")
	check "session cookie without credentials: 200" 200 "$STATUS"
	check "a reused session sets no new cookie" 0 "$(grep -c -i '^Set-Cookie' "$T/headers")"
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" \
		-b "JSESSIONID=0123456789abcdef0123456789abcdef" "$RDR_SIM_URL/hosts")
	check "unknown session cookie: 401" 401 "$STATUS"
	api GET /hosts
	check "Basic without Prefer: no cookie" 0 "$(grep -c -i '^Set-Cookie' "$HEADERS")"
	check "Content-Type is application/xml" 1 "$(grep -c -i '^Content-Type: application/xml; charset=UTF-8' "$HEADERS")"

	# keep-alive: many requests on one connection
	local urls=() i
	for ((i = 0; i < 20; i++)); do urls+=(-o /dev/null "$RDR_SIM_URL/hosts/$H_A"); done
	curl -sS --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$pw" -w '%{num_connects}\n' "${urls[@]}" >"$T/conns"
	check "20 requests reuse one keep-alive connection" 1 "$(awk '{s += $1} END {print s}' "$T/conns")"

	# expired session (fault), then Basic works again
	stop_clean
	start_sim "$SEED" --time-scale 0 --fault "expire match=/vms count=1"
	api GET /hosts "" -H 'Prefer: persistent-auth'
	cookie=$(sed -n 's/^Set-Cookie: JSESSIONID=\([0-9a-f]*\);.*/\1/p' "$HEADERS")
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" -b "JSESSIONID=$cookie" "$RDR_SIM_URL/vms")
	check "expire fault: the session is gone (401)" 401 "$STATUS"
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" -b "JSESSIONID=$cookie" "$RDR_SIM_URL/hosts")
	check "expired session stays expired" 401 "$STATUS"
	api GET /vms "" -H 'Prefer: persistent-auth'
	check "after expiry Basic re-authenticates" 200 "$STATUS"
	check "and gets a new session" 1 "$(grep -c '^Set-Cookie: JSESSIONID=' "$HEADERS")"
	stop_clean

	# idle sessions time out (session_timeout, real seconds)
	printf 'include %s\nsession_timeout 1\n' "$SEED" >"$T/timeout.scenario"
	start_sim "$T/timeout.scenario" --time-scale 0
	api GET /hosts "" -H 'Prefer: persistent-auth'
	cookie=$(sed -n 's/^Set-Cookie: JSESSIONID=\([0-9a-f]*\);.*/\1/p' "$HEADERS")
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" -b "JSESSIONID=$cookie" "$RDR_SIM_URL/vms")
	check "session used within session_timeout: 200" 200 "$STATUS"
	sleep 1.3
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" -b "JSESSIONID=$cookie" "$RDR_SIM_URL/vms")
	check "session idle longer than session_timeout: 401" 401 "$STATUS"
	stop_clean
}

test_entry_points()
{
	start_sim "$SEED" --time-scale 0
	api GET ""
	check "v3 entry point: 200" 200 "$STATUS"
	check "v3 product major is an attribute" 3 "$(xp /api/product_info/version/@major)"
	check "v3 product name" "Red Hat Enterprise Virtualization Manager" "$(xp /api/product_info/name)"
	check "v3 hosts link" "/api/hosts" "$(xp '/api/link[@rel="hosts"]/@href')"
	check "v3 summary: 2 hosts, 0 active" "2 0" "$(xp /api/summary/hosts/total) $(xp /api/summary/hosts/active)"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
		-H 'Version: 4' "$RDR_SIM_BASE_URL/ovirt-engine/api")
	check "v3 simulator: /ovirt-engine/api is 404" 404 "$STATUS"
	stop_clean

	start_sim "$SEED" --time-scale 0 --api-version 4
	api GET "" "" -H 'Version: 4'
	check "v4 entry point: 200" 200 "$STATUS"
	check "v4 product major is an element" 4 "$(xp /api/product_info/version/major)"
	check "v4 full_version" 4.4.10 "$(xp /api/product_info/version/full_version)"
	check "v4 hosts link" "/ovirt-engine/api/hosts" "$(xp '/api/link[@rel="hosts"]/@href')"
	STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" "$RDR_SIM_BASE_URL/api")
	check "v4 simulator: /api is 404" 404 "$STATUS"
	api GET /hosts "" -H 'Version: 3'
	check "v4: Version: 3 header is 400" "400 API version 3 is not supported" "$STATUS $(xp /fault/detail)"
	api GET "/hosts/$H_A"
	check "v4 host status is plain" non_responsive "$(xp /host/status)"
	check "v4 host spm status" spm "$(xp /host/spm/status)"
	api GET "/hosts/$H_B/nics"
	check "v4 NIC mac is an element, upper case" "00:17:A4:77:24:3A" "$(xp "/host_nics/host_nic[@id='$NIC_B1']/mac/address")"
	api POST "/hosts/$H_B/nics/$NIC_B1/attach" "<action><network id=\"$NET_PUBLIC\"/></action>"
	check "v4 has no nics/NIC/attach (404)" 404 "$STATUS"
	api POST "/hosts/$H_A/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	check "v4 validation failure is 409" "409 Operation Failed" "$STATUS $(xp /fault/reason)"
	stop_clean
}

# -------------------------------------------------- the seed's failover
# db_start FIXTURE: a rhevm database with the RHEV 3.0 schema and seed data.
# db_start FIXTURE [SCHEMA]: database rhevm with SCHEMA (default
# rhev30-schema.sql) and FIXTURE of test/fixtures.
db_start()
{
	if [ -z "${PGHOST:-}" ]; then
		rdr_pg_start || { not_ok "PostgreSQL did not start"; exit 1; }
	fi
	"$RDR_PG_BIN/dropdb" --if-exists rhevm
	rdr_pg_createdb rhevm "$FIX/${2:-rhev30-schema.sql}" "$FIX/$1" ||
		{ not_ok "could not load $1"; exit 1; }
	DB="host=$PGHOST port=$PGPORT user=postgres dbname=rhevm"
}

psql_rhevm()
{
	"$RDR_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d rhevm -c "$1" >/dev/null
}

# the seed's host workflow (v3) up to the fence; $1 = api version
seed_hosts()
{
	local v=$1 st=/host/status/state
	[ "$v" == 4 ] && st=/host/status
	api POST "/hosts/$H_A/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	if [ "$v" == 3 ]; then
		check "v$v approve a non-pending host: 400 + engine message" \
			"400 [Cannot approve RHEV Hypervisor Host.]" "$STATUS $(xp /fault/detail)"
	fi
	api GET /events
	local last
	last=$(xp '/events/event[1]/@id')
	check "v$v events newest first: site A non-responsive event" "12 Host rdr-rhev.sitea.example is non responsive." \
		"$(xp '/events/event[1]/code') $(xp '/events/event[1]/description')"
	api POST "/hosts/$H_B/approve" "<action><cluster><name>Nowhere</name></cluster></action>"
	check "v$v approve into an unknown cluster: 404" 404 "$STATUS"
	api POST "/hosts/$H_B/approve" "<action/>"
	check "v$v approve without cluster: 400 Incomplete parameters" "400 Incomplete parameters" "$STATUS $(xp /fault/reason)"
	api POST "/hosts/$H_B/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	check "v$v approve site B into SiteB: 200" 200 "$STATUS"
	if [ "$v" == 3 ]; then
		check "v3 approve answer echoes cluster, state complete" "$C_SITEB complete" \
			"$(xp /action/cluster/@id) $(xp /action/status/state)"
	else
		check "v4 approve answer status complete" complete "$(xp /action/status)"
	fi
	api GET "/hosts/$H_B"
	check "v$v host installing right after approval" installing "$(xp $st)"
	wait_state "/hosts/$H_B" $st non_operational
	check "v$v host non_operational after approval" 0 $?
	if [ "$v" == 3 ]; then
		check "v3 detail network_unreachable" network_unreachable "$(xp /host/status/detail)"
	else
		check "v4 status_detail network_unreachable" network_unreachable "$(xp /host/status_detail)"
	fi
	check "v$v host now in SiteB" "$C_SITEB" "$(xp /host/cluster/@id)"
	api GET "/events?search=type%3D519&from=$last"
	check "v$v event 519 since the approval" \
		"519 Host rdr-rhev.siteb.example does not comply with the cluster SiteB networks, the following networks are missing on host: 'public'" \
		"$(xp 'count(/events/event)' | sed 's/^1$//')$(xp '/events/event[1]/code') $(xp '/events/event[1]/description')"
	api GET "/events?search=type%3D519&from=999999"
	check "v$v events from a later id: none" 0 "$(xp 'count(/events/event)')"
	api GET "/events?search=description%3Dx"
	check "v$v unmodelled event search field: 400" 400 "$STATUS"

	api POST "/hosts/$H_B/activate" "<action/>"
	wait_state "/hosts/$H_B" $st non_operational
	check "v$v activate without the network: back to non_operational" 0 $?

	if [ "$v" == 3 ]; then
		api GET "/hosts/$H_B/nics"
		check "v3 NIC by MAC (attribute, upper case)" "$NIC_B1" "$(xp "/host_nics/host_nic[mac/@address='00:17:A4:77:24:3A']/@id")"
		api POST "/hosts/$H_B/nics/$NIC_B1/attach" "<action><network id=\"00000000-0000-0000-0000-000000000009\"/></action>"
		check "v3 attach a network of another data center refused" "400 [Cannot edit Interface. Network does not belong to the Host's Data Center.]" "$STATUS $(xp /fault/detail)"
		api POST "/hosts/$H_B/nics/$NIC_B1/attach" "<action><network id=\"$NET_PUBLIC\"/></action>"
		check "v3 attach public to eth1" "200 complete" "$STATUS $(xp /action/status/state)"
		api POST "/hosts/$H_B/nics/f9a68349-6489-4944-9f42-078c9d0c5ec8/attach" "<action><network><name>public</name></network></action>"
		check "v3 same network on a second NIC refused" "400 [Cannot edit Interface. Network is already attached to another interface.]" "$STATUS $(xp /fault/detail)"
	else
		api POST "/hosts/$H_B/setupnetworks" "<action><modified_network_attachments><network_attachment><network><name>public</name></network><host_nic><name>eth1</name></host_nic></network_attachment></modified_network_attachments><check_connectivity>true</check_connectivity></action>"
		check "v4 setupnetworks public on eth1" "200 complete" "$STATUS $(xp /action/status)"
	fi
	api GET "/hosts/$H_B/nics/$NIC_B1"
	check "v$v eth1 now carries public" "$NET_PUBLIC" "$(xp /host_nic/network/@id)"
	api POST "/hosts/$H_B/commitnetconfig" "<action/>"
	check "v$v commitnetconfig" 200 "$STATUS"
	api POST "/hosts/$H_B/activate" "<action/>"
	check "v$v activate" 200 "$STATUS"
	api GET "/hosts/$H_B"
	check "v$v unassigned while activating" unassigned "$(xp $st)"
	wait_state "/hosts/$H_B" $st up
	check "v$v site B host up" 0 $?

	api POST "/hosts/$H_A/fence" "<action/>"
	check "v$v fence without fence_type: 400" "400 Incomplete parameters" "$STATUS $(xp /fault/reason)"
	api POST "/hosts/$H_B/fence" "<action><fence_type>manual</fence_type></action>"
	if [ "$v" == 3 ]; then
		check "v3 fence of an up host refused (FenceVdsManualyCommand)" \
			"400 [Cannot confirm 'Host has been rebooted' Host. Valid Host statuses are \"Non operational\", \"Maintenance\" or \"Problematic\".]" "$STATUS $(xp /fault/detail)"
	else
		check "v4 fence of an up host refused (FenceVdsManualyCommand)" \
			"409 [Cannot confirm 'Host has been rebooted' Host. Valid Host statuses are \"Non operational\", \"Maintenance\" or \"Connecting\".]" "$STATUS $(xp /fault/detail)"
	fi
	api POST "/hosts/$H_A/fence" "<action><fence_type>manual</fence_type></action>"
	check "v$v manual fence of site A" 200 "$STATUS"
	if [ "$v" == 3 ]; then
		check "v3 fence answer" "manual complete" "$(xp /action/fence_type) $(xp /action/status/state)"
	fi
}

test_seed_v3_gate_nfs()
{
	db_start rhev30-nfs.sql
	start_sim "$SEED" --time-scale 0.01 --db "$DB" -v --clock manual
	clock 0.35
	api GET "/datacenters/$DC"
	check "v3 data center problematic while the dead SPM holds the role" problematic "$(xp /data_center/status/state)"
	api GET "/vms/$VM_WEB/start" 
	check "GET on an action: 405" 405 "$STATUS"
	api POST "/vms/$VM_WEB/start" "<action/>"
	check "start before failover refused" "400 [Cannot run VM. There are no available running Hosts in the Host Cluster.]" "$STATUS $(xp /fault/detail)"
	seed_hosts 3
	wait_state "/datacenters/$DC" /data_center/status/state contend 5
	check "v3 data center contend after the fence" 0 $?
	wait_state "/datacenters/$DC" /data_center/status/state problematic 5
	check "v3 wrong database: contention fails (problematic)" 0 $?
	api GET "/hosts/$H_B"
	check "v3 wrong database: site B not SPM" false "$(xp /host/storage_manager)"
	api GET "/storagedomains/$SD_DATA"
	check "v3 wrong database: DataDomain inactive" inactive "$(xp /storage_domain/status/state)"
	grep -q 'gate: storage domain "DataDomain": connection is "rdr-nfs.sitea.example:/exports/datadomain", site B needs "rdr-nfs.siteb.example:/exports/DATA"' "$RDR_SIM_LOG"
	check "gate names the wrong row in the log" 0 $?
	api PUT "/vms/$VM_WEB" "<vm><cluster><name>SiteB</name></cluster></vm>"
	check "v3 move VM to SiteB: 200 + full vm" "200 $C_SITEB" "$STATUS $(xp /vm/cluster/@id)"
	api POST "/vms/$VM_WEB/start" "<action/>"
	check "start with the domain inactive refused" "400 [Cannot run VM. The relevant Storage Domain is inaccessible.]" "$STATUS $(xp /fault/detail)"
	clock 1.5
	api GET "/hosts/$H_B"
	check "v3 wrong database: still not SPM after retries" false "$(xp /host/storage_manager)"

	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/DATA' WHERE id = '5caa3ebc-6a61-48f4-9201-f261b9402e12'"
	wait_state "/hosts/$H_B" /host/storage_manager true 10
	check "v3 fixed database: site B becomes SPM" 0 $?
	api GET "/hosts/$H_A"
	check "v3 fenced site A released the role" false "$(xp /host/storage_manager)"
	api GET "/storagedomains"
	check "v3 all domains active" "active active active" \
		"$(xp "/storage_domains/storage_domain[name='DataDomain']/status/state") $(xp "/storage_domains/storage_domain[name='ISODomain']/status/state") $(xp "/storage_domains/storage_domain[name='ExportDomain']/status/state")"
	api GET "/datacenters/$DC"
	check "v3 data center up" up "$(xp /data_center/status/state)"
	api GET "/datacenters/$DC/storagedomains"
	check "datacenters/ID/storagedomains lists 3" 3 "$(xp 'count(/storage_domains/storage_domain)')"

	api POST "/vms/$VM_WEB/start" "<action/>"
	check "v3 start rdr-web-vm" "200 complete" "$STATUS $(xp /action/status/state)"
	api GET "/vms/$VM_WEB"
	check "v3 VM wait_for_launch" wait_for_launch "$(xp /vm/status/state)"
	wait_state "/vms/$VM_WEB" /vm/status/state powering_up 5
	check "v3 VM powering_up" 0 $?
	wait_state "/vms/$VM_WEB" /vm/status/state up 5
	check "v3 VM up" 0 $?
	api POST "/vms/$VM_WEB/start" "<action/>"
	check "start of a running VM refused" "400 [Cannot run VM. VM is running.]" "$STATUS $(xp /fault/detail)"
	api PUT "/vms/$VM_WEB" "<vm><cluster id=\"$C_SITEA\"/></vm>"
	check "move of a running VM refused" "400 [Cannot update a VM in this status. Try stopping the VM first.]" "$STATUS $(xp /fault/detail)"
	api GET "/vms?search=cluster%3DSiteA"
	check "vms?search=cluster=SiteA: the 3 not moved" 3 "$(xp 'count(/vms/vm)')"
	api GET /vms
	check "4 seed VMs" "4 rdr-dc-vm" "$(xp 'count(/vms/vm)') $(xp '/vms/vm[1]/name')"
	stop_clean
}

# sd_states: DataDomain ISODomain ExportDomain status, in that order
sd_states()
{
	api GET /storagedomains
	echo "$(xp "/storage_domains/storage_domain[name='DataDomain']/status/state") $(xp "/storage_domains/storage_domain[name='ISODomain']/status/state") $(xp "/storage_domains/storage_domain[name='ExportDomain']/status/state")"
}

# ISO and Export domains stay inactive while their own rows point at site A
test_iso_export_gates()
{
	local fence='<action><fence_type>manual</fence_type></action>'
	db_start rhev30-nfs.sql
	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/DATA' WHERE id = '5caa3ebc-6a61-48f4-9201-f261b9402e12'"
	start_sim "$here/iso-export.scenario" --db "$DB" -v
	api POST "/hosts/$H_A/fence" "$fence"
	check "iso/export: site A fenced" 200 "$STATUS"
	wait_state "/datacenters/$DC" /data_center/status/state up 10
	check "iso/export: only the data domain's rows fixed: site B elected, data center up" 0 $?
	check "iso/export: DataDomain active, ISO and Export inactive (rows at site A)" \
		"active inactive inactive" "$(sd_states)"
	grep -q 'gate: storage domain "ISODomain": connection is "rdr-nfs.sitea.example:/exports/isodomain", site B needs "rdr-nfs.siteb.example:/exports/ISO"' "$RDR_SIM_LOG" &&
		grep -q 'gate: export domain "ExportDomain" stays inactive' "$RDR_SIM_LOG"
	check "iso/export: the log names the ISO row and the inactive Export domain" 0 $?
	stop_clean

	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/ISO' WHERE id = '58611688-43e6-4366-b6af-7c04a7363a1d'"
	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/EXPORT' WHERE id = 'b6a5ff4b-330d-4ac6-9874-8a408f903da0'"
	start_sim "$here/iso-export.scenario" --db "$DB" -v
	api POST "/hosts/$H_A/fence" "$fence"
	wait_state "/datacenters/$DC" /data_center/status/state up 10
	check "iso/export: every row fixed: all three domains active" "active active active" "$(sd_states)"
	stop_clean
}

# VM stop and shutdown: StopVmCommandBase / ShutdownVmCommand rules
test_vm_stop_shutdown()
{
	local v st code web=5a000000-0000-4000-8000-000000000005 db=5a000000-0000-4000-8000-000000000006
	for v in 3 4; do
		st=/vm/status/state code=400
		[ $v == 4 ] && st=/vm/status code=409
		# 1 s to launch, 1 s to power up or down
		start_sim "$here/govirt.scenario" --api-version $v --time-scale 5
		api POST "/vms/$web/stop" "<action/>"
		check "v$v stop of a down VM refused (ACTION_TYPE_FAILED_VM_IS_NOT_RUNNING)" \
			"$code [Cannot stop VM. VM is not running.]" "$STATUS $(xp /fault/detail)"
		api POST "/vms/$web/shutdown" "<action/>"
		check "v$v shutdown of a down VM refused" \
			"$code [Cannot shutdown VM. VM is not running.]" "$STATUS $(xp /fault/detail)"
		api GET "/vms/$web/stop"
		check "v$v GET on stop: 405" 405 "$STATUS"

		api POST "/vms/$web/start" "<action/>"
		api POST "/vms/$web/stop" "<action/>"
		check "v$v stop during the launch: 200" 200 "$STATUS"
		sleep 2.5
		api GET "/vms/$web"
		check "v$v ... down, and stays down (the launch is cancelled)" down "$(xp $st)"

		api POST "/vms/$web/start" "<action/>"
		wait_state "/vms/$web" $st up 10
		check "v$v started again: up" 0 $?
		api POST "/vms/$web/shutdown" "<action/>"
		check "v$v shutdown of an up VM: 200, powering_down" "200 powering_down" \
			"$STATUS $(api GET "/vms/$web"; xp $st)"
		wait_state "/vms/$web" $st down 5
		check "v$v ... then down" 0 $?

		api POST "/vms/$db/start" "<action/>"
		api POST "/vms/$db/shutdown" "<action/>"
		api GET "/vms/$db"
		check "v$v shutdown of a VM not yet up stops it at once (ShutdownVmCommand)" down "$(xp $st)"
		api POST "/vms/$db/start" "<action/>"
		check "v$v and it can start again" 200 "$STATUS"
		stop_clean
	done
}

test_seed_v4()
{
	db_start rhev30-nfs.sql
	psql_rhevm "UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/DATA' WHERE id = '5caa3ebc-6a61-48f4-9201-f261b9402e12'"
	start_sim "$SEED" --time-scale 0.01 --db "$DB" --api-version 4 --clock manual
	clock 0.35
	seed_hosts 4
	wait_state "/hosts/$H_B" /host/spm/status contending 5
	check "v4 site B contending" 0 $?
	wait_state "/hosts/$H_B" /host/spm/status spm 5
	check "v4 site B spm" 0 $?
	api GET "/hosts/$H_A"
	check "v4 site A spm none" none "$(xp /host/spm/status)"
	api PUT "/vms/$VM_WEB" "<vm><cluster id=\"$C_SITEB\"/></vm>"
	api POST "/vms/$VM_WEB/start" "<action/>"
	check "v4 start" "200 complete" "$STATUS $(xp /action/status)"
	wait_state "/vms/$VM_WEB" /vm/status up 5
	check "v4 VM up" 0 $?
	stop_clean
}

# gate_case FIXTURE SCENARIO "SQL fix" LABEL: wrong rows never SPM, fixed rows SPM.
gate_case()
{
	local fixture=$1 scenario=$2 fix=$3 label=$4
	db_start "$fixture"
	cat >"$T/gate.scenario" <<EOF
datacenter RefArch id=$DC
cluster SiteB datacenter=RefArch
host siteb cluster=SiteB state=up
$(grep '^storage_domain DataDomain' "$FIX/sim/$scenario")
EOF
	start_sim "$T/gate.scenario" --time-scale 0 --db "$DB" -v
	sleep 0.3
	api GET "/hosts"
	check "$label: site-A rows: never SPM" false "$(xp '/hosts/host[1]/storage_manager')"
	check "$label: several contentions checked the database" 1 \
		"$([ "$(grep -c 'storage rows do not point at site B' "$RDR_SIM_LOG")" -ge 2 ] && echo 1)"
	psql_rhevm "$fix"
	wait_state /hosts '/hosts/host[1]/storage_manager' true 5
	check "$label: site-B rows: SPM" 0 $?
	api GET "/storagedomains"
	check "$label: DataDomain active" active "$(xp '/storage_domains/storage_domain[1]/status/state')"
	stop_clean
}

test_gates()
{
	gate_case rhev30-iscsi.sql seed-iscsi.scenario \
		"BEGIN;
		 INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
		   SELECT phisical_volume_id, '1IET_00010008', volume_group_id, 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101', device_size FROM luns WHERE lun_id = '1IET_00010001';
		 UPDATE lun_storage_server_connection_map SET lun_id = '1IET_00010008' WHERE lun_id = '1IET_00010001';
		 DELETE FROM luns WHERE lun_id = '1IET_00010001';
		 UPDATE storage_server_connections SET connection = '192.168.201.32', iqn = 'iqn.2011-11.siteb.example:rdr-iscsi.data' WHERE id = '56fd614d-e267-4756-b175-3035b6d4fa78';
		 COMMIT;" "iSCSI gate"
	gate_case rhev30-fibre.sql seed-fibre.scenario \
		"UPDATE luns SET lun_id = '3600c0ff000d7e69d85b89d4e01000000' WHERE lun_id = '3600c0ff000d7e69d69b89d4e01000000'" "fibre gate"

	# iSCSI with only the LUN fixed but the connection still at site A: no SPM
	db_start rhev30-iscsi.sql
	sed 's/^storage_domain DataDomain.*//' "$T/gate.scenario" >"$T/gate-env.scenario"
	grep '^storage_domain DataDomain' "$FIX/sim/seed-iscsi.scenario" >>"$T/gate-env.scenario"
	RDR_SIM_ISCSI_LUN_ID=1IET_00010001 start_sim "$T/gate-env.scenario" --time-scale 0 --db "$DB" -v
	api GET /hosts
	sleep 0.2
	grep -q 'gate: storage domain "DataDomain": connection is "192.168.200.32", site B needs "192.168.201.32"' "$RDR_SIM_LOG"
	check "iSCSI gate: site-A connection is named (scenario values from the environment)" 0 $?
	stop_clean

	# no database reachable: a failed gate, never SPM, no crash
	start_sim "$T/gate.scenario" --time-scale 0 --db "host=127.0.0.1 port=1 dbname=rhevm connect_timeout=1" -v
	sleep 0.3
	api GET /hosts
	check "unreachable database: never SPM" false "$(xp '/hosts/host[1]/storage_manager')"
	grep -q 'could not connect to the rhevm database' "$RDR_SIM_LOG"
	check "unreachable database: warning logged" 0 $?
	stop_clean
}

# A block domain whose volume group spans two LUNs (ovirt45-mixed.sql's
# BlockDomain, here the master): the gate needs both LUNs at site B.
test_multi_lun_gate()
{
	local b1=360000000000000000e00000000020001 b2=360000000000000000e00000000020002
	db_start ovirt45-mixed.sql ovirt-schema.sql
	cat >"$T/gate.scenario" <<EOF
datacenter RefArch id=$DC
cluster SiteB datacenter=RefArch
host siteb cluster=SiteB state=up
$(grep '^storage_domain BlockDomain' "$FIX/sim/ovirt45-mixed.scenario" | sed 's/ type=data / type=data master=yes /')
EOF
	RDR_SIM_BLOCK_LUN_IDS=$b1,$b2 start_sim "$T/gate.scenario" --time-scale 0 --db "$DB" -v
	sleep 0.3
	api GET /hosts
	check "2-LUN gate: site-A rows: never SPM" false "$(xp '/hosts/host[1]/storage_manager')"
	# the connection and one LUN at site B, the other LUN gone
	psql_rhevm "BEGIN;
		UPDATE storage_server_connections SET connection = '192.168.201.32',
		       iqn = 'iqn.2011-11.siteb.example:rdr-iscsi.block'
		 WHERE id = '8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45';
		INSERT INTO luns SELECT physical_volume_id, '$b1', volume_group_id, serial, lun_mapping,
		       vendor_id, product_id, device_size, discard_max_size
		  FROM luns WHERE lun_id = '36001405a1c2e3f405b6c7d8e9f0a1b21';
		UPDATE lun_storage_server_connection_map SET lun_id = '$b1'
		 WHERE lun_id = '36001405a1c2e3f405b6c7d8e9f0a1b21';
		DELETE FROM luns WHERE lun_id IN ('36001405a1c2e3f405b6c7d8e9f0a1b21',
		                                  '36001405a1c2e3f405b6c7d8e9f0a1b22');
		COMMIT;"
	sleep 0.3
	api GET /hosts
	check "2-LUN gate: one LUN of two: never SPM" false "$(xp '/hosts/host[1]/storage_manager')"
	grep -qF "gate: storage domain \"BlockDomain\": no LUN \"$b2\", site B needs \"$b1,$b2\"" "$RDR_SIM_LOG"
	check "2-LUN gate: the missing LUN is named" 0 $?
	psql_rhevm "BEGIN;
		INSERT INTO luns (physical_volume_id, lun_id, volume_group_id)
		VALUES ('n7Ux1R-5Ya8-Mq2Z-Tc4P-Ki6W-Hl3f-Vz0FwB', '$b2', 'Hq7vZt-8Jm2-Xc4N-pR7w-Yb5L-Kd9s-Fe1GaQ');
		INSERT INTO lun_storage_server_connection_map VALUES ('$b2', '8a5d1c0e-4b7f-4e26-9c3a-2f6e1d0b7a45');
		COMMIT;"
	wait_state /hosts '/hosts/host[1]/storage_manager' true 5
	check "2-LUN gate: both LUNs at site B: SPM" 0 $?
	api GET "/storagedomains"
	check "2-LUN gate: BlockDomain active" active "$(xp '/storage_domains/storage_domain[1]/status/state')"
	stop_clean
}

# ------------------------------------------------------------- faults
test_faults()
{
	local pw codes1 codes2 i t
	start_sim "$SEED" --time-scale 0 --fault "error code=503 match=/hosts count=2"
	for i in 1 2 3; do api GET /hosts; codes1="${codes1:-}$STATUS "; done
	check "error count=2: two 503 then 200" "503 503 200 " "$codes1"
	api GET /hosts
	stop_clean
	start_sim "$SEED" --time-scale 0 --fault "error code=502 count=1"
	api GET /hosts
	check "injected 502 is an HTML page, not a fault" "502 text/html" \
		"$STATUS $(sed -n 's/^Content-Type: \([^;\r]*\).*/\1/p' "$HEADERS")"
	stop_clean

	for run in 1 2; do
		start_sim "$SEED" --time-scale 0 --fault "error rate=0.5" --seed 7
		local codes=""
		for ((i = 0; i < 16; i++)); do api GET /clusters; codes="$codes$STATUS "; done
		stop_clean
		eval "codes$run=\"\$codes\""
	done
	check "rate faults are deterministic for a seed" "$codes1" "$codes2"
	check "rate=0.5 fails some and passes some" "yes" \
		"$([[ "$codes1" == *503* && "$codes1" == *200* ]] && echo yes)"

	start_sim "$SEED" --time-scale 0 --fault "drop match=/vms count=1"
	api GET /vms
	check "drop: empty reply (curl exit 52)" 52 "$CURL_RC"
	api GET /vms
	check "after the drop the next request is served" 200 "$STATUS"
	stop_clean

	start_sim "$SEED" --time-scale 0 --fault "badxml match=/hosts/ count=1"
	api GET "/hosts/$H_A"
	check "badxml: 200" 200 "$STATUS"
	xmllint --noout "$BODY" 2>/dev/null
	check "badxml: body is not well-formed" 1 "$([ $? -ne 0 ] && echo 1)"
	api GET "/hosts/$H_A"
	xmllint --noout "$BODY"
	check "badxml count=1: next body well-formed" 0 $?
	stop_clean

	start_sim "$SEED" --time-scale 0 --fault "latency ms=300 match=/clusters"
	api GET /clusters "" -w '%{time_total}' -o /dev/null
	t=$(curl -sS -o /dev/null -w '%{time_total}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" "$RDR_SIM_URL/clusters")
	check "latency ms=300: answer after >= 0.3 s" 1 "$(fcmp "$t >= 0.3")"
	t=$(curl -sS -o /dev/null -w '%{time_total}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" "$RDR_SIM_URL/networks")
	check "latency only on matching paths" 1 "$(fcmp "$t < 0.3")"
	stop_clean

	start_sim "$SEED" --time-scale 0 --fault "tlsdelay ms=400"
	t=$(curl -sS -o /dev/null -w '%{time_appconnect}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" "$RDR_SIM_URL/clusters")
	check "tlsdelay ms=400: TLS handshake done after >= 0.4 s" 1 "$(fcmp "$t >= 0.4")"
	stop_clean

	start_sim "$SEED" --time-scale 0.01 --fault "neverup host=rdr-rhev.siteb.example" --clock manual
	clock 0.35
	api POST "/hosts/$H_B/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	check "neverup: approve accepted" 200 "$STATUS"
	clock 0.5
	api GET "/hosts/$H_B"
	check "neverup: host stays installing" installing "$(xp /host/status/state)"
	stop_clean
	printf 'datacenter D\nnetwork n datacenter=D\ncluster C datacenter=D networks=n\nhost h cluster=C state=non_operational\nnic h eth0 mac=00:11:22:33:44:55 network=n\nfault neverup host=h\n' >"$T/neverup.scenario"
	start_sim "$T/neverup.scenario" --time-scale 0
	api GET /hosts
	api POST "/hosts/$(xp '/hosts/host[1]/@id')/activate" "<action/>"
	check "neverup: activate accepted" 200 "$STATUS"
	sleep 0.2
	api GET /hosts
	check "neverup: host stays unassigned" unassigned "$(xp '/hosts/host[1]/status/state')"
	stop_clean

	cat >"$T/startup.scenario" <<EOF
datacenter D
timing startup=2
EOF
	start_sim "$T/startup.scenario"
	api GET /datacenters
	check "engine starting: 503 during startup" 503 "$STATUS"
	stop_clean
}

# ------------------------------------------------------ request errors
test_request_errors()
{
	start_sim "$SEED" --time-scale 0
	api POST "/hosts/$H_B/approve" "<action><cluster"
	check "malformed XML: 400 Syntax error" "400 Syntax error" "$STATUS $(xp /fault/reason)"
	check "malformed XML: detail names the line" 1 "$(xp /fault/detail | grep -c '^Request body is not well-formed XML: line 1:')"
	api POST "/hosts/$H_B/approve" "<vm/>"
	check "wrong root element: 400" "400 Root element <action> expected, got <vm>" "$STATUS $(xp /fault/detail)"
	api POST "/hosts/$H_B/approve" '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><action><cluster><name>&x;</name></cluster></action>'
	check "external entities are not expanded (unknown cluster, 404)" 404 "$STATUS"
	api POST "/hosts/$H_B/approve" ""
	check "empty body: 400" 400 "$STATUS"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
		--data "<action/>" "$RDR_SIM_URL/hosts/$H_B/activate")
	check "body without Content-Type application/xml: 415" "415 Unsupported Media Type" "$STATUS $(xp /fault/reason)"
	api GET /hosts/00000000-0000-0000-0000-000000000000
	check "unknown host id: 404 fault" "404 Not Found" "$STATUS $(xp /fault/reason)"
	api GET "/hosts/$VM_WEB"
	check "a VM id under hosts: 404" 404 "$STATUS"
	api DELETE /hosts
	check "DELETE on a collection: 405" 405 "$STATUS"
	api POST "/hosts/$H_B/reboot" "<action/>"
	check "unknown action: 404" 404 "$STATUS"
	api GET /nothing/here
	check "unknown collection: 404" 404 "$STATUS"
	api GET "/vms?search=memory%3D1"
	check "unmodelled vm search field: 400" 400 "$STATUS"
	head -c 1100000 /dev/zero | tr '\0' 'a' >"$T/big"
	STATUS=$(curl -sS -o "$T/body" -w '%{http_code}' --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
		-H 'Content-Type: application/xml' --data-binary @"$T/big" "$RDR_SIM_URL/hosts/$H_B/approve")
	check "body over 1 MB: 413" 413 "$STATUS"
	stop_clean

	# names that need escaping round-trip
	cat >"$T/names.scenario" <<'EOF'
datacenter "D<&\"'>"
cluster C datacenter="D<&\"'>"
vm "vm <a> & \"b\" 'c'" cluster=C
EOF
	start_sim "$T/names.scenario" --time-scale 0
	api GET /vms
	check "names with < & quotes round-trip" "vm <a> & \"b\" 'c'" "$(xp '/vms/vm[1]/name')"
	api GET /datacenters
	check "data center name round-trips" "D<&\"'>" "$(xp '/data_centers/data_center[1]/name')"
	stop_clean
}

# ------------------------------------------------------------- bounds
test_bounds()
{
	local t0 rc
	start_sim "$SEED" --time-scale 0 --max-requests 3
	api GET /hosts; api GET /hosts; api GET /hosts
	t0=$(date +%s.%N)
	wait "$RDR_SIM_PID"; rc=$?
	check "--max-requests 3: exits 0 by itself" 0 $rc
	check "--max-requests: within 1 s of the last request" 1 "$(fcmp "$(date +%s.%N) - $t0 < 1")"
	grep -q 'stopping: --max-requests (3) reached' "$RDR_SIM_LOG"
	check "--max-requests: says why it stopped" 0 $?
	RDR_SIM_PID=

	t0=$(date +%s.%N)
	start_sim "$SEED" --time-scale 0 --max-seconds 1
	wait "$RDR_SIM_PID"; rc=$?
	check "--max-seconds 1: exits 0 by itself" 0 $rc
	check "--max-seconds 1: within 3 s" 1 "$(fcmp "$(date +%s.%N) - $t0 < 3")"
	RDR_SIM_PID=

	cat >"$T/big.scenario" <<EOF
datacenter D
cluster A datacenter=D
vms 10000 prefix=bench- cluster=A
EOF
	start_sim "$T/big.scenario" --time-scale 0
	api GET /vms
	check "10,000 VMs listed" "200 10000 bench-09999" "$STATUS $(xp 'count(/vms/vm)') $(xp '/vms/vm[10000]/name')"
	api GET "/vms/$(xp '/vms/vm[5000]/@id')"
	check "VM 5000 by id" bench-04999 "$(xp /vm/name)"
	stop_clean
}

# ---------------------------------------------------------------- engine rules
# The rules rdr-sim takes from the real engine (sim/API.md, "Engine rules"),
# and --lenient, which forgives them.
test_engine_rules()
{
	local v st states prev i fence='<action><fence_type>manual</fence_type></action>'
	for v in 3 4; do
		st=/host/status/state
		[ $v == 4 ] && st=/host/status
		# each install state lasts 5 s * 0.04: long enough to see each one
		start_sim "$SEED" --time-scale 0.04 --api-version $v --clock manual
		clock 1.25	# startup: 30 s * 0.04
		api POST "/hosts/$H_A/fence" "$fence"
		if [ $v == 3 ]; then
			check "v3 early fence of the SPM refused: no Up host (ACTION_TYPE_FAILED_NO_VDS_IN_POOL)" \
				"400 [Cannot confirm 'Host has been rebooted' Host. There is no active Host in the Data Center.]" "$STATUS $(xp /fault/detail)"
			api GET "/datacenters/$DC"
			check "v3 data center with a dead SPM is problematic" problematic "$(xp /data_center/status/state)"
			api GET /datacenters
			check "v3 data center without storage domains is uninitialized" uninitialized \
				"$(xp "/data_centers/data_center[name='Default']/status/state")"
		else
			check "v4 early fence of the SPM refused: 409" \
				"409 [Cannot confirm 'Host has been rebooted' Host. There is no active Host in the Data Center.]" "$STATUS $(xp /fault/detail)"
		fi
		# approve: installing, reboot, non_responsive, then non_operational
		api POST "/hosts/$H_B/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
		check "v$v approve accepted" 200 "$STATUS"
		states="" prev=""
		for ((i = 0; i < 200; i++)); do
			api GET "/hosts/$H_B"
			[ "$(xp $st)" != "$prev" ] && { prev=$(xp $st); states="$states$prev "; }
			[ "$prev" == non_operational ] && break
			clock next
		done
		check "v$v install sequence after approve" "installing reboot non_responsive non_operational " "$states"
		api POST "/hosts/$H_B/nics/$NIC_B1/attach" "<action><network id=\"$NET_PUBLIC\"/></action>"
		if [ $v == 3 ]; then
			# eth0 carries rhev; RefArch's rhevm network on it too is refused
			api POST "/hosts/$H_B/nics/f9a68349-6489-4944-9f42-078c9d0c5ec8/attach" "<action><network id=\"ee84a644-289c-494c-bad1-6a891fe5c8a7\"/></action>"
			check "v3 a NIC with a network takes no other (NETWORK_INTERFACE_ALREADY_HAVE_NETWORK)" \
				"400 [The Network Interface is already attached to a Logical Network.]" "$STATUS $(xp /fault/detail)"
			api POST "/hosts/$H_B/nics/$NIC_B1/attach" "<action><network id=\"$NET_PUBLIC\"/></action>"
		else
			api POST "/hosts/$H_B/setupnetworks" "<action><modified_network_attachments><network_attachment><network id=\"$NET_PUBLIC\"/><host_nic id=\"$NIC_B1\"/></network_attachment></modified_network_attachments></action>"
		fi
		api POST "/hosts/$H_B/commitnetconfig" "<action/>"
		api POST "/hosts/$H_B/activate" "<action/>"
		wait_state "/hosts/$H_B" $st up 20
		api POST "/hosts/$H_B/activate" "<action/>"
		check "v$v activate of an Up host refused (VDS_ALREADY_UP)" \
			"$([ $v == 3 ] && echo 400 || echo 409) [Cannot activate Host. Host in Up status.]" "$STATUS $(xp /fault/detail)"
		api POST "/hosts/$H_A/fence" "$fence"
		check "v$v fence accepted once a host is Up" 200 "$STATUS"
		api GET "/vms/$VM_WEB"
		check "v$v VM has a start action link" "$(sed -n 's|.*\(https://[^/]*\)\(/.*\)|\2|p' <<<"$RDR_SIM_URL")/vms/$VM_WEB/start" \
			"$(xp "/vm/actions/link[@rel='start']/@href")"
		check "v$v VM has a display" spice "$(xp /vm/display/type)"
		stop_clean
	done

	# install_failed by directive, re-approvable
	start_sim "$SEED" --time-scale 0.01 --fault "installfail host=rdr-rhev.siteb.example count=1" --clock manual
	clock 0.35
	api POST "/hosts/$H_B/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	wait_state "/hosts/$H_B" /host/status/state install_failed
	check "installfail: the host ends install_failed" 0 $?
	api POST "/hosts/$H_B/approve" "<action><cluster id=\"$C_SITEB\"/></action>"
	check "install_failed host approved again (ApproveVdsCommand)" 200 "$STATUS"
	wait_state "/hosts/$H_B" /host/status/state non_operational
	check "the second installation succeeds" 0 $?
	stop_clean

	# refuse and actionfail faults
	start_sim "$SEED" --time-scale 0 --fault "refuse match=/fence count=1" --fault "actionfail match=/commitnetconfig count=1"
	api POST "/hosts/$H_A/fence" "$fence"
	check "refuse: the engine's NO_VDS_IN_POOL fault" "400 [Cannot confirm 'Host has been rebooted' Host. There is no active Host in the Data Center.]" "$STATUS $(xp /fault/detail)"
	api POST "/hosts/$H_B/commitnetconfig" "<action/>"
	check "actionfail: 200 with status failed" "200 failed" "$STATUS $(xp /action/status/state)"
	stop_clean

	# a localised engine: the same refusal in French and German, UTF-8 kept
	start_sim "$SEED" --time-scale 0 --api-version 4 --fault "refuse match=/fence count=1 lang=fr" \
		--fault "refuse match=/fence count=1 lang=de"
	api POST "/hosts/$H_A/fence" "$fence"
	check "refuse lang=fr: AppErrors_fr_FR's NO_VDS_IN_POOL, 409" \
		"409 [Impossible de confirmer 'Hôte redémarré' Hôte. Il n'y a pas d'Hôte actif dans le Centre de données.]" \
		"$STATUS $(xp /fault/detail)"
	api POST "/hosts/$H_A/fence" "$fence"
	check "refuse lang=de: AppErrors_de_DE's NO_VDS_IN_POOL, 409" \
		"409 [Kann Host nicht bestätigen »Host wurde neu gestartet«. Es gibt keinen aktiven Host im Data-Center.]" \
		"$STATUS $(xp /fault/detail)"
	stop_clean
	[ -f "$T/pw" ] || { rdr_sim_certs "$T"; (umask 077; printf 'secret\n' >"$T/pw"); }
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" --fault "refuse lang=es" 2>&1); rc=$?
	check "refuse lang=es refused" "1 1" "$rc $(grep -c 'fault refuse: invalid lang "es"' <<<"$out")"
	out=$("$RDR_SIM_BIN" -s "$SEED" --cert "$T/server.crt" --key "$T/server.key" \
		--ca "$T/ca.crt" --password-file "$T/pw" --fault "error lang=fr" 2>&1); rc=$?
	check "lang= on another fault kind refused" "1 1" "$rc $(grep -c 'fault error: invalid lang "fr"' <<<"$out")"

	# --lenient: the old forgiving behaviour
	start_sim "$SEED" --time-scale 0 --lenient
	api GET "/datacenters/$DC"
	check "lenient: data center non_responsive" non_responsive "$(xp /data_center/status/state)"
	api POST "/hosts/$H_A/fence" "$fence"
	check "lenient: early fence accepted" 200 "$STATUS"
	stop_clean

	# v4 during start-up: 404 HTML from the servlet container, until the
	# manual clock passes the 30 s of start-up
	start_sim "$SEED" --time-scale 1 --api-version 4 --clock manual
	api GET /
	check "v4 start-up: 404 text/html" "404 text/html" \
		"$STATUS $(sed -n 's/^Content-Type: \([^;\r]*\).*/\1/p' "$HEADERS")"
	check "manual clock: advance=abc refused" "400 advance=SECONDS (0 to 86400) or advance=next is required" \
		"$(curl -sS -o "$T/clk" -w '%{http_code}' -X POST "http://127.0.0.1:$RDR_SIM_HTTP_PORT/sim/clock?advance=abc") $(cat "$T/clk")"
	clock 29.9
	api GET /
	check "v4 start-up: still 404 at 29.9 s" 404 "$STATUS"
	check "manual clock: advance=0.1 answers the time" "elapsed=30.000" \
		"$(curl -sS -X POST "http://127.0.0.1:$RDR_SIM_HTTP_PORT/sim/clock?advance=0.1")"
	api GET /
	check "v4 started at 30 s" 200 "$STATUS"
	stop_clean
	start_sim "$SEED" --time-scale 0
	check "real clock: no /sim/clock" 405 \
		"$(curl -sS -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$RDR_SIM_HTTP_PORT/sim/clock?advance=1")"
	stop_clean
}

# --request-log: every request, write or not, on either port, one line
# each, appended across restarts; a log that cannot be opened is a usage
# error
test_request_log()
{
	local log=$T/requests.log
	start_sim "$SEED" --time-scale 0 --request-log "$log"
	curl -sS -o /dev/null "$RDR_SIM_CA_URL"
	api GET /hosts
	api POST "/hosts/$H_A/fence" "<action><fence_type>manual</fence_type></action>"
	api PUT "/vms/$VM_WEB" "<vm><cluster id=\"$C_SITEB\"/></vm>"
	api DELETE "/vms/$VM_WEB"
	curl -sS -o /dev/null -X POST "http://127.0.0.1:$RDR_SIM_HTTP_PORT/ca.crt"
	check "request log: one line per request, in order" \
		"$RDR_SIM_HTTP_PORT GET /ca.crt|$RDR_SIM_HTTPS_PORT GET /api/hosts|$RDR_SIM_HTTPS_PORT POST /api/hosts/$H_A/fence|$RDR_SIM_HTTPS_PORT PUT /api/vms/$VM_WEB|$RDR_SIM_HTTPS_PORT DELETE /api/vms/$VM_WEB|$RDR_SIM_HTTP_PORT POST /ca.crt" \
		"$(paste -sd'|' "$log")"
	check "request log: mode 0600" 600 "$(stat -c %a "$log")"
	stop_clean
	start_sim "$SEED" --time-scale 0 --request-log "$log"
	api GET /vms
	check "request log: appended after a restart" "7 $RDR_SIM_HTTPS_PORT GET /api/vms" \
		"$(wc -l <"$log") $(tail -1 "$log")"
	stop_clean
	"$RDR_SIM_BIN" -s "$SEED" --cert "$RDR_SIM_CA" --key "$RDR_SIM_PASSWORD_FILE" --ca "$RDR_SIM_CA" \
		--password-file "$RDR_SIM_PASSWORD_FILE" --request-log "$T/no/such/dir/log" >"$T/out" 2>&1
	check "request log in a missing directory: exit 1" 1 $?
	check "request log error names the file" 1 \
		"$(grep -c "could not open request log \"$T/no/such/dir/log\": No such file or directory" "$T/out")"
}

# POST /vms: a VM created through the API (AddVmCommand's rules), and a
# state file that brings it back after a restart.
test_create_vm()
{
	start_sim "$SEED" --time-scale 0 --state-file "$T/create.state"
	api POST /vms "<vm><name>rdr-new-vm</name><cluster><name>SiteB</name></cluster><template><name>Blank</name></template></vm>"
	check "POST /vms: 201, down, in SiteB" "201 down $C_SITEB" "$STATUS $(xp /vm/status/state) $(xp /vm/cluster/@id)"
	id=$(xp /vm/@id)
	api GET "/vms/$id"
	check "the new VM by id" "200 rdr-new-vm" "$STATUS $(xp /vm/name)"
	api POST /vms "<vm><name>rdr-new-vm</name><cluster id=\"$C_SITEB\"/></vm>"
	check "a name already used: 409" "409 [Cannot add VM. The chosen name is already used.]" "$STATUS $(xp /fault/detail)"
	api POST /vms "<vm><cluster id=\"$C_SITEB\"/></vm>"
	check "no name: 400" "400 Vm [name] required for add" "$STATUS $(xp /fault/detail)"
	api POST /vms "<vm><name>x</name><cluster><name>NoSuchCluster</name></cluster></vm>"
	check "unknown cluster: 400" "400 Cluster does not exist" "$STATUS $(xp /fault/detail)"
	stop_clean
	grep -q "^vm $id down $C_SITEB rdr-new-vm\$" "$T/create.state"
	check "the state file names the new VM" 0 $?
	start_sim "$SEED" --time-scale 0 --state-file "$T/create.state"
	api GET "/vms/$id"
	check "the new VM after a restart" "200 rdr-new-vm $C_SITEB" "$STATUS $(xp /vm/name) $(xp /vm/cluster/@id)"
	stop_clean
}

# run-tests.sh [TEST_FUNCTION...]: all tests, or the named ones
if [ $# -gt 0 ]; then
	for f in "$@"; do "$f"; done
else
	test_usage
	test_scenario_errors
	test_transport_auth
	test_entry_points
	test_seed_v3_gate_nfs
	test_iso_export_gates
	test_vm_stop_shutdown
	test_seed_v4
	test_gates
	test_multi_lun_gate
	test_faults
	test_request_errors
	test_bounds
	test_engine_rules
	test_request_log
	test_create_vm
fi

echo "rdr-sim tests: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
