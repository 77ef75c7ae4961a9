#!/bin/bash
# fc_test.sh RDR_PROBE: rdr-probe fc against a real sshd on 127.0.0.1 in
# front of the seed's fake fibre host, plus its error paths.
set -u
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/tap.sh"
source "$(dirname "$0")/../lib/tgtd.sh"
source "$(dirname "$0")/../lib/sshd.sh"
probe=$1
tmp=$(rdr_tmpdir)
: >"$tmp/err"
rdr_fc_seed_tree "$tmp/tree" "$tmp/dev" || rdr_fail "fake tree"
# a device whose sysfs has no vpd pages: identity from the remote scsi_id
# (the real one, answering from recorded pages through the shim)
rdr_fc_dev "$tmp/tree" 3:0:0:7 RA-Group legacy 0001 sdz 2097152
mkdir -p "$tmp/pages"
perl -e 'print pack("H*", "0000050232000000"), "RA-Group", "legacy          ", "0001"' >"$tmp/pages/inquiry"
perl -e 'print pack("H*", "0083000c020100084c45474143593037")' >"$tmp/pages/vpd_pg83"
perl -e 'print pack("H*", "008000044c303037")' >"$tmp/pages/vpd_pg80"
cp /lib/udev/scsi_id "$tmp/scsi_id.real"
cat >"$tmp/scsi_id" <<WRAP
#!/bin/sh
export LD_PRELOAD=$RDR_SHIM RDR_SHIM_DEVICE=/dev/sdz RDR_SHIM_DIR=$tmp/pages
exec $tmp/scsi_id.real "\$@"
WRAP
chmod 755 "$tmp/scsi_id"
RDR_SSHD_SCSI_ID=$tmp/scsi_id rdr_sshd_start "$tmp/tree" "$tmp/dev" || rdr_fail "sshd"
ssh_args=(-p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS")

out=$("$probe" --json fc 127.0.0.1 "${ssh_args[@]}" --serial "$RDR_SEED_FC_SERIAL" 2>"$tmp/err"); rc=$?
tap_rc "seed LUN found by page 0x80 serial" 0 $rc "$tmp/err"
got=$(echo "$out" | jq -c '.[] | [.lun_mapping, .lun_id, .serial, .vendor_id, .product_id, .device_size, .physical_volume_id, .hctl]')
want='[26,"3600c0ff000d7e69d85b89d4e01000000","SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000","HP","MSA2324fc",200,"yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC","1:0:0:26"]'
[ "$got" = "$want" ] || rdr_fail "seed LUN: got $got"

"$probe" fc 127.0.0.1 "${ssh_args[@]}" --serial "$RDR_SEED_FC_LUN_ID" >"$tmp/out" 2>"$tmp/err"
tap_rc "seed LUN found by page 0x83 id (4 paths = 1 LUN)" 0 $? "$tmp/err"
grep -q '^26 ' "$tmp/out" || rdr_fail "by lun_id: $(cat "$tmp/out")"

out=$("$probe" --json fc 127.0.0.1 "${ssh_args[@]}" --all 2>"$tmp/err"); tap_rc "list all devices" 0 $? "$tmp/err"
[ "$(echo "$out" | jq length)" = 7 ] || rdr_fail "expected 7 devices: $out"
got=$(echo "$out" | jq -c '.[] | select(.hctl == "3:0:0:7") | [.lun_id, .serial]')
[ "$got" = '["1LEGACY07","SRA-Grouplegacy_L007"]' ] || rdr_fail "remote scsi_id fallback: $got"

"$probe" fc 127.0.0.1 "${ssh_args[@]}" --serial SHP_nosuch 2>"$tmp/err"; tap_rc "no LUN matches" 5 $? "$tmp/err"
grep -q 'no SCSI device of "127.0.0.1" has the serial "SHP_nosuch"' "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

# unknown host key: refused with the fingerprint; accepted only with the option
fp=$(ssh-keygen -lf "$SSHD_DIR/host_key.pub" | awk '{print $2}')
: >"$tmp/empty_known_hosts"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$tmp/empty_known_hosts" \
	--serial "$RDR_SEED_FC_SERIAL" 2>"$tmp/err"; tap_rc "unknown host key refused" 4 $? "$tmp/err"
grep -q "$fp" "$tmp/err" || rdr_fail "fingerprint not shown: $(cat "$tmp/err")"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$tmp/empty_known_hosts" \
	--accept-unknown-host-key --serial "$RDR_SEED_FC_SERIAL" >/dev/null 2>"$tmp/err"
tap_rc "unknown host key accepted with the option" 0 $? "$tmp/err"
grep -q "ACCEPTING UNKNOWN HOST KEY" "$tmp/err" || rdr_fail "no loud warning"

# changed host key: always refused
ssh-keygen -q -t ed25519 -N '' -f "$tmp/other" && echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$tmp/other.pub")" >"$tmp/changed"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$tmp/changed" \
	--accept-unknown-host-key --serial "$RDR_SEED_FC_SERIAL" 2>"$tmp/err"; tap_rc "changed host key refused" 4 $? "$tmp/err"
grep -q "CHANGED" "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

# known_hosts read with OpenSSH's rules (issue 12, items 13 and 22)
hostkey=$(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")
kh_probe() # kh_probe FILE [OPTION...]: probe the seed LUN checking FILE
{
	local f=$1
	shift
	"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$f" "$@" \
		--serial "$RDR_SEED_FC_SERIAL" >/dev/null 2>"$tmp/err"
}
# a port-less entry vouches for port 22 only
echo "127.0.0.1 $hostkey" >"$tmp/kh_noport"
kh_probe "$tmp/kh_noport"; tap_rc "port-less entry does not match port $SSHD_PORT" 4 $? "$tmp/err"
grep -q "is not in $tmp/kh_noport" "$tmp/err" && grep -qF "only an entry for \"[127.0.0.1]:$SSHD_PORT\" counts" "$tmp/err" ||
	rdr_fail "msg $(cat "$tmp/err")"
# @revoked wins over a normal line, whatever the order, even with the opt-out
printf '[127.0.0.1]:%s %s\n@revoked [127.0.0.1]:%s %s\n' "$SSHD_PORT" "$hostkey" "$SSHD_PORT" "$hostkey" >"$tmp/kh_revoked"
kh_probe "$tmp/kh_revoked" --accept-unknown-host-key; tap_rc "revoked key refused though also listed" 4 $? "$tmp/err"
grep -q "is REVOKED: refusing to connect" "$tmp/err" && grep -q "marked @revoked at $tmp/kh_revoked:2" "$tmp/err" ||
	rdr_fail "msg $(cat "$tmp/err")"
# hashed names (ssh-keygen -H), wildcards, negation, @cert-authority lines
cp "$SSHD_KNOWN_HOSTS" "$tmp/kh_hashed" && ssh-keygen -q -H -f "$tmp/kh_hashed" >/dev/null 2>&1
grep -q '^|1|' "$tmp/kh_hashed" || rdr_fail "ssh-keygen -H made no hashed line"
kh_probe "$tmp/kh_hashed"; tap_rc "hashed known_hosts entry matches" 0 $? "$tmp/err"
echo "[127.0.0.*]:$SSHD_PORT $hostkey" >"$tmp/kh_wild"
kh_probe "$tmp/kh_wild"; tap_rc "wildcard entry matches" 0 $? "$tmp/err"
echo "[127.0.0.*]:$SSHD_PORT,![127.0.0.1]:$SSHD_PORT $hostkey" >"$tmp/kh_neg"
kh_probe "$tmp/kh_neg"; tap_rc "negated entry does not match" 4 $? "$tmp/err"
# one malformed line is skipped with file:line, the others still count
{
	echo "@cert-authority *.example $hostkey"
	echo "[127.0.0.1]:$SSHD_PORT ssh-ed25519 not-base64!"
	echo "|1|bad|hash $hostkey"
	echo ""
	echo "[127.0.0.1]:$SSHD_PORT $hostkey"
} >"$tmp/kh_mixed"
kh_probe "$tmp/kh_mixed"; tap_rc "malformed lines skipped, the good one used" 0 $? "$tmp/err"
grep -q "warning: $tmp/kh_mixed:2: the key is not base64; line skipped" "$tmp/err" &&
	grep -q "$tmp/kh_mixed:3: malformed hashed host name" "$tmp/err" && ! grep -q "kh_mixed:1:" "$tmp/err" ||
	rdr_fail "msg $(cat "$tmp/err")"

# wrong client key
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$tmp/other" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial "$RDR_SEED_FC_SERIAL" 2>"$tmp/err"; tap_rc "authentication refused" 4 $? "$tmp/err"
grep -q 'ssh authentication of user "root"' "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

dead=$(rdr_free_port)
"$probe" -t 2 fc 127.0.0.1 -p "$dead" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial x 2>"$tmp/err"; tap_rc "unreachable host" 3 $? "$tmp/err"
grep -q "127.0.0.1\" port $dead" "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

# a host that accepts TCP and never says a word: bounded by --timeout
silent=$(rdr_free_port)
python3 -c 'import socket,time,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); c=s.accept(); time.sleep(10)' "$silent" &
spid=$!; rdr_cleanup_push "kill $spid"
rdr_wait_port "$silent" 5
start=$SECONDS
"$probe" -t 1 fc 127.0.0.1 -p "$silent" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial x 2>"$tmp/err"; tap_rc "silent host times out" 3 $? "$tmp/err"
[ $((SECONDS - start)) -le 4 ] || rdr_fail "ssh timeout not bounded"
grep -q "ssh handshake with \"127.0.0.1\" port $silent failed" "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

# two different LUNs match one serial: a lying array
rdr_fc_dev "$tmp/tree2" 5:0:0:1 HP MSA2324fc M112 sdc 2048 0080000441424344 0083000c0201000841424344454647ff
rdr_fc_dev "$tmp/tree2" 5:0:0:2 HP MSA2324fc M112 sdd 2048 0080000441424344 0083000c02010008414243444546475a
rdr_fc_dev "$tmp/tree2" 5:0:0:3 HP MSA2324fc M112 sde 2048 0080000441424344 0083001002010008414243
mkdir -p "$tmp/dev2"
rdr_sshd_start "$tmp/tree2" "$tmp/dev2" || rdr_fail "sshd 2"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" --all 2>"$tmp/err"
tap_rc "truncated page 0x83 refused" 7 $? "$tmp/err"
grep -q 'device 5:0:0:3 of "127.0.0.1": VPD page 0x83 is truncated' "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"

# password authentication (sshd sees a shadow file, in its namespace only,
# in which root has this password)
printf 'rdr-fc-secret\n' >"$tmp/pw"; chmod 600 "$tmp/pw"
printf 'not-the-secret\n' >"$tmp/badpw"; chmod 600 "$tmp/badpw"
RDR_SSHD_PASSWORD=rdr-fc-secret rdr_sshd_start "$tmp/tree" "$tmp/dev" || rdr_fail "sshd pw"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" --password-file "$tmp/pw" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial "$RDR_SEED_FC_SERIAL" >"$tmp/out" 2>"$tmp/err"; tap_rc "password authentication" 0 $? "$tmp/err"
grep -q '^26 ' "$tmp/out" || rdr_fail "password auth: $(cat "$tmp/out")"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" --password-file "$tmp/badpw" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial "$RDR_SEED_FC_SERIAL" 2>"$tmp/err"; tap_rc "wrong password refused" 4 $? "$tmp/err"
grep -q 'ssh authentication of user "root"' "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"
grep -q 'not-the-secret' "$tmp/err" && rdr_fail "password leaked"

# two different LUNs answer to one serial (same page 0x80, different 0x83)
rdr_fc_dev "$tmp/tree3" 6:0:0:1 HP MSA2324fc M112 sdc 2048 0080000441424344 0083000c02010008414243444546475a
rdr_fc_dev "$tmp/tree3" 6:0:0:2 HP MSA2324fc M112 sdd 2048 0080000441424344 0083000c020100084142434445464759
rdr_sshd_start "$tmp/tree3" "$tmp/dev2" || rdr_fail "sshd 3"
"$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--serial SHP_MSA2324fc_ABCD 2>"$tmp/err"; tap_rc "two LUNs match" 6 $? "$tmp/err"
grep -q '2 different SCSI devices of "127.0.0.1" match the serial "SHP_MSA2324fc_ABCD"' "$tmp/err" || rdr_fail "msg $(cat "$tmp/err")"
# a hostile fibre host (issue 12, item 16): a sysfs attribute without end
# is cut at the 16 MB output cap; a host that keeps printing slowly is cut
# at the probe's deadline; both name the host and end in bounded time
rdr_fc_dev "$tmp/tree4" 7:0:0:1 HP MSA2324fc M112 sdc 2048 0080000441424344 0083000c02010008414243444546475a
# (the sshd's /dev holds no real /dev/zero: a sparse 3 GB file instead)
truncate -s 3G "$tmp/huge"
ln -sf "$tmp/huge" "$tmp/tree4/7:0:0:1/device/vendor"
rdr_sshd_start "$tmp/tree4" "$tmp/dev2" || rdr_fail "sshd 4"
start=$SECONDS
timeout 60 "$probe" fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--all 2>"$tmp/err"; tap_rc "endless sysfs attribute cut at the output cap" 7 $? "$tmp/err"
grep -q 'ssh host "127.0.0.1" printed more than 16 MB: refusing to read more' "$tmp/err" ||
	rdr_fail "msg $(cat "$tmp/err")"
[ $((SECONDS - start)) -le 30 ] || rdr_fail "output cap: took $((SECONDS - start)) s"
cat >"$tmp/trickle" <<TRICKLE
#!/bin/sh
# a remote scsi_id that prints 64 KB every 0.3 s, without end (stops when read no more)
while head -c 65536 "$tmp/huge"; do sleep 0.3; done
TRICKLE
chmod 755 "$tmp/trickle"
rdr_fc_dev "$tmp/tree5" 8:0:0:1 RA-Group legacy 0001 sdz 2097152
RDR_SSHD_SCSI_ID=$tmp/trickle rdr_sshd_start "$tmp/tree5" "$tmp/dev2" || rdr_fail "sshd 5"
start=$SECONDS
# the step timeout (10 s) outlasts the deadline: only the deadline may end it,
# even on a loaded machine where the trickle stalls for seconds
timeout 60 "$probe" -t 10 fc 127.0.0.1 -p "$SSHD_PORT" -i "$SSHD_KEY" --known-hosts "$SSHD_KNOWN_HOSTS" \
	--deadline 3 --all 2>"$tmp/err"; tap_rc "endless slow output cut at the deadline" 3 $? "$tmp/err"
grep -q 'probing ssh host "127.0.0.1" did not end within 3 s: giving up' "$tmp/err" ||
	rdr_fail "msg $(cat "$tmp/err")"
[ $((SECONDS - start)) -le 6 ] || rdr_fail "deadline: took $((SECONDS - start)) s"
"$probe" fc 127.0.0.1 --deadline 0 --all 2>"$tmp/err"; tap_rc "deadline 0 refused" 2 $? "$tmp/err"
tap_done "fc tests"
