#!/bin/bash
# scsi_id_oracle.sh RDR_PROBE SHIM CASES: for every case of CASES, decode
# its pages with "rdr-probe decode" and with the real /lib/udev/scsi_id
# (LD_PRELOAD shim answering its SG_IO INQUIRYs from the same files), for
# page 0x80 and 0x83, and require byte-identical output.
set -u
source "$(dirname "$0")/../lib/common.sh"
probe=$1 shim=$2 cases=$3
dir=$(rdr_tmpdir)
pass=0 fail=0
while read -r name file hex; do
	case "$name" in ''|'#'*) continue ;; esac
	mkdir -p "$dir/$name"
	perl -e 'my $h = join("", @ARGV); $h =~ s/\s+//g; print pack("H*", $h)' $hex >>"$dir/$name/$file"
done <"$cases"
for c in "$dir"/*/; do
	name=$(basename "$c")
	for page in 0x80 0x83; do
		want=$(RDR_SHIM_DEVICE=/dev/rdr-shim-dev RDR_SHIM_DIR="$c" LD_PRELOAD="$shim" \
			/lib/udev/scsi_id --whitelisted --replace-whitespace --export \
			--page=$page --device=/dev/rdr-shim-dev 2>/dev/null | od -c)
		got=$("$probe" decode --page $page "$c" | od -c)
		if [ "$want" = "$got" ] && [ -n "$want" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: case $name page $page differs from scsi_id" >&2
			diff <(echo "$want") <(echo "$got") >&2
		fi
	done
done
echo "scsi_id oracle: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
