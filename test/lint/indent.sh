#!/bin/bash
# indent.sh [ROOT]: the product C (common/ driver/ nicfix/ sim/ extension/)
# is laid out as pgindent lays out PostgreSQL: pg_bsd_indent, PostgreSQL's
# own indenter (Debian package pg-bsd-indent), with pgindent's options and
# its small comment pre- and post-processing, must leave every file
# unchanged.  Each file that differs is printed with the diff's first lines.
#
# Why not clang-format: it has no fixed declaration column (pgindent puts
# every declared name at column 12, "-di12"), so it can check no file of
# this tree; .clang-format stays as the nearest editor setting.
#
# pg_bsd_indent must know the type names: like PostgreSQL's buildfarm, the
# list is read from the debug information of the built objects (make
# first), plus bool, less "text": PostgreSQL's varlena type comes with the
# extension's objects, but the client code names fields and variables
# "text", and a type name there makes "l->text + n" a cast ("l->text +n"),
# as pgindent drops date, interval and timestamp for the same reason.
# INDENT_TYPEDEFS names another list (the self-test).
# Files not yet in the style are listed in indent.txt (INDENT_LIST for the
# self-test) with a reason; the list only shrinks: a listed file that
# passes fails the check until its entry is removed.
# indent.sh --write FILE...: lay out FILEs so (from the root, after make).
# Exit 0 when clean, 1 on a finding, 2 when it cannot run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
write=()
if [ "${1:-}" = --write ]; then
	shift
	write=("$@")
	set --
fi
root=${1:-$(cd "$here/../.." && pwd)}
list=${INDENT_LIST:-$here/indent.txt}
cd "$root" || exit 2
command -v pg_bsd_indent >/dev/null ||
	{ echo "indent.sh: pg_bsd_indent is missing (mk/deps.txt: pg-bsd-indent)" >&2; exit 2; }
command -v objdump >/dev/null ||
	{ echo "indent.sh: objdump is missing (binutils)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/rdr-indent.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT

# pgindent's options (PostgreSQL's src/tools/pgindent/pgindent)
opts="-bad -bap -bbb -bc -bl -cli1 -cp33 -cdb -nce -d0 -di12 -nfc1 -i4 -l79
	-lp -lpl -nip -npro -sac -tpg -ts4"

if [ -n "${INDENT_TYPEDEFS:-}" ]; then
	cp "$INDENT_TYPEDEFS" "$tmp/typedefs"
else
	objs=$(find common driver nicfix sim extension -name '*.o' | sort)
	if [ -z "$objs" ]; then
		echo "indent.sh: no object files under $root: build first (make)" >&2
		exit 2
	fi
	# DW_TAG_typedef entries and their DW_AT_name, of every object
	# shellcheck disable=SC2086 # a list of file names without blanks
	{ objdump --dwarf=info $objs 2>/dev/null | awk '
		/DW_TAG_typedef/ { t = 1; next }
		t && /DW_AT_name/ { sub(/.*: /, ""); print; t = 0 }
		/DW_TAG/ { t = 0 }'
	  echo bool; } | grep -vx text | sort -u >"$tmp/typedefs"
fi

# indented FILE OUT: FILE as pgindent would write it
indented()
{
	# // comments become /* */; dash-protected comments are kept as they are
	sed -e 's!^\([ \t]*\)//\(.*\)$!\1/* \2 */!' -e 's!/\* \+---!/*---X_X!g' "$1" >"$2.in"
	# with an output file it writes no FILE.BAK (in place, it leaves one in
	# the current directory)
	# shellcheck disable=SC2086 # the options are words
	pg_bsd_indent $opts "-U$tmp/typedefs" "$2.in" "$2" >"$2.err" 2>&1 || return 1
	[ -s "$2.err" ] && return 1
	# back: the protected comments, a tab between run-together comments,
	# one space before the '*' of a return type on its own line
	sed -i -e 's!/\*---X_X!/* ---!g' -e 's!\*/\(/\*.*\*/\)$!*/\t\1!' \
		-e 's!^\([A-Za-z_][^ \t]*\)[ \t][ \t]*\*$!\1 *!' "$2"
}

if [ ${#write[@]} -gt 0 ]; then
	cd - >/dev/null || exit 2
	for f in "${write[@]}"; do
		indented "$f" "$tmp/out" && ! cmp -s "$f" "$tmp/out" && cp "$tmp/out" "$f" && echo "indented $f"
	done
	exit 0
fi

declare -A listed=()
nlisted=0
while read -r f _; do
	case $f in '' | '#'*) continue ;; esac
	listed[$f]=1
	nlisted=$((nlisted + 1))
done <"$list"

bad=0
n=0
while IFS= read -r -d '' f; do
	f=${f#./}
	n=$((n + 1))
	if ! indented "$f" "$tmp/out"; then
		if [ -z "${listed[$f]:-}" ]; then
			echo "$f: pg_bsd_indent failed: $(head -3 "$tmp/out.err")"
			bad=1
		fi
	elif ! diff -u "$f" "$tmp/out" >"$tmp/diff"; then
		if [ -z "${listed[$f]:-}" ]; then
			echo "$f: not in PostgreSQL's layout (pgindent); the change it wants:"
			sed -n '3,14p' "$tmp/diff"
			bad=1
		fi
	elif [ -n "${listed[$f]:-}" ]; then
		echo "$f: in PostgreSQL's layout now: remove its entry from test/lint/indent.txt"
		bad=1
	fi
	unset "listed[$f]"
done < <(find common driver nicfix sim extension -name '*.[ch]' -print0 | sort -z)
for f in "${!listed[@]}"; do
	echo "test/lint/indent.txt: $f does not exist"
	bad=1
done
if [ $bad -eq 0 ]; then
	echo "indent: $((n - nlisted)) files in PostgreSQL's layout, $nlisted listed exceptions"
fi
exit $bad
