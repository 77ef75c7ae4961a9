#!/bin/bash
# test-check-sizes.sh: check-sizes.sh on a small tree built here, one case
# per fault it must find, and a clean one it must pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/rdr-sizes-test.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
source "$here/../lib/tap.sh"

# expect RC PATTERN NAME: the checker on $tmp with $tmp/list
expect()
{
	local out rc
	out=$(SIZES_LIST=$tmp/list "$here/check-sizes.sh" "$tmp" 2>&1)
	rc=$?
	if [ "$rc" -eq "$1" ] && printf '%s\n' "$out" | grep -qF -- "$2"; then
		ok "$3"
	else
		not_ok "$3 (exit $rc, wanted $1 and \"$2\")" "$out"
	fi
}

# lines N: N lines of C
lines() { seq "$1" | sed 's|.*|/* & */|'; }

mkdir -p "$tmp"/{common,driver,nicfix,sim,extension}
lines 800 >"$tmp/driver/ok.c"
{ echo "int"; echo "main(void)"; echo "{"; lines 97; echo "}"; } >"$tmp/driver/ok_main.c"
echo "# nothing listed" >"$tmp/list"
expect 0 "no file over 800 lines" "800 lines and a 100-line main() pass"

lines 801 >"$tmp/driver/big.c"
expect 1 "driver/big.c: 801 lines, more than 800" "a file of 801 lines fails"
echo "driver/big.c lines issue 0" >"$tmp/list"
expect 0 "1 listed exceptions" "a listed file passes"

{ echo "int"; echo "main(void)"; echo "{"; lines 98; echo "}"; } >"$tmp/sim/long_main.c"
expect 1 "sim/long_main.c: main() is 101 lines" "a main() of 101 lines fails"
echo "sim/long_main.c main issue 0" >>"$tmp/list"
expect 0 "2 listed exceptions" "a listed main() passes"

lines 10 >"$tmp/driver/big.c"
expect 1 "driver/big.c: 10 lines now: remove its \"lines\" entry" "an entry whose file shrank fails"
rm "$tmp/driver/big.c"
expect 1 "driver/big.c does not exist" "an entry naming no file fails"

tap_done
