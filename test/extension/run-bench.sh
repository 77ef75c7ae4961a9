#!/bin/bash
# test/extension/run-bench.sh BENCH_PROGRAM: the dbfix benchmark.  Loads a
# generated engine database of 1,000 iSCSI domains x 10 LUNs (10,000 luns
# rows, 10,000 map rows), 1,000 fibre domains x 10 LUNs and 1,000 NFS
# domains into a throwaway cluster, runs the program, prints its table and
# records the numbers in bench/results.json.  Target: the 10,000 iSCSI
# LUNs in at most 2 s.
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

out=$("$bench" rhevm) || { echo "$out"; rdr_fail "bench_dbfix failed"; }
grep -v '^RECORD ' <<<"$out"
# shellcheck disable=SC2046
bash bench/record.sh $(grep '^RECORD ' <<<"$out" | cut -d' ' -f2-) ||
	rdr_fail "could not record the results"
secs=$(awk '/^RECORD dbfix_10000_luns_s/ {print $3}' <<<"$out")
echo "dbfix: 10,000 iSCSI LUNs in ${secs}s (target <= 2 s)"
