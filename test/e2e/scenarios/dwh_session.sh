#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A Data-Warehouse-like client holds a session on the engine database, as
# ovirt-engine-dwhd always does on oVirt 4.x: PgJDBC's application_name
# "PostgreSQL JDBC Driver" (the real DWH sets none, like the engine), over
# TCP, from a process started by a wrapper named ovirt-engine-dwhd.  The
# engine's stop does not end it.  Without CONFIG dwh_stop the run stops
# after engine_timeout, names the session, the process that holds it and
# its parent, says to set dwh_stop, and changes nothing; with dwh_stop and
# dwh_start the DWH is stopped after the engine, started again after it,
# and the failover ends with every VM up.
scenario_dwh_session()
{
	local pids
	setup_nfs
	mkdir -p "$T/bin"
	# the "daemon": a wrapper whose psql child holds an idle session, as a
	# pool does (60 s at most: then its input ends)
	cat >"$T/bin/ovirt-engine-dwhd" <<DWH
#!/bin/bash
exec 3>&- 4>&-
sleep 60 | psql -X -q "host=127.0.0.1 port=$PGPORT dbname=rhevm user=postgres application_name='PostgreSQL JDBC Driver'" >/dev/null 2>&1
DWH
	# its service: own process group, so stop ends wrapper and child
	cat >"$T/dwh-ctl" <<CTL
#!/bin/bash
case \$1 in
start) setsid "$T/bin/ovirt-engine-dwhd" </dev/null >/dev/null 2>&1 & echo \$! >"$T/dwh.pid" ;;
stop) [ -s "$T/dwh.pid" ] && kill -TERM -- -\$(cat "$T/dwh.pid") 2>/dev/null; rm -f "$T/dwh.pid"; exit 0 ;;
esac
CTL
	chmod 755 "$T/bin/ovirt-engine-dwhd" "$T/dwh-ctl"
	rdr_cleanup_push "'$T/dwh-ctl' stop"
	dwh_sessions() {
		psql -X -A -t -d rhevm -c "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'PostgreSQL JDBC Driver' AND datname = 'rhevm'"
	}
	"$T/dwh-ctl" start
	for _ in $(seq 100); do [ "$(dwh_sessions)" = 1 ] && break; sleep 0.05; done
	[ "$(dwh_sessions)" = 1 ] || rdr_fail "the DWH-like session did not connect"
	sed -i 's/^CONFIG    engine_timeout 20$/CONFIG    engine_timeout 2/' "$CONF"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")

	# 1. no dwh_stop: named with its holder, nothing changed
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 7
	expect_out "1 other session(s) still on database \"rhevm\" 2 s after"
	expect_out "application \"PostgreSQL JDBC Driver\", from 127.0.0.1 port"
	# comm is cut at 15 characters, as for the real ovirt-engine-dwhd.py
	pids=$(cat "$T/dwh.pid")
	expect_out "held by process $(pgrep -P "$pids" -x psql) (psql), child of process $pids (ovirt-engine-dw)"
	expect_out "set CONFIG dwh_stop and dwh_start (CONFIG manager ovirt4 sets them)"
	grep -qF "raise CONFIG engine_timeout" <<<"$E2E_OUT" && rdr_fail "the hint still says raise engine_timeout"
	site_a_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(dwh_sessions)" = 1 ] || rdr_fail "the DWH session was touched"

	# 2. dwh_stop / dwh_start, --resume: stopped after the engine, started after it
	cat >>"$CONF" <<CONF
CONFIG    dwh_stop  $T/dwh-ctl stop
CONFIG    dwh_start $T/dwh-ctl start
CONF
	e2e_failover -c "$CONF" --report "$REPORT" -v --resume
	expect_rc 0
	expect_out "running CONFIG dwh_stop: $T/dwh-ctl stop"
	expect_out "running CONFIG dwh_start: $T/dwh-ctl start"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	for _ in $(seq 100); do [ "$(dwh_sessions)" = 1 ] && break; sleep 0.05; done
	[ "$(dwh_sessions)" = 1 ] || rdr_fail "the DWH was not started again"
}

run_scenario dwh_session
