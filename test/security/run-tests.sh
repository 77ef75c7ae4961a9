#!/bin/bash
# test/security/run-tests.sh [TEST...]: the attacks of issue 12 that run
# outside the database, each against the real programs: a hostile local
# user (config, working_dir and report names planted before root runs
# rdr), a hostile manager (XML answers) and a hostile fibre host.
#
# Each test reproduces one attack and checks that it is refused with a
# message saying what to do, and that the target it aimed at is unchanged.
# RDR_FAILOVER, RDR_NICFIX, RDR_PROBE override the programs tested.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/tap.sh"

RDR_FAILOVER=${RDR_FAILOVER:-$RDR_TOP/driver/rdr-failover}
RDR_NICFIX=${RDR_NICFIX:-$RDR_TOP/nicfix/rdr-nicfix}
RDR_PROBE=${RDR_PROBE:-$RDR_TOP/driver/probe/rdr-probe}
SEC_TOOL=${SEC_TOOL:-$here/sec_tool}
T=$(rdr_tmpdir)
OUT=$T/out
RC=0
MAC=52:54:00:aa:bb:01

# run PROGRAM ARGS...: output in $OUT, exit code in $RC; bounded.
run()
{
	timeout -k 2 20 "$@" >"$OUT" 2>&1
	RC=$?
}

expect_rc()
{
	[ "$RC" -eq "$1" ] || { cat "$OUT" >&2; rdr_fail "exit code $RC, expected $1"; }
}

expect_out()
{
	grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; rdr_fail "output lacks: $1"; }
}

expect_no_out()
{
	! grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; rdr_fail "output has: $1"; }
}

# mkconf FILE WORKDIR [LINE...]: a configuration running the nicfix step
# with $T/evil.sh as the nicfix program (it leaves $T/evil.ran behind).
mkconf()
{
	local f=$1 work=$2
	shift 2
	{
		echo "CONFIG working_dir $work"
		echo "CONFIG nicfix $T/evil.sh"
		echo "RHEVM_NIC $MAC eth0"
		for l in "$@"; do echo "$l"; done
	} >"$f"
	chmod 644 "$f"
}

printf '#!/bin/sh\ntouch %s/evil.ran\n' "$T" >"$T/evil.sh"
chmod 755 "$T/evil.sh"
echo "precious" >"$T/victim"

# item 3: a configuration someone else wrote or can write is not run.
t_config_owner()
{
	local w
	w=$(rdr_tmpdir)
	mkconf "$T/c3.conf" "$w"
	chmod 666 "$T/c3.conf"
	run "$RDR_FAILOVER" -n -c "$T/c3.conf"
	expect_rc 2
	expect_out "configuration file \"$T/c3.conf\" can be written by every user"
	expect_out "HINT: Check its content, then run: chmod go-w $T/c3.conf"
	[ ! -e "$T/evil.ran" ] || rdr_fail "the nicfix command of a world-writable config ran"
	chmod 600 "$T/c3.conf"
	chown nobody "$T/c3.conf"
	run "$RDR_FAILOVER" -n -c "$T/c3.conf"
	expect_rc 2
	expect_out "configuration file \"$T/c3.conf\" belongs to user nobody, not to root who runs rdr"
	expect_out "HINT: Check its content, then run: chown root $T/c3.conf"
	[ ! -e "$T/evil.ran" ] || rdr_fail "the nicfix command of another user's config ran"
	chmod 620 "$T/c3.conf"
	run "$RDR_FAILOVER" -n -c "$T/c3.conf"
	expect_out "then run: chown root $T/c3.conf && chmod go-w $T/c3.conf"
	# the same file, root's and 0644, runs
	chown root "$T/c3.conf"
	chmod 644 "$T/c3.conf"
	run "$RDR_FAILOVER" -n -c "$T/c3.conf"
	expect_rc 0
	[ -e "$T/evil.ran" ] || rdr_fail "the nicfix command of a good config did not run"
	rm -f "$T/evil.ran"
}

# item 4: working_dir another user made, or can write, is refused; the
# log and the lock file are never opened through a symlink.
t_working_dir()
{
	local w
	w=$(rdr_tmpdir)
	chown nobody "$w"
	ln -s "$T/victim" "$w/rdr.log"
	mkconf "$T/c4.conf" "$w"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 2
	expect_out "working_dir \"$w\" belongs to user nobody, not to root who runs rdr"
	expect_out "then run: chown root $w"
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the victim was written through rdr.log"
	[ ! -e "$T/evil.ran" ] || rdr_fail "nicfix ran with a foreign working_dir"
	chown root "$w"
	chmod 1777 "$w"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 2
	expect_out "working_dir \"$w\" can be written by every user"
	expect_out "then run: chmod go-w $w"
	# root's own 0700 directory: a symlink there is still never followed
	chmod 700 "$w"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 2
	expect_out "could not open log file \"$w/rdr.log\": it is a symbolic link"
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the victim was written through rdr.log"
	rm "$w/rdr.log"
	ln -s "$T/victim" "$w/rdr-failover.lock"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 4
	expect_out "could not open lock file \"$w/rdr-failover.lock\""
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the victim was opened as the lock"
	rm "$w/rdr-failover.lock"
	# working_dir itself a symlink to a directory of another user
	mkdir "$T/other" && chown nobody "$T/other"
	ln -s "$T/other" "$T/link"
	mkconf "$T/c4.conf" "$T/link"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 2
	expect_out "working_dir \"$T/link\" is a symbolic link"
	# a new working_dir is made 0700, and the default is not under /tmp
	mkconf "$T/c4.conf" "$w/new/sub"
	run "$RDR_FAILOVER" -n -c "$T/c4.conf"
	expect_rc 0
	[ "$(stat -c %a "$w/new/sub")" = 700 ] || rdr_fail "new working_dir is not mode 0700"
	[ "$(stat -c %a "$w/new/sub/rdr.log")" = 600 ] || rdr_fail "the log is not mode 0600"
	rm -f "$T/evil.ran"
	run "$RDR_FAILOVER" --help-config
	grep -E '^ *working_dir' -A2 "$OUT" | grep -q '/var/lib/rdr' ||
		{ cat "$OUT" >&2; rdr_fail "the default working_dir is not /var/lib/rdr"; }
}

# items 6 and 8: --report never writes through a planted .tmp symlink,
# and the report is mode 0600.
t_report()
{
	local w r
	w=$(rdr_tmpdir)
	r=$(rdr_tmpdir)
	chmod 1777 "$r"
	ln -s "$T/victim" "$r/report.json.tmp"
	chown -h nobody "$r/report.json.tmp"
	mkconf "$T/c6.conf" "$w"
	run "$RDR_FAILOVER" -n -c "$T/c6.conf" --report "$r/report.json"
	expect_rc 0
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the victim was overwritten by the report"
	[ -f "$r/report.json" ] && [ ! -L "$r/report.json" ] || rdr_fail "no report written"
	[ "$(stat -c %a "$r/report.json")" = 600 ] || rdr_fail "the report is mode $(stat -c %a "$r/report.json")"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$r/report.json" ||
		rdr_fail "the report is not JSON"
	rm -f "$T/evil.ran"
}

# item 22: a name that is not UTF-8 (here the configuration's path, in
# Latin-1; a VM name from a SQL_ASCII engine database goes the same way)
# keeps the JSON report valid: each byte outside a well-formed UTF-8
# sequence is written as U+FFFD, the valid ones (é in UTF-8) as they are.
t_report_utf8()
{
	local w r conf
	w=$(rdr_tmpdir)
	r=$(rdr_tmpdir)
	conf=$w/$'caf\xe9-\xc3\xa9-\xed\xa0\x80'.conf
	mkconf "$conf" "$w"
	run "$RDR_FAILOVER" -n -c "$conf" --report "$r/report.json"
	expect_rc 0
	python3 -c '
import json, sys
doc = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
want = sys.argv[2] + "/caf\ufffd-\u00e9-\ufffd\ufffd\ufffd.conf"
assert doc["config"] == want, (doc["config"], want)
' "$r/report.json" "$w" || rdr_fail "the report is not valid UTF-8 JSON with U+FFFD for the bad bytes"
	rm -f "$T/evil.ran"
}

# item 10: a password typed as "pass=..." is not printed back.
t_unknown_key_secret()
{
	local w
	w=$(rdr_tmpdir)
	mkconf "$T/c10.conf" "$w" "API pass=Sup3rSecret"
	chmod 600 "$T/c10.conf"
	run "$RDR_FAILOVER" -n -c "$T/c10.conf"
	expect_rc 2
	expect_out "$T/c10.conf:4: unknown key \"pass\" in section API (value not shown)"
	expect_no_out "Sup3rSecret"
	[ ! -e "$T/evil.ran" ] || rdr_fail "nicfix ran with a bad config"
}

# item 14: a state file with a start time no calendar can print is
# refused as damaged, not a crash.
t_runstate_overflow()
{
	local w
	w=$(rdr_tmpdir)
	chmod 700 "$w"
	mkconf "$T/c14.conf" "$w"
	printf 'rdr-failover-state 1\nconfig %s\nsteps 1\nstarted 99999999999999999\n' \
		"$T/c14.conf" >"$w/rdr-failover.state"
	run "$RDR_FAILOVER" -n -c "$T/c14.conf"
	expect_rc 4
	expect_out "state file \"$w/rdr-failover.state\" is damaged at line 4"
	printf 'rdr-failover-state 1\nconfig %s\nsteps 1\nstarted 1764063000\n' \
		"$T/c14.conf" >"$w/rdr-failover.state"
	run "$RDR_FAILOVER" -n -c "$T/c14.conf"
	expect_rc 4
	expect_out "an interrupted run exists in working_dir (started 2025-11-2"
	[ ! -e "$T/evil.ran" ] || rdr_fail "nicfix ran despite an interrupted run"
	# strtok and ctime are not used by the client (not reentrant; ctime
	# returns NULL for a time it cannot print)
	if grep -nE '\b(strtok|ctime|asctime|gmtime|localtime)\(' "$RDR_TOP"/driver/*.c \
		"$RDR_TOP"/driver/*/*.c "$RDR_TOP"/common/*.c "$RDR_TOP"/nicfix/*.c; then
		rdr_fail "non-reentrant time or token functions are used"
	fi
}

# item 17: -c naming a FIFO is refused at once.
t_config_fifo()
{
	mkfifo "$T/fifo.conf"
	run "$RDR_FAILOVER" -n -c "$T/fifo.conf"
	[ "$RC" -ne 124 ] && [ "$RC" -ne 137 ] || rdr_fail "rdr-failover -c FIFO hangs"
	expect_rc 2
	expect_out "configuration file \"$T/fifo.conf\" is not a regular file"
}

# item 9: no core file: RLIMIT_CORE is 0 and the process is not dumpable
# (run as an ordinary user, whose /proc/PID files are then root's).
t_no_core()
{
	local w
	w=$(rdr_tmpdir)
	chown nobody "$w"
	printf '#!/bin/sh\ncat /proc/$PPID/limits >%s/limits\nstat -c %%U /proc/$PPID/status >%s/owner\n' \
		"$w" "$w" >"$T/peek.sh"
	chmod 755 "$T/peek.sh"
	{
		echo "CONFIG working_dir $w"
		echo "CONFIG nicfix $T/peek.sh"
		echo "RHEVM_NIC $MAC eth0"
		echo "API pass secret"
	} >"$w/c9.conf"
	chown nobody "$w/c9.conf"
	chmod 600 "$w/c9.conf"
	run runuser -u nobody -- "$RDR_FAILOVER" -n -c "$w/c9.conf"
	expect_rc 0
	grep -E '^Max core file size +0 +0 ' "$w/limits" >/dev/null ||
		{ cat "$w/limits" >&2; rdr_fail "RLIMIT_CORE of rdr-failover is not 0"; }
	[ "$(cat "$w/owner")" = root ] || rdr_fail "rdr-failover is dumpable (PR_SET_DUMPABLE not 0)"
}

# items 5 and 8: the backup never goes through a planted name, takes the
# next free one, and is mode 0600 (the dump holds the CHAP password).
t_backup()
{
	local w out
	w=$(rdr_tmpdir)
	chmod 700 "$w"
	# every name of the next minute is planted, up to -99 (one process:
	# thousands of ln would take longer than the window on a busy machine)
	python3 - "$w" "$T/victim" <<'PY' || rdr_fail "could not plant the links"
import os, sys, time
w, victim = sys.argv[1], sys.argv[2]
now = int(time.time())
for s in range(60):
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now + s))
    os.symlink(victim, f"{w}/rhevm-{stamp}.dump")
    for i in range(2, 100):
        os.symlink(victim, f"{w}/rhevm-{stamp}-{i}.dump")
PY
	run "$SEC_TOOL" backup "$w" "$PGHOST" "$PGPORT" postgres rhevm
	expect_rc 1
	expect_out "could not create a backup file: \"$w/rhevm-"
	expect_out "and 98 other names exist"
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the backup was written through a planted symlink"
	# with -2 .. -50 planted, the backup is -51, a file of its own, 0600
	find "$w" -name '*.dump' -regex '.*-\(5[1-9]\|[6-9][0-9]\)\.dump' -delete
	run "$SEC_TOOL" backup "$w" "$PGHOST" "$PGPORT" postgres rhevm
	expect_rc 0
	out=$(tail -1 "$OUT")
	case $out in
	"$w"/rhevm-*-51.dump) ;;
	*) cat "$OUT" >&2; rdr_fail "backup went to $out, not the first free name" ;;
	esac
	[ -f "$out" ] && [ ! -L "$out" ] || rdr_fail "the backup is not a file of its own"
	[ "$(stat -c %a "$out")" = 600 ] || rdr_fail "the backup is mode $(stat -c %a "$out")"
	[ "$(cat "$T/victim")" = precious ] || rdr_fail "the victim was overwritten"
	"$RDR_PG_BIN/pg_restore" --list "$out" | grep -q "TABLE DATA public t" ||
		rdr_fail "the backup does not hold the table"
}

# item 7: rdr-nicfix --root never writes outside the image, even with a
# directory of the image flipped to a symbolic link out of it while runs
# (and --undo runs, which write too) go on.  The flip is atomic
# (renameat2 RENAME_EXCHANGE of the directory and a link to a copy of it
# outside), so the path always exists.  Bounded: 240 runs or 90 s; half
# of them walk the path without openat2, as on kernels before 5.6.
t_nicfix_root_race()
{
	local d=$T/race root i rc ran=0 refused=0 start=$SECONDS flipper
	local -a map=(--map 00:25:b3:a9:b0:01=eth0 --map 00:25:b3:a9:b0:00=eth1
		--map 00:25:b3:a9:b0:02=eth2 --map 00:25:b3:a9:b0:03=eth3)
	local -a envs
	root=$d/root
	mkdir -p "$d/host"
	cp -a "$RDR_TOP/test/fixtures/nic/seed-rhel6/before" "$root"
	cp -a "$root/etc/sysconfig" "$d/host/sysconfig"
	cp -a "$root/etc/udev" "$d/host/udev"
	ln -s "$d/host/sysconfig" "$root/etc/sysconfig.alt"
	ln -s "$d/host/udev" "$root/etc/udev.alt"
	host_snapshot "$d/host" >"$d/before"
	python3 -c '
import ctypes, os, sys
etc, stop, flipped = sys.argv[1:]
libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
n = 0
while not os.path.exists(stop):
    for name in ("sysconfig", "udev"):
        a, b = f"{etc}/{name}".encode(), f"{etc}/{name}.alt".encode()
        if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
            sys.exit("renameat2: " + os.strerror(ctypes.get_errno()))
    n += 1
    if n == 1:
        open(flipped, "w").close()
' "$root/etc" "$d/stop" "$d/flipped" &
	flipper=$!
	for i in $(seq 50); do [ -e "$d/flipped" ] && break; sleep 0.1; done
	[ -e "$d/flipped" ] || { kill "$flipper"; rdr_fail "the flipper did not start"; }
	for i in $(seq 240); do
		[ $((SECONDS - start)) -lt 90 ] || break
		envs=()
		[ $((i % 4)) -lt 2 ] && envs=(RDR_NICFIX_NO_OPENAT2=1)
		if [ $((i % 2)) = 0 ]; then
			env "${envs[@]}" timeout 10 "$RDR_NICFIX" -q --root "$root" "${map[@]}" >/dev/null 2>&1
		else
			env "${envs[@]}" timeout 10 "$RDR_NICFIX" -q --root "$root" --undo >/dev/null 2>&1
		fi
		rc=$?
		case $rc in
		0) ran=$((ran + 1)) ;;
		1|3|4|5) refused=$((refused + 1)) ;;
		*) touch "$d/stop"; wait "$flipper"; rdr_fail "run $i: exit code $rc" ;;
		esac
	done
	touch "$d/stop"
	wait "$flipper" || rdr_fail "the flipper failed"
	host_snapshot "$d/host" >"$d/after"
	diff "$d/before" "$d/after" >&2 ||
		rdr_fail "rdr-nicfix wrote outside the root ($ran runs went through, $refused refused)"
	echo "runs: $ran went through, $refused refused, in $((SECONDS - start)) s"
	[ "$ran" -gt 0 ] && [ "$refused" -gt 0 ] ||
		rdr_fail "the race was not exercised ($ran went through, $refused refused)"
}

# host_snapshot DIR: names, types, inodes, sizes and contents under DIR.
host_snapshot()
{
	(cd "$1" && find . -printf '%p %y %i %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sort)
}

ALL="config_owner working_dir report unknown_key_secret runstate_overflow config_fifo no_core backup"
ALL="$ALL nicfix_root_race report_utf8"
failed=""
# the services some tests need, started here: a subshell's cleanup is lost
case " ${*:-$ALL} " in
*" backup "*)
	source "$RDR_TOP/test/lib/pg.sh"
	rdr_pg_start >/dev/null || rdr_fail "could not start PostgreSQL"
	"$RDR_PG_BIN/createdb" rhevm || exit 1
	"$RDR_PG_BIN/psql" -X -q -d rhevm -c "CREATE TABLE t AS SELECT 'chap-secret' AS pw" || exit 1
	;;
esac
# shellcheck disable=SC2048 # test names are words: $ALL is split on purpose
for t in ${*:-$ALL}; do
	if ( "t_$t" ) >"$T/log" 2>&1; then
		ok "$t"
	else
		not_ok "$t" "$(tail -30 "$T/log")"
		failed="$failed $t"
	fi
done
tap_done "security tests" || { echo "security FAILED:$failed"; exit 1; }
