#!/bin/bash
# iscsi_test.sh RDR_PROBE: rdr-probe iscsi against a real tgtd on 127.0.0.1
# serving the seed's site-B target, plus its error paths.
set -u
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/tap.sh"
source "$(dirname "$0")/../lib/tgtd.sh"
probe=$1
rdr_tgtd_seed_siteb || rdr_fail "could not start tgtd"
portal=127.0.0.1:$TGTD_PORT
tmp=$(rdr_tmpdir)

out=$("$probe" --json iscsi "$portal" --iqn "$RDR_SEED_ISCSI_IQN"); rc=$?
tap_rc "seed target probed" 0 $rc "$tmp/err"
got=$(echo "$out" | jq -c '[.[] | [.lun_mapping, .lun_id, .serial, .vendor_id, .product_id, .device_size, .physical_volume_id]]')
# tgtd 1.0.85 adds NAA designators that scsi_id prefers over its T10 id
want='[[8,"360000000000000000e00000000010008","SRA-Groupiscsi101","RA-Group","iscsi101",1,"VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1"]]'
[ "$got" = "$want" ] || rdr_fail "seed LUN: got $got"
tap_rc "seed LUN identity" 0 0 "$tmp/err"

"$probe" iscsi "$portal" --find "$RDR_SEED_ISCSI_PV" >"$tmp/find" ; tap_rc "find by PV UUID" 0 $? "$tmp/err"
grep -q '^8 ' "$tmp/find" || rdr_fail "find by PV: $(cat "$tmp/find")"

"$probe" iscsi "$portal" --find nosuchlun 2>"$tmp/err"; tap_rc "no LUN matches" 5 $? "$tmp/err"
grep -q 'no LUN of' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

"$probe" iscsi "$portal" --iqn iqn.2011-11.siteb.example:wrong 2>"$tmp/err"; tap_rc "wrong IQN" 5 $? "$tmp/err"
grep -q 'does not offer target "iqn.2011-11.siteb.example:wrong"' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

dead=$(rdr_free_port)
"$probe" -t 2 iscsi "127.0.0.1:$dead" 2>"$tmp/err"; tap_rc "unreachable portal" 3 $? "$tmp/err"
grep -q "127.0.0.1:$dead" "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

# a portal that accepts and never answers: bounded by --timeout
silent=$(rdr_free_port)
python3 -c 'import socket,time,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); c=s.accept(); time.sleep(10)' "$silent" &
spid=$!; rdr_cleanup_push "kill $spid"
rdr_wait_port "$silent" 5
start=$SECONDS
"$probe" -t 1 iscsi "127.0.0.1:$silent" 2>"$tmp/err"; tap_rc "silent portal times out" 3 $? "$tmp/err"
[ $((SECONDS - start)) -le 4 ] || rdr_fail "timeout not bounded"
grep -q 'timed out after 1 s' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"

# CHAP: a second target that requires it
rdr_tgtd_target 2 iqn.2011-11.siteb.example:chap && rdr_tgtd_lun 2 1 64M RA-Group chap1 &&
	rdr_tgtd_chap 2 rdruser rdrsecret123 || rdr_fail "chap target"
printf 'rdrsecret123\n' >"$tmp/pw"; chmod 600 "$tmp/pw"
printf 'wrongsecret\n' >"$tmp/bad"; chmod 600 "$tmp/bad"
"$probe" iscsi "$portal" --iqn iqn.2011-11.siteb.example:chap --user rdruser --password-file "$tmp/pw" >/dev/null
tap_rc "CHAP login" 0 $? "$tmp/err"
"$probe" iscsi "$portal" --iqn iqn.2011-11.siteb.example:chap --user rdruser --password-file "$tmp/bad" 2>"$tmp/err"
tap_rc "CHAP failure" 4 $? "$tmp/err"
grep -q 'authentication failed' "$tmp/err" || rdr_fail "message: $(cat "$tmp/err")"
grep -q wrongsecret "$tmp/err" && rdr_fail "password leaked in message"
chmod 644 "$tmp/pw"
"$probe" iscsi "$portal" --user rdruser --password-file "$tmp/pw" 2>"$tmp/err"; tap_rc "readable password file refused" 2 $? "$tmp/err"
"$probe" iscsi "$portal" 2>"$tmp/err"; tap_rc "two targets, no IQN" 6 $? "$tmp/err"
tap_done "iscsi tests"
