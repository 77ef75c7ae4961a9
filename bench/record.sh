#!/bin/sh
# bench/record.sh KEY VALUE [KEY VALUE ...]: merge numbers into
# bench/results.json, the one flat JSON object of metric name -> number
# that every benchmark writes to.  Safe against concurrent writers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/results.json"
[ $(($# % 2)) -eq 0 ] && [ $# -gt 0 ] || { echo "usage: record.sh KEY VALUE..." >&2; exit 2; }
args=""
while [ $# -gt 0 ]; do
	case "$2" in
		''|*[!0-9.eE+-]*) echo "record.sh: value of $1 is not a number: '$2'" >&2; exit 2 ;;
	esac
	args="$args --argjson $1 $2"
	shift 2
done
exec 9>"$out.lock"
flock 9
[ -s "$out" ] || echo '{}' >"$out"
# shellcheck disable=SC2086
jq -S '. + $ARGS.named' $args "$out" >"$out.tmp"
mv "$out.tmp" "$out"
