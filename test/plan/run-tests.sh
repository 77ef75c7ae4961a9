#!/bin/bash
# test/plan/run-tests.sh: rdr-plan generate against real PostgreSQL
# databases loaded with the engine fixtures.
#
# Golden files: for each case, the configuration (expected/NAME.out) and
# the messages with the exit code (expected/NAME.err) must be exactly the
# bytes of expected/.  PLAN_UPDATE=1 rewrites them instead (review the
# git diff).  Then every error path: exit code and message.  Runs in a
# temp dir with relative file names, so no path of this run lands in an
# output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$RDR_TOP/test/lib/pg.sh"
source "$RDR_TOP/test/lib/tap.sh"

PLAN=$RDR_TOP/driver/rdr-plan
F=$RDR_TOP/test/fixtures
[ -x "$PLAN" ] || rdr_fail "$PLAN not built (make all)"

rdr_pg_start || rdr_fail "PostgreSQL"
rdr_pg_createdb rhev_nfs $F/rhev30-schema.sql $F/rhev30-nfs.sql $F/rhev30-inventory.sql $F/seed-inventory.sql &&
rdr_pg_createdb rhev_iscsi $F/rhev30-schema.sql $F/rhev30-iscsi.sql $F/rhev30-inventory.sql $F/seed-inventory.sql &&
rdr_pg_createdb rhev_fibre $F/rhev30-schema.sql $F/rhev30-fibre.sql $F/rhev30-inventory.sql $F/seed-inventory.sql &&
rdr_pg_createdb ovirt_iscsi $F/ovirt-schema.sql $F/rhev30-iscsi.sql $F/ovirt-extra.sql $F/ovirt-inventory.sql $F/seed-inventory.sql &&
rdr_pg_createdb ovirt45 $F/ovirt-schema.sql $F/ovirt45-mixed.sql $F/ovirt-extra.sql $F/ovirt-inventory.sql $F/seed-inventory.sql &&
rdr_pg_createdb edge $F/rhev30-schema.sql $F/rhev30-iscsi.sql $F/rhev30-inventory.sql $F/seed-inventory.sql "$here/edge.sql" &&
rdr_pg_createdb storage_only $F/rhev30-schema.sql $F/rhev30-nfs.sql ||
	rdr_fail "loading the fixtures"

T=$(rdr_tmpdir)
cd "$T" || exit 1
cp "$here/seed.map" seed.map
# the site-B manager's sysfs (seed Table 3.3) plus what is not a NIC
for n in eth0:00:25:b3:a9:b0:01 eth1:00:25:b3:a9:b0:00 eth2:00:25:b3:a9:b0:02 eth3:00:25:B3:A9:B0:03; do
	mkdir -p "nics/sys/class/net/${n%%:*}/device"
	echo "${n#*:}" >"nics/sys/class/net/${n%%:*}/address"
done
mkdir -p nics/sys/class/net/lo nics/sys/class/net/rhevm nics/sys/class/net/ib0/device
echo 00:00:00:00:00:00 >nics/sys/class/net/lo/address
echo 00:25:b3:a9:b0:00 >nics/sys/class/net/rhevm/address
echo 80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0c:71:f1 >nics/sys/class/net/ib0/address
cat >site.conf <<'CONF'
# site B's own settings, kept by the administrator
API    pass         example-password
CONNECT_TO rdr-nfs.siteb.example 127.0.0.1
CONF

# golden NAME ARGS...: rdr-plan ARGS gives exactly expected/NAME.{out,err}.
golden()
{
	local name=$1 rc
	shift
	"$PLAN" "$@" >"$name.out" 2>"$name.err"
	rc=$?
	echo "exit $rc" >>"$name.err"
	if [ "${PLAN_UPDATE:-}" = 1 ]; then
		cp "$name.out" "$name.err" "$here/expected/"
	fi
	cmp -s "$name.out" "$here/expected/$name.out" ||
		{ diff -u "$here/expected/$name.out" "$name.out"; rdr_fail "$name: output differs from expected/$name.out"; }
	cmp -s "$name.err" "$here/expected/$name.err" ||
		{ diff -u "$here/expected/$name.err" "$name.err"; rdr_fail "$name: messages differ from expected/$name.err"; }
	ok "golden $name"
}

# fails RC TEXT ARGS...: rdr-plan ARGS exits RC, says TEXT, writes nothing.
fails()
{
	local want=$1 text=$2 out rc
	shift 2
	out=$("$PLAN" "$@" 2>&1 >stdout.txt)
	rc=$?
	[ "$rc" -eq "$want" ] || { echo "$out"; rdr_fail "rdr-plan $*: exit $rc, expected $want"; }
	grep -qF -- "$text" <<<"$out" || { echo "$out"; rdr_fail "rdr-plan $*: no \"$text\""; }
	[ ! -s stdout.txt ] || rdr_fail "rdr-plan $*: wrote a configuration on failure"
	ok "exit $want: $text"
}

# --- the four fixtures, with the rules of a map file or the command line
golden rhev30-nfs generate -d rhev_nfs --main SiteA --backup SiteB --map seed.map \
	--api-host rdr-rhevm.sitea.example --manager-nics nics --append site.conf
golden rhev30-iscsi generate -d rhev_iscsi --main SiteA --backup SiteB \
	--portal 192.168.200.32=192.168.201.32 --rewrite sitea.example=siteb.example \
	--rewrite rdr-iscsi.datadomain=rdr-iscsi.data --rewrite /exports/isodomain=/exports/ISO \
	--rewrite /exports/exports_configured=/exports/EXPORT --vm-delay 10
golden rhev30-fibre generate -d rhev_fibre --main SiteA --backup SiteB --map seed.map
golden ovirt-iscsi generate -d ovirt_iscsi --main SiteA --backup SiteB --map seed.map \
	--api-host rdr-rhevm.sitea.example
# oVirt 4.5 with every domain kind (a 2-LUN iSCSI domain, fibre, CHAP at
# site A on both iSCSI connections): nothing of site A's stored secrets
golden ovirt45-mixed generate -d ovirt45 --main SiteA --backup SiteB --map seed.map \
	--api-host rdr-rhevm.sitea.example
grep -q -e DgoCO93m4ip7d -e V+kv6ijHtQ ovirt45-mixed.out ovirt45-mixed.err &&
	rdr_fail "site A's CHAP password was printed"
ok "no site-A CHAP secret in the output"
# everything that needs a look: CHECK comments and warnings, CHAP without
# its password, a rule that matches nothing
golden edge generate -d edge --main SiteA --backup SiteB --datacenter RefArch \
	--map seed.map --rewrite no-such-text=x --fibre-host unused.example
grep -q chap-secret edge.out edge.err && rdr_fail "the CHAP password was printed"
ok "no secret in the output"

# --- the same input gives the same bytes, on stdout and with -o
"$PLAN" -q generate -d rhev_nfs --main SiteA --backup SiteB --map seed.map --api-host rdr-rhevm.sitea.example \
	--manager-nics nics --append site.conf -o again.conf 2>/dev/null || rdr_fail "-o"
cmp again.conf rhev30-nfs.out || rdr_fail "-o FILE differs from stdout"
[ "$(stat -c %a again.conf)" = 600 ] || rdr_fail "-o FILE mode $(stat -c %a again.conf), expected 600"
# an existing file is replaced (atomically), and takes mode 0600 too
echo old >again.conf; chmod 644 again.conf
"$PLAN" -q generate -d rhev_nfs --main SiteA --backup SiteB --map seed.map --api-host rdr-rhevm.sitea.example \
	--manager-nics nics --append site.conf -o again.conf 2>/dev/null || rdr_fail "-o over a file"
cmp -s again.conf rhev30-nfs.out && [ "$(stat -c %a again.conf)" = 600 ] || rdr_fail "-o over an existing file"
ok "stable bytes, -o FILE mode 0600"

# --- it only reads: the database is the same afterwards, and its
# session was read only
pg_dump -d rhev_iscsi 2>&1 | grep -v restrict >before.sql
"$PLAN" -q generate -d rhev_iscsi --main SiteA --backup SiteB --rewrite sitea=siteb >/dev/null 2>&1 || rdr_fail "read"
pg_dump -d rhev_iscsi 2>&1 | grep -v restrict >after.sql
diff before.sql after.sql || rdr_fail "rdr-plan changed the database"
psql -X -q -d rhev_iscsi -c "ALTER DATABASE rhev_iscsi SET log_statement = 'all'" >/dev/null
"$PLAN" -q generate -d rhev_iscsi --main SiteA --backup SiteB --rewrite sitea=siteb >/dev/null 2>&1 || rdr_fail "read"
grep -q 'execute <unnamed>: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' "$RDR_PG_DIR/server.log" ||
	rdr_fail "no READ ONLY transaction in the server log"
ok "the database is unchanged, read in a READ ONLY transaction"

# --- usage errors: exit 1 with the --help hint
fails 1 'Try "rdr-plan --help"' --rehersal generate
fails 1 'no command given' --main SiteA --backup SiteB
fails 1 'unknown command "generat"' generat --main SiteA --backup SiteB
fails 1 'unexpected argument "now"' generate now --main SiteA --backup SiteB
fails 1 'generate needs --main CLUSTER and --backup CLUSTER' generate --main SiteA
fails 1 '--main and --backup are the same cluster "SiteA"' generate --main SiteA --backup SiteA
fails 1 'invalid --rewrite "sitea": expected OLD=NEW' generate --main A --backup B --rewrite sitea
fails 1 'invalid --portal "=x": OLD is empty' generate --main A --backup B --portal =x
fails 1 'invalid --serial "a=b c": NEW contains a blank' generate --main A --backup B --serial 'a=b c'
fails 1 'invalid --vm-delay "-1"' generate --main A --backup B --vm-delay -1
fails 1 'invalid --api-host "a b"' generate --main A --backup B --api-host 'a b'
fails 1 'invalid --fibre-host ""' generate --main A --backup B --fibre-host ''
"$PLAN" --help | grep -q -- '--rewrite=OLD=NEW' || rdr_fail "--help"
[ "$("$PLAN" --version)" = "rdr-plan (rdr) 1.0" ] || rdr_fail "--version"
ok "--help and --version"

# --- input files: exit 2, every problem at FILE:LINE
printf 'rewrite a b\nrename a b\nportal onlyone\n\nserial a b c\n' >bad.map
fails 2 'bad.map:2: unknown rule "rename": expected rewrite, portal or serial' \
	generate -d rhev_nfs --main SiteA --backup SiteB --map bad.map
fails 2 'bad.map:3: portal rule needs exactly two values, OLD and NEW' \
	generate -d rhev_nfs --main SiteA --backup SiteB --map bad.map
fails 2 'bad.map:5: serial rule needs exactly two values' \
	generate -d rhev_nfs --main SiteA --backup SiteB --map bad.map
printf 'rewrite a\001 b\n' >ctl.map
fails 2 'ctl.map:1: rewrite rule: contains a blank or control character' \
	generate -d rhev_nfs --main SiteA --backup SiteB --map ctl.map
printf 'rewrite a b\000\n' >nul.map
fails 2 'nul.map:1: line contains a NUL byte' generate -d rhev_nfs --main SiteA --backup SiteB --map nul.map
fails 2 'could not open map file "missing.map": No such file or directory' \
	generate -d rhev_nfs --main SiteA --backup SiteB --map missing.map
printf 'API pass x\nsite_info datacenter X\nAPI host h\n' >clash.conf
fails 2 'clash.conf:2: SITE_INFO is written by rdr-plan generate; this line would set it twice' \
	generate -d rhev_nfs --main SiteA --backup SiteB --append clash.conf
fails 2 'clash.conf:3: API host is written by rdr-plan generate' \
	generate -d rhev_nfs --main SiteA --backup SiteB --append clash.conf --api-host h
printf 'RHEVM_NIC 00:25:b3:a9:b0:00 eth1\n' >nic.conf
fails 2 'nic.conf:1: RHEVM_NIC is written by rdr-plan generate' \
	generate -d rhev_nfs --main SiteA --backup SiteB --append nic.conf --manager-nics nics
fails 2 'could not open file "missing.conf" (--append)' \
	generate -d rhev_nfs --main SiteA --backup SiteB --append missing.conf
fails 2 'could not read the manager'"'"'s NICs in "nowhere/sys/class/net"' \
	generate -d rhev_nfs --main SiteA --backup SiteB --manager-nics nowhere
# without --api-host and --manager-nics, those lines may come from the file
"$PLAN" -q generate -d rhev_nfs --main SiteA --backup SiteB --append clash.conf >/dev/null 2>&1 &&
	rdr_fail "SITE_INFO in the --append file was accepted"
printf 'API host h\nRHEVM_NIC 00:25:b3:a9:b0:00 eth1\n' >own.conf
"$PLAN" -q generate -d rhev_nfs --main SiteA --backup SiteB --append own.conf >own.out 2>/dev/null ||
	rdr_fail "API host and RHEVM_NIC refused although rdr-plan does not write them"
ok "--append may set what rdr-plan leaves out"

# --- the database: exit 3
fails 3 'database "nosuch" does not exist' generate -d nosuch --main SiteA --backup SiteB
fails 3 'database "postgres" is not a RHEV or oVirt engine database' generate -d postgres --main SiteA --backup SiteB
fails 3 'It has neither a "vds_groups" (RHEV 3.0) nor a "cluster" (oVirt) table.' \
	generate -d storage_only --main SiteA --backup SiteB
"$RDR_PG_BIN/createdb" -T rhev_nfs no_hosts && psql -X -q -d no_hosts -c 'DROP TABLE vds_static CASCADE' 2>/dev/null ||
	rdr_fail "no_hosts database"
fails 3 'Its table "vds_static" is missing.' generate -d no_hosts --main SiteA --backup SiteB
psql -X -q -d edge -c "CREATE ROLE nobody_here LOGIN" >/dev/null
psql -X -q -d edge -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO nobody_here; REVOKE SELECT ON vm_static FROM nobody_here" >/dev/null
fails 3 'could not read the VMs from the engine database (SQLSTATE 42501)' \
	generate -d "dbname=edge user=nobody_here" --main SiteA --backup SiteB --datacenter RefArch

# --- names that do not fit the database: exit 4, with what exists
fails 4 'cluster "SiteX" (--main) does not exist' generate -d rhev_nfs --main SiteX --backup SiteB
fails 4 'The database'"'"'s clusters are: Default (Default), SiteA (RefArch), SiteB (RefArch).' \
	generate -d rhev_nfs --main SiteA --backup SiteY
fails 4 'cluster name "SiteB" (--backup) is used in 2 data centers' generate -d edge --main SiteA --backup SiteB
fails 4 'Name the data center with --datacenter.' generate -d edge --main SiteA --backup SiteB
fails 4 'data center "Nowhere" (--datacenter) does not exist' \
	generate -d edge --main SiteA --backup SiteB --datacenter Nowhere
fails 4 'The database'"'"'s data centers are: Default, RefArch.' \
	generate -d edge --main SiteA --backup SiteB --datacenter Nowhere
fails 4 'cluster "SiteA" (--main) does not exist in data center "Default"' \
	generate -d edge --main SiteA --backup SiteB --datacenter Default
fails 4 'cluster "Orphan" (--backup) belongs to no data center' generate -d edge --main SiteA --backup Orphan
fails 4 'clusters "SiteA" and "Default" are in different data centers ("RefArch" and "Default")' \
	generate -d rhev_nfs --main SiteA --backup Default
psql -X -q -d rhev_fibre -c "INSERT INTO vds_groups (vds_group_id, name, storage_pool_id) VALUES ('e4000000-0000-4000-8000-000000000009', 'Empty', '10b3c00e-9371-48ce-8d28-28158cf26d96')" >/dev/null
fails 4 'fibre storage domain "DataDomain" needs a site-B host to probe its LUN, and cluster "Empty" has none' \
	generate -d rhev_fibre --main SiteA --backup Empty

# --- the output: exit 5, and nothing left behind
fails 5 'could not open directory "no-such-dir"' generate -d rhev_nfs --main SiteA --backup SiteB -o no-such-dir/rdr.conf
left=$(find . -mindepth 1 -maxdepth 1 ! -name '*.out' ! -name '*.err' ! -name '*.conf' \
	! -name '*.map' ! -name '*.sql' ! -name nics ! -name stdout.txt)
[ -z "$left" ] || rdr_fail "files left behind: $left"

tap_done "plan tests"
