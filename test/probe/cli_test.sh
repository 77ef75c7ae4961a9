#!/bin/bash
# cli_test.sh RDR_PROBE: rdr-probe's command line and decode errors.
set -u
source "$(dirname "$0")/../lib/common.sh"
probe=$1
tmp=$(rdr_tmpdir)
n=0
check() # check NAME WANT_RC GOT_RC [GREP]
{
	n=$((n + 1))
	[ "$2" = "$3" ] || rdr_fail "$1: exit $3, expected $2: $(cat "$tmp/err")"
	if [ -n "${4:-}" ]; then
		grep -qF -- "$4" "$tmp/err" || rdr_fail "$1: message lacks \"$4\": $(cat "$tmp/err")"
	fi
	echo "ok $n - $1"
}
"$probe" --bogus 2>"$tmp/err"; check "unknown option" 2 $? 'Try "rdr-probe --help"'
"$probe" --help >"$tmp/err"; check "--help" 0 $? "rdr-probe [OPTION]... iscsi PORTAL"
"$probe" frob x 2>"$tmp/err"; check "unknown command" 2 $? 'unknown command "frob"'
"$probe" decode "$tmp" 2>"$tmp/err"; check "decode without --page" 2 $? "--page"
"$probe" --page 0x81 decode "$tmp" 2>"$tmp/err"; check "bad page" 2 $? 'invalid page "0x81"'
"$probe" -t 0 iscsi x 2>"$tmp/err"; check "bad timeout" 2 $? 'invalid timeout "0"'
"$probe" fc h --serial "$(printf 'S\xffX')" -i /dev/null 2>"$tmp/err"; check "non-UTF-8 serial" 2 $? "not valid UTF-8"
"$probe" fc h -i /dev/null 2>"$tmp/err"; check "fc without serial" 2 $? "--serial"
"$probe" iscsi x --user u 2>"$tmp/err"; check "CHAP user without password" 2 $? "--password-file"
: >"$tmp/empty"; chmod 600 "$tmp/empty"
"$probe" iscsi x --user u --password-file "$tmp/empty" 2>"$tmp/err"; check "empty password file" 2 $? "is empty"

mkdir -p "$tmp/p"
perl -e 'print pack("H*","0000050232000000"), "ABC     DISK            1000"' >"$tmp/p/inquiry"
perl -e 'print pack("H*","0083001401030010600c0ff000")' >"$tmp/p/vpd_pg83"
"$probe" decode --page 0x83 "$tmp/p" >"$tmp/out" 2>"$tmp/err"
check "truncated page 0x83" 7 $? "VPD page 0x83 is truncated: its header says 24 bytes, only 13 were returned"
[ -s "$tmp/out" ] && rdr_fail "output despite the error"
perl -e 'print pack("H*","0083000c0201000a41424344454647484a4b")' >"$tmp/p/vpd_pg83"
"$probe" decode --page 0x83 "$tmp/p" 2>"$tmp/err"
check "designator past the page end" 7 $? "the designator at offset 4 says it is 14 bytes long"
head -c 20 "$tmp/p/inquiry" >"$tmp/p/i2"; mv "$tmp/p/i2" "$tmp/p/inquiry"
"$probe" decode --page 0x80 "$tmp/p" 2>"$tmp/err"; check "short INQUIRY" 7 $? "20 bytes long, at least 36"
rm "$tmp/p/inquiry"
"$probe" decode --page 0x80 "$tmp/p" 2>"$tmp/err"; check "no INQUIRY" 7 $? "standard INQUIRY data is missing"
echo "cli tests: $n passed"
