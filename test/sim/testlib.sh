# test/sim/testlib.sh: what the rdr-sim test scripts share: the seed's
# ids, TAP-style counters and checks, an api() wrapper of curl, XPath
# reading, polling and a clean stop that catches sanitizer reports.
#
#   here=$(cd "$(dirname "$0")" && pwd); source "$here/testlib.sh"
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # sourced: the script defines $here and uses these variables

source "$here/../lib/common.sh"
source "$here/../lib/pg.sh"
source "$here/../lib/sim.sh"

FIX=$RDR_TOP/test/fixtures
SEED=$FIX/sim/seed.scenario
T=$(rdr_tmpdir)
PASS=0
FAIL=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

# Seed ids used below.
H_A=4f2b4996-12ba-11e1-90af-001871eba039
H_B=805bb14c-2505-11e1-b809-0025b3a9b001
C_SITEB=9495276a-205a-11e1-9bb5-001871eba039
C_SITEA=0ddb36dc-12b9-11e1-ae84-001871eba039
NIC_B1=aff0cf2d-b0c0-48c1-a294-8360839f9518
NET_PUBLIC=bf2317b6-3f86-4583-b985-6c34afc81c16
VM_WEB=2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8
DC=10b3c00e-9371-48ce-8d28-28158cf26d96
SD_DATA=d1000000-0000-4000-8000-000000000001

ok()
{
	PASS=$((PASS + 1))
	echo "ok $PASS - $*"
}

not_ok()
{
	FAIL=$((FAIL + 1))
	echo "not ok - $*" >&2
	if [ -s "${RDR_SIM_LOG:-}" ]; then tail -5 "$RDR_SIM_LOG" | sed 's/^/#   sim: /' >&2; fi
}

# check DESCRIPTION EXPECTED ACTUAL
check()
{
	if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1: expected [$2], got [$3]"; fi
}

# api METHOD PATH [BODY] [curl args...]: a request with Basic auth;
# sets STATUS, HEADERS (file) and BODY (file).
api()
{
	local method=$1 path=$2 body=${3:-}
	shift 3 2>/dev/null || shift $#
	local data=()
	[ -n "$body" ] && data=(-H 'Content-Type: application/xml' --data-binary "$body")
	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' \
		--cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
		-X "$method" "${data[@]}" "$@" "$RDR_SIM_URL$path" 2>"$T/curl.err")
	CURL_RC=$?
	BODY=$T/body
	HEADERS=$T/headers
}

# xp XPATH: string value of XPATH in the last body.
xp()
{
	xmllint --xpath "string($1)" "$BODY" 2>/dev/null
}

# clock SECONDS|next: move a --clock manual simulator's time on (next: to
# its next transition), so that every transient state is seen however
# loaded the machine is.
clock()
{
	local out
	out=$(curl -sS -X POST "http://127.0.0.1:$RDR_SIM_HTTP_PORT/sim/clock?advance=$1" 2>&1)
	[[ $out == elapsed=* ]] || not_ok "clock $1: $out"
}

# wait_state PATH XPATH VALUE [SECONDS]: poll until the value shows; with
# a manual clock, step from transition to transition instead of sleeping.
wait_state()
{
	local path=$1 xpath=$2 want=$3 limit=${4:-10} i v=""
	for ((i = 0; i < limit * 20; i++)); do
		api GET "$path"
		v=$(xp "$xpath")
		[ "$v" == "$want" ] && return 0
		if [ -n "${SIM_MANUAL_CLOCK:-}" ]; then clock next; else sleep 0.05; fi
	done
	echo "# $path $xpath stayed [$v], wanted [$want]" >&2
	return 1
}

# fcmp EXPR: 1 if the numeric comparison holds, else 0 (awk, no bc needed)
fcmp()
{
	awk "BEGIN { print ($1) ? 1 : 0 }"
}

# stop_clean: stop the simulator and require a clean exit: status 0 and no
# sanitizer report in its log (under SANITIZE=1 a leak makes the status
# non-zero too).
stop_clean()
{
	local rc
	[ -n "${RDR_SIM_PID:-}" ] || return 0
	kill "$RDR_SIM_PID" 2>/dev/null
	wait "$RDR_SIM_PID"
	rc=$?
	RDR_SIM_PID=
	if [ $rc -eq 0 ] && ! grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error' "$RDR_SIM_LOG"; then
		ok "rdr-sim stopped cleanly"
	else
		not_ok "rdr-sim exit status $rc or sanitizer report:"
		grep -A20 -E 'AddressSanitizer|LeakSanitizer|runtime error' "$RDR_SIM_LOG" | head -40 >&2
	fi
}

start_sim()
{
	SIM_MANUAL_CLOCK=
	[[ " $* " == *" --clock manual "* ]] && SIM_MANUAL_CLOCK=1
	rdr_sim_start "$@" || { not_ok "rdr-sim did not start ($*)"; exit 1; }
}
