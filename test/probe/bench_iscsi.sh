#!/bin/bash
# bench_iscsi.sh RDR_PROBE: probe a tgtd target with 256 sparse LUNs end
# to end; prints seconds and LUNs/s, records iscsi_probe_256_luns_s.
set -u
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/tgtd.sh"
rdr_tgtd_start || exit 1
rdr_tgtd_target 1 iqn.2011-11.rdr.example:bench || exit 1
for i in $(seq 1 256); do rdr_tgtd_lun 1 "$i" 1G RA-Group "bench$i" || exit 1; done
start=$(date +%s.%N)
n=$("$1" --json iscsi "127.0.0.1:$TGTD_PORT" | jq length) || exit 1
end=$(date +%s.%N)
s=$(echo "$end - $start" | bc -l)
[ "$n" = 256 ] || { echo "expected 256 LUNs, got $n" >&2; exit 1; }
printf 'iscsi_probe_256_luns_s  %.3f s  (%.0f LUNs/s)\n' "$s" "$(echo "256 / $s" | bc -l)"
"$RDR_TOP/bench/record.sh" iscsi_probe_256_luns_s "$(printf '%.3f' "$s")"
# target: 256 LUNs end to end in at most 2 s
[ "$(echo "$s <= 2" | bc -l)" = 1 ] || { echo "iscsi_probe_256_luns_s: over the 2 s target" >&2; exit 1; }
