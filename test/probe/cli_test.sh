#!/bin/bash
# cli_test.sh RDR_PROBE: rdr-probe's command line and decode errors.
set -u
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/tap.sh"
probe=$1
tmp=$(rdr_tmpdir)
"$probe" --bogus 2>"$tmp/err"; tap_rc "unknown option" 2 $? "$tmp/err" 'Try "rdr-probe --help"'
"$probe" --help >"$tmp/err"; tap_rc "--help" 0 $? "$tmp/err" "rdr-probe [OPTION]... iscsi PORTAL"
"$probe" frob x 2>"$tmp/err"; tap_rc "unknown command" 2 $? "$tmp/err" 'unknown command "frob"'
"$probe" decode "$tmp" 2>"$tmp/err"; tap_rc "decode without --page" 2 $? "$tmp/err" "--page"
"$probe" --page 0x81 decode "$tmp" 2>"$tmp/err"; tap_rc "bad page" 2 $? "$tmp/err" 'invalid page "0x81"'
"$probe" -t 0 iscsi x 2>"$tmp/err"; tap_rc "bad timeout" 2 $? "$tmp/err" 'invalid timeout "0"'
"$probe" fc h --serial "$(printf 'S\xffX')" -i /dev/null 2>"$tmp/err"; tap_rc "non-UTF-8 serial" 2 $? "$tmp/err" "not valid UTF-8"
"$probe" fc h -i /dev/null 2>"$tmp/err"; tap_rc "fc without serial" 2 $? "$tmp/err" "--serial"
"$probe" iscsi x --user u 2>"$tmp/err"; tap_rc "CHAP user without password" 2 $? "$tmp/err" "--password-file"
: >"$tmp/empty"; chmod 600 "$tmp/empty"
"$probe" iscsi x --user u --password-file "$tmp/empty" 2>"$tmp/err"; tap_rc "empty password file" 2 $? "$tmp/err" "is empty"

mkdir -p "$tmp/p"
perl -e 'print pack("H*","0000050232000000"), "ABC     DISK            1000"' >"$tmp/p/inquiry"
perl -e 'print pack("H*","0083001401030010600c0ff000")' >"$tmp/p/vpd_pg83"
"$probe" decode --page 0x83 "$tmp/p" >"$tmp/out" 2>"$tmp/err"
tap_rc "truncated page 0x83" 7 $? "$tmp/err" "VPD page 0x83 is truncated: its header says 24 bytes, only 13 were returned"
[ -s "$tmp/out" ] && rdr_fail "output despite the error"
perl -e 'print pack("H*","0083000c0201000a41424344454647484a4b")' >"$tmp/p/vpd_pg83"
"$probe" decode --page 0x83 "$tmp/p" 2>"$tmp/err"
tap_rc "designator past the page end" 7 $? "$tmp/err" "the designator at offset 4 says it is 14 bytes long"
head -c 20 "$tmp/p/inquiry" >"$tmp/p/i2"; mv "$tmp/p/i2" "$tmp/p/inquiry"
"$probe" decode --page 0x80 "$tmp/p" 2>"$tmp/err"; tap_rc "short INQUIRY" 7 $? "$tmp/err" "20 bytes long, at least 36"
rm "$tmp/p/inquiry"
"$probe" decode --page 0x80 "$tmp/p" 2>"$tmp/err"; tap_rc "no INQUIRY" 7 $? "$tmp/err" "standard INQUIRY data is missing"
# a page that cannot be read: exit 1, and (under SANITIZE=1's leak
# checker) the pages read before it are freed
perl -e 'print pack("H*","0000050232000000"), "ABC     DISK            1000"' >"$tmp/p/inquiry"
rm -f "$tmp/p/vpd_pg83"; mkdir "$tmp/p/vpd_pg83"
"$probe" decode --page 0x83 "$tmp/p" >"$tmp/out" 2>"$tmp/err"
tap_rc "unreadable page" 1 $? "$tmp/err" "could not read \"$tmp/p/vpd_pg83\": Is a directory"
tap_done "cli tests"
