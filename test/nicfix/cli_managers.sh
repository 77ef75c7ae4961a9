# cli_managers.sh: rdr-nicfix on EL7-EL9 images, beyond the fixture runs
# of cli_test.sh (which runs el7-ifcfg, el9-keyfile and systemd-link like
# every case).  Sourced by cli_test.sh: uses its setup, run, check and
# snapshot.
# shellcheck shell=bash

NM=etc/NetworkManager/system-connections

# keyfiles keep 600 root (NetworkManager ignores any other), and so do
# their backups; a keyfile others can read is named in a warning
setup "$FIX/el9-keyfile" nm-mode
chmod 644 "$ROOT/$NM/bond0.nmconnection"
run --root "$ROOT" "${ARGS[@]}"
check "nm-mode: exits 0" test "$RC" = 0
check "nm-mode: a rewritten keyfile keeps 600 root" test \
	"$(stat -c '%a %u:%g' "$ROOT/$NM/eth0.nmconnection")" = "600 0:0"
check "nm-mode: one with a space in its name too" test \
	"$(stat -c '%a %u:%g' "$ROOT/$NM/System eth1.nmconnection")" = "600 0:0"
check "nm-mode: its backup too" test \
	"$(stat -c '%a %u:%g' "$ROOT/$NM/eth0.nmconnection.rdr.bak")" = "600 0:0"
check "nm-mode: a keyfile others can read is named" grep -qx \
	"rdr-nicfix: warning: \"$ROOT/$NM/bond0.nmconnection\" is not owned by root with mode 600: NetworkManager ignores it" "$T/err"
check "nm-mode: a profile bound to an unmapped MAC is named" grep -qx \
	"rdr-nicfix: warning: $ROOT/$NM/Wired connection 1.nmconnection:8: the profile is bound to 52:54:00:6d:fb:ac, which no mapping names: it will not come up on site B" "$T/err"
check "nm-mode: a name that nothing pins is named" grep -qx \
	"rdr-nicfix: warning: nothing under \"$ROOT\" names 00:25:b3:a9:b0:01 \"eth0\" (no ifcfg HWADDR, no .link file): udev or the kernel chooses its name on site B" "$T/err"
check "nm-mode: no other warning (2 files, 4 names)" test "$(grep -c warning "$T/err")" = 6

# the EL7 image's ifcfg files keep mode and owner as on RHEL 6
setup "$FIX/el7-ifcfg" el7-mode
chown 65534:65534 "$ROOT/etc/sysconfig/network-scripts/ifcfg-em1"
chmod 640 "$ROOT/etc/sysconfig/network-scripts/ifcfg-em1"
run --root "$ROOT" "${ARGS[@]}"
check "el7-mode: exits 0" test "$RC" = 0
check "el7-mode: ifcfg-em1 keeps 640 nobody:nogroup" test \
	"$(stat -c '%a %u:%g' "$ROOT/etc/sysconfig/network-scripts/ifcfg-em1")" = "640 65534:65534"
check "el7-mode: the wanted name without HWADDR is warned about" grep -qx \
	"rdr-nicfix: warning: nothing under \"$ROOT\" names 00:25:b3:a9:b0:03 \"p3p2\" (no ifcfg HWADDR, no .link file): udev or the kernel chooses its name on site B" "$T/err"
check "el7-mode: and no other" test "$(grep -c warning "$T/err")" = 1

# every wanted name pinned by a .link file: not a single warning
setup "$FIX/systemd-link" link-quiet
run --root "$ROOT" "${ARGS[@]}"
check "link-quiet: exits 0" test "$RC" = 0
check "link-quiet: no warning" test "$(grep -c warning "$T/err")" = 0

# all three schemes on one image (an EL8 manager with ifcfg files,
# keyfiles and .link files): each planned, one diff, one undo
setup "$FIX/el7-ifcfg" mixed
cp -a "$FIX/el9-keyfile/before/etc/NetworkManager" "$ROOT/etc/"
cp -a "$FIX/systemd-link/before/etc/systemd" "$ROOT/etc/"
chmod 600 "$ROOT/$NM"/*
cp -a "$ROOT" "$T/mixed/before"
run --root "$ROOT" --dry-run "${ARGS[@]}" --map 00:25:b3:a9:b0:04=eth0 \
	--map 00:25:b3:a9:b0:05=lan0
check "mixed: --dry-run exits 0" test "$RC" = 0
check "mixed: the diff has each scheme's files" test \
	"$(grep -c '^+++ ' "$T/out")" = 6
run --root "$ROOT" "${ARGS[@]}" --map 00:25:b3:a9:b0:04=eth0 \
	--map 00:25:b3:a9:b0:05=lan0
check "mixed: exits 0" test "$RC" = 0
check "mixed: the keyfile of eth0 has its MAC" grep -qx \
	"mac-address=00:25:B3:A9:B0:04" "$ROOT/$NM/eth0.nmconnection"
check "mixed: the .link file of lan0 has its MAC" grep -qx \
	"MACAddress=00:25:b3:a9:b0:05" "$ROOT/etc/systemd/network/10-lan0.link"
check "mixed: ifcfg-em1 has its MAC" grep -qx \
	"HWADDR=00:25:B3:A9:B0:01" "$ROOT/etc/sysconfig/network-scripts/ifcfg-em1"
run --root "$ROOT" --undo
check "mixed: --undo exits 0" test "$RC" = 0
check "mixed: --undo restores every file" diff -r "$T/mixed/before" "$ROOT"

# a keyfile or .link directory that leads out of the image is refused,
# with openat2 and with the walk of older kernels (beneath.h)
for where in etc/NetworkManager etc/systemd/network; do
	for walk in openat2 walk; do
		setup "$FIX/el8-mixed" nm-escape
		mkdir -p "$T/nm-escape/host"
		mv "$ROOT/$where" "$T/nm-escape/host/real"
		ln -s "$T/nm-escape/host/real" "$ROOT/$where"
		snapshot "$T/nm-escape" >"$T/snap.before"
		if [ $walk = walk ]; then
			RDR_NICFIX_NO_OPENAT2=1 run --root "$ROOT" "${ARGS[@]}"
		else
			run --root "$ROOT" "${ARGS[@]}"
		fi
		case $where in
			etc/NetworkManager) dir=$ROOT/$NM ;;
			*) dir=$ROOT/$where ;;
		esac
		check "nm-escape $where ($walk): exits 3" test "$RC" = 3
		check "nm-escape $where ($walk): names the link" grep -qx \
			"rdr-nicfix: error: directory \"$dir\" is not inside the root \"$ROOT\": \"$ROOT/$where\" is a symbolic link" "$T/err"
		snapshot "$T/nm-escape" >"$T/snap.after"
		check "nm-escape $where ($walk): nothing changed outside or inside" \
			cmp "$T/snap.before" "$T/snap.after"
	done
done

# a bad keyfile stops the run before the good ifcfg and .link files of
# the same image are written
setup "$FIX/el7-ifcfg" mixed-bad
cp -a "$FIX/systemd-link/before/etc/systemd" "$ROOT/etc/"
mkdir -p "$ROOT/$NM"
printf '[connection]\ninterface-name=em1\n[ethernet]\nmac-address=00:18:71:EB:A0\n' \
	>"$ROOT/$NM/em1.nmconnection"
chmod 600 "$ROOT/$NM/em1.nmconnection"
snapshot "$ROOT" >"$T/snap.before"
run --root "$ROOT" "${ARGS[@]}" --map 00:25:b3:a9:b0:05=lan0
check "mixed-bad: exits 3" test "$RC" = 3
check "mixed-bad: names the file and line" grep -qx \
	"rdr-nicfix: error: $ROOT/$NM/em1.nmconnection:4: mac-address value \"00:18:71:EB:A0\" is not a MAC address" "$T/err"
snapshot "$ROOT" >"$T/snap.after"
check "mixed-bad: nothing changed" cmp "$T/snap.before" "$T/snap.after"
