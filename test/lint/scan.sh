#!/bin/bash
# scan.sh [ROOT]: clang's static analyzer (what scan-build runs) over every
# product C file (common/ driver/ nicfix/ sim/; the extension is PGXS's),
# with the flags the build uses.  No report may remain: fix it, or
# suppress it in the code with a comment saying why the path cannot
# happen.  A file's clean result is cached under build/scan/ by the hash
# of the file, the headers it may include and the flags, so that a rerun
# analyzes only what changed (the first run takes minutes on 2 cores).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$(cd "$here/../.." && pwd)}
cd "$root" || exit 2
command -v clang >/dev/null || { echo "scan.sh: clang is missing (mk/deps.txt)" >&2; exit 2; }

pkgs="libcurl libxml-2.0 libssh2 libiscsi blkid json-c libcrypto"
cache=build/scan
mkdir -p "$cache" "$cache/reports"
# the build's flags, one per line (analyze reads them into an array)
{
	printf '%s\n' -std=gnu11 -D_GNU_SOURCE '-DRDR_VERSION="scan"' '-DRDR_BINDIR="/usr/bin"' \
		-Icommon -Idriver/probe -Idriver/rest -Idriver "-I$(pg_config --includedir)"
	# shellcheck disable=SC2046 # pkg-config prints a list of words
	printf '%s\n' $(pkg-config --cflags $pkgs)
} >"$cache/flags"
# the headers any file may include: one hash for all, with the flags
hdrs=$( (find common driver nicfix sim -name '*.h' -print0 | sort -z | xargs -0 cat
	cat "$cache/flags"; clang --version) | sha256sum | cut -c1-16)

analyze() # analyze FILE: 0 clean (cached), 1 with the report in the cache
{
	local f=$1 key out fl
	key=$( (cat "$f"; echo "$hdrs") | sha256sum | cut -c1-32)
	[ -e "$cache/$key.ok" ] && return 0
	mapfile -t fl <"$cache/flags"
	out=$(clang --analyze "${fl[@]}" -Xanalyzer -analyzer-output=text -o /dev/null "$f" 2>&1)
	if [ -n "$out" ]; then
		printf '%s\n' "$out" >"$cache/reports/$(echo "$f" | tr / _).txt"
		return 1
	fi
	rm -f "$cache/reports/$(echo "$f" | tr / _).txt"
	: >"$cache/$key.ok"
}
export -f analyze
export hdrs cache

rm -f "$cache"/reports/*.txt
find common driver nicfix sim -name '*.c' -print0 | sort -z |
	xargs -0 -n 1 -P "$(nproc)" bash -c 'analyze "$1"' _
if ls "$cache"/reports/*.txt >/dev/null 2>&1; then
	echo "static analyzer reports (clang --analyze):"
	cat "$cache"/reports/*.txt
	exit 1
fi
echo "static analyzer: no report in $(find common driver nicfix sim -name '*.c' | wc -l) files"
