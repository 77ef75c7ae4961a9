# test/lib/tgtd.sh: a real tgtd (Linux SCSI target daemon) on 127.0.0.1.
#
# Source after common.sh.  Each daemon gets a free iSCSI port, its own
# control socket number (both reserved, see common.sh) and a temp dir for
# backing files; it is stopped at exit by the cleanup stack.
#
#   rdr_tgtd_start                      -> sets TGTD_PORT, TGTD_CTL, TGTD_DIR
#   rdr_tgtadm ARGS...                  tgtadm against this daemon
#   rdr_tgtd_target TID IQN             create a target bound to every initiator
#   rdr_tgtd_lun TID LUN SIZE [VENDOR PRODUCT [PV_UUID [SERIAL]]]
#                                       sparse backing file, identity, LVM2 label
#   rdr_tgtd_chap TID USER PASSWORD     require CHAP for the target
#   rdr_tgtd_seed_siteb                 the seed's site-B target (see below)
#   rdr_tgtd_block_siteb TID            the 2-LUN target of ovirt45-mixed.sql
#
# Identities: tgtd answers page 0x83 with a T10 vendor id built from its
# per-LUN "scsi_id" (default "IET     " + tid/lun as %04x%04x, which is
# where the seed's lun_id 1IET_00010008 comes from) and page 0x80 with
# "scsi_sn"; both can be set with tgtadm --params.
# shellcheck shell=bash
# Its variables are read by the scripts that source it:
# shellcheck disable=SC2034

RDR_MK_PV_LABEL=${RDR_MK_PV_LABEL:-$RDR_TOP/test/probe/mk-pv-label}

# rdr_need_mk_pv_label: build the PV label writer if it is not there yet.
rdr_need_mk_pv_label()
{
	[ -x "$RDR_MK_PV_LABEL" ] ||
		make -s -C "$RDR_TOP/test/probe" mk-pv-label >/dev/null ||
		{ echo "could not build $RDR_MK_PV_LABEL" >&2; return 1; }
}

# rdr_tgtd_ctl_in_use N: a tgtd listens on control socket N (tgt 1.0.85:
# /var/run/tgtd/socket.N; a file left by a dead one is not listed).
rdr_tgtd_ctl_in_use()
{
	grep -q "/tgtd/socket\.$1\$" /proc/net/unix
}

rdr_tgtd_start()
{
	TGTD_DIR=$(rdr_tmpdir)
	TGTD_PORT=$(rdr_free_port) || return 1
	# control socket /var/run/tgtd/socket.N: N reserved as ports are
	TGTD_CTL=$(rdr_reserve_free tgtd 1000 31000 rdr_tgtd_ctl_in_use) || return 1
	tgtd -f -C "$TGTD_CTL" --iscsi "portal=127.0.0.1:$TGTD_PORT" \
		>"$TGTD_DIR/tgtd.log" 2>&1 &
	local pid=$!
	rdr_cleanup_push "rdr_tgtd_stop $pid $TGTD_CTL"
	rdr_wait_port "$TGTD_PORT" 30 || { cat "$TGTD_DIR/tgtd.log" >&2; return 1; }
	# the control socket may come up just after the portal
	local i
	for i in $(seq 150); do
		tgtadm -C "$TGTD_CTL" --lld iscsi --mode sys --op show >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "rdr_tgtd_start: tgtd control socket $TGTD_CTL not ready" >&2
	return 1
}

# rdr_tgtd_stop PID CTL: tgtd ignores SIGTERM; it exits on a system
# delete.  SIGKILL after 5 s if it does not.
rdr_tgtd_stop()
{
	local pid=$1 ctl=$2 i
	tgtadm -C "$ctl" --mode system --op delete --force >/dev/null 2>&1
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

rdr_tgtadm()
{
	tgtadm -C "$TGTD_CTL" --lld iscsi "$@"
}

rdr_tgtd_target()
{
	rdr_tgtadm --mode target --op new --tid "$1" --targetname "$2" &&
		rdr_tgtadm --mode target --op bind --tid "$1" --initiator-address ALL
}

rdr_tgtd_lun()
{
	local tid=$1 lun=$2 size=$3 vendor=${4:-} product=${5:-} pv=${6:-} sn=${7:-}
	local f="$TGTD_DIR/t${tid}-lun${lun}.img" params=""
	truncate -s "$size" "$f" || return 1
	if [ -n "$pv" ]; then
		rdr_need_mk_pv_label && "$RDR_MK_PV_LABEL" "$f" "$pv" || return 1
	fi
	rdr_tgtadm --mode logicalunit --op new --tid "$tid" --lun "$lun" \
		--backing-store "$f" || return 1
	[ -n "$vendor" ] && params="vendor_id=$vendor"
	[ -n "$product" ] && params="$params${params:+,}product_id=$product"
	[ -n "$sn" ] && params="$params${params:+,}scsi_sn=$sn"
	if [ -n "$params" ]; then
		rdr_tgtadm --mode logicalunit --op update --tid "$tid" --lun "$lun" \
			--params "$params" || return 1
	fi
}

rdr_tgtd_chap()
{
	rdr_tgtadm --mode account --op new --user "$2" --password "$3" &&
		rdr_tgtadm --mode account --op bind --tid "$1" --user "$2"
}

# rdr_tgtd_seed_siteb: start a tgtd serving exactly the seed's site-B iSCSI
# target: iqn.2011-11.siteb.example:rdr-iscsi.data, LUN 8 = RA-Group /
# iscsi101, 1 GiB sparse, LVM2 PV VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1.
# Portal: 127.0.0.1:$TGTD_PORT.
#
# serial: scsi_sn is set to blanks, so page 0x80 gives exactly the seed's
#   SRA-Groupiscsi101.
# lun_id: NOT the seed's 1IET_00010008.  tgt 1.0.85 adds NAA designators
#   (type 3, NAA 3 and NAA 6) to page 0x83 besides the T10 vendor id
#   "IET     00010008", and scsi_id prefers NAA 6, so the identity udev
#   (and rdr) report for this LUN is RDR_SEED_ISCSI_LUN_ID below.  The
#   2011 tgtd of the seed sent only the T10 id.  tgtadm cannot drop them.
RDR_SEED_ISCSI_IQN=iqn.2011-11.siteb.example:rdr-iscsi.data
RDR_SEED_ISCSI_PV=VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1
RDR_SEED_ISCSI_LUN_ID=360000000000000000e00000000010008
RDR_SEED_ISCSI_SERIAL=SRA-Groupiscsi101
rdr_tgtd_seed_siteb()
{
	rdr_tgtd_start &&
		rdr_tgtd_target 1 "$RDR_SEED_ISCSI_IQN" &&
		rdr_tgtd_lun 1 8 1G RA-Group iscsi101 "$RDR_SEED_ISCSI_PV" "    "
}

# rdr_tgtd_block_siteb TID [LUNS]: on the running tgtd, target TID serving
# the site-B mirror of BlockDomain (test/fixtures/ovirt45-mixed.sql), a
# data domain whose volume group spans two LUNs: LUN 1 and LUN 2
# (RA-Group / iscsi102, 1 GiB sparse) carry the PV labels of its two
# site-A LUNs; LUN 3 is a decoy with the PV label of another volume
# group, which a match by PV UUID must leave alone.  No CHAP.  LUNS
# (default "1 2 3") serves only those, e.g. "1 3": LUN 2 not replicated.
RDR_BLOCK_ISCSI_IQN=iqn.2011-11.siteb.example:rdr-iscsi.block
RDR_BLOCK_PV1=m4Tz8Q-2Wc7-Lp3X-Rb6N-Jh1V-Gk5d-Sy9EuA
RDR_BLOCK_PV2=n7Ux1R-5Ya8-Mq2Z-Tc4P-Ki6W-Hl3f-Vz0FwB
RDR_BLOCK_DECOY_PV=Wd3kPq-7Hs2-Jn5B-Lc8V-Xf1M-Rt4g-Zy6UoE
rdr_tgtd_block_siteb()
{
	local tid=$1 luns=${2:-1 2 3} lun pv
	rdr_tgtd_target "$tid" "$RDR_BLOCK_ISCSI_IQN" || return 1
	for lun in $luns; do
		case $lun in
		1) pv=$RDR_BLOCK_PV1 ;;
		2) pv=$RDR_BLOCK_PV2 ;;
		3) pv=$RDR_BLOCK_DECOY_PV ;;
		*) echo "rdr_tgtd_block_siteb: no LUN $lun" >&2; return 1 ;;
		esac
		rdr_tgtd_lun "$tid" "$lun" 1G RA-Group iscsi102 "$pv" || return 1
	done
}
