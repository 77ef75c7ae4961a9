#!/bin/bash
# test-banned.sh: banned.sh on a small tree built here: each banned call
# found with file:line, names in comments and longer names left alone.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/rdr-banned-test.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
source "$here/../lib/tap.sh"

mkdir -p "$tmp"/{common,driver,nicfix,sim,extension}
cat >"$tmp/driver/clean.c" <<'C'
/* strcpy(a, b) and atoi(s) named in a comment,
 * sprintf(x) over lines */
int f(const char *s) { return my_atoi(s) + snprintf(0, 0, "%s", s); } // gets(x)
C
out=$("$here/banned.sh" "$tmp" 2>&1); rc=$?
tap_is "comments, snprintf and my_atoi pass" "0 banned functions: none in product C" "$rc $out"

for fn in strcpy sprintf strtok atoi atol atoll gets; do
	printf 'int g(char *a)\n{\n\treturn (int) %s (a);\n}\n' "$fn" >"$tmp/sim/bad.c"
	out=$("$here/banned.sh" "$tmp" 2>&1); rc=$?
	tap_is "$fn is found with file:line" "1 sim/bad.c:3:" "$rc $(printf '%s\n' "$out" | sed -n 2p | cut -d' ' -f1)"
done
tap_done
