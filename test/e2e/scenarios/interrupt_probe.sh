#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Ctrl-C while the preflight probes an iSCSI portal that accepts the
# connection and then says nothing (a perl listener): the probe stops at
# once rather than at probe_timeout, the checks end there, nothing is
# changed and the engine was never stopped.
scenario_interrupt_probe()
{
	local silent t0 i
	setup_iscsi
	silent=$(rdr_free_port) || rdr_fail "free port"
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
			Listen => 5, ReuseAddr => 1) or die "listen: $!";
		my @kept; alarm 120;
		while (my $c = $s->accept) { push @kept, $c }' "$silent" &
	rdr_cleanup_push "kill $!"
	rdr_wait_port "$silent" || rdr_fail "silent portal"
	sed -i "s|^CONNECT_TO 192.168.201.32 .*|CONNECT_TO 192.168.201.32 127.0.0.1:$silent|" "$CONF"
	echo "CONFIG probe_timeout 60" >>"$CONF"
	e2e_storage_rows >"$T/before"
	run_bg -c "$CONF" -d -v --report "$REPORT"
	# the probe has connected and waits for an answer that never comes
	wait_log "probing iSCSI target"
	for i in $(seq 100); do
		ss -Htn state established "dport = :$silent" | grep -q . && break
		sleep 0.1
	done
	ss -Htn state established "dport = :$silent" | grep -q . || rdr_fail "the probe never connected"
	t0=$(date +%s)
	kill -INT "$RUN_PID"
	wait_run 10
	expect_rc 130
	expect_out "interrupted by SIGINT while"
	expect_out "on iSCSI portal \"127.0.0.1:$silent\""
	expect_out "preflight      failed"
	expect_out "stopped by the interruption; nothing changed"
	grep -qF "manager's API accepts" <<<"$E2E_OUT" && rdr_fail "the checks went on after the interruption"
	grep -qF "timed out" <<<"$E2E_OUT" && rdr_fail "an interruption reported as a timeout"
	[ $(($(date +%s) - t0)) -lt 5 ] || rdr_fail "the probe did not stop at once"
	expect_rows "$T/before"
	kill -0 "$(cat "$E2E_ENGINE_DIR/sim.pid")" || rdr_fail "engine stopped"
}

run_scenario interrupt_probe
