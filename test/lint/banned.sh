#!/bin/bash
# banned.sh ROOT: no banned C library function in rdr's product C (common/,
# driver/, nicfix/, sim/, extension/; the tests may use them).
#   strcpy, sprintf   no bound: snprintf, or memcpy of a length checked
#   strtok            hidden state, skips empty fields: strtok_r, strsep
#   atoi, atol, atoll no error: numparse.h (rdr_parse_int, rdr_parse_int64)
#   gets              no bound at all
# A comment may name them; code may not.  Output: each use as file:line.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

# comments out (/* ... */ over lines, // to the end), then the calls
hits=$(find common driver nicfix sim extension -name '*.[ch]' -print0 | sort -z |
	xargs -0 awk '
		FNR == 1 { incomment = 0 }
		{
			line = $0; out = ""
			while (line != "") {
				if (incomment) {
					i = index(line, "*/")
					if (i == 0) { line = ""; break }
					line = substr(line, i + 2); incomment = 0
				} else {
					i = index(line, "/*")
					if (i == 0) { out = out line; line = "" }
					else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1 }
				}
			}
			sub(/\/\/.*/, "", out)
			if (out ~ /(^|[^A-Za-z0-9_])(strcpy|sprintf|strtok|atoi|atol|atoll|gets)[ \t]*\(/)
				printf "%s:%d: %s\n", FILENAME, FNR, $0
		}')
if [ -n "$hits" ]; then
	echo "banned functions in product C (see test/lint/banned.sh for what to use):"
	printf '%s\n' "$hits"
	exit 1
fi
echo "banned functions: none in product C"
