#!/bin/bash
# test-indent.sh: indent.sh on a small tree built here, one case per
# fault it must find, and a clean one it must pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/rdr-indent-test.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
source "$here/../lib/tap.sh"

# expect RC PATTERN NAME: the checker on $tmp/tree with $tmp/list
expect()
{
	local out rc
	out=$(INDENT_LIST=$tmp/list INDENT_TYPEDEFS=$tmp/typedefs "$here/indent.sh" "$tmp/tree" 2>&1)
	rc=$?
	if [ "$rc" -eq "$1" ] && printf '%s\n' "$out" | grep -qF -- "$2"; then
		ok "$3"
	else
		not_ok "$3 (exit $rc, wanted $1 and \"$2\")" "$out"
	fi
}

mkdir -p "$tmp"/tree/{common,driver,nicfix,sim,extension}
printf '%s\n' Thing bool >"$tmp/typedefs"
echo "# nothing listed" >"$tmp/list"
# PostgreSQL's layout: return type alone, names at column 12, Allman braces
printf '%s\n' '/* good.c: laid out as pgindent does */' '#include "good.h"' '' \
	'static int' 'count(const Thing *t)' '{' '	int			n = 0;' '	bool		seen = false;' '' \
	'	if (t != NULL)' '	{' '		n++;' '		seen = true;' '	}' '	return seen ? n : 0;' '}' \
	>"$tmp/tree/driver/good.c"
expect 0 "indent: 1 files in PostgreSQL's layout, 0 listed" "a file in the layout passes"

printf '%s\n' 'static int count(void) {' '    int n = 0;' '    return n;' '}' >"$tmp/tree/sim/bad.c"
expect 1 "sim/bad.c: not in PostgreSQL's layout" "a file out of the layout fails, with its diff"
echo "sim/bad.c  predates the gate" >"$tmp/list"
expect 0 "1 listed exceptions" "a listed file passes"

cp "$tmp/tree/driver/good.c" "$tmp/tree/sim/bad.c"
expect 1 "sim/bad.c: in PostgreSQL's layout now: remove its entry" "a listed file that passes fails"
rm "$tmp/tree/sim/bad.c"
expect 1 "test/lint/indent.txt: sim/bad.c does not exist" "an entry naming no file fails"

# --write lays a file out in place, after which it passes
echo "# nothing listed" >"$tmp/list"
printf '%s\n' 'int f(int a) { return a; }' >"$tmp/tree/common/w.c"
(cd "$tmp/tree" && INDENT_TYPEDEFS=$tmp/typedefs "$here/indent.sh" --write common/w.c) >/dev/null
expect 0 "indent: 2 files in PostgreSQL's layout" "--write lays a file out"

tap_done "indent.sh tests"
