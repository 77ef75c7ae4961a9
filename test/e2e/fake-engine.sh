#!/bin/bash
# fake-engine.sh start|stop DIR: the RHEV-M "engine" of the end-to-end tests
# and the demo, driven by rdr-failover's CONFIG engine_start/engine_stop.
#
# Like a real engine it is two things: a REST API (rdr-sim, on the fixed
# ports of DIR/engine.env, so the configuration stays valid across
# restarts; it answers 503 while "deploying") and a database connection
# pool (one psql session on the rhevm database, application_name
# ovirt-engine), which is what rdr-failover checks in pg_stat_activity
# after the stop.  Every start gives the simulator a fresh state from its
# scenario, as an engine restart reloads it from the database.
#
# DIR/engine.env defines: SIM_BIN SCENARIO SIM_CERT SIM_KEY SIM_CA SIM_PWFILE
# HTTPS_PORT HTTP_PORT TIME_SCALE DB_CONNINFO, optional SIM_ARGS (array).
set -u
cmd=${1:?usage: fake-engine.sh start|stop DIR}
dir=${2:?usage: fake-engine.sh start|stop DIR}
# shellcheck disable=SC1091
. "$dir/engine.env"

stop_pid()
{
	local f=$1 pid i
	[ -s "$f" ] || return 0
	pid=$(cat "$f")
	kill "$pid" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$f"
}

case $cmd in
	start)
		[ -s "$dir/sim.pid" ] && kill -0 "$(cat "$dir/sim.pid")" 2>/dev/null &&
			{ echo "engine is already running"; exit 0; }
		rm -f "$dir/ready"
		# setsid: the engine outlives the rdr-failover that started it
		setsid "$SIM_BIN" -s "$SCENARIO" --cert "$SIM_CERT" --key "$SIM_KEY" \
			--ca "$SIM_CA" --password-file "$SIM_PWFILE" --db "$DB_CONNINFO" \
			--port "$HTTPS_PORT" --http-port "$HTTP_PORT" --time-scale "$TIME_SCALE" \
			--ready-file "$dir/ready" --max-seconds 300 "${SIM_ARGS[@]}" \
			</dev/null >>"$dir/sim.log" 2>&1 &
		echo $! >"$dir/sim.pid"
		PGOPTIONS="-c client_connection_check_interval=100" \
			setsid psql "$DB_CONNINFO application_name=ovirt-engine" -X -q \
			-c 'SELECT pg_sleep(300)' </dev/null >/dev/null 2>&1 &
		echo $! >"$dir/pool.pid"
		for i in $(seq 200); do
			[ -s "$dir/ready" ] && { echo "engine started"; exit 0; }
			kill -0 "$(cat "$dir/sim.pid")" 2>/dev/null || break
			sleep 0.05
		done
		echo "engine did not start:"; tail -5 "$dir/sim.log"
		exit 1
		;;
	stop)
		stop_pid "$dir/pool.pid"
		stop_pid "$dir/sim.pid"
		echo "engine stopped"
		;;
	*)
		echo "usage: fake-engine.sh start|stop DIR" >&2
		exit 2
		;;
esac
