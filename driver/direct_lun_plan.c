/*-------------------------------------------------------------------------
 *
 * direct_lun_plan.c
 *	  rdr-failover's storage step: the direct-LUN disks of site A (see
 *	  direct_lun_plan.h).
 *
 * A direct-LUN disk (oVirt 3.1 and later) is a VM disk that is a whole
 * LUN, outside every storage domain: rdr_db_plan's per-domain calls never
 * re-point it, so without this a failover would leave it on site A's
 * array and its VM would not start at site B.  Its content is the guest's,
 * with no PV label to match, so a DIRECT_LUN line names its mirror: the
 * failover goes from the line's SITE_A_LUN_ID to its SITE_B_LUN_ID, the
 * failback (failback_lun.c) the other way.
 *
 * Where site B's mirror is: an iSCSI disk on the target of a storage
 * domain shares that domain's connection row (the engine reuses a row
 * with the same address and target, LunHelper.proceedLUNInDb), which the
 * domain's Storage_Domain line re-points: the mirror is looked for on
 * that line's target.  A fibre disk is looked for on the host of the
 * fibre domain's line.  A disk on a target no configured domain uses
 * cannot be placed and is said, as is a disk without a line: a failover
 * does not stop for them (the rest of the site still has to come up),
 * --validate shows them first.
 *
 *-------------------------------------------------------------------------
 */
#include "direct_lun_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

/* columns of direct_sql */
enum
{
	COL_DISK, COL_LUN, COL_PV, COL_CONN, COL_IQN, COL_DOMAIN, COL_PATHS
};

/*
 * The direct-LUN disks, with their connection (NULL: fibre), the storage
 * domain whose LUN shares it, and the number of paths.
 */
static const char direct_sql[] =
"SELECT d.disk_id::pg_catalog.text, l.lun_id, "
"  coalesce(pg_catalog.to_jsonb(l)->>'physical_volume_id', pg_catalog.to_jsonb(l)->>'phisical_volume_id'), "
"  min(c.connection), min(c.iqn), "
"  min((SELECT s.storage_name::pg_catalog.text FROM public.lun_storage_server_connection_map m2 "
"       JOIN public.luns l2 ON l2.lun_id OPERATOR(pg_catalog.=) m2.lun_id "
"       JOIN public.storage_domain_static s ON s.storage OPERATOR(pg_catalog.=) l2.volume_group_id "
"       WHERE m2.storage_server_connection OPERATOR(pg_catalog.=) c.id ORDER BY 1 LIMIT 1)), "
"  count(c.id) "
"FROM public.disk_lun_map d "
"JOIN public.luns l ON l.lun_id OPERATOR(pg_catalog.=) d.lun_id "
"LEFT JOIN public.lun_storage_server_connection_map m ON m.lun_id OPERATOR(pg_catalog.=) l.lun_id "
"LEFT JOIN public.storage_server_connections c ON c.id OPERATOR(pg_catalog.=) m.storage_server_connection "
"WHERE NOT EXISTS (SELECT FROM public.storage_domain_static s "
"  WHERE s.storage OPERATOR(pg_catalog.=) l.volume_group_id) "
"GROUP BY 1, 2, 3 ORDER BY 1, 2";

/*
 * read_disks: the rows of direct_sql; NULL after the message, or with
 * *none when the schema has no direct-LUN disks (RHEV 3.0).
 */
static PGresult *
read_disks(PGconn *conn, bool *none)
{
	PGresult   *res = PQexec(conn, "SELECT pg_catalog.to_regclass('public.disk_lun_map') IS NOT NULL");

	*none = false;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "t") != 0)
	{
		PQclear(res);
		*none = true;
		return NULL;
	}
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
	{
		PQclear(res);
		res = PQexec(conn, direct_sql);
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read the direct-LUN disks: %s",
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ?
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		PQclear(res);
		return NULL;
	}
	return res;
}

static const RdrConfDomain *
find_domain(const RdrConfig *cfg, const char *name, RdrStorageType type)
{
	for (int i = 0; i < cfg->n_domains; i++)
		if (cfg->domains[i].type == type &&
			(name == NULL || strcmp(cfg->domains[i].name, name) == 0))
			return &cfg->domains[i];
	return NULL;
}

/*
 * stays: a disk the failover leaves on site A's array, said (why, and
 * what would move it) when warn is set.
 */
static void
stays(bool warn, const PGresult *res, int i, const char *why, const char *hint)
{
	if (!warn)
		return;
	rdr_log_warning("direct-LUN disk %s on LUN \"%s\" stays on site A's array: %s",
					PQgetvalue(res, i, COL_DISK), PQgetvalue(res, i, COL_LUN), why);
	rdr_log_detail("A VM using the disk cannot start at site B.");
	rdr_log_hint("%s", hint);
}

/* probe_site_b: every LUN of the domain line's target (or fibre host). */
static bool
probe_site_b(const RdrConfig *cfg, const RdrConfDomain *dom, RdrLunList *list,
			 char *where, size_t wsize)
{
	if (dom->type == RDR_STORAGE_FIBRE)
	{
		RdrFcHost	h = {0};

		rdr_fc_host_config(cfg, dom->fc_host, &h);
		snprintf(where, wsize, "fibre host %s", dom->fc_host);
		return rdr_probe_fc_list(&h, list);
	}
	else
	{
		int			port = dom->portal_port;
		const char *addr = rdr_config_connect_to(cfg, dom->portal_host, &port);
		char		portal[300];
		RdrIscsiTarget t = {0};

		snprintf(portal, sizeof(portal), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);
		snprintf(where, wsize, "iSCSI target %s at %s", dom->iqn, portal);
		t.portal = portal;
		t.iqn = dom->iqn;
		t.initiator_iqn = cfg->iscsi_initiator;
		rdr_config_domain_chap(cfg, dom, &t.chap_user, &t.chap_password);
		t.timeout_s = cfg->probe_timeout;
		return rdr_probe_iscsi(&t, list);
	}
}

/*
 * mirror: site B's LUN of line on dom's target, checked against the
 * PV of site A's LUN when it has one; NULL after the message.
 */
static bool
mirror(const RdrConfig *cfg, const RdrConfDomain *dom, const RdrConfDirectLun *line,
	   const char *disk, const char *pv, RdrLun *out)
{
	RdrLunList	list = {0};
	char		where[700];
	const RdrLun *hit = NULL;
	bool		ok;

	rdr_log_verbose("probing site B for direct-LUN disk %s (%s:%d)", disk, cfg->path, line->line);
	if (!probe_site_b(cfg, dom, &list, where, sizeof(where)))
		return false;
	for (size_t j = 0; j < list.count && hit == NULL; j++)
		if (strcmp(list.luns[j].lun_id, line->b_lun_id) == 0)
			hit = &list.luns[j];
	ok = hit != NULL && (pv == NULL || strcmp(hit->pv_uuid, pv) == 0);
	if (hit == NULL)
	{
		rdr_log_error("site B's LUN \"%s\" of direct-LUN disk %s (%s:%d) is not on %s",
					  line->b_lun_id, disk, cfg->path, line->line, where);
		rdr_log_detail("%s presents %zu LUN(s); storage domain \"%s\" (%s:%d) says where the disk's target is at site B.",
					   where, list.count, dom->name, cfg->path, dom->line);
		rdr_log_hint("Check the DIRECT_LUN line, and that the array mirrors site A's LUN \"%s\" to that target.",
					 line->a_lun_id);
	}
	else if (!ok)
	{
		rdr_log_error("site B's LUN \"%s\" of direct-LUN disk %s (%s:%d) carries physical volume %s, not site A's LUN \"%s\"'s %s",
					  hit->lun_id, disk, cfg->path, line->line,
					  hit->pv_uuid[0] ? hit->pv_uuid : "(none)", line->a_lun_id, pv);
		rdr_log_hint("The DIRECT_LUN line names another LUN than site A's mirror; correct it.");
	}
	else
		*out = *hit;
	rdr_lun_list_free(&list);
	return ok;
}

/* add_call: the disk's call, its conf the domain line's with the disk's name. */
static void
add_call(RdrFixPlan *plan, RdrForwardDirect *keep, const RdrConfDomain *dom,
		 const char *disk, const char *old_lun, const RdrLun *lun)
{
	RdrConfDomain *c = &keep->confs[keep->count++];
	RdrFixCall *call;
	char		name[300];

	*c = *dom;
	snprintf(name, sizeof(name), "direct-LUN disk %s", disk);
	c->name = xstrdup(name);
	plan->calls = xrealloc(plan->calls, (size_t) (plan->count + 1) * sizeof(RdrFixCall));
	call = &plan->calls[plan->count++];
	memset(call, 0, sizeof(*call));
	call->conf = c;
	call->old_lun_id = xstrdup(old_lun);
	call->lun = *lun;
	call->direct_lun = true;
}

bool
rdr_direct_lun_plan(PGconn *conn, const RdrConfig *cfg, bool warn,
					RdrFixPlan *plan, RdrForwardDirect *keep)
{
	PGresult   *res;
	bool		none;
	bool		ok = true;
	int			first = plan->count;

	memset(keep, 0, sizeof(*keep));
	if ((res = read_disks(conn, &none)) == NULL)
		return none;
	keep->confs = xcalloc((size_t) PQntuples(res) + 1, sizeof(RdrConfDomain));
	for (int i = 0; i < PQntuples(res); i++)
	{
		const char *disk = PQgetvalue(res, i, COL_DISK);
		const char *lun = PQgetvalue(res, i, COL_LUN);
		const char *pv = PQgetisnull(res, i, COL_PV) || !*PQgetvalue(res, i, COL_PV) ?
		NULL : PQgetvalue(res, i, COL_PV);
		bool		fibre = strcmp(PQgetvalue(res, i, COL_PATHS), "0") == 0;
		const RdrConfDirectLun *line = rdr_config_direct_lun(cfg, lun, true);
		const RdrConfDomain *dom;
		char		why[600];
		char		hint[600];
		RdrLun		found;

		if (line == NULL && rdr_config_direct_lun(cfg, lun, false) != NULL)
		{
			rdr_log_verbose("direct-LUN disk %s is on site B's LUN \"%s\" already", disk, lun);
			continue;
		}
		if (line == NULL)
		{
			snprintf(hint, sizeof(hint), "Add \"DIRECT_LUN SITE_B_LUN_ID %s\" naming its mirror at site B to %s.", lun, cfg->path);
			stays(warn, res, i, "no DIRECT_LUN line names it", hint);
			continue;
		}
		if (!fibre && strcmp(PQgetvalue(res, i, COL_PATHS), "1") != 0)
		{
			snprintf(why, sizeof(why), "it has %s connections (paths), and rdr re-points a direct LUN's one", PQgetvalue(res, i, COL_PATHS));
			stays(warn, res, i, why, "Move the disk at site B by hand (detach it, add it again from site B's mirror LUN).");
			continue;
		}
		dom = fibre ? find_domain(cfg, NULL, RDR_STORAGE_FIBRE) :
			PQgetisnull(res, i, COL_DOMAIN) ? NULL :
			find_domain(cfg, PQgetvalue(res, i, COL_DOMAIN), RDR_STORAGE_ISCSI);
		if (dom == NULL)
		{
			if (fibre)
				snprintf(why, sizeof(why), "it is on fibre channel, and no fibre storage domain's line names a site-B host to look for its mirror on (%s:%d)",
						 cfg->path, line->line);
			else
				snprintf(why, sizeof(why), "its iSCSI target %s %s is no configured storage domain's, so site B's target is unknown (%s:%d)",
						 PQgetvalue(res, i, COL_CONN), PQgetvalue(res, i, COL_IQN), cfg->path, line->line);
			stays(warn, res, i, why, "Move the disk at site B by hand (detach it, add it again from site B's mirror LUN).");
			continue;
		}
		if (!mirror(cfg, dom, line, disk, pv, &found))
		{
			ok = false;
			continue;
		}
		add_call(plan, keep, dom, disk, lun, &found);
		rdr_log_info("direct-LUN disk %s: LUN \"%s\" to site B's \"%s\" (%s:%d)",
					 disk, lun, found.lun_id, cfg->path, line->line);
	}
	PQclear(res);
	if (!ok)
	{
		for (int i = first; i < plan->count; i++)
			free(plan->calls[i].old_lun_id);
		plan->count = first;
		rdr_forward_direct_free(keep);
	}
	return ok;
}

void
rdr_forward_direct_free(RdrForwardDirect *keep)
{
	for (int i = 0; i < keep->count; i++)
		free(keep->confs[i].name);
	free(keep->confs);
	memset(keep, 0, sizeof(*keep));
}
