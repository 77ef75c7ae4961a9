/*-------------------------------------------------------------------------
 *
 * plan_db.c
 *	  rdr-plan's reading of the engine database (see plan_db.h).
 *
 * The two schema generations differ only in names: RHEV 3.0 (and oVirt
 * 3.x) keep clusters in vds_groups(vds_group_id) and hosts and VMs point
 * at vds_group_id; oVirt 4 renamed them cluster(cluster_id) and
 * cluster_id.  Since oVirt 3.1 vm_static also holds templates
 * (entity_type).  The query texts are put together from those fixed
 * names only; every value (cluster names, ids) is a bound parameter.
 *
 *-------------------------------------------------------------------------
 */
#include "plan_db.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbconn.h"
#include "libpq-fe.h"
#include "log.h"
#include "xalloc.h"

/* The schema's names for the cluster table and the columns pointing at it. */
typedef struct PlanSchema
{
	const char *cl_table;		/* vds_groups | cluster */
	const char *cl_id;			/* vds_group_id | cluster_id */
	bool		vm_entity_type; /* vm_static.entity_type exists */
} PlanSchema;

/* text_dup: a copy of a column's text, "" for SQL NULL (xalloc.h's policy). */
static char *
text_dup(const char *s)
{
	return xstrdup(s ? s : "");
}

/* grow: room for element n (0-based) of an array of n elements. */
static void *
grow(void *p, int n, size_t size)
{
	return xreallocarray(p, (size_t) n + 1, size);
}

/* value: a column of a row, NULL for SQL NULL. */
static const char *
value(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/*
 * query: run sql with text parameters; a result of the expected status,
 * or NULL after logging the server's error with its SQLSTATE.
 */
static PGresult *
query(PGconn *conn, const char *what, const char *sql, int nparams,
	  const char *const *params, ExecStatusType want)
{
	PGresult   *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	const char *state;

	if (res != NULL && PQresultStatus(res) == want)
		return res;
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rdr_log_error("could not read %s from the engine database%s%s%s",
				  what, state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
	rdr_log_detail("%s", res && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				   ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				   : PQerrorMessage(conn));
	PQclear(res);
	return NULL;
}

/* plan_storage_type_name: the engine's StorageType as rdr.conf spells it. */
const char *
plan_storage_type_name(int storage_type)
{
	switch (storage_type)
	{
		case PLAN_STORAGE_NFS:
			return "nfs";
		case PLAN_STORAGE_FCP:
			return "fibre";
		case PLAN_STORAGE_ISCSI:
			return "iscsi";
		case 4:
			return "localfs";
		case 5:
			return "cifs";
		case 6:
			return "posixfs";
		case 7:
			return "glusterfs";
		case 8:
			return "glance";
		case 9:
			return "cinder";
		case 10:
			return "managed block";
		default:
			return "unknown";
	}
}

/* plan_domain_type_name: the engine's StorageDomainType, in words. */
const char *
plan_domain_type_name(int domain_type)
{
	switch (domain_type)
	{
		case 0:
			return "master data";
		case 1:
			return "data";
		case 2:
			return "ISO";
		case 3:
			return "export";
		case 4:
			return "image";
		default:
			return "other";
	}
}

/*
 * check_schema: which generation of the schema this is, or false (logged)
 * when a table rdr-plan reads is missing: then it is no engine database.
 */
static PlanDbStatus
check_schema(PGconn *conn, const char *dbname, PlanSchema *schema)
{
	static const char *const tables[] = {
		"storage_pool", "storage_domain_static", "storage_pool_iso_map",
		"storage_server_connections", "luns", "lun_storage_server_connection_map",
		"vds_static", "vds_interface", "network", "network_cluster", "vm_static",
		NULL
	};
	PGresult   *res;
	bool		cluster,
				vds_groups;

	res = query(conn, "the schema",
				"SELECT pg_catalog.to_regclass('public.cluster') IS NOT NULL,"
				"       pg_catalog.to_regclass('public.vds_groups') IS NOT NULL,"
				"       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute"
				"                WHERE attrelid = pg_catalog.to_regclass('public.vm_static')"
				"                  AND attname = 'entity_type' AND NOT attisdropped)",
				0, NULL, PGRES_TUPLES_OK);
	if (res == NULL)
		return PLAN_DB_CONNECT;
	cluster = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	vds_groups = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	schema->vm_entity_type = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
	PQclear(res);
	schema->cl_table = cluster ? "cluster" : "vds_groups";
	schema->cl_id = cluster ? "cluster_id" : "vds_group_id";
	if (!cluster && !vds_groups)
	{
		rdr_log_error("database \"%s\" is not a RHEV or oVirt engine database", dbname);
		rdr_log_detail("It has neither a \"vds_groups\" (RHEV 3.0) nor a \"cluster\" (oVirt) table.");
		rdr_log_hint("Give -d the engine's database: \"rhevm\" for RHEV 3.0, \"engine\" for oVirt.");
		return PLAN_DB_NOT_ENGINE;
	}
	for (int i = 0; tables[i]; i++)
	{
		const char *p[1];
		char		qualified[80];

		snprintf(qualified, sizeof(qualified), "public.%s", tables[i]);
		p[0] = qualified;
		res = query(conn, "the schema", "SELECT pg_catalog.to_regclass($1) IS NOT NULL",
					1, p, PGRES_TUPLES_OK);
		if (res == NULL)
			return PLAN_DB_CONNECT;
		if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		{
			rdr_log_error("database \"%s\" is not a RHEV or oVirt engine database", dbname);
			rdr_log_detail("Its table \"%s\" is missing.", tables[i]);
			rdr_log_hint("Give -d the engine's database: \"rhevm\" for RHEV 3.0, \"engine\" for oVirt.");
			PQclear(res);
			return PLAN_DB_NOT_ENGINE;
		}
		PQclear(res);
	}
	return PLAN_DB_OK;
}

/* list_clusters: "NAME (DATA CENTER), ..." of every cluster, for a DETAIL. */
static void
detail_clusters(PGconn *conn, const PlanSchema *schema)
{
	char		sql[512];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT pg_catalog.string_agg(c.name || ' (' || coalesce(p.name, 'no data center') || ')',"
			 "                             ', ' ORDER BY c.name COLLATE \"C\", p.name COLLATE \"C\")"
			 "  FROM %s c LEFT JOIN storage_pool p ON p.id = c.storage_pool_id",
			 schema->cl_table);
	res = query(conn, "the clusters", sql, 0, NULL, PGRES_TUPLES_OK);
	if (res == NULL)
		return;
	rdr_log_detail("The database's clusters are: %s.",
				   PQgetisnull(res, 0, 0) ? "none" : PQgetvalue(res, 0, 0));
	PQclear(res);
}

/*
 * find_cluster: the id and data center (id and name) of cluster name,
 * within the data center dc when given.  Logs what is wrong otherwise.
 */
static bool
find_cluster(PGconn *conn, const PlanSchema *schema, const char *name,
			 const char *dc, const char *option, char **id, char **dc_id,
			 char **dc_name)
{
	char		sql[512];
	const char *p[2] = {name, dc};
	PGresult   *res;
	int			n;

	snprintf(sql, sizeof(sql),
			 "SELECT c.%s::text, p.id::text, p.name"
			 "  FROM %s c LEFT JOIN storage_pool p ON p.id = c.storage_pool_id"
			 " WHERE c.name = $1 AND ($2::text IS NULL OR p.name = $2)"
			 " ORDER BY p.name COLLATE \"C\"",
			 schema->cl_id, schema->cl_table);
	res = query(conn, "the clusters", sql, 2, p, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	n = PQntuples(res);
	if (n == 0)
	{
		if (dc)
			rdr_log_error("cluster \"%s\" (%s) does not exist in data center \"%s\"", name, option, dc);
		else
			rdr_log_error("cluster \"%s\" (%s) does not exist", name, option);
		detail_clusters(conn, schema);
		rdr_log_hint("Give --main and --backup the names of the main and the backup site's clusters.");
		PQclear(res);
		return false;
	}
	if (n > 1)
	{
		rdr_log_error("cluster name \"%s\" (%s) is used in %d data centers", name, option, n);
		detail_clusters(conn, schema);
		rdr_log_hint("Name the data center with --datacenter.");
		PQclear(res);
		return false;
	}
	if (PQgetisnull(res, 0, 1))
	{
		rdr_log_error("cluster \"%s\" (%s) belongs to no data center", name, option);
		rdr_log_hint("Attach it to the data center that fails over, or name another cluster.");
		PQclear(res);
		return false;
	}
	*id = text_dup(PQgetvalue(res, 0, 0));
	*dc_id = text_dup(PQgetvalue(res, 0, 1));
	*dc_name = text_dup(PQgetvalue(res, 0, 2));
	PQclear(res);
	return true;
}

/* read_luns: the LUNs of a block domain (volume group vg) and their targets. */
static bool
read_luns(PGconn *conn, const char *vg, PlanDomain *d)
{
	const char *p[1] = {vg};
	PGresult   *res;

	res = query(conn, "the LUNs",
				"SELECT l.lun_id, l.serial, c.connection, c.iqn, c.port, c.portal, c.user_name"
				"  FROM luns l"
				"  LEFT JOIN lun_storage_server_connection_map m ON m.lun_id = l.lun_id"
				"  LEFT JOIN storage_server_connections c ON c.id = m.storage_server_connection"
				" WHERE l.volume_group_id = $1"
				" ORDER BY l.lun_id COLLATE \"C\", c.connection COLLATE \"C\","
				"          c.iqn COLLATE \"C\", c.port COLLATE \"C\", c.portal COLLATE \"C\"",
				1, p, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		PlanLun    *l;

		d->luns = grow(d->luns, d->nluns, sizeof(PlanLun));
		l = &d->luns[d->nluns++];
		l->lun_id = text_dup(value(res, i, 0));
		l->serial = text_dup(value(res, i, 1));
		l->address = value(res, i, 2) ? text_dup(value(res, i, 2)) : NULL;
		l->iqn = value(res, i, 3) ? text_dup(value(res, i, 3)) : NULL;
		l->port = value(res, i, 4) ? text_dup(value(res, i, 4)) : NULL;
		l->portal = value(res, i, 5) ? text_dup(value(res, i, 5)) : NULL;
		l->chap_user = value(res, i, 6) && *value(res, i, 6) ? text_dup(value(res, i, 6)) : NULL;
	}
	PQclear(res);
	return true;
}

/* read_domains: the storage domains attached to data center dc_id. */
static bool
read_domains(PGconn *conn, const char *dc_id, PlanInventory *inv)
{
	const char *p[1] = {dc_id};
	PGresult   *res;
	bool		ok = true;

	res = query(conn, "the storage domains",
				"SELECT s.storage_name, s.storage_type, s.storage_domain_type, s.storage,"
				"       c.connection"
				"  FROM storage_domain_static s"
				"  JOIN storage_pool_iso_map m ON m.storage_id = s.id"
				"  LEFT JOIN storage_server_connections c ON c.id = s.storage"
				" WHERE m.storage_pool_id = $1::uuid"
				" ORDER BY s.storage_name COLLATE \"C\", s.id",
				1, p, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	for (int i = 0; i < PQntuples(res) && ok; i++)
	{
		PlanDomain *d;
		int64_t		storage_type;
		int64_t		domain_type;

		if (!rdr_db_number(res, i, 1, 0, INT_MAX, "a storage domain's storage_type", &storage_type) ||
			!rdr_db_number(res, i, 2, 0, INT_MAX, "a storage domain's storage_domain_type", &domain_type))
		{
			ok = false;
			break;
		}
		inv->domains = grow(inv->domains, inv->ndomains, sizeof(PlanDomain));
		d = &inv->domains[inv->ndomains++];
		memset(d, 0, sizeof(*d));
		d->name = text_dup(value(res, i, 0));
		d->storage_type = (int) storage_type;
		d->domain_type = (int) domain_type;
		d->connection = value(res, i, 4) ? text_dup(value(res, i, 4)) : NULL;
		if (d->storage_type == PLAN_STORAGE_FCP || d->storage_type == PLAN_STORAGE_ISCSI)
			ok = read_luns(conn, PQgetvalue(res, i, 3), d);
	}
	PQclear(res);
	return ok;
}

/*
 * read_direct_luns: the direct-LUN disks outside every domain, with their
 * iSCSI target (none: fibre); none at all without disk_lun_map (RHEV 3.0).
 */
static bool
read_direct_luns(PGconn *conn, PlanInventory *inv)
{
	PGresult   *res;
	bool		have;

	res = query(conn, "the direct-LUN disks' table",
				"SELECT pg_catalog.to_regclass('public.disk_lun_map') IS NOT NULL",
				0, NULL, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	have = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!have)
		return true;
	res = query(conn, "the direct-LUN disks",
				"SELECT d.disk_id::text, l.lun_id, min(c.connection), min(c.iqn)"
				"  FROM disk_lun_map d JOIN luns l ON l.lun_id = d.lun_id"
				"  LEFT JOIN lun_storage_server_connection_map m ON m.lun_id = l.lun_id"
				"  LEFT JOIN storage_server_connections c ON c.id = m.storage_server_connection"
				" WHERE NOT EXISTS (SELECT FROM storage_domain_static s WHERE s.storage = l.volume_group_id)"
				" GROUP BY d.disk_id, l.lun_id ORDER BY l.lun_id COLLATE \"C\", d.disk_id",
				0, NULL, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		PlanDirectLun *d;

		inv->direct = grow(inv->direct, inv->ndirect, sizeof(PlanDirectLun));
		d = &inv->direct[inv->ndirect++];
		d->disk_id = text_dup(value(res, i, 0));
		d->lun_id = text_dup(value(res, i, 1));
		d->address = value(res, i, 2) ? text_dup(value(res, i, 2)) : NULL;
		d->iqn = value(res, i, 3) ? text_dup(value(res, i, 3)) : NULL;
	}
	PQclear(res);
	return true;
}

/* read_backup_site: the backup cluster's hosts, their NICs, its networks. */
static bool
read_backup_site(PGconn *conn, const PlanSchema *schema, const char *cluster_id,
				 PlanInventory *inv)
{
	const char *p[1] = {cluster_id};
	char		sql[1024];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT vds_name, host_name FROM vds_static WHERE %s = $1::uuid"
			 " ORDER BY vds_name COLLATE \"C\", vds_id",
			 schema->cl_id);
	if ((res = query(conn, "the hosts", sql, 1, p, PGRES_TUPLES_OK)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		inv->hosts = grow(inv->hosts, inv->nhosts, sizeof(PlanHost));
		inv->hosts[inv->nhosts].name = text_dup(value(res, i, 0));
		inv->hosts[inv->nhosts++].address = text_dup(value(res, i, 1));
	}
	PQclear(res);

	snprintf(sql, sizeof(sql),
			 "SELECT h.vds_name, i.name, i.mac_addr, i.network_name,"
			 "       coalesce(i.is_bond, false), i.vlan_id IS NOT NULL"
			 "  FROM vds_static h JOIN vds_interface i ON i.vds_id = h.vds_id"
			 " WHERE h.%s = $1::uuid AND coalesce(i.network_name, '') <> ''"
			 " ORDER BY h.vds_name COLLATE \"C\", i.name COLLATE \"C\", i.id",
			 schema->cl_id);
	if ((res = query(conn, "the hosts' NICs", sql, 1, p, PGRES_TUPLES_OK)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		PlanNic    *n;

		inv->nics = grow(inv->nics, inv->nnics, sizeof(PlanNic));
		n = &inv->nics[inv->nnics++];
		n->host = text_dup(value(res, i, 0));
		n->name = text_dup(value(res, i, 1));
		n->mac = text_dup(value(res, i, 2));
		n->network = text_dup(value(res, i, 3));
		n->bond = strcmp(PQgetvalue(res, i, 4), "t") == 0;
		n->vlan = strcmp(PQgetvalue(res, i, 5), "t") == 0;
	}
	PQclear(res);

	res = query(conn, "the cluster's networks",
				"SELECT n.name FROM network n JOIN network_cluster nc ON nc.network_id = n.id"
				" WHERE nc.cluster_id = $1::uuid ORDER BY n.name COLLATE \"C\"",
				1, p, PGRES_TUPLES_OK);
	if (res == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		inv->networks = grow(inv->networks, inv->nnetworks, sizeof(char *));
		inv->networks[inv->nnetworks++] = text_dup(value(res, i, 0));
	}
	PQclear(res);
	return true;
}

/*
 * read_vms: the main cluster's VMs in start order: highly available ones
 * first (the engine restarts those by itself too), then by the engine's
 * priority, highest first, then by name.
 */
static bool
read_vms(PGconn *conn, const PlanSchema *schema, const char *cluster_id,
		 PlanInventory *inv)
{
	const char *p[1] = {cluster_id};
	char		sql[512];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT vm_name, coalesce(auto_startup, false), priority"
			 "  FROM vm_static WHERE %s = $1::uuid%s"
			 " ORDER BY coalesce(auto_startup, false) DESC, priority DESC,"
			 "          vm_name COLLATE \"C\", vm_guid",
			 schema->cl_id, schema->vm_entity_type ? " AND entity_type = 'VM'" : "");
	if ((res = query(conn, "the VMs", sql, 1, p, PGRES_TUPLES_OK)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int64_t		priority;

		if (!rdr_db_number(res, i, 2, INT_MIN, INT_MAX, "a VM's priority", &priority))
		{
			PQclear(res);
			return false;
		}
		inv->vms = grow(inv->vms, inv->nvms, sizeof(PlanVm));
		inv->vms[inv->nvms].name = text_dup(value(res, i, 0));
		inv->vms[inv->nvms].ha = strcmp(PQgetvalue(res, i, 1), "t") == 0;
		inv->vms[inv->nvms++].priority = (int) priority;
	}
	PQclear(res);
	return true;
}

/* first_line: msg up to its first newline, for a one-line DETAIL. */
static void
detail_first_line(const char *msg)
{
	int			n = (int) strcspn(msg, "\n");

	rdr_log_detail("%.*s", n, msg);
}

/*
 * plan_db_read: fill inv from the database req names.  Logs every problem
 * (error, DETAIL, HINT) and says which kind it was.
 */
PlanDbStatus
plan_db_read(const PlanDbRequest *req, PlanInventory *inv)
{
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[] = {req->dbname ? req->dbname : "rhevm", "rdr-plan", NULL};
	PGconn	   *conn;
	PGresult   *res;
	PlanSchema	schema;
	PlanDbStatus st = PLAN_DB_INVENTORY;
	char	   *main_id = NULL,
			   *backup_id = NULL,
			   *dc_id = NULL,
			   *dc2_id = NULL,
			   *dc2_name = NULL;

	memset(inv, 0, sizeof(*inv));
	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		rdr_log_error("could not connect to the engine database");
		detail_first_line(conn ? PQerrorMessage(conn) : "out of memory");
		rdr_log_hint("Give -d the engine's database name or a connection string "
					 "(\"host=... dbname=rhevm user=postgres\"); PGHOST, PGPORT and PGUSER apply.");
		PQfinish(conn);
		return PLAN_DB_CONNECT;
	}
	inv->dbname = text_dup(PQdb(conn));

	/*
	 * One snapshot for every query, and read only: the engine may be running,
	 * and rdr-plan must never change what it reads.
	 */
	if ((res = query(conn, "anything", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
					 0, NULL, PGRES_COMMAND_OK)) == NULL)
	{
		PQfinish(conn);
		return PLAN_DB_CONNECT;
	}
	PQclear(res);
	/* pg_catalog first: no object of the engine's schema can stand in for it */
	if ((res = query(conn, "anything",
					 "SELECT pg_catalog.set_config('search_path', 'pg_catalog, public', true)",
					 0, NULL, PGRES_TUPLES_OK)) == NULL)
	{
		PQfinish(conn);
		return PLAN_DB_CONNECT;
	}
	PQclear(res);

	if ((st = check_schema(conn, inv->dbname, &schema)) != PLAN_DB_OK)
		goto done;
	inv->ovirt = strcmp(schema.cl_table, "cluster") == 0;
	st = PLAN_DB_INVENTORY;
	if (req->datacenter)
	{
		const char *p[1] = {req->datacenter};

		if ((res = query(conn, "the data centers",
						 "SELECT 1 FROM storage_pool WHERE name = $1", 1, p,
						 PGRES_TUPLES_OK)) == NULL)
		{
			st = PLAN_DB_CONNECT;
			goto done;
		}
		if (PQntuples(res) == 0)
		{
			PQclear(res);
			rdr_log_error("data center \"%s\" (--datacenter) does not exist", req->datacenter);
			if ((res = query(conn, "the data centers",
							 "SELECT pg_catalog.string_agg(name, ', ' ORDER BY name COLLATE \"C\")"
							 "  FROM storage_pool", 0, NULL, PGRES_TUPLES_OK)) != NULL)
				rdr_log_detail("The database's data centers are: %s.",
							   PQgetisnull(res, 0, 0) ? "none" : PQgetvalue(res, 0, 0));
			PQclear(res);
			goto done;
		}
		PQclear(res);
	}
	if (!find_cluster(conn, &schema, req->main_cluster, req->datacenter, "--main",
					  &main_id, &dc_id, &inv->datacenter) ||
		!find_cluster(conn, &schema, req->backup_cluster, req->datacenter, "--backup",
					  &backup_id, &dc2_id, &dc2_name))
		goto done;
	if (strcmp(dc_id, dc2_id) != 0)
	{
		rdr_log_error("clusters \"%s\" and \"%s\" are in different data centers (\"%s\" and \"%s\")",
					  req->main_cluster, req->backup_cluster, inv->datacenter, dc2_name);
		rdr_log_detail("A failover moves hosts and VMs between two clusters of one data center (seed section 3).");
		rdr_log_hint("Give --main and --backup two clusters of the data center that fails over.");
		goto done;
	}
	inv->main_cluster = text_dup(req->main_cluster);
	inv->backup_cluster = text_dup(req->backup_cluster);
	st = PLAN_DB_CONNECT;
	if (!read_domains(conn, dc_id, inv) ||
		!read_direct_luns(conn, inv) ||
		!read_backup_site(conn, &schema, backup_id, inv) ||
		!read_vms(conn, &schema, main_id, inv))
		goto done;
	st = PLAN_DB_OK;

done:
	/* nothing to keep: a read-only transaction ends the same either way */
	PQclear(PQexec(conn, "ROLLBACK"));
	PQfinish(conn);
	free(main_id);
	free(backup_id);
	free(dc_id);
	free(dc2_id);
	free(dc2_name);
	return st;
}

void
plan_inventory_free(PlanInventory *inv)
{
	for (int i = 0; i < inv->ndomains; i++)
	{
		PlanDomain *d = &inv->domains[i];

		for (int j = 0; j < d->nluns; j++)
		{
			free(d->luns[j].lun_id);
			free(d->luns[j].serial);
			free(d->luns[j].address);
			free(d->luns[j].iqn);
			free(d->luns[j].port);
			free(d->luns[j].portal);
			free(d->luns[j].chap_user);
		}
		free(d->luns);
		free(d->name);
		free(d->connection);
	}
	for (int i = 0; i < inv->nhosts; i++)
	{
		free(inv->hosts[i].name);
		free(inv->hosts[i].address);
	}
	for (int i = 0; i < inv->nnics; i++)
	{
		free(inv->nics[i].host);
		free(inv->nics[i].name);
		free(inv->nics[i].mac);
		free(inv->nics[i].network);
	}
	for (int i = 0; i < inv->nnetworks; i++)
		free(inv->networks[i]);
	for (int i = 0; i < inv->nvms; i++)
		free(inv->vms[i].name);
	for (int i = 0; i < inv->ndirect; i++)
	{
		free(inv->direct[i].disk_id);
		free(inv->direct[i].lun_id);
		free(inv->direct[i].address);
		free(inv->direct[i].iqn);
	}
	free(inv->direct);
	free(inv->domains);
	free(inv->hosts);
	free(inv->nics);
	free(inv->networks);
	free(inv->vms);
	free(inv->dbname);
	free(inv->datacenter);
	free(inv->main_cluster);
	free(inv->backup_cluster);
	memset(inv, 0, sizeof(*inv));
}
