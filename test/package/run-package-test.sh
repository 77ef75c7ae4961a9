#!/bin/bash
# test/package/run-package-test.sh: rdr as an administrator installs it.
#
# Builds the Debian packages (make deb, which runs lintian) and the RPMs
# (make rpm), installs the .debs into this machine with dpkg -i, runs
# end-to-end failovers with the installed programs only (/usr/bin) against
# a cluster of the system's PostgreSQL, whose CREATE EXTENSION rdr reads
# the packaged files, then purges the packages and checks that nothing of
# them is left.  The RPMs' file list must match the .debs' (programs, man
# pages, extension files, documentation).
#
# The packages are purged at exit whatever happens (the cleanup stack of
# test/lib/common.sh).  A lock serialises two checkouts running this test
# at once, since both would install the same packages.  The test refuses
# to start when rdr is already installed on the system (a package or a
# "make install"): it would overwrite and then remove someone's copy.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"
# shellcheck source=../lib/tap.sh
source "$here/../lib/tap.sh"

# The system's PostgreSQL, where dpkg puts the extension (not the
# checkout's private stage of test/lib/pg.sh).
RDR_PG_BIN=$(pg_config --bindir)
export RDR_PG_BIN
source "$RDR_TOP/test/lib/pg.sh"

EXTVERSION=$(sed -n 's/^EXTVERSION *= *//p' "$RDR_TOP/mk/version.mk")
PGV=$(pg_config --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
PKGLIBDIR=$(pg_config --pkglibdir)
SHAREDIR=$(pg_config --sharedir)
EXT_PKG=postgresql-$PGV-rdr
PKGS="rdr $EXT_PKG"
PROGRAMS="rdr-failover rdr-nicfix rdr-plan rdr-probe rdr-sim"
LOCK=/run/lock/rdr-package-test.lock
T=$(rdr_tmpdir)

# run_logged NAME CMD...: run CMD, its output in $T/NAME.log, shown on failure.
run_logged()
{
	local name=$1
	shift
	"$@" >"$T/$name.log" 2>&1 || { tail -40 "$T/$name.log"; rdr_fail "$name: $*"; }
}

# pkg_status PKG: dpkg's status word of PKG (installed, config-files, ...)
# or "unknown" when dpkg has never heard of it.
pkg_status()
{
	dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || echo unknown
}

# purge: remove the packages this test installed, with their configuration.
purge()
{
	# shellcheck disable=SC2086 # a list of package names
	dpkg --purge $PKGS >"$T/purge.log" 2>&1
}

# The lock is held until the script exits; children that outlive a step
# (the PostgreSQL server) get the descriptor closed.
exec 8>"$LOCK"
flock -w 900 8 || rdr_fail "another packaged-install test holds $LOCK"

# 1. The system holds no rdr: nothing would be overwritten or lost.
for p in $PKGS; do
	st=$(pkg_status "$p")
	case $st in
		unknown | not-installed) ;;
		*) rdr_fail "package $p is $st on this system; the test installs and purges it: run \"dpkg --purge $p\" first" ;;
	esac
done
# (a "make install" into /usr/local is left alone: the packages never
# write there, and the test names the /usr/bin programs by their path)
for f in $(for p in $PROGRAMS; do echo "/usr/bin/$p"; done) \
	"$PKGLIBDIR/rdr.so" "$SHAREDIR/extension/rdr.control"; do
	[ ! -e "$f" ] || rdr_fail "$f exists (a \"make install\"?); the test would overwrite it: remove it first"
done
ok "no rdr installed on the system"

# 2. The packages, as "make deb" and "make rpm" build them (lintian runs
# in make deb and fails it on any error or warning not overridden).
start=$(date +%s)
run_logged deb make -C "$RDR_TOP" deb
ok "make deb: built, lintian clean ($(($(date +%s) - start)) s)"
start=$(date +%s)
run_logged rpm make -C "$RDR_TOP" rpm
ok "make rpm: built ($(($(date +%s) - start)) s)"
DEBS=$(ls "$RDR_TOP"/build/deb/rdr_*.deb "$RDR_TOP"/build/deb/"$EXT_PKG"_*.deb)
RPMS=$(ls "$RDR_TOP"/build/rpm/RPMS/*/*.rpm)
[ "$(echo "$DEBS" | wc -l)" = 2 ] || rdr_fail "expected 2 .debs, got: $DEBS"
[ "$(echo "$RPMS" | wc -l)" = 3 ] || rdr_fail "expected 3 RPMs, got: $RPMS"

# 3. One version: mk/version.mk's, in both package formats, the man pages
# and the programs.
for d in $DEBS; do
	v=$(dpkg-deb -f "$d" Version)
	[ "${v%-*}" = "$EXTVERSION" ] || rdr_fail "$(basename "$d"): version $v, mk/version.mk says $EXTVERSION"
done
for r in $RPMS; do
	v=$(rpm -qp --qf '%{VERSION}' "$r" 2>/dev/null)
	[ "$v" = "$EXTVERSION" ] || rdr_fail "$(basename "$r"): version $v, mk/version.mk says $EXTVERSION"
done
for m in "$RDR_TOP"/docs/man/*.1; do
	grep -q "^\.TH .* \"rdr $EXTVERSION\"" "$m" || rdr_fail "$m: .TH does not say rdr $EXTVERSION"
done
ok "version $EXTVERSION in the .debs, the RPMs and the man pages"

# 4. The RPMs hold what the .debs hold.  make rpm builds with Debian's
# PostgreSQL layout, so the paths compare as they are; man pages and docs
# compare without compression (dh_compress and brp-compress differ), the
# .deb's Debian-only files (changelog.Debian, copyright, lintian
# overrides, the docs of postgresql-15-rdr) and the RPM's build-id links
# are left out.
for d in $DEBS; do dpkg-deb --fsys-tarfile "$d" | tar -t; done |
	sed 's|^\./|/|; /\/$/d; s|\.gz$||' |
	grep -Ev '^/usr/share/doc/[^/]*/(changelog\.Debian|copyright)$|^/usr/share/lintian/' |
	sort >"$T/deb.files"
for r in $RPMS; do rpm -qlp "$r" 2>/dev/null; done | sed 's|\.gz$||' |
	grep -v '^/usr/lib/\.build-id' | while read -r f; do
		# directories (the bitcode one, the docs') are listed by tar only by their files
		# the license: %license's directory on RPM, debian/copyright (left out above) on Debian
		case $f in
			*/bitcode/rdr | /usr/share/doc/rdr | /usr/share/doc/rdr/examples | /usr/share/licenses/*) ;;
			*) echo "$f" ;;
		esac
	done | sort >"$T/rpm.files"
diff -u "$T/deb.files" "$T/rpm.files" || rdr_fail "the RPMs' files differ from the .debs'"
for r in $RPMS; do rpm -qlp "$r" 2>/dev/null; done | grep -qx /usr/share/licenses/rdr/LICENSE ||
	rdr_fail "the rdr RPM lacks its LICENSE"
for d in $DEBS; do dpkg-deb --fsys-tarfile "$d" | tar -t; done | grep -qx ./usr/share/doc/rdr/copyright ||
	rdr_fail "the rdr .deb lacks its copyright file"
ok "RPM file list = .deb file list ($(wc -l <"$T/deb.files") files), licenses in each"

# 5. A cluster of the system's PostgreSQL: without the packages, no rdr.
rdr_pg_start 8>&- || rdr_fail "system PostgreSQL cluster"
out=$(psql -X -q -d postgres -c 'CREATE EXTENSION rdr' 2>&1) &&
	rdr_fail "CREATE EXTENSION rdr worked before the packages were installed"
grep -qF "$SHAREDIR/extension/rdr.control" <<<"$out" || rdr_fail "unexpected error: $out"
ok "before dpkg -i: CREATE EXTENSION rdr fails ($SHAREDIR/extension/rdr.control missing)"

# 6. Install (the purge is queued first, so it runs on any failure).
rdr_cleanup_push purge
# shellcheck disable=SC2086 # a list of paths without blanks (build/deb)
run_logged install dpkg -i $DEBS
for p in $PKGS; do
	[ "$(pkg_status "$p")" = installed ] || rdr_fail "$p not installed: $(cat "$T/install.log")"
	dpkg -L "$p" >"$T/$p.list"
done
ok "dpkg -i $(for d in $DEBS; do basename "$d"; done | tr '\n' ' ')"

# 7. dpkg -L: the PostgreSQL $PGV layout, /usr/bin, man1, nothing in /usr/local.
for f in "$PKGLIBDIR/rdr.so" "$SHAREDIR/extension/rdr.control" \
	"$SHAREDIR/extension/rdr--$EXTVERSION.sql"; do
	grep -qx "$f" "$T/$EXT_PKG.list" || rdr_fail "$EXT_PKG lacks $f"
done
for p in $PROGRAMS; do
	grep -qx "/usr/bin/$p" "$T/rdr.list" || rdr_fail "rdr lacks /usr/bin/$p"
	grep -qx "/usr/share/man/man1/$p.1.gz" "$T/rdr.list" || rdr_fail "rdr lacks the man page of $p"
	[ -x "/usr/bin/$p" ] || rdr_fail "/usr/bin/$p not executable"
	# the page renders without a word from man or groff
	zcat "/usr/share/man/man1/$p.1.gz" | man -l - >/dev/null 2>"$T/man.err" || rdr_fail "man $p"
	[ ! -s "$T/man.err" ] || rdr_fail "man $p: $(cat "$T/man.err")"
done
grep -qx /usr/share/doc/rdr/examples/rhev30-seed.conf "$T/rdr.list" || rdr_fail "rdr lacks the example configuration"
cat "$T"/*.list | grep '^/usr/local' && rdr_fail "files under /usr/local"
[ "$(/usr/bin/rdr-failover --version)" = "rdr-failover (rdr) $EXTVERSION" ] ||
	rdr_fail "rdr-failover --version: $(/usr/bin/rdr-failover --version)"
ok "dpkg -L: extension in $PKGLIBDIR and $SHAREDIR/extension, 4 programs in /usr/bin, 4 man pages, example, nothing in /usr/local"

# 8. CREATE EXTENSION rdr from the installed files.
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE EXTENSION rdr' || rdr_fail "CREATE EXTENSION rdr"
got=$(psql -X -A -t -d postgres -c "SELECT extversion FROM pg_extension WHERE extname = 'rdr'")
[ "$got" = "$EXTVERSION" ] || rdr_fail "extversion $got"
ok "CREATE EXTENSION rdr: version $EXTVERSION from $EXT_PKG"

# 9. End-to-end failovers with the installed programs only: the seed's NFS
# and iSCSI failovers (rdr-failover, rdr-probe, rdr-sim as the engine, the
# extension loaded by the system's server) and the NIC fix (rdr-nicfix).
make -s -C "$RDR_TOP/test/e2e" helpers >/dev/null 2>&1 || rdr_fail "e2e helpers"
for s in nfs iscsi nicfix; do
	start=$(date +%s.%N)
	RDR_FAILOVER=/usr/bin/rdr-failover RDR_PROBE=/usr/bin/rdr-probe \
		RDR_NICFIX=/usr/bin/rdr-nicfix RDR_SIM_BIN=/usr/bin/rdr-sim \
		bash "$RDR_TOP/test/e2e/run-e2e.sh" "$s" >"$T/e2e-$s.log" 2>&1 8>&- ||
		{ tail -40 "$T/e2e-$s.log"; rdr_fail "e2e scenario $s with the installed programs"; }
	ok "e2e $s with /usr/bin programs and the packaged extension ($(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s)"
done

# 10. Purge: no package, none of their files or directories.
purge || { cat "$T/purge.log"; rdr_fail "dpkg --purge $PKGS"; }
for p in $PKGS; do
	st=$(pkg_status "$p")
	case $st in unknown | not-installed) ;; *) rdr_fail "$p is $st after the purge" ;; esac
	while read -r f; do
		# directories shared with other packages (/usr/bin) stay; rdr's own go
		if [ -d "$f" ] && [ ! -L "$f" ]; then
			case $f in *rdr*) rdr_fail "directory $f left after the purge" ;; esac
		elif [ -e "$f" ] || [ -L "$f" ]; then
			rdr_fail "$f left after the purge"
		fi
	done <"$T/$p.list"
	! ls /var/lib/dpkg/info/"$p".* >/dev/null 2>&1 || rdr_fail "dpkg still has /var/lib/dpkg/info/$p.*"
done
psql -X -q -d postgres -c 'CREATE DATABASE after_purge' || rdr_fail "create database"
psql -X -q -d after_purge -c 'CREATE EXTENSION rdr' 2>/dev/null &&
	rdr_fail "CREATE EXTENSION rdr still works after the purge"
ok "dpkg --purge: packages, files and directories gone; CREATE EXTENSION rdr fails again"

tap_done "package checks"
