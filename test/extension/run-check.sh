#!/bin/bash
# test/extension/run-check.sh: run the pg_regress and pgTAP tests of the
# rdr extension against a throwaway cluster.  Exits non-zero on any
# failure; the cluster and temp dirs are removed at exit in every case.
#
# The extension must be installed (make -C extension install).

set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/pg.sh"
cd "$RDR_TOP" || exit 1

# SANITIZE=1: the installed library is built with UBSan (extension/Makefile
# explains why not ASan); undefined behaviour aborts the backend, which
# fails the tests, and is reported from the server log below.
rdr_pg_start || rdr_fail "could not start PostgreSQL"
export RDR_TOP

failed=0

# 1. the script guard: feeding any extension script (base or upgrade) to
# psql creates nothing
for f in extension/rdr--*.sql; do
	out=$(psql -X -q -v ON_ERROR_STOP=1 -f "$f" 2>&1)
	if ! grep -q 'to load this file\.' <<<"$out" ||
		[ "$(psql -X -Atc "SELECT count(*) FROM pg_proc WHERE proname LIKE 'rdr\_%'")" != 0 ]; then
		echo "FAIL: $f run through psql did not stop at its \\echo guard"
		failed=1
	else
		echo "ok: ${f#extension/} refuses to run outside CREATE or ALTER EXTENSION"
	fi
done

# 2. the upgrade path: oldest version -> ALTER EXTENSION UPDATE -> the
# objects of a fresh install; DROP leaves nothing
bash "$here/check-upgrade.sh" || failed=1

# 3. pg_regress over the top-level sql/ and expected/, one test after the
# other (each makes its own database; the guard tests must be alone in it)
pgxs=$(pg_config --pgxs)
regress=$(dirname "$pgxs")/../test/regress/pg_regress
tests=$(cd sql && ls *.sql | sed 's/\.sql$//')
outdir="${RDR_REGRESS_OUTDIR:-$RDR_PG_DIR/regress}"
mkdir -p "$outdir"
chmod 777 "$outdir"
if ! "$regress" --inputdir="$RDR_TOP" --outputdir="$outdir" \
	--bindir="$RDR_PG_BIN" --dbname=rdr_regress \
	--host="$PGHOST" --port="$PGPORT" --user=postgres $tests; then
	failed=1
	[ -f "$outdir/regression.diffs" ] && head -200 "$outdir/regression.diffs"
fi

# 4. pgTAP
createdb rdr_tap || rdr_fail "createdb rdr_tap"
if ! pg_prove -d rdr_tap --failures --ext .sql -r test/pgtap; then
	failed=1
fi

if grep -E "runtime error:|terminated by signal|PANIC" "$RDR_PG_DIR/server.log"; then
	echo "FAIL: the server log shows a sanitizer report or a crashed backend"
	failed=1
fi

[ $failed = 0 ] && echo "test/extension: all passed"
exit $failed
