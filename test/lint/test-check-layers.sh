#!/bin/bash
# test-check-layers.sh: check-layers.sh on small archives built here, one
# per kind of fault it must find, and on a clean one it must pass.

set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/rdr-layers-test.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
source "$here/../lib/tap.sh"

# obj NAME 'C SOURCE': NAME.o in $tmp
obj() {
	printf '%s\n' "$2" >"$tmp/$1.c"
	cc -c -o "$tmp/$1.o" "$tmp/$1.c" || exit 1
}
# lib ARCHIVE OBJ...
lib() {
	local a=$1
	shift
	rm -f "$tmp/$a"
	(cd "$tmp" && ar rcs "$a" "$@") || exit 1
}
# expect RC PATTERN NAME: run the checker on $tmp/spec
expect() {
	local out rc
	out=$("$here/check-layers.sh" "$tmp/spec" "$tmp" 2>&1)
	rc=$?
	if [ "$rc" -eq "$1" ] && printf '%s\n' "$out" | grep -q -- "$2"; then
		ok "$3"
	else
		not_ok "$3 (exit $rc, wanted $1 and /$2/)" "$out"
	fi
}

obj low 'int low_fn(void); int low_fn(void) { return 1; }'
obj high 'int low_fn(void); int high_fn(void); int high_fn(void) { return low_fn(); }'
obj up 'int high_fn(void); int up_fn(void); int up_fn(void) { return high_fn(); }'
obj p 'int q_fn(void); int p_fn(void); int p_fn(void) { return q_fn(); }'
obj q 'int p_fn(int); int q_fn(void); int q_fn(void) { return p_fn(0); }'
obj q2 'int q_fn(void); int q_fn(void) { return 2; }'

lib liblow.a low.o
lib libhigh.a high.o
printf 'lib liblow.a 0\nlib libhigh.a 1\n' >"$tmp/spec"
expect 0 "no cycle, no inversion" "a higher layer using a lower one passes"

lib liblow.a low.o up.o
expect 1 "layer inversion: up.o (liblow.a, rank 0) uses high_fn of high.o" \
	"a lower layer using a higher one fails"

printf 'lib liblow.a 0\nlib libpeer.a 0\n' >"$tmp/spec"
lib liblow.a low.o
lib libpeer.a high.o
expect 1 "layer inversion: high.o" "two libraries of one rank may not use each other"

lib libone.a p.o q.o
printf 'lib libone.a 0\n' >"$tmp/spec"
expect 1 "cycle" "a cycle between two modules of one library fails"

lib libone.a p.o q2.o
printf 'lib libone.a 0\norder q2 p\n' >"$tmp/spec"
expect 0 "no cycle" "a module using one listed before it passes"
printf 'lib libone.a 0\norder p q2\n' >"$tmp/spec"
expect 1 "order inversion: p.o uses q_fn of q2.o" \
	"a module using one listed after it fails"
printf 'lib libone.a 0\norder p low\norder x q2\n' >"$tmp/spec"
obj x 'int x_fn(void); int x_fn(void) { return 3; }'
lib libone.a p.o q2.o low.o x.o
expect 0 "no cycle" "positions in two order lines are not compared"

printf 'lib libnone.a 0\n' >"$tmp/spec"
expect 2 "does not exist" "a missing archive is a usage error"
printf 'lib libone.a 0\norder p q\n' >"$tmp/spec"
expect 2 "no module q.o" "an order naming no module is a usage error"
printf 'library libone.a 0\n' >"$tmp/spec"
expect 2 "unknown line" "an unknown spec line is a usage error"

tap_done
