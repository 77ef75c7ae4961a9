#!/bin/bash
# test/extension/run-bench.sh BENCH_PROGRAM: the dbfix benchmark.  Loads a
# generated engine database of 1,000 iSCSI domains x 10 LUNs (10,000 luns
# rows, 10,000 map rows), 1,000 fibre domains x 10 LUNs and 1,000 NFS
# domains into a throwaway cluster and re-points them three ways: from a
# DO block (server side only), through rdr-failover's own rdr_db_apply()
# (libpq pipeline mode), and with one PQexecParams round trip per call as
# rdr-failover did before; then undoes the 10,000-LUN run.  Prints the tables and records the numbers in
# bench/results.json.  Target: the 10,000 iSCSI LUNs in at most 2 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/pg.sh"
bench=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$RDR_TOP" || exit 1

rdr_pg_start || rdr_fail "could not start PostgreSQL"
rdr_pg_createdb rhevm test/fixtures/rhev30-schema.sql || rdr_fail "schema"
psql -X -q -v ON_ERROR_STOP=1 -v domains=1000 -v luns=10 -d rhevm \
	-f test/extension/bench-fixture.sql >/dev/null || rdr_fail "bench fixture"
psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c 'CREATE EXTENSION rdr' || rdr_fail "CREATE EXTENSION"

# the server-side cost alone: the same 10,000 calls from a DO block, no
# client round trips (on a fresh copy of the site-A rows)
createdb -T rhevm rhevm_server || rdr_fail "createdb rhevm_server"
server_ms=$(psql -X -q -At -d rhevm_server -v ON_ERROR_STOP=1 <<'SQL'
CREATE TEMP TABLE t AS SELECT clock_timestamp() AS start;
DO $$
DECLARE d int; l int; n int;
BEGIN
  FOR d IN 1..1000 LOOP
    FOR l IN 1..10 LOOP
      SELECT count(*) INTO n FROM rdr_fix_iscsi('IscsiDomain' || lpad(d::text, 5, '0'),
          '192.168.201.' || (d % 250 + 1), 'iqn.2011-11.siteb.example:bench.' || d, 3260, '1',
          'B-I-' || d || '-' || l, 'SRA-Group-I-' || d || '-' || l, 100 + l, 'RA-Group', 'iscsi101',
          'PV-I-' || d || '-' || l);
      IF n <> (CASE WHEN l = 1 THEN 4 ELSE 3 END) THEN
        RAISE EXCEPTION 'LUN % of domain % changed % rows', l, d, n;
      END IF;
    END LOOP;
  END LOOP;
END $$;
SELECT round(extract(epoch FROM clock_timestamp() - start) * 1000) FROM t;
SQL
) || rdr_fail "server-side run failed"
undo=$(psql -X -q -At -F ' ' -d rhevm_server -v ON_ERROR_STOP=1 <<'SQL'
CREATE TEMP TABLE u AS SELECT clock_timestamp() AS start;
CREATE TEMP TABLE n AS SELECT count(*) AS rows FROM rdr_undo((SELECT min(run) FROM rdr_change_log));
SELECT round(extract(epoch FROM clock_timestamp() - start) * 1000), rows,
       (SELECT count(*) FROM luns WHERE lun_id LIKE 'A-I-%'),
       (SELECT count(*) FROM lun_storage_server_connection_map WHERE lun_id LIKE 'A-I-%')
  FROM u, n;
SQL
) || rdr_fail "undo run failed"
read -r undo_ms undo_rows undo_luns undo_maps <<<"$undo"
[ "$undo_rows" = 31000 ] && [ "$undo_luns" = 10000 ] && [ "$undo_maps" = 10000 ] ||
	rdr_fail "rdr_undo of the 10,000-LUN run: $undo_rows changes, $undo_luns site-A LUNs, $undo_maps map rows (expected 31000, 10000, 10000)"
dropdb rhevm_server

# the same calls one round trip each, on another fresh copy (rhevm is
# consumed below)
createdb -T rhevm rhevm_seq || rdr_fail "createdb rhevm_seq"
seq=$("$bench" --sequential rhevm_seq) || { echo "$seq"; rdr_fail "bench_dbfix --sequential failed"; }
out=$("$bench" rhevm) || { echo "$out"; rdr_fail "bench_dbfix failed"; }

grep -v '^RECORD ' <<<"$out"
echo
grep -v '^RECORD ' <<<"$seq"
echo
server_s=$(awk -v ms="$server_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
undo_s=$(awk -v ms="$undo_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
echo "server side only (DO block, no round trips): 10000 iSCSI LUNs in ${server_s}s"
echo "rdr_undo of that run (31000 changes, site-A rows back): ${undo_s}s"
# shellcheck disable=SC2046
bash bench/record.sh $(grep -h '^RECORD ' <<<"$out"$'\n'"$seq" | cut -d' ' -f2-) \
	dbfix_10000_luns_server_s "$server_s" dbfix_undo_10000_luns_s "$undo_s" ||
	rdr_fail "could not record the results"
secs=$(awk '/^RECORD dbfix_10000_luns_s/ {print $3}' <<<"$out")
ssecs=$(awk '/^RECORD dbfix_10000_luns_sequential_s/ {print $3}' <<<"$seq")
echo "dbfix: 10,000 iSCSI LUNs in ${secs}s through rdr_db_apply (pipelined), ${ssecs}s one round trip per call, ${server_s}s server-side (target <= 2 s)"
