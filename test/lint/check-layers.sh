#!/bin/bash
# check-layers.sh: the object-level dependency graph of rdr's libraries,
# read with nm, must have no cycle and no edge from a lower layer to a
# higher one.
#
# Usage: check-layers.sh SPEC ROOT
#   SPEC lines (# comments allowed):
#     lib PATH RANK       an archive (relative to ROOT) and its layer; a
#                         module may use modules of its own archive and of
#                         archives of a lower rank, nothing else
#     order M1 M2 ...     modules of one archive, lowest first: each may
#                         use only those listed before it
# A module is an object file (rest_conn.o); an edge A -> B means that A
# uses a symbol B defines.  Prints every offending edge and every cycle;
# exit 0 when there is none, 1 otherwise, 2 on a usage error.

set -u

if [ $# -ne 2 ] || [ ! -f "$1" ] || [ ! -d "$2" ]; then
	echo "usage: check-layers.sh SPEC ROOT" >&2
	exit 2
fi
spec=$1
root=$2

tmp=$(mktemp -d /tmp/rdr-layers.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT

: >"$tmp/defs"
: >"$tmp/uses"
: >"$tmp/ranks"
: >"$tmp/orders"
while read -r kind a b rest; do
	case $kind in
		'' | '#'*) continue ;;
		lib)
			if [ ! -f "$root/$a" ]; then
				echo "check-layers: $root/$a does not exist (build first)" >&2
				exit 2
			fi
			echo "$a $b" >>"$tmp/ranks"
			# "lib.a[obj.o]: symbol TYPE value size" (POSIX format)
			nm -A -P "$root/$a" | awk -v lib="$a" -v uses="$tmp/uses" \
				-v defs="$tmp/defs" '
				{
					obj = $1; sub(/^.*\[/, "", obj); sub(/\]:$/, "", obj)
					if ($3 == "U") print $2, lib ":" obj >> uses
					else if ($3 ~ /^[A-TV-Z]$/) print $2, lib ":" obj >> defs
				}' ;;
		order)
			echo "$a $b $rest" >>"$tmp/orders" ;;
		*)
			echo "check-layers: $spec: unknown line \"$kind\"" >&2
			exit 2 ;;
	esac
done <"$spec"

# edges "FROM TO SYMBOL" between different modules
sort -u "$tmp/defs" >"$tmp/defs.s"
sort -u "$tmp/uses" >"$tmp/uses.s"
join "$tmp/uses.s" "$tmp/defs.s" | awk '$2 != $3 { print $2, $3, $1 }' |
	sort >"$tmp/edges"

bad=0

# a module named in an order line that no archive holds is a stale spec
for m in $(cat "$tmp/orders"); do
	if ! awk '{ print $2 }' "$tmp/defs.s" | grep -q ":$m\.o$"; then
		echo "check-layers: $spec: no module $m.o in the archives" >&2
		exit 2
	fi
done

# layers: an edge into another archive must go to a lower rank
awk -v ranks="$tmp/ranks" -v orders="$tmp/orders" '
	BEGIN {
		while ((getline line < ranks) > 0) { split(line, f, " "); rank[f[1]] = f[2] }
		# positions compare only within one order line (grp)
		while ((getline line < orders) > 0) {
			n = split(line, f, " ")
			ngrp++
			for (i = 1; i <= n; i++) { pos[f[i] ".o"] = i; grp[f[i] ".o"] = ngrp }
		}
	}
	{
		split($1, a, ":"); split($2, b, ":")
		if (a[1] != b[1] && rank[b[1]] >= rank[a[1]])
			printf "layer inversion: %s (%s, rank %d) uses %s of %s (%s, rank %d)\n",
				a[2], a[1], rank[a[1]], $3, b[2], b[1], rank[b[1]]
		else if (a[1] == b[1] && (a[2] in pos) && (b[2] in pos) &&
				 grp[a[2]] == grp[b[2]] && pos[b[2]] > pos[a[2]])
			printf "order inversion: %s uses %s of %s, listed after it\n",
				a[2], $3, b[2]
	}' "$tmp/edges" >"$tmp/inversions"
if [ -s "$tmp/inversions" ]; then
	cat "$tmp/inversions"
	bad=1
fi

# cycles: tsort names the modules of each loop it finds
awk '{ print $2, $1 }' "$tmp/edges" | sort -u | tsort >/dev/null 2>"$tmp/tsort"
if grep -q "loop" "$tmp/tsort"; then
	echo "dependency cycle(s) between modules:"
	sed 's/^tsort: //' "$tmp/tsort"
	bad=1
fi

nmods=$(awk '{ print $2 }' "$tmp/defs.s" | sort -u | wc -l)
nedges=$(awk '{ print $1, $2 }' "$tmp/edges" | sort -u | wc -l)
if [ $bad -eq 0 ]; then
	echo "layers: $nmods modules, $nedges dependencies, no cycle, no inversion"
fi
exit $bad
