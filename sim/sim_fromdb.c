/*-------------------------------------------------------------------------
 *
 * sim_fromdb.c
 *	  rdr-sim --from-db: the inventory of the simulated manager read from
 *	  the engine's own tables, for rdr-failover --rehearse (issue 18).
 *
 * The tables and columns are the engine's (oVirt packaging/dbscripts/
 * create_tables.sql; RHEV 3.0 create_tables.sql as in test/fixtures):
 *
 *	data centers	storage_pool (id, name, storage_pool_type, spm_vds_id)
 *	networks		network (id, name, storage_pool_id)
 *	clusters		vds_groups (vds_group_id, ...) in RHEV 3.0 and oVirt 3.x,
 *					cluster (cluster_id, ...) since oVirt 4.0 (upgrade
 *					04_00_0550 renamed it), with name and storage_pool_id
 *	required nets	network_cluster (network_id, cluster_id [, required]);
 *					"required" exists since oVirt 3.1, before it every
 *					network of a cluster was required
 *	hosts			vds_static (vds_id, vds_name, host_name, vds_group_id |
 *					cluster_id), state from vds_dynamic.status when there
 *	NICs			vds_interface (id, name, network_name, vds_id, mac_addr,
 *					is_bond, bond_name, vlan_id)
 *	VMs				vm_static (vm_guid, vm_name, vds_group_id | cluster_id),
 *					entity_type 'VM' only where templates share the table
 *	domains			storage_domain_static (id, storage_name, storage,
 *					storage_domain_type, storage_type) in a data center
 *					through storage_pool_iso_map
 *
 * Enumerations (oVirt backend .../businessentities): VDSStatus 2
 * Maintenance, 3 Up, 4 NonResponsive, 10 NonOperational, 11
 * PendingApproval; StorageDomainType 0 Master, 1 Data, 2 ISO, 3
 * ImportExport; StorageType 1 NFS, 2 FCP, 3 ISCSI.
 *
 * What the database cannot say is the state of the disaster: the hosts of
 * the main site's cluster (--down-cluster) are non responsive, the data
 * center's SPM among them (storage_pool.spm_vds_id, else the first by
 * name), every VM is down.  And it cannot say where site B's storage is:
 * the gate of every storage domain is "away from site A", its rows must
 * no longer hold the values read at load time.  That the new values name
 * storage which exists is what rdr's probes check before.
 *
 * One READ ONLY REPEATABLE READ snapshot; every value read is data, the
 * identifiers pasted into the queries come from this file only.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sim_fromdb.h"
#include "xalloc.h"

/* The schema's spelling of the cluster table and the columns naming it. */
typedef struct FromDbSchema
{
	const char *cl_table;		/* vds_groups | cluster */
	const char *cl_id;			/* vds_group_id | cluster_id */
	bool		has_required;	/* network_cluster.required */
	bool		has_entity_type;	/* vm_static.entity_type */
	bool		has_vds_dynamic;
	const char *vnic_join;		/* how vm_interface names its network: NULL no
								 * table, else a FROM clause */
} FromDbSchema;

/*
 * find_id: index of the entity with this id in an array whose elements
 * start with their id (the model's index is built only when finalized).
 */
static int
find_id(const void *arr, int n, size_t size, const char *id)
{
	if (id == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp((const char *) arr + (size_t) i * size, id) == 0)
			return i;
	return -1;
}

#define FIND(m, field, id) find_id((m)->field, (m)->n_##field, sizeof(*(m)->field), (id))

/* query: run sql with params; NULL (and an error naming what) on failure. */
static PGresult *
query(PGconn *conn, const char *what, const char *sql, int n,
	  const char *const *params)
{
	PGresult   *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) == PGRES_TUPLES_OK ||
		PQresultStatus(res) == PGRES_COMMAND_OK)
		return res;
	rdr_log_error("could not read %s from the engine database", what);
	rdr_log_detail("%s (SQLSTATE %s)", PQresultErrorMessage(res),
				   PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
				   PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
	PQclear(res);
	return NULL;
}

static const char *
val(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static bool
is_true(PGresult *res, int row, int col)
{
	const char *v = val(res, row, col);

	return v != NULL && strcmp(v, "t") == 0;
}

/* copy_id: a uuid column into a model id. */
static void
copy_id(char *out, const char *v)
{
	snprintf(out, SIM_ID_LEN + 1, "%s", v ? v : "");
}

/*
 * read_schema: which engine generation this is, and every table the
 * inventory needs, named when missing.
 */
static bool
read_schema(PGconn *conn, FromDbSchema *s)
{
	static const char *const tables[] = {
		"storage_pool", "network", "network_cluster", "vds_static",
		"vds_interface", "vm_static", "storage_domain_static",
		"storage_pool_iso_map", "storage_server_connections", "luns", NULL
	};
	PGresult   *res;
	bool		ok = true;

	res = query(conn, "the catalog",
				"SELECT pg_catalog.to_regclass('public.cluster') IS NOT NULL,"
				"       pg_catalog.to_regclass('public.vds_groups') IS NOT NULL,"
				"       pg_catalog.to_regclass('public.vds_dynamic') IS NOT NULL,"
				"       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
				"                WHERE a.attrelid = pg_catalog.to_regclass('public.network_cluster')"
				"                  AND a.attname = 'required' AND NOT a.attisdropped),"
				"       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
				"                WHERE a.attrelid = pg_catalog.to_regclass('public.vm_static')"
				"                  AND a.attname = 'entity_type' AND NOT a.attisdropped)",
				0, NULL);
	if (res == NULL)
		return false;
	s->cl_table = is_true(res, 0, 0) ? "cluster" : "vds_groups";
	s->cl_id = is_true(res, 0, 0) ? "cluster_id" : "vds_group_id";
	if (!is_true(res, 0, 0) && !is_true(res, 0, 1))
	{
		rdr_log_error("the database is not an engine database: it has no cluster table");
		rdr_log_detail("It has neither a \"vds_groups\" (RHEV 3.0) nor a \"cluster\" (oVirt 4) table in schema public.");
		ok = false;
	}
	s->has_vds_dynamic = is_true(res, 0, 2);
	s->has_required = is_true(res, 0, 3);
	s->has_entity_type = is_true(res, 0, 4);
	PQclear(res);

	/*
	 * vm_interface.network_name until oVirt 3.3, then vnic_profile_id ->
	 * vnic_profiles.network_id (upgrade 03_03_0150 and on).
	 */
	if ((res = query(conn, "the catalog",
					 "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
					 "                WHERE a.attrelid = pg_catalog.to_regclass('public.vm_interface')"
					 "                  AND a.attname = 'network_name' AND NOT a.attisdropped),"
					 "       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
					 "                WHERE a.attrelid = pg_catalog.to_regclass('public.vm_interface')"
					 "                  AND a.attname = 'vnic_profile_id' AND NOT a.attisdropped)"
					 "       AND pg_catalog.to_regclass('public.vnic_profiles') IS NOT NULL",
					 0, NULL)) == NULL)
		return false;
	s->vnic_join = is_true(res, 0, 0) ?
		"SELECT i.vm_guid, i.network_name FROM public.vm_interface i"
		" WHERE i.vm_guid IS NOT NULL AND i.network_name IS NOT NULL ORDER BY i.vm_guid, i.name" :
		is_true(res, 0, 1) ?
		"SELECT i.vm_guid, n.name FROM public.vm_interface i"
		"  JOIN public.vnic_profiles p ON p.id = i.vnic_profile_id"
		"  JOIN public.network n ON n.id = p.network_id"
		" WHERE i.vm_guid IS NOT NULL ORDER BY i.vm_guid, i.name" : NULL;
	PQclear(res);
	for (int i = 0; ok && tables[i]; i++)
	{
		char		name[128];
		const char *p[1] = {name};

		snprintf(name, sizeof(name), "public.%s", tables[i]);
		if ((res = query(conn, "the catalog",
						 "SELECT pg_catalog.to_regclass($1) IS NOT NULL", 1, p)) == NULL)
			return false;
		if (!is_true(res, 0, 0))
		{
			rdr_log_error("the engine database has no table \"%s\"", tables[i]);
			rdr_log_hint("--from-db reads the engine's inventory tables (RHEV 3.0 or oVirt).");
			ok = false;
		}
		PQclear(res);
	}
	return ok;
}

/* storage type of the engine's StorageType number. */
static const char *
storage_type_name(const char *v)
{
	if (v == NULL)
		return NULL;
	if (strcmp(v, "1") == 0)
		return "nfs";
	if (strcmp(v, "2") == 0)
		return "fcp";
	if (strcmp(v, "3") == 0)
		return "iscsi";
	return NULL;
}

static bool
load_dcs_networks(PGconn *conn, SimModel *m)
{
	PGresult   *res;

	if ((res = query(conn, "the data centers (storage_pool)",
					 "SELECT id, name, storage_pool_type::text FROM public.storage_pool"
					 " ORDER BY name COLLATE \"C\"", 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		SimDataCenter *d = SIM_PUSH(m, dcs);
		const char *st = storage_type_name(val(res, i, 2));

		copy_id(d->id, val(res, i, 0));
		d->name = xstrdup(val(res, i, 1));
		d->storage_type = xstrdup(st ? st : "nfs");
		d->spm_host = d->contender = -1;
	}
	PQclear(res);
	if ((res = query(conn, "the networks (network)",
					 "SELECT id, name, storage_pool_id FROM public.network"
					 " WHERE storage_pool_id IS NOT NULL ORDER BY name COLLATE \"C\", id",
					 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			dc = FIND(m, dcs, val(res, i, 2));
		SimNetwork *n;

		if (dc < 0)
			continue;
		n = SIM_PUSH(m, networks);
		copy_id(n->id, val(res, i, 0));
		n->name = xstrdup(val(res, i, 1));
		n->dc = dc;
	}
	PQclear(res);
	return true;
}

static bool
load_clusters(PGconn *conn, SimModel *m, const FromDbSchema *s)
{
	char		sql[512];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT %s, name, storage_pool_id FROM public.%s"
			 " WHERE storage_pool_id IS NOT NULL ORDER BY name COLLATE \"C\"",
			 s->cl_id, s->cl_table);
	if ((res = query(conn, "the clusters", sql, 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			dc = FIND(m, dcs, val(res, i, 2));
		SimCluster *c;

		if (dc < 0)
			continue;
		c = SIM_PUSH(m, clusters);
		copy_id(c->id, val(res, i, 0));
		c->name = xstrdup(val(res, i, 1));
		c->dc = dc;
	}
	PQclear(res);
	snprintf(sql, sizeof(sql),
			 "SELECT cluster_id, network_id, %s FROM public.network_cluster"
			 " ORDER BY cluster_id, network_id",
			 s->has_required ? "required" : "true");
	if ((res = query(conn, "the clusters' networks (network_cluster)", sql, 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			c = FIND(m, clusters, val(res, i, 0));
		int			n = FIND(m, networks, val(res, i, 1));
		SimCluster *cl;

		if (c < 0 || n < 0)
			continue;
		cl = &m->clusters[c];
		if (is_true(res, i, 2))
		{
			cl->networks = xrealloc(cl->networks, sizeof(int) * (size_t) (cl->n_networks + 1));
			cl->networks[cl->n_networks++] = n;
		}
		else
		{
			cl->optional = xrealloc(cl->optional, sizeof(int) * (size_t) (cl->n_optional + 1));
			cl->optional[cl->n_optional++] = n;
		}
	}
	PQclear(res);
	return true;
}

/* host_state: the engine's VDSStatus as the simulator's state. */
static SimHostState
host_state(const char *status)
{
	int			v = status ? (int) strtol(status, NULL, 10) : 2;

	switch (v)
	{
		case 3:
			return HOST_UP;
		case 4:
			return HOST_NON_RESPONSIVE;
		case 10:
			return HOST_NON_OPERATIONAL;
		case 11:
			return HOST_PENDING_APPROVAL;
		default:
			/* maintenance, and whatever a restarted engine would re-check */
			return HOST_MAINTENANCE;
	}
}

static bool
load_hosts(PGconn *conn, SimModel *m, const FromDbSchema *s, int down)
{
	char		sql[512];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT s.vds_id, s.vds_name, s.host_name, s.%s, %s"
			 "  FROM public.vds_static s%s ORDER BY s.vds_name COLLATE \"C\"",
			 s->cl_id, s->has_vds_dynamic ? "d.status::text" : "NULL",
			 s->has_vds_dynamic ? " LEFT JOIN public.vds_dynamic d ON d.vds_id = s.vds_id" : "");
	if ((res = query(conn, "the hosts (vds_static)", sql, 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			c = FIND(m, clusters, val(res, i, 3));
		SimHost    *h;

		if (c < 0)
			continue;
		h = SIM_PUSH(m, hosts);
		copy_id(h->id, val(res, i, 0));
		h->name = xstrdup(val(res, i, 1));
		h->address = xstrdup(val(res, i, 2));
		h->cluster = c;
		h->state = c == down ? HOST_NON_RESPONSIVE : host_state(val(res, i, 4));
		h->network_unreachable = h->state == HOST_NON_OPERATIONAL;
	}
	PQclear(res);
	return true;
}

/*
 * elect_spms: the SPM of each data center when the disaster struck: the
 * pool's spm_vds_id if it is a host still known, else the first host of
 * the lost cluster in that data center.
 */
static bool
elect_spms(PGconn *conn, SimModel *m, int down)
{
	PGresult   *res;

	if ((res = query(conn, "the SPM (storage_pool.spm_vds_id)",
					 "SELECT id, spm_vds_id FROM public.storage_pool", 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			dc = FIND(m, dcs, val(res, i, 0));
		int			h = val(res, i, 1) ? FIND(m, hosts, val(res, i, 1)) : -1;

		if (dc < 0)
			continue;
		if (h >= 0 && (m->hosts[h].state != HOST_UP &&
					   m->hosts[h].state != HOST_NON_RESPONSIVE))
			h = -1;
		for (int k = 0; h < 0 && down >= 0 && k < m->n_hosts; k++)
			if (m->hosts[k].cluster == down && m->clusters[down].dc == dc)
				h = k;
		if (h >= 0 && sim_model_host_dc(m, h) == dc)
		{
			m->dcs[dc].spm_host = h;
			m->hosts[h].spm = SPM_SPM;
		}
	}
	PQclear(res);
	return true;
}

/* nic_order: plain NICs, then bonds (their slaves exist), then VLANs. */
static bool
load_nics(PGconn *conn, SimModel *m)
{
	PGresult   *res;

	if ((res = query(conn, "the hosts' NICs (vds_interface)",
					 "SELECT id, name, network_name, vds_id, mac_addr, is_bond, bond_name,"
					 "       vlan_id::text"
					 "  FROM public.vds_interface WHERE vds_id IS NOT NULL"
					 " ORDER BY vlan_id IS NOT NULL, coalesce(is_bond, false),"
					 "          vds_id, name COLLATE \"C\"", 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			h = FIND(m, hosts, val(res, i, 3));
		const char *mac = val(res, i, 4);
		const char *net = val(res, i, 2);
		SimNic	   *n;

		if (h < 0)
			continue;
		n = SIM_PUSH(m, nics);
		copy_id(n->id, val(res, i, 0));
		n->name = xstrdup(val(res, i, 1));
		n->mac = xstrdup(mac && strlen(mac) == 17 ? mac : "00:00:00:00:00:00");
		for (char *p = n->mac; *p; p++)
			*p = (char) tolower((unsigned char) *p);
		n->host = h;
		n->master = -1;
		n->network = -1;
		n->bond = is_true(res, i, 5);
		if (val(res, i, 7))
			n->vlan = (int) strtol(val(res, i, 7), NULL, 10);
		for (int k = 0; net && *net && k < m->n_networks; k++)
			if (m->networks[k].dc == sim_model_host_dc(m, h) &&
				strcmp(m->networks[k].name, net) == 0)
				n->network = k;
		n->committed = n->network >= 0;
		/* a slave names its bond; the bond comes later in this order */
		if (val(res, i, 6) && !n->bond)
			n->master = -2 - i;
	}
	/* resolve slaves' bond names now that the bonds are loaded */
	for (int k = 0; k < m->n_nics; k++)
	{
		const char *bond;

		if (m->nics[k].master > -2)
			continue;
		bond = val(res, -2 - m->nics[k].master, 6);
		m->nics[k].master = -1;
		for (int b = 0; b < m->n_nics; b++)
			if (m->nics[b].bond && m->nics[b].host == m->nics[k].host &&
				strcmp(m->nics[b].name, bond) == 0)
				m->nics[k].master = b;
	}
	PQclear(res);
	return true;
}

static bool
load_vms(PGconn *conn, SimModel *m, const FromDbSchema *s)
{
	char		sql[512];
	PGresult   *res;

	snprintf(sql, sizeof(sql),
			 "SELECT vm_guid, vm_name, %s FROM public.vm_static%s"
			 " ORDER BY vm_name COLLATE \"C\"",
			 s->cl_id, s->has_entity_type ? " WHERE entity_type = 'VM'" : "");
	if ((res = query(conn, "the VMs (vm_static)", sql, 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			c = val(res, i, 2) ? FIND(m, clusters, val(res, i, 2)) : -1;
		SimVm	   *v;

		/* the engine's blank template lives in vm_static in RHEV 3.0 too */
		if (c < 0)
			continue;
		v = SIM_PUSH(m, vms);
		copy_id(v->id, val(res, i, 0));
		v->name = xstrdup(val(res, i, 1));
		v->cluster = c;
		v->state = VM_DOWN;
		v->creation_time = xstrdup("2011-12-13T14:18:28.000-06:00");
	}
	PQclear(res);
	if (s->vnic_join == NULL)
		return true;
	if ((res = query(conn, "the VMs' vNICs (vm_interface)", s->vnic_join, 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			vi = FIND(m, vms, val(res, i, 0));
		SimVm	   *v;
		int			dc;

		if (vi < 0)
			continue;
		v = &m->vms[vi];
		dc = m->clusters[v->cluster].dc;
		for (int k = 0; k < m->n_networks; k++)
			if (m->networks[k].dc == dc && strcmp(m->networks[k].name, val(res, i, 1)) == 0)
			{
				v->networks = xrealloc(v->networks, sizeof(int) * (size_t) (v->n_networks + 1));
				v->networks[v->n_networks++] = k;
				break;
			}
	}
	PQclear(res);
	return true;
}

/*
 * site_a_values: ",v1,v2," of one column of a domain's storage rows as
 * they are now (before the failover), or NULL when it has none.
 */
static char *
site_a_values(PGconn *conn, const char *sql, const char *storage)
{
	const char *p[1] = {storage};
	PGresult   *res = query(conn, "a storage domain's rows", sql, 1, p);
	char	   *set = NULL;

	if (res == NULL)
		return NULL;
	for (int i = 0; i < PQntuples(res); i++)
	{
		char	   *n = xasprintf("%s%s,", set ? set : ",", val(res, i, 0) ? val(res, i, 0) : "");

		free(set);
		set = n;
	}
	PQclear(res);
	return set;
}

static bool
load_domains(PGconn *conn, SimModel *m)
{
	PGresult   *res;

	if ((res = query(conn, "the storage domains (storage_domain_static)",
					 "SELECT s.id, s.storage_name, s.storage_domain_type::text,"
					 "       s.storage_type::text, m.storage_pool_id, s.storage"
					 "  FROM public.storage_domain_static s"
					 "  JOIN public.storage_pool_iso_map m ON m.storage_id = s.id"
					 " ORDER BY s.storage_name COLLATE \"C\"", 0, NULL)) == NULL)
		return false;
	for (int i = 0; i < PQntuples(res); i++)
	{
		int			dc = FIND(m, dcs, val(res, i, 4));
		const char *sdt = val(res, i, 2);
		const char *st = storage_type_name(val(res, i, 3));
		SimStorageDomain *sd;

		if (dc < 0 || st == NULL)
			continue;
		sd = SIM_PUSH(m, sds);
		copy_id(sd->id, val(res, i, 0));
		sd->name = xstrdup(val(res, i, 1));
		sd->dc = dc;
		sd->type = xstrdup(strcmp(sdt, "2") == 0 ? "iso" :
						   strcmp(sdt, "3") == 0 ? "export" : "data");
		sd->storage_type = xstrdup(st);
		sd->master = strcmp(sdt, "0") == 0;
		sd->gate_away = true;
		if (strcmp(st, "nfs") == 0)
		{
			sd->gate = GATE_NFS;
			sd->expect_connection = site_a_values(conn,
												  "SELECT connection FROM public.storage_server_connections WHERE id = $1",
												  val(res, i, 5));
		}
		else
		{
			sd->gate = strcmp(st, "fcp") == 0 ? GATE_FCP : GATE_ISCSI;
			sd->expect_lun_id = site_a_values(conn,
											  "SELECT lun_id FROM public.luns WHERE volume_group_id = $1",
											  val(res, i, 5));
			if (sd->gate == GATE_ISCSI)
				sd->expect_connection = site_a_values(conn,
													  "SELECT c.connection FROM public.luns l"
													  "  JOIN public.lun_storage_server_connection_map x ON x.lun_id = l.lun_id"
													  "  JOIN public.storage_server_connections c ON c.id = x.storage_server_connection"
													  " WHERE l.volume_group_id = $1",
													  val(res, i, 5));
		}
	}
	PQclear(res);
	return true;
}

/* in_set: whether v is one of ",a,b," (a NULL set holds nothing). */
static bool
in_set(const char *set, const char *v)
{
	char	   *needle;
	bool		found;

	if (set == NULL)
		return false;
	needle = xasprintf(",%s,", v ? v : "");
	found = strstr(set, needle) != NULL;
	free(needle);
	return found;
}

bool
sim_fromdb_row_moved(PGresult *res, int row, const SimStorageDomain *sd)
{
	const char *conn = PQgetisnull(res, row, 0) ? NULL : PQgetvalue(res, row, 0);
	const char *lun = PQgetisnull(res, row, 3) ? NULL : PQgetvalue(res, row, 3);
	bool		moved;

	if (sd->gate == GATE_NFS)
		moved = !in_set(sd->expect_connection, conn);
	else if (sd->gate == GATE_FCP)
		moved = !in_set(sd->expect_lun_id, lun);
	else
		moved = !in_set(sd->expect_lun_id, lun) && !in_set(sd->expect_connection, conn);
	if (!moved)
		rdr_log_verbose("gate: storage domain \"%s\" still points at site A (%s %s)",
						sd->name, sd->gate == GATE_FCP ? "LUN" : "connection",
						sd->gate == GATE_FCP ? (lun ? lun : "(null)") : (conn ? conn : "(null)"));
	return moved;
}

bool
sim_fromdb_load(SimModel *m, const char *conninfo, const char *down_cluster)
{
	const char *const keys[] = {"connect_timeout", "dbname", NULL};
	const char *const vals[] = {"10", conninfo, NULL};
	PGconn	   *conn = PQconnectdbParams(keys, vals, 1);
	FromDbSchema s;
	PGresult   *res;
	bool		ok;
	int			down = -1;

	if (PQstatus(conn) != CONNECTION_OK)
	{
		rdr_log_error("could not connect to the engine database");
		rdr_log_detail("%s", PQerrorMessage(conn));
		PQfinish(conn);
		return false;
	}
	ok = (res = query(conn, "a snapshot",
					  "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL)) != NULL;
	PQclear(res);
	ok = ok && read_schema(conn, &s) && load_dcs_networks(conn, m) &&
		load_clusters(conn, m, &s);
	if (ok && down_cluster)
	{
		down = sim_model_find_name(m, KIND_CLUSTER, down_cluster);
		if (down < 0)
		{
			rdr_log_error("--down-cluster: cluster \"%s\" is not in the engine database",
						  down_cluster);
			ok = false;
		}
	}
	ok = ok && load_hosts(conn, m, &s, down) && elect_spms(conn, m, down) &&
		load_nics(conn, m) && load_vms(conn, m, &s) && load_domains(conn, m);
	PQfinish(conn);
	if (ok && m->n_dcs == 0)
	{
		rdr_log_error("the engine database has no data center (storage_pool is empty)");
		ok = false;
	}
	if (ok)
	{
		free(m->db_conninfo);
		m->db_conninfo = xstrdup(conninfo);
		rdr_log_verbose("from the engine database: %d data center(s), %d cluster(s), "
						"%d host(s), %d NIC(s), %d VM(s), %d storage domain(s)",
						m->n_dcs, m->n_clusters, m->n_hosts, m->n_nics, m->n_vms, m->n_sds);
	}
	return ok;
}
