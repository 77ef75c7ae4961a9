#!/bin/bash
# test/lint/shellcheck.sh [ROOT]: every shell script of the tree (*.sh, outside
# build/) passes shellcheck at severity warning.  A warning is fixed, or
# disabled on its line with a "# shellcheck disable=SCnnnn # why" comment;
# the sourced libraries say their shell in a directive.  .shellcheckrc
# (at the root) lets it follow the files a script sources.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
command -v shellcheck >/dev/null || { echo "shellcheck.sh: shellcheck is missing (mk/deps.txt)" >&2; exit 2; }

n=$(find . -path ./build -prune -o -name '*.sh' -print | wc -l)
if ! find . -path ./build -prune -o -name '*.sh' -print0 | sort -z |
	xargs -0 -n 10 -P "$(nproc)" shellcheck -S warning -f gcc >build/shellcheck.out 2>&1; then
	echo "shellcheck warnings:"
	cat build/shellcheck.out
	exit 1
fi
echo "shellcheck: $n scripts, no warning"
