#!/bin/bash
# cli_test.sh: rdr-nicfix end to end, on copies of test/fixtures/nic.
#
# Every good case is run four ways (dry run, real run, second run, undo) and
# every resulting file is compared byte for byte with the fixture's after/
# or before/ tree; every bad case must exit with its code, print exactly
# its expected stderr and leave every file, inode and mode as it was.
# A full disk is made real with a tiny tmpfs, errors part-way through a
# run or an --undo (exit 5) with chattr +a/+i on a tmpfs of their own.
# Output is TAP.
set -u
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tap.sh"

BIN=${RDR_NICFIX:-$RDR_TOP/nicfix/rdr-nicfix}
FIX=$RDR_TOP/test/fixtures/nic
T=$(rdr_tmpdir)
export RDR_NICFIX_NOW=1764061890	# 2025-11-25T09:11:30Z in the markers

# check DESC CMD...: one test point from a command's status (tap_run)
check()
{
	tap_run "$@"
}

# snapshot DIR: every entry with type, mode, owner, inode, size, contents
# hash: equal snapshots mean nothing was written, not even rewritten.
snapshot()
{
	(cd "$1" && find . -mindepth 1 -printf '%p %y %m %U:%G %i %s %l\n' | sort
	 find . -type f -print0 | sort -z | xargs -0r sha256sum)
}

# setup CASEDIR NAME: a fresh copy of the case's before/ tree in $T/NAME/root,
# its rdr.conf (mode from the case's "mode" file, else 600) and ARGS.
setup()
{
	local c=$1 name=$2 a
	rm -rf "${T:?}/${name:?}"
	mkdir -p "$T/$name"
	cp -a "$c/before" "$T/$name/root"
	# as on a manager: NetworkManager ignores keyfiles other users can read
	find "$T/$name/root" -name '*.nmconnection' -exec chmod 600 {} +
	if [ -f "$c/rdr.conf" ]; then
		cp "$c/rdr.conf" "$T/$name/rdr.conf"
		chmod "$(cat "$c/mode" 2>/dev/null || echo 600)" "$T/$name/rdr.conf"
	fi
	ARGS=()
	while IFS= read -r a; do
		ARGS+=("${a//CASE/$T/$name}")
	done <"$c/args"
	ROOT=$T/$name/root
}

# run ARGS...: rdr-nicfix; stdout, stderr and status in $T/out, $T/err, RC.
run()
{
	"$BIN" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

no_temp_files()
{
	! find "$1" -name '*.rdr-tmp.*' | grep -q .
}

# same_tree_but_backups A B: A equals B byte for byte, ignoring backups.
same_tree_but_backups()
{
	diff -r -x '*.rdr.bak' "$1" "$2"
}

backups_are_originals()
{
	local before=$1 root=$2 b rel
	while IFS= read -r b; do
		rel=${b#"$root"/}
		cmp "$before/${rel%.rdr.bak}" "$b" || return 1
	done < <(find "$root" -name '*.rdr.bak')
}

# unchanged_not_rewritten SNAP ROOT AFTER: files that after/ has unchanged
# kept their inode (they were not rewritten).
unchanged_not_rewritten()
{
	local snap=$1 root=$2 before=$3 after=$4 f rel
	while IFS= read -r f; do
		rel=${f#"$after"/}
		if cmp -s "$before/$rel" "$f"; then
			grep -q "^./$rel f .* $(stat -c %i "$root/$rel") " "$snap" ||
				{ echo "$rel was rewritten"; return 1; }
		fi
	done < <(find "$after" -type f)
}

good_case()
{
	local c=$FIX/$1 name=$1 snap
	setup "$c" "$name"
	snapshot "$ROOT" >"$T/snap.before"

	# --dry-run: a diff that patch turns into exactly after/, nothing written
	run --root "$ROOT" --dry-run "${ARGS[@]}"
	check "$name: --dry-run exits 0" test "$RC" = 0
	snapshot "$ROOT" >"$T/snap.dry"
	check "$name: --dry-run changes nothing" cmp "$T/snap.before" "$T/snap.dry"
	rm -rf "$T/patched" && cp -a "$c/before" "$T/patched"
	check "$name: the --dry-run diff applies with patch -p1" \
		patch -s -d "$T/patched" -p1 -i "$T/out"
	check "$name: the patched tree is after/" diff -r "$c/after" "$T/patched"
	if [ -f "$c/expected.diff" ]; then
		check "$name: the --dry-run diff is expected.diff" cmp "$c/expected.diff" "$T/out"
	fi

	# the real run
	run --root "$ROOT" "${ARGS[@]}"
	check "$name: exits 0" test "$RC" = 0
	check "$name: every file is byte for byte after/" same_tree_but_backups "$c/after" "$ROOT"
	check "$name: each backup is the original file" backups_are_originals "$c/before" "$ROOT"
	check "$name: unchanged files were not rewritten" \
		unchanged_not_rewritten "$T/snap.before" "$ROOT" "$c/before" "$c/after"
	check "$name: no temp file left" no_temp_files "$ROOT"

	# idempotent: the second run plans nothing and touches nothing
	snapshot "$ROOT" >"$T/snap.first"
	run --root "$ROOT" "${ARGS[@]}"
	check "$name: second run exits 0" test "$RC" = 0
	check "$name: second run says nothing to change" grep -qx "nothing to change" "$T/err"
	snapshot "$ROOT" >"$T/snap.second"
	check "$name: second run changes nothing" cmp "$T/snap.first" "$T/snap.second"

	# --undo: back to before/, backups consumed
	run --root "$ROOT" --undo
	check "$name: --undo exits 0" test "$RC" = 0
	check "$name: --undo restores before/ exactly" diff -r "$c/before" "$ROOT"
	run --root "$ROOT" --undo
	check "$name: a second --undo has nothing to restore" \
		grep -qx "no backups to restore" "$T/err"
}

bad_case()
{
	local c=$FIX/bad/$1 name=bad-$1 want
	setup "$c" "$name"
	snapshot "$ROOT" >"$T/snap.before"
	run --root "$ROOT" "${ARGS[@]}"
	want=$(cat "$c/exit")
	check "bad $1: exits $want (got $RC)" test "$RC" = "$want"
	sed -e "s|$T/$name|CASE|g" "$T/err" >"$T/err.norm"
	check "bad $1: stderr is exactly $1/stderr" diff "$c/stderr" "$T/err.norm"
	check "bad $1: stdout is empty" test ! -s "$T/out"
	snapshot "$ROOT" >"$T/snap.after"
	check "bad $1: no file changed" cmp "$T/snap.before" "$T/snap.after"
}

for c in "$FIX"/*/; do
	c=$(basename "$c")
	[ -f "$FIX/$c/args" ] && good_case "$c"
done
for c in "$FIX"/bad/*/; do
	bad_case "$(basename "$c")"
done

# mode and owner of a rewritten file are kept, and so are its backup's
setup "$FIX/seed-rhel6" owner
chown 65534:65534 "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth0"
chmod 640 "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth0"
chmod 600 "$ROOT/etc/udev/rules.d/70-persistent-net.rules"
run --root "$ROOT" "${ARGS[@]}"
check "owner: exits 0" test "$RC" = 0
check "owner: ifcfg-eth0 keeps 640 nobody:nogroup" test \
	"$(stat -c '%a %u:%g' "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth0")" = "640 65534:65534"
check "owner: its backup too" test \
	"$(stat -c '%a %u:%g' "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth0.rdr.bak")" = "640 65534:65534"
check "owner: the rules file keeps 600" test \
	"$(stat -c '%a' "$ROOT/etc/udev/rules.d/70-persistent-net.rules")" = "600"

# a hard-linked ifcfg file (system-config-network links them into
# /etc/sysconfig/networking): warned about, the other name keeps the original
setup "$FIX/seed-rhel6" hardlink
mkdir -p "$ROOT/etc/sysconfig/networking/devices"
ln "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth1" "$ROOT/etc/sysconfig/networking/devices/ifcfg-eth1"
run --root "$ROOT" "${ARGS[@]}"
check "hardlink: exits 0" test "$RC" = 0
check "hardlink: warns about the other name" grep -q \
	"warning: \"$ROOT/etc/sysconfig/network-scripts/ifcfg-eth1\" has 2 hard links; the other names keep the old contents" "$T/err"
check "hardlink: ifcfg-eth1 is after/" cmp "$FIX/seed-rhel6/after/etc/sysconfig/network-scripts/ifcfg-eth1" \
	"$ROOT/etc/sysconfig/network-scripts/ifcfg-eth1"

# a FIFO among the ifcfg files must not hang the run
setup "$FIX/seed-rhel6" fifo
mkfifo "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth9"
timeout 20 "$BIN" --root "$ROOT" "${ARGS[@]}" >"$T/out" 2>"$T/err"
RC=$?
check "fifo: exits 0" test "$RC" = 0
check "fifo: is skipped with a warning" grep -q "ifcfg-eth9\" is not a regular file, skipped" "$T/err"

# a file name with a newline cannot forge lines of the --dry-run diff: the
# name is C-quoted in the "---"/"+++" lines (as GNU diff does), the diff
# has exactly the hunks of the real change, and patch applies it
setup "$FIX/seed-rhel6" newline-name
nl_name=$'ifcfg-eth1\n+++ b\n@@ -1 +1 @@\n-DEVICE=lo\n+DEVICE=evil'
mv "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth1" "$ROOT/etc/sysconfig/network-scripts/$nl_name"
cp -a "$ROOT" "$T/newline-name/copy"
run --root "$ROOT" --dry-run "${ARGS[@]}"
check "newline name: --dry-run exits 0" test "$RC" = 0
check "newline name: the name is C-quoted" grep -qxF -e \
	'--- "a/etc/sysconfig/network-scripts/ifcfg-eth1\n+++ b\n@@ -1 +1 @@\n-DEVICE=lo\n+DEVICE=evil"' "$T/out"
check "newline name: no forged line" test "$(grep -c '^+DEVICE=evil' "$T/out")" = 0
check "newline name: the diff applies with patch -p1" \
	patch -s -d "$T/newline-name/copy" -p1 -i "$T/out"
run --root "$ROOT" "${ARGS[@]}"
check "newline name: the real run exits 0" test "$RC" = 0
check "newline name: patch gave what the real run wrote" diff -r \
	-x '*.rdr.bak' "$ROOT" "$T/newline-name/copy"
check "newline name: ifcfg-lo untouched" cmp "$FIX/seed-rhel6/before/etc/sysconfig/network-scripts/ifcfg-lo" \
	"$ROOT/etc/sysconfig/network-scripts/ifcfg-lo"

# the config file path: --config with the seed's format
setup "$FIX/bonds-vlans" config-verbose
run --root "$ROOT" --dry-run -v "${ARGS[@]}"
check "config: -v names each action with file:line" grep -q \
	"^$ROOT/etc/udev/rules.d/70-persistent-net.rules:2: disabled: name \"eth0\" is wanted for 00:25:b3:a9:b0:01\$" "$T/err"
run --root "$ROOT" -q "${ARGS[@]}"
check "config: -q prints nothing on success" test ! -s "$T/err"

# same_files A B SUFFIX REL...: each B/REL+SUFFIX is byte for byte A/REL
# (SUFFIX .rdr.bak: the backups under B are the files of A).
same_files()
{
	local a=$1 b=$2 suffix=$3 rel
	shift 3
	for rel in "$@"; do
		cmp "$a/$rel" "$b/$rel$suffix" || return 1
	done
}

# one_inode A B: A and B are hard links of one file.
one_inode()
{
	test "$(stat -c %d:%i "$1")" = "$(stat -c %d:%i "$2")"
}

IFCFG=etc/sysconfig/network-scripts
RULES=etc/udev/rules.d/70-persistent-net.rules

# partial_tests: errors part-way through a run and through --undo (exit 5),
# on copies of seed-rhel6 under the tmpfs $T/attr.  Its plan is
# ifcfg-eth0, ifcfg-eth1, ifcfg-eth2, then the rules file.
partial_tests()
{
	local B=$FIX/seed-rhel6/before A=$FIX/seed-rhel6/after rd tmpre
	# tmp_re: a regex of the rules file's temp file under $ROOT
	tmp_re() { echo "$ROOT/etc/udev/rules\.d/\.70-persistent-net\.rules\.rdr-tmp\.[A-Za-z0-9]\{6\}"; }

	# 1. the rules directory is append-only: the three ifcfg files are
	# renamed, the rules file cannot be (EPERM); neither can this run's
	# temp file and backup link there be removed: both are named
	setup "$FIX/seed-rhel6" attr/partial
	rd=$ROOT/etc/udev/rules.d
	chattr +a "$rd"
	run --root "$ROOT" "${ARGS[@]}"
	check "partial: exits 5 (got $RC)" test "$RC" = 5
	tmpre=$(tmp_re)
	check "partial: names the file and errno" grep -qx \
		"rdr-nicfix: error: could not rename \"$tmpre\" to \"$ROOT/$RULES\": Operation not permitted" "$T/err"
	check "partial: DETAIL says 3 of 4 changed and how to undo" grep -qxF \
		"DETAIL: 3 of 4 files were changed before the error; run rdr-nicfix --undo to restore them." "$T/err"
	check "partial: warns of the temp file it could not remove" grep -qx \
		"rdr-nicfix: warning: could not remove temp file \"$tmpre\": Operation not permitted" "$T/err"
	check "partial: warns of the backup it could not remove" grep -qxF \
		"rdr-nicfix: warning: could not remove backup \"$ROOT/$RULES.rdr.bak\": Operation not permitted" "$T/err"
	check "partial: the renamed ifcfg files are after/" same_files "$A" "$ROOT" "" \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2
	check "partial: their backups are the originals" same_files "$B" "$ROOT" .rdr.bak \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2
	check "partial: the rules file is before/" cmp "$B/$RULES" "$ROOT/$RULES"
	check "partial: the leftover rules backup is a link to it, not a copy" \
		one_inode "$ROOT/$RULES" "$ROOT/$RULES.rdr.bak"
	check "partial: exactly one temp file left, in the rules directory" test \
		"$(find "$ROOT" -name '*.rdr-tmp.*' | wc -l) $(find "$rd" -name '*.rdr-tmp.*' | wc -l)" = "1 1"

	# --undo while the directory is still append-only: its first step,
	# dropping the rules file's leftover backup, fails: nothing changes
	snapshot "$ROOT" >"$T/snap.before"
	run --root "$ROOT" --undo
	check "partial: --undo in the append-only directory exits 4 (got $RC)" test "$RC" = 4
	check "partial: --undo names the backup it could not remove" grep -qxF \
		"rdr-nicfix: error: could not remove backup \"$ROOT/$RULES.rdr.bak\": Operation not permitted" "$T/err"
	check "partial: --undo says nothing changed" grep -qxF "DETAIL: No file has been changed." "$T/err"
	snapshot "$ROOT" >"$T/snap.after"
	check "partial: the failed --undo changed nothing" cmp "$T/snap.before" "$T/snap.after"

	# the cause fixed, --undo restores before/ (but for the named temp file)
	chattr -a "$rd"
	run --root "$ROOT" --undo
	check "partial: --undo then exits 0 (got $RC)" test "$RC" = 0
	check "partial: --undo restores before/ and consumes every backup" \
		diff -r -x '.*.rdr-tmp.*' "$B" "$ROOT"
	run --root "$ROOT" --undo
	check "partial: nothing left to undo" grep -qx "no backups to restore" "$T/err"

	# 2. a second run with more names, the rules file now immutable: the
	# first run's backups are kept (link gives EEXIST first), the two
	# ifcfg files new to this run change, the rules file cannot
	setup "$FIX/seed-rhel6" attr/immutable
	run --root "$ROOT" --map 00:25:b3:a9:b0:01=eth0
	check "immutable: the first run exits 0" test "$RC" = 0
	cp "$ROOT/$RULES" "$T/rules.first"
	chattr +i "$ROOT/$RULES"
	run --root "$ROOT" "${ARGS[@]}"
	chattr -i "$ROOT/$RULES"
	tmpre=$(tmp_re)
	check "immutable: exits 5 (got $RC)" test "$RC" = 5
	check "immutable: names the rules file and errno" grep -qx \
		"rdr-nicfix: error: could not rename \"$tmpre\" to \"$ROOT/$RULES\": Operation not permitted" "$T/err"
	check "immutable: DETAIL says 2 of 3 changed" grep -qxF \
		"DETAIL: 2 of 3 files were changed before the error; run rdr-nicfix --undo to restore them." "$T/err"
	check "immutable: no warning, nothing left behind" test "$(grep -c warning "$T/err")" = 0
	check "immutable: no temp file left" no_temp_files "$ROOT"
	check "immutable: ifcfg-eth0 (first run) and eth1, eth2 are after/" same_files "$A" "$ROOT" "" \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2
	check "immutable: the rules file is as the first run left it" cmp "$T/rules.first" "$ROOT/$RULES"
	check "immutable: every backup is the very first original" same_files "$B" "$ROOT" .rdr.bak \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2 $RULES
	run --root "$ROOT" --undo
	check "immutable: --undo restores before/ exactly" diff -r "$B" "$ROOT"

	# 3. --undo fails part-way: the ifcfg directory is append-only, so
	# after the rules file is restored, renaming ifcfg-eth0's backup fails
	setup "$FIX/seed-rhel6" attr/undo
	run --root "$ROOT" "${ARGS[@]}"
	check "undo partial: the run exits 0" test "$RC" = 0
	chattr +a "$ROOT/$IFCFG"
	run --root "$ROOT" --undo
	check "undo partial: exits 5 (got $RC)" test "$RC" = 5
	check "undo partial: names the backup, the file and errno" grep -qxF \
		"rdr-nicfix: error: could not rename \"$ROOT/$IFCFG/ifcfg-eth0.rdr.bak\" to \"$ROOT/$IFCFG/ifcfg-eth0\": Operation not permitted" "$T/err"
	check "undo partial: DETAIL says 1 of 4 restored" grep -qxF \
		"DETAIL: 1 of 4 files were restored before the error; the others keep their backups." "$T/err"
	check "undo partial: HINT says to run --undo again" grep -qxF \
		"HINT: Run rdr-nicfix --undo again once the cause is fixed." "$T/err"
	check "undo partial: the rules file is restored, its backup gone" test \
		"$(cmp -s "$B/$RULES" "$ROOT/$RULES" && echo same) $(test -e "$ROOT/$RULES.rdr.bak" && echo bak)" = "same "
	check "undo partial: the ifcfg files are still after/" same_files "$A" "$ROOT" "" \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2
	check "undo partial: and keep their backups" same_files "$B" "$ROOT" .rdr.bak \
		$IFCFG/ifcfg-eth0 $IFCFG/ifcfg-eth1 $IFCFG/ifcfg-eth2
	chattr -a "$ROOT/$IFCFG"
	run --root "$ROOT" --undo
	check "undo partial: --undo again exits 0 (got $RC)" test "$RC" = 0
	check "undo partial: and restores before/ exactly" diff -r "$B" "$ROOT"
}

# inode_full_test: a tmpfs whose inode count allows the four temp files
# and two backups (tmpfs counts each hard link as an inode): the third
# backup fails with ENOSPC, the two made are removed, nothing changed.
inode_full_test()
{
	local mnt=$T/inodes used
	mkdir -p "$mnt"
	if ! mount -t tmpfs -o size=4m,mode=755 rdr-nicfix-inodes "$mnt"; then
		not_ok "inodes: could not mount a tmpfs"
		return
	fi
	rdr_cleanup_push "umount '$mnt'"
	cp -a "$FIX/seed-rhel6/before" "$mnt/root"
	used=$(df --output=iused "$mnt" | tail -1)
	mount -o remount,nr_inodes=$((used + 4 + 2)) "$mnt"
	snapshot "$mnt/root" >"$T/snap.before"
	setup "$FIX/seed-rhel6" unused
	run --root "$mnt/root" "${ARGS[@]}"
	check "inodes: exits 4 (got $RC)" test "$RC" = 4
	check "inodes: names the third backup and ENOSPC" grep -qxF \
		"rdr-nicfix: error: could not create backup \"$mnt/root/$IFCFG/ifcfg-eth2.rdr.bak\": No space left on device" "$T/err"
	check "inodes: DETAIL no file has been changed" grep -qxF "DETAIL: No file has been changed." "$T/err"
	snapshot "$mnt/root" >"$T/snap.after"
	check "inodes: no file changed, no backup or temp file left" cmp "$T/snap.before" "$T/snap.after"
}

# a full disk: the temp file cannot be written, nothing changes, nothing left
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/full"
	if mount -t tmpfs -o size=64k,mode=755 rdr-nicfix-test "$T/full"; then
		rdr_cleanup_push "umount '$T/full'"
		cp -a "$FIX/seed-rhel6/before" "$T/full/root"
		dd if=/dev/zero of="$T/full/filler" bs=1k 2>/dev/null
		snapshot "$T/full/root" >"$T/snap.before"
		setup "$FIX/seed-rhel6" unused
		run --root "$T/full/root" "${ARGS[@]}"
		check "disk full: exits 4 (got $RC)" test "$RC" = 4
		check "disk full: says why and that nothing changed" grep -q \
			"^rdr-nicfix: error: could not write temp file \"$T/full/root/etc/sysconfig/network-scripts/.ifcfg-eth0.rdr-tmp.......\": No space left on device\$" "$T/err"
		check "disk full: DETAIL no file has been changed" grep -qx "DETAIL: No file has been changed." "$T/err"
		snapshot "$T/full/root" >"$T/snap.after"
		check "disk full: no file changed" cmp "$T/snap.before" "$T/snap.after"
		check "disk full: no temp file left" no_temp_files "$T/full/root"
		rm -f "$T/full/filler"
		run --root "$T/full/root" "${ARGS[@]}"
		check "disk full: works once there is room" same_tree_but_backups "$FIX/seed-rhel6/after" "$T/full/root"
	else
		not_ok "disk full: could not mount a tmpfs"
	fi
	# a read-only file system: refused at the first temp file, nothing changed
	mkdir -p "$T/ro"
	if mount -t tmpfs -o size=1m,mode=755 rdr-nicfix-ro "$T/ro"; then
		rdr_cleanup_push "umount '$T/ro'"
		cp -a "$FIX/seed-rhel6/before" "$T/ro/root"
		mount -o remount,ro "$T/ro"
		snapshot "$T/ro/root" >"$T/snap.before"
		run --root "$T/ro/root" "${ARGS[@]}"
		check "read-only: exits 4 (got $RC)" test "$RC" = 4
		check "read-only: says why" grep -q "Read-only file system\$" "$T/err"
		snapshot "$T/ro/root" >"$T/snap.after"
		check "read-only: no file changed" cmp "$T/snap.before" "$T/snap.after"
	else
		not_ok "read-only: could not mount a tmpfs"
	fi

	# Part-way errors, made real with file attributes (chattr) on a tmpfs
	# of their own, so no attribute can outlive the test.  The contract
	# (rdr-nicfix(1), EXIT STATUS 5): the files renamed before the error
	# stay changed and keep their backups, the others stay as they were,
	# and --undo, run until it exits 0, restores everything.
	mkdir -p "$T/attr"
	if mount -t tmpfs -o size=4m,mode=755 rdr-nicfix-attr "$T/attr" &&
		rdr_cleanup_push "umount '$T/attr'" &&
		mkdir "$T/attr/probe" && chattr +a "$T/attr/probe" 2>/dev/null; then
		partial_tests
	else
		not_ok "part-way errors: no tmpfs with chattr +a/+i here"
	fi
	inode_full_test
else
	echo "ok $((n += 1)) # SKIP disk full needs root for a tmpfs"
	echo "ok $((n += 1)) # SKIP part-way errors need root for chattr"
fi

# --undo --dry-run shows the restore as a diff and changes nothing; --undo
# also brings back an ifcfg file deleted since the run
setup "$FIX/swapped" undo
run --root "$ROOT" "${ARGS[@]}"
rm "$ROOT/etc/sysconfig/network-scripts/ifcfg-eth0"
snapshot "$ROOT" >"$T/snap.before"
run --root "$ROOT" --undo --dry-run
check "undo: --undo --dry-run exits 0" test "$RC" = 0
snapshot "$ROOT" >"$T/snap.after"
check "undo: --undo --dry-run changes nothing" cmp "$T/snap.before" "$T/snap.after"
rm -rf "$T/patched" && cp -a "$ROOT" "$T/patched" && find "$T/patched" -name '*.rdr.bak' -delete
check "undo: the --undo --dry-run diff applies with patch -p1" \
	patch -s -d "$T/patched" -p1 -i "$T/out"
check "undo: the patched tree is before/" diff -r "$FIX/swapped/before" "$T/patched"
run --root "$ROOT" --undo
check "undo: restores the deleted ifcfg-eth0 and the rules" diff -r "$FIX/swapped/before" "$ROOT"

# a root that does not exist
run --root "$T/no-such-root" --map 00:25:b3:a9:b0:01=eth0
check "missing root: exits 1" test "$RC" = 1
check "missing root: says so" grep -qx \
	"rdr-nicfix: error: --root: could not resolve \"$T/no-such-root\": No such file or directory" "$T/err"

# a symbolic link in the image is refused, not followed, whether the
# kernel walks the path (openat2) or rdr-nicfix does (older kernels); a
# link to a directory inside the image is refused too (it could be
# flipped to one outside between two opens)
for walk in openat2 fallback; do
	for where in etc etc/sysconfig/network-scripts; do
		setup "$FIX/swapped" escape
		mkdir -p "$T/escape/host/$where"
		mv "$ROOT/$where" "$T/escape/host/$where.real"
		ln -s "$T/escape/host/$where.real" "$ROOT/$where"
		snapshot "$T/escape" >"$T/snap.before"
		if [ $walk = fallback ]; then
			RDR_NICFIX_NO_OPENAT2=1 run --root "$ROOT" "${ARGS[@]}"
		else
			run --root "$ROOT" "${ARGS[@]}"
		fi
		[ "$where" = etc ] && sub=etc/udev/rules.d || sub=$where
		check "escape $where ($walk): exits 3" test "$RC" = 3
		check "escape $where ($walk): names the link" grep -qx \
			"rdr-nicfix: error: directory \"$ROOT/$sub\" is not inside the root \"$ROOT\": \"$ROOT/$where\" is a symbolic link" "$T/err"
		snapshot "$T/escape" >"$T/snap.after"
		check "escape $where ($walk): nothing changed outside or inside" cmp "$T/snap.before" "$T/snap.after"
	done
done
setup "$FIX/swapped" inside-link
mv "$ROOT/etc/sysconfig" "$ROOT/sysconfig"
ln -s ../sysconfig "$ROOT/etc/sysconfig"
run --root "$ROOT" "${ARGS[@]}"
check "link inside the image: exits 3" test "$RC" = 3
check "link inside the image: names it" grep -q "\"$ROOT/etc/sysconfig\" is a symbolic link" "$T/err"

# a wanted NIC's ifcfg file that is a symbolic link or a FIFO stops the run
# before anything is written (skipping it would leave the old MAC pinned);
# one of a NIC not wanted is skipped
for kind in link fifo; do
	setup "$FIX/seed-rhel6" "wanted-$kind"
	f=$ROOT/etc/sysconfig/network-scripts/ifcfg-eth1
	mv "$f" "$T/wanted-$kind/eth1.real"
	if [ $kind = link ]; then
		ln -s "$T/wanted-$kind/eth1.real" "$f"
		what="a symbolic link"
	else
		mkfifo "$f"
		what="a FIFO"
	fi
	snapshot "$T/wanted-$kind" >"$T/snap.before"
	timeout 20 "$BIN" --root "$ROOT" "${ARGS[@]}" >"$T/out" 2>"$T/err"
	RC=$?
	check "wanted $kind: exits 3" test "$RC" = 3
	check "wanted $kind: says what the file is" grep -qx \
		"rdr-nicfix: error: \"$f\" is $what, not a regular file" "$T/err"
	check "wanted $kind: says why it stops" grep -q \
		"It configures \"eth1\", a NIC to be renamed" "$T/err"
	snapshot "$T/wanted-$kind" >"$T/snap.after"
	check "wanted $kind: nothing written" cmp "$T/snap.before" "$T/snap.after"
done

# the EL7-EL9 schemes beyond their fixture runs
. "$(dirname "$0")/cli_managers.sh"

# --help and --version
run --help
check "--help exits 0 and documents the exit codes" grep -q "^Exit codes:" "$T/out"
run --version
check "--version prints the version" grep -qx "rdr-nicfix (rdr) [0-9.]*" "$T/out"

tap_done
