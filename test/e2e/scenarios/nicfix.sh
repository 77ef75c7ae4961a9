#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# -n: rdr-nicfix run on the seed's RHEL 6 manager image (a copy), with
# the seed's RHEVM_NIC lines; --dry-run leaves the image as it was.
scenario_nicfix()
{
	local fx=$RDR_TOP/test/fixtures/nic/seed-rhel6
	T=$(rdr_tmpdir)
	cp -a "$fx/before" "$T/root"
	printf '%s\n' "RHEVM_NIC 00:25:b3:a9:b0:01 eth0" "RHEVM_NIC 00:25:b3:a9:b0:00 eth1" \
		"RHEVM_NIC 00:25:b3:a9:b0:02 eth2" "RHEVM_NIC 00:25:b3:a9:b0:03 eth3" \
		"CONFIG working_dir $T/work" "CONFIG nicfix $RDR_NICFIX" \
		"CONFIG nicfix_root $T/root" >"$T/rdr.conf"
	export RDR_NICFIX_NOW=1764061890	# the markers of the fixture's after/
	e2e_failover -c "$T/rdr.conf" -n --dry-run
	expect_rc 0
	expect_out "+++ "
	diff -r "$fx/before" "$T/root" >/dev/null || rdr_fail "dry run changed the manager image"
	e2e_failover -c "$T/rdr.conf" -n
	expect_rc 0
	expect_out "4 NIC name(s) fixed; reboot the manager before -d"
	diff -r -x '*.rdr.bak' "$fx/after" "$T/root" || rdr_fail "manager image differs from the fixture's after/"
	# an oVirt 4.x manager on EL9: no rules file, NetworkManager keyfiles
	# (600 root, as NetworkManager wants them); the same -n step
	local fx9=$RDR_TOP/test/fixtures/nic/el9-keyfile
	cp -a "$fx9/before" "$T/root9"
	chmod 600 "$T/root9/etc/NetworkManager/system-connections/"*
	printf '%s\n' "RHEVM_NIC 00:25:b3:a9:b0:01 eth0" "RHEVM_NIC 00:25:b3:a9:b0:00 eth1" \
		"RHEVM_NIC 00:25:b3:a9:b0:02 ens3f0" "RHEVM_NIC 00:25:b3:a9:b0:03 ens3f1" \
		"CONFIG working_dir $T/work9" "CONFIG nicfix $RDR_NICFIX" \
		"CONFIG nicfix_root $T/root9" >"$T/rdr9.conf"
	chmod 600 "$T/rdr9.conf"
	e2e_failover -c "$T/rdr9.conf" -n
	expect_rc 0
	expect_out "4 NIC name(s) fixed; reboot the manager before -d"
	diff -r -x '*.rdr.bak' "$fx9/after" "$T/root9" || rdr_fail "EL9 image differs from the fixture's after/"
	[ "$(stat -c '%a %u' "$T/root9/etc/NetworkManager/system-connections/eth0.nmconnection")" = "600 0" ] ||
		rdr_fail "a rewritten keyfile lost its mode 600 root"
	# a bad mapping: rdr-nicfix's error and exit code are reported
	sed -i 's|^CONFIG nicfix_root .*|CONFIG nicfix_root /nonexistent-root|' "$T/rdr.conf"
	E2E_WORK=$T/work
	rm -f "$T/work/rdr-failover.state"
	e2e_failover -c "$T/rdr.conf" -n
	expect_rc 5
	expect_out "rdr-nicfix failed with exit code"
}

run_scenario nicfix
