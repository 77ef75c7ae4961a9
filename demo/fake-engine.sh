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
#
# For the interruption tests, a slow engine (from the environment, which
# rdr-failover passes on to its CONFIG commands): FAKE_ENGINE_STOP_DELAY
# and FAKE_ENGINE_START_DELAY make the command wait that many seconds
# first, with FAKE_ENGINE_IGNORE_TERM=1 deaf to SIGTERM, as a hung init
# script is; the command's process group id goes to DIR/CMD.pgid.
set -u
cmd=${1:?usage: fake-engine.sh start|stop DIR}
dir=${2:?usage: fake-engine.sh start|stop DIR}
# shellcheck disable=SC1091
. "$dir/engine.env"

# running PID: the process exists and has not exited.  An exited child of
# this detached engine is a zombie until init reaps it, and kill -0
# succeeds on a zombie; the init of some containers and VMs reaps orphans
# only every second or two, which made every stop wait for it (3.5-3.9 s
# per engine stop).  A zombie holds no socket any more: it counts as gone.
running()
{
	local st
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] || return 1
	st=${st##*) }
	[ "${st%% *}" != Z ]
}

stop_pid()
{
	local f=$1 pid
	[ -s "$f" ] || return 0
	pid=$(cat "$f")
	kill "$pid" 2>/dev/null
	for _ in $(seq 100); do
		running "$pid" || break
		sleep 0.05
	done
	running "$pid" && kill -9 "$pid" 2>/dev/null
	rm -f "$f"
}

delay=0
[ "$cmd" = stop ] && delay=${FAKE_ENGINE_STOP_DELAY:-0}
[ "$cmd" = start ] && delay=${FAKE_ENGINE_START_DELAY:-0}
if [ "$delay" != 0 ]; then
	ps -o pgid= -p $$ | tr -d ' ' >"$dir/$cmd.pgid"
	[ -n "${FAKE_ENGINE_IGNORE_TERM:-}" ] && trap '' TERM
	sleep "$delay"
fi

case $cmd in
	start)
		[ -s "$dir/sim.pid" ] && running "$(cat "$dir/sim.pid")" &&
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
		for _ in $(seq 200); do
			[ -s "$dir/ready" ] && { echo "engine started"; exit 0; }
			running "$(cat "$dir/sim.pid")" || break
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
