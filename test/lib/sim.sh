# test/lib/sim.sh: start rdr-sim, the RHEV-M REST API simulator, for a test.
#
#   source test/lib/common.sh; source test/lib/sim.sh
#   rdr_sim_start test/fixtures/sim/seed.scenario --time-scale 0.01 [rdr-sim options]
#   curl --cacert "$RDR_SIM_CA" -u "$RDR_SIM_USER:$(cat "$RDR_SIM_PASSWORD_FILE")" \
#        "$RDR_SIM_URL/hosts"
#
# Each call makes a temp dir with a fresh CA and server certificate
# (openssl CLI, EC P-256, SAN IP:127.0.0.1 + DNS:localhost, valid 2 days),
# a random password in a 0600 file, and starts rdr-sim on free ports
# (the simulator binds port 0 itself and reports the ports in a ready file,
# so two runs never race for a port).  The simulator is stopped at exit by
# the cleanup stack; it also stops by itself after --max-seconds (default
# here: 300).  Exports:
#   RDR_SIM_URL            https://127.0.0.1:PORT/api (or /ovirt-engine/api)
#   RDR_SIM_BASE_URL       https://127.0.0.1:PORT
#   RDR_SIM_HTTPS_PORT  RDR_SIM_HTTP_PORT
#   RDR_SIM_CA_URL         http://127.0.0.1:HTTP_PORT/ca.crt
#   RDR_SIM_CA             path of the CA certificate (PEM)
#   RDR_SIM_USER           admin@internal (or --user)
#   RDR_SIM_PASSWORD_FILE  0600 file holding the password
#   RDR_SIM_PID  RDR_SIM_DIR  RDR_SIM_LOG
#   RDR_SIM_READY          the ready file: ports, pid, scaled delays (approve_s=...)
# RDR_SIM_BIN overrides the binary (default: sim/rdr-sim of the tree).
# shellcheck shell=bash

RDR_SIM_BIN=${RDR_SIM_BIN:-$RDR_TOP/sim/rdr-sim}

# rdr_sim_certs DIR: a CA and a server certificate signed by it.
rdr_sim_certs()
{
	local d=$1
	(
		umask 077
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$d/ca.key" -out "$d/ca.crt" -days 2 \
			-subj "/O=rdr test/CN=rdr-sim test CA" >/dev/null 2>&1 &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$d/server.key" -out "$d/server.csr" \
			-subj "/O=rdr test/CN=127.0.0.1" >/dev/null 2>&1 &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/server.ext" &&
		openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
			-CAcreateserial -out "$d/server.crt" -days 2 -extfile "$d/server.ext" \
			>/dev/null 2>&1
	) || { echo "rdr_sim_certs: openssl failed" >&2; return 1; }
	chmod 644 "$d/ca.crt" "$d/server.crt"
}

# rdr_sim_start SCENARIO [rdr-sim options...]
rdr_sim_start()
{
	local scenario=$1 dir i pw
	shift
	[ -x "$RDR_SIM_BIN" ] || { echo "rdr_sim_start: $RDR_SIM_BIN not built" >&2; return 1; }
	dir=$(rdr_tmpdir)
	rdr_sim_certs "$dir" || return 1
	pw=$(openssl rand -hex 12)
	(umask 077; printf '%s\n' "$pw" >"$dir/password")
	# "-": no scenario, the arguments say where the environment is (--from-db)
	local src=(-s "$scenario")
	[ "$scenario" = - ] && src=()
	"$RDR_SIM_BIN" "${src[@]}" --cert "$dir/server.crt" --key "$dir/server.key" \
		--ca "$dir/ca.crt" --password-file "$dir/password" \
		--ready-file "$dir/ready" --max-seconds 300 "$@" >"$dir/sim.log" 2>&1 &
	RDR_SIM_PID=$!
	rdr_cleanup_push "kill $RDR_SIM_PID 2>/dev/null; wait $RDR_SIM_PID 2>/dev/null"
	for ((i = 0; i < 300; i++)); do
		[ -s "$dir/ready" ] && break
		if ! kill -0 "$RDR_SIM_PID" 2>/dev/null; then
			echo "rdr_sim_start: rdr-sim exited:" >&2
			cat "$dir/sim.log" >&2
			return 1
		fi
		sleep 0.05
	done
	[ -s "$dir/ready" ] || { echo "rdr_sim_start: rdr-sim not ready after 15 s" >&2; return 1; }
	RDR_SIM_HTTPS_PORT=$(sed -n 's/^https_port=//p' "$dir/ready")
	RDR_SIM_HTTP_PORT=$(sed -n 's/^http_port=//p' "$dir/ready")
	RDR_SIM_BASE_URL="https://127.0.0.1:$RDR_SIM_HTTPS_PORT"
	if grep -q '^api_version=4' "$dir/ready"; then
		RDR_SIM_URL="$RDR_SIM_BASE_URL/ovirt-engine/api"
	else
		RDR_SIM_URL="$RDR_SIM_BASE_URL/api"
	fi
	RDR_SIM_CA_URL="http://127.0.0.1:$RDR_SIM_HTTP_PORT/ca.crt"
	RDR_SIM_CA="$dir/ca.crt"
	RDR_SIM_USER=${RDR_SIM_USER_OVERRIDE:-admin@internal}
	for ((i = 1; i <= $#; i++)); do
		case "${!i}" in
			--user=*) RDR_SIM_USER=${!i#--user=} ;;
			--user) local j=$((i + 1)); RDR_SIM_USER=${!j} ;;
		esac
	done
	RDR_SIM_PASSWORD_FILE="$dir/password"
	RDR_SIM_DIR=$dir
	RDR_SIM_LOG="$dir/sim.log"
	RDR_SIM_READY="$dir/ready"
	export RDR_SIM_URL RDR_SIM_BASE_URL RDR_SIM_HTTPS_PORT RDR_SIM_HTTP_PORT \
		RDR_SIM_CA_URL RDR_SIM_CA RDR_SIM_USER RDR_SIM_PASSWORD_FILE RDR_SIM_PID \
		RDR_SIM_DIR RDR_SIM_LOG RDR_SIM_READY
}

# rdr_sim_stop: stop the simulator started last (the cleanup does it too).
rdr_sim_stop()
{
	[ -n "${RDR_SIM_PID:-}" ] || return 0
	kill "$RDR_SIM_PID" 2>/dev/null
	wait "$RDR_SIM_PID" 2>/dev/null
	RDR_SIM_PID=
}
