#!/bin/bash
# test/demo/run-demo.sh: interim "make demo" (until rdr-failover replaces
# it).  For each of the seed's three environments (NFS, fibre channel,
# iSCSI data domain, each with its NFS Export and ISO domains) it loads
# the site-A rows into a throwaway PostgreSQL cluster, runs the rdr fixes
# with the seed's site-B values in one transaction, as the driver will,
# and prints the storage rows before and after, and the change log.
# Everything runs on this machine; the cluster is removed at exit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/pg.sh"
cd "$RDR_TOP" || exit 1

rdr_pg_start || rdr_fail "could not start PostgreSQL"

show()
{
	psql -X -q -d "$1" -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
SELECT storage_name, storage_type, storage FROM storage_domain_static ORDER BY storage_name;
SELECT id, connection, iqn, port, portal FROM storage_server_connections ORDER BY id;
SELECT * FROM luns ORDER BY lun_id;
SELECT * FROM lun_storage_server_connection_map ORDER BY lun_id;
SQL
}

failover()
{
	local env=$1 db="rhevm_$1"
	echo
	echo "=================== seed environment: $env data domain ==================="
	rdr_pg_createdb "$db" test/fixtures/rhev30-schema.sql "test/fixtures/rhev30-$env.sql" ||
		rdr_fail "could not load test/fixtures/rhev30-$env.sql"
	psql -X -q -d "$db" -c 'CREATE EXTENSION rdr' || rdr_fail "CREATE EXTENSION rdr"
	echo "--- before (site A) ---"
	show "$db"
	echo "--- the failover transaction ---"
	{
		echo 'BEGIN;'
		case $env in
		nfs)
			echo "SELECT run, table_name, operation, row_key FROM rdr_fix_nfs('DataDomain', 'rdr-nfs.siteb.example:/exports/DATA');" ;;
		fibre)
			echo "SELECT run, table_name, operation, row_key FROM rdr_fix_fibre('DataDomain', '3600c0ff000d7e69d85b89d4e01000000', 'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000', 26, 'HP', 'MSA2324fc', 'yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC');" ;;
		iscsi)
			echo "SELECT run, table_name, operation, row_key FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data', 3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101', 'VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1');" ;;
		esac
		echo "SELECT run, table_name, operation, row_key FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');"
		echo "SELECT run, table_name, operation, row_key FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');"
		echo 'COMMIT;'
	} | psql -X -q -d "$db" -v ON_ERROR_STOP=1 -P footer=off -f - ||
		rdr_fail "the $env failover failed"
	echo "--- after (site B) ---"
	show "$db"
	echo "--- rdr_domains() ---"
	psql -X -q -d "$db" -P footer=off -c 'SELECT name, storage_type, domain_type, connection, lun_ids FROM rdr_domains()'
	echo "--- rdr_change_log ---"
	psql -X -q -d "$db" -P footer=off -c 'SELECT run, changed_at, changed_by, table_name, operation, row_key FROM rdr_change_log ORDER BY id'
}

for env in nfs fibre iscsi; do
	failover "$env"
done
echo
echo "demo: the three seed environments were re-pointed at site B (undo any run with SELECT * FROM rdr_undo(run))"
