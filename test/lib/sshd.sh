# test/lib/sshd.sh: a real OpenSSH sshd on 127.0.0.1 playing a site-B
# Fibre Channel hypervisor, with a fake SCSI view.
#
# Source after common.sh.  The daemon runs in its own mount namespace
# (unshare -m) where
#   /sys/class                 is a tmpfs holding only scsi_device/, a copy
#                              of the fake tree given (H:C:T:L/device/...)
#   /dev                       holds null, zero, random, urandom (bound to
#                              the real ones) and the fake block devices
#   /lib/udev/scsi_id          optionally a wrapper (RDR_SSHD_SCSI_ID)
#   /etc/shadow                with RDR_SSHD_PASSWORD set: a copy in which
#                              root has that password (password auth)
# so commands run over ssh see exactly the fake devices; the host is not
# touched.  It has its own host key and authorized client key in a temp
# dir and is stopped at exit.
#
#   rdr_sshd_start SYSFS_TREE DEV_DIR
#       -> SSHD_PORT, SSHD_DIR, SSHD_KEY (client private key),
#          SSHD_KNOWN_HOSTS (known_hosts with its host key)
#   rdr_fc_seed_tree DIR DEVDIR   the seed's fibre host (see below)
#   rdr_fc_seed_siteb             both: sshd in front of the seed's fibre
#                                 host; probe it with
#       rdr-probe fc 127.0.0.1 -p $SSHD_PORT -i $SSHD_KEY \
#           --known-hosts $SSHD_KNOWN_HOSTS --serial $RDR_SEED_FC_SERIAL
# Needs tgtd.sh (for the PV label writer) sourced too.
# shellcheck shell=bash
# Its variables are read by the scripts that source it:
# shellcheck disable=SC2034

rdr_sshd_start()
{
	local tree=$1 devdir=$2
	SSHD_DIR=$(rdr_tmpdir)
	SSHD_PORT=$(rdr_free_port) || return 1
	ssh-keygen -q -t ed25519 -N '' -C rdr-test-host -f "$SSHD_DIR/host_key" || return 1
	ssh-keygen -q -t ed25519 -N '' -C rdr-test-client -f "$SSHD_DIR/client_key" || return 1
	cp "$SSHD_DIR/client_key.pub" "$SSHD_DIR/authorized_keys"
	chmod 600 "$SSHD_DIR/authorized_keys"
	SSHD_KEY=$SSHD_DIR/client_key
	SSHD_KNOWN_HOSTS=$SSHD_DIR/known_hosts
	echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")" >"$SSHD_KNOWN_HOSTS"
	cat >"$SSHD_DIR/sshd_config" <<-CFG
		ListenAddress 127.0.0.1:$SSHD_PORT
		HostKey $SSHD_DIR/host_key
		AuthorizedKeysFile $SSHD_DIR/authorized_keys
		PidFile $SSHD_DIR/sshd.pid
		PermitRootLogin yes
		PasswordAuthentication $([ -n "${RDR_SSHD_PASSWORD:-}" ] && echo yes || echo no)
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		MaxStartups 50
		LogLevel ERROR
	CFG
	mkdir -p /run/sshd
	local n
	mkdir -p "$SSHD_DIR/dev"
	for n in null zero random urandom; do : >"$SSHD_DIR/dev/$n"; done
	cp -a "$devdir/." "$SSHD_DIR/dev/" 2>/dev/null
	local wrap=""
	if [ -n "${RDR_SSHD_SCSI_ID:-}" ]; then
		wrap="mount --bind '$RDR_SSHD_SCSI_ID' /lib/udev/scsi_id &&"
	fi
	if [ -n "${RDR_SSHD_PASSWORD:-}" ]; then
		local hash
		hash=$(openssl passwd -6 -stdin <<<"$RDR_SSHD_PASSWORD") || return 1
		# only root's entry: no other account's hash is copied
		(umask 077 && echo "root:$hash:19000:0:99999:7:::" >"$SSHD_DIR/shadow") || return 1
		wrap="$wrap mount --bind '$SSHD_DIR/shadow' /etc/shadow &&"
	fi
	unshare -m --propagation private sh -c "
		mount -t tmpfs rdr-fake-sysfs /sys/class &&
		mkdir /sys/class/scsi_device &&
		cp -a '$tree/.' /sys/class/scsi_device/ &&
		for n in null zero random urandom; do mount --bind /dev/\$n '$SSHD_DIR/dev/'\$n || exit 1; done &&
		mount --bind '$SSHD_DIR/dev' /dev &&
		$wrap
		exec /usr/sbin/sshd -D -e -f '$SSHD_DIR/sshd_config'" \
		>"$SSHD_DIR/sshd.log" 2>&1 &
	local pid=$!
	rdr_cleanup_push "kill $pid; wait $pid"
	rdr_wait_port "$SSHD_PORT" 10 || { cat "$SSHD_DIR/sshd.log" >&2; return 1; }
}

# rdr_fc_dev DIR HCTL VENDOR MODEL REV BLOCK SECTORS [PG80_HEX PG83_HEX]:
# one fake sysfs SCSI device (no pages given: sysfs without vpd files).
rdr_fc_dev()
{
	local d="$1/$2/device"
	mkdir -p "$d/block/$6"
	printf '%-8s\n' "$3" >"$d/vendor"
	printf '%-16s\n' "$4" >"$d/model"
	printf '%-4s\n' "$5" >"$d/rev"
	echo "$7" >"$d/block/$6/size"
	if [ -n "${8:-}" ]; then
		perl -e 'print pack("H*", $ARGV[0])' "$8" >"$d/vpd_pg80"
		perl -e 'print pack("H*", $ARGV[0])' "$9" >"$d/vpd_pg83"
	fi
}

# rdr_fc_seed_tree TREE DEVDIR: the seed's site-B fibre hypervisor.
# The LUN (HP MSA2324fc, lun_id 3600c0ff000d7e69d85b89d4e01000000, serial
# SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000, 200 GiB, PV
# yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC) is seen on four paths
# 1:0:0:26 2:0:0:26 2:0:1:26 1:0:1:26 as in the seed's "multipath -ll";
# decoys: another MSA LUN 22 (the site-A one of the seed's first query)
# and the local disk 0:0:0:0.
RDR_SEED_FC_SERIAL=SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000
RDR_SEED_FC_LUN_ID=3600c0ff000d7e69d85b89d4e01000000
RDR_SEED_FC_PV=yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC
rdr_fc_seed_tree()
{
	local tree=$1 dev=$2 p80 p83 hctl blk=b
	mkdir -p "$tree" "$dev"
	p80=0080002030306330666664376536396430303030383562383964346530313030303030303030
	p83=008300140103001060 ; p83=${p83}0c0ff000d7e69d85b89d4e01000000
	rdr_need_mk_pv_label || return 1
	for hctl in 1:0:0:26 2:0:0:26 2:0:1:26 1:0:1:26; do
		rdr_fc_dev "$tree" "$hctl" HP MSA2324fc M112 "sd$blk" 419430400 "$p80" "$p83"
		truncate -s 1M "$dev/sd$blk"
		"$RDR_MK_PV_LABEL" "$dev/sd$blk" "$RDR_SEED_FC_PV" || return 1
		blk=$(echo "$blk" | tr 'a-y' 'b-z')
	done
	rdr_fc_dev "$tree" 1:0:0:22 HP MSA2324fc M112 sdg 419430400 \
		0080002030306330666664376536396430303030363962383964346530313030303030303030 \
		0083001401030010600c0ff000d7e69d69b89d4e01000000
	# RDR_FC_SITEB_DIRECT_LUN=yes: also LUN 29 (50 GiB), site B's mirror
	# of a direct-LUN disk (a guest's disk: no PV label)
	if [ -n "${RDR_FC_SITEB_DIRECT_LUN:-}" ]; then
		rdr_fc_dev "$tree" 1:0:0:29 HP MSA2324fc M112 sdh 104857600 \
			0080002030306330666664376536396430303030383562383964346530313030303030393030 \
			0083001401030010600c0ff000d7e69d85b89d4e01000009
		truncate -s 1M "$dev/sdh"
	fi
	rdr_fc_dev "$tree" 0:0:0:0 ATA "ST500DM002-1BD14" KC45 sda 976773168 \
		00800014202020202020202020202020205a3341303132333435 \
		0083000c0201000841544120202020205a33
}

rdr_fc_seed_siteb()
{
	local d
	d=$(rdr_tmpdir)
	rdr_fc_seed_tree "$d/tree" "$d/dev" && rdr_sshd_start "$d/tree" "$d/dev"
}
