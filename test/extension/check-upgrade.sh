#!/bin/bash
# test/extension/check-upgrade.sh: the extension's upgrade path, for
# whatever versions the scripts in extension/ make.
#
#   CREATE EXTENSION rdr VERSION '<oldest base version>'
#   ALTER EXTENSION rdr UPDATE          (to the default version)
#   the objects must be exactly those of a fresh CREATE EXTENSION rdr:
#   members, functions (arguments, result, strictness, volatility,
#   search_path, privileges), columns and defaults, constraints, indexes,
#   triggers, privileges, the tables pg_dump keeps
#   DROP EXTENSION rdr                  leaves nothing of rdr behind
#
# With one version only (1.0 today) the update is an update to the same
# version, and the comparison is trivially equal; the script still checks
# the create, update, drop and clean-up, and is ready for the day an
# rdr--A--B.sql exists.
#
# Runs against a server started by run-check.sh (PGHOST, PGPORT set).
# Prints "ok: ..." or "FAIL: ..." lines; exits non-zero on a failure.

set -u
top=${RDR_TOP:?}
ext=$top/extension
db=rdr_t_upgrade
failed=0

fail()
{
	echo "FAIL: $*"
	failed=1
}

q()
{
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" -c "$1"
}

default=$(sed -n 's/^EXTVERSION *= *//p' "$top/mk/version.mk")
# base scripts are rdr--X.sql, upgrade scripts rdr--A--B.sql
oldest=$(cd "$ext" && printf '%s\n' rdr--*.sql | grep -v -- '--.*--' |
	sed 's/^rdr--//; s/\.sql$//' | sort -V | head -1)
[ -n "$oldest" ] || { echo "FAIL: no base script rdr--X.sql in $ext"; exit 1; }

# signature: everything about the extension's objects that an upgrade
# must get right, one line each, sorted
signature="
WITH e AS (SELECT oid, extconfig FROM pg_extension WHERE extname = 'rdr'),
m AS (SELECT d.classid, d.objid, d.objsubid FROM pg_depend d, e
      WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
        AND d.deptype = 'e'),
r AS (SELECT c.oid, c.relname FROM pg_class c JOIN m
        ON m.classid = 'pg_class'::regclass AND m.objid = c.oid)
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM m
UNION ALL
SELECT format('function %s(%s) returns %s strict=%s volatile=%s secdef=%s config=%s acl=%s',
              p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
              p.proisstrict, p.provolatile, p.prosecdef, p.proconfig, p.proacl)
  FROM pg_proc p JOIN m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
UNION ALL
SELECT format('column %s.%s %s notnull=%s default=%s', r.relname, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
  FROM r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
UNION ALL
SELECT format('type attribute %s.%s %s', t.typname, a.attname, format_type(a.atttypid, a.atttypmod))
  FROM pg_type t JOIN m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
  JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0
UNION ALL
SELECT format('acl %s %s', r.relname, c.relacl) FROM r JOIN pg_class c ON c.oid = r.oid
UNION ALL
SELECT format('constraint %s %s', k.conname, pg_get_constraintdef(k.oid))
  FROM pg_constraint k JOIN r ON k.conrelid = r.oid
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN r ON i.indrelid = r.oid
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid)
  FROM pg_trigger t JOIN r ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
UNION ALL
SELECT format('dumped %s', c::regclass) FROM e, unnest(e.extconfig) c
ORDER BY 1"

# leftovers: anything named like rdr's objects once the extension is gone
leftovers="
SELECT (SELECT count(*) FROM pg_proc WHERE proname LIKE 'rdr\_%' OR probin LIKE '%rdr%')
     + (SELECT count(*) FROM pg_class WHERE relname LIKE 'rdr\_%')
     + (SELECT count(*) FROM pg_type WHERE typname LIKE 'rdr\_%' OR typname LIKE '\_rdr\_%')
     + (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'rdr\_%')
     + (SELECT count(*) FROM pg_extension WHERE extname = 'rdr')"

createdb "$db" || { echo "FAIL: createdb $db"; exit 1; }

if ! q "CREATE EXTENSION rdr VERSION '$oldest'" >/dev/null; then
	fail "CREATE EXTENSION rdr VERSION '$oldest'"
elif ! q "ALTER EXTENSION rdr UPDATE" >/dev/null 2>&1; then
	fail "ALTER EXTENSION rdr UPDATE from $oldest"
else
	got=$(q "SELECT extversion FROM pg_extension WHERE extname = 'rdr'")
	[ "$got" = "$default" ] ||
		fail "ALTER EXTENSION rdr UPDATE from $oldest ends at $got, not $default"
	upgraded=$(q "$signature")
	# a function call on the updated objects: the library agrees
	err=$(psql -X -q -d "$db" -c "SELECT rdr_undo(NULL)" 2>&1)
	grep -q 'parameter "run" must not be NULL' <<<"$err" ||
		fail "rdr_undo() after the update: $err"
	q "DROP EXTENSION rdr" >/dev/null || fail "DROP EXTENSION rdr after the update"
	[ "$(q "$leftovers")" = 0 ] || fail "DROP EXTENSION rdr (updated) left objects behind"

	q "CREATE EXTENSION rdr" >/dev/null || fail "CREATE EXTENSION rdr"
	fresh=$(q "$signature")
	if [ "$upgraded" != "$fresh" ]; then
		fail "rdr $oldest updated to $default differs from a fresh $default:"
		diff <(echo "$fresh") <(echo "$upgraded") | head -40
	fi
	# the function list, as docs/sql-reference.md documents it
	want="rdr_change_log_guard() returns trigger
rdr_domain_luns(domain text) returns TABLE(lun_id text, physical_volume_id text, serial text, lun_mapping integer, vendor_id text, product_id text, device_size bigint)
rdr_domains() returns TABLE(id uuid, name text, storage_type text, domain_type text, connection text, lun_ids text[])
rdr_fix_direct_fibre_lun(old_lun_id text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text) returns SETOF rdr_change
rdr_fix_direct_lun(old_lun_id text, connection text, iqn text, port integer, portal text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text, user_name text DEFAULT NULL::text, password text DEFAULT NULL::text) returns SETOF rdr_change
rdr_fix_fibre(domain text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text, physical_volume_id text DEFAULT NULL::text) returns SETOF rdr_change
rdr_fix_iscsi(domain text, connection text, iqn text, port integer, portal text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text, physical_volume_id text DEFAULT NULL::text, user_name text DEFAULT NULL::text, password text DEFAULT NULL::text) returns SETOF rdr_change
rdr_fix_nfs(domain text, connection text) returns SETOF rdr_change
rdr_grant(role regrole) returns SETOF text
rdr_run() returns bigint
rdr_undo(run bigint) returns SETOF rdr_change
rdr_version() returns text"
	got=$(q "SELECT format('%s(%s) returns %s', p.proname, pg_get_function_arguments(p.oid),
	                      pg_get_function_result(p.oid))
	           FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
	          WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'rdr')
	          ORDER BY 1")
	if [ "$got" != "$want" ]; then
		fail "the functions of rdr $default are not the documented ones:"
		diff <(echo "$want") <(echo "$got")
	fi
	# every function pinned, none callable by PUBLIC
	bad=$(q "SELECT string_agg(p.proname, ' ') FROM pg_proc p
	           JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
	          WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'rdr')
	            AND (p.proconfig IS DISTINCT FROM '{\"search_path=pg_catalog, pg_temp\"}'
	                 OR has_function_privilege('public', p.oid, 'EXECUTE'))")
	[ -z "$bad" ] || fail "functions without a pinned search_path or callable by PUBLIC: $bad"
	q "ALTER EXTENSION rdr UPDATE" >/dev/null 2>&1 || fail "ALTER EXTENSION rdr UPDATE (same version)"
	q "DROP EXTENSION rdr" >/dev/null || fail "DROP EXTENSION rdr"
	[ "$(q "$leftovers")" = 0 ] || fail "DROP EXTENSION rdr left objects behind"
fi
dropdb "$db" || fail "dropdb $db"

[ $failed = 0 ] &&
	echo "ok: rdr $oldest -> ALTER EXTENSION UPDATE -> $default equals a fresh $default, and DROP leaves nothing"
exit $failed
