#!/bin/sh
# mk/pg-stage.sh DIR: a private PostgreSQL installation for this checkout's
# tests, with this checkout's extension installed into it.
#
# The tests never use the system's PostgreSQL installation for the
# extension: two checkouts tested at once (or a test next to a "make
# install") would overwrite each other's rdr.so and SQL scripts there.
# PostgreSQL finds its share and library directories relative to its own
# binary (a relocatable installation), so DIR gets copies of the server
# binaries, links to every file of the system's share and library
# directories except rdr's own, and "make install DESTDIR=DIR" puts the
# extension beside them.  Prints the bin directory to use as RDR_PG_BIN.
set -eu

stage=$1
top=$(cd "$(dirname "$0")/.." && pwd)
bindir=$(pg_config --bindir)
sharedir=$(pg_config --sharedir)
pkglibdir=$(pg_config --pkglibdir)

# link_tree SRC DST: DST mirrors SRC, directories made, files linked (rdr's
# own files are left out, so the stage never writes through a link).
link_tree()
{
	mkdir -p "$2"
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || continue
		name=${f##*/}
		case $name in rdr.so|rdr.control|rdr--*.sql|rdr|rdr.index.bc) continue ;; esac
		if [ -d "$f" ] && [ ! -L "$f" ]; then
			link_tree "$f" "$2/$name"
		elif [ ! -e "$2/$name" ]; then
			ln -s "$f" "$2/$name"
		fi
	done
}

rm -rf "$stage.new"
mkdir -p "$stage.new$bindir"
cp -p "$bindir"/* "$stage.new$bindir/"
link_tree "$sharedir" "$stage.new$sharedir"
link_tree "$pkglibdir" "$stage.new$pkglibdir"
make -s -C "$top/extension" install DESTDIR="$stage.new" >/dev/null
rm -rf "$stage"
mv "$stage.new" "$stage"
# the server runs as postgres and must read (not write) the stage
chmod -R a+rX "$stage"
echo "$stage$bindir"
