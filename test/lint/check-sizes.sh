#!/bin/bash
# check-sizes.sh [ROOT]: files a reader can hold in their head.  No
# product C file (common/ driver/ nicfix/ sim/ extension/) over 800 lines,
# no main() over 100 lines, except the entries of sizes.txt; and no stale
# entry (a file back under its limit must leave the list, so it shrinks).
# SIZES_LIST names another list (the self-test).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$(cd "$here/../.." && pwd)}
cd "$root" || exit 2

# one pass: "FILE LINES MAIN" (MAIN: lines from "main(" at a line start
# to the first "}" at a line start; 0 without main)
find common driver nicfix sim extension -name '*.[ch]' -print0 | sort -z |
	xargs -0 awk '
		FNR == 1 { if (f != "") print f, n, m; f = FILENAME; m = 0; s = 0 }
		{ n = FNR }
		/^main\(/ { s = FNR }
		s && /^}/ { m = FNR - s + 1; s = 0 }
		END { if (f != "") print f, n, m }' |
	awk -v list="${SIZES_LIST:-$here/sizes.txt}" -v max_lines=800 -v max_main=100 '
		BEGIN {
			while ((getline line < list) > 0) {
				if (line ~ /^#/ || line ~ /^[ \t]*$/) continue
				split(line, e, " "); ok[e[1] " " e[2]] = 1; nlisted++
			}
		}
		{
			seen[$1] = 1
			check($1, "lines", $2 > max_lines, $2 " lines, more than " max_lines ": split it by concern", $2 " lines")
			check($1, "main", $3 > max_main, "main() is " $3 " lines, more than " max_main \
				  ": keep option parsing and the order of the work only", "main() is " $3 " lines")
		}
		function check(f, what, over, msg, now) {
			if (over && !((f " " what) in ok)) { print f ": " msg; bad = 1 }
			if (!over && ((f " " what) in ok)) {
				print f ": " now " now: remove its \"" what "\" entry from test/lint/sizes.txt"; bad = 1
			}
		}
		END {
			for (k in ok) { split(k, e, " "); if (!(e[1] in seen)) { print "test/lint/sizes.txt: " e[1] " does not exist"; bad = 1 } }
			if (!bad) print "sizes: no file over " max_lines " lines, no main() over " max_main " lines, " nlisted + 0 " listed exceptions"
			exit bad
		}'
