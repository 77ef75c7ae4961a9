/*-------------------------------------------------------------------------
 *
 * failback_lun_fc.c
 *	  rdr-failover --failback: fibre channel direct-LUN disks created at
 *	  site B (see failback_lun_fc.h).
 *
 * The engine writes a fibre direct-LUN disk as an iSCSI one without the
 * connection: the LUN's luns row, outside every volume group, and
 * disk_lun_map (AddDiskCommand.createDiskBasedOnLun; LunHelper maps only
 * iSCSI LUNs to a storage server connection).  So failback_lun.c, which
 * tells site B's iSCSI LUNs by their connection, never sees it, and
 * neither does the change log: a LUN outside every domain with no
 * connection map row is such a disk, whichever site made it.
 *
 * The sites are told apart by what site A's fibre hypervisor (CONFIG
 * failback_fc_host, the host failback_fc.c probes for the fibre domains)
 * sees: a disk made at site A before the failover is still on site A's
 * LUN, which that host presents under the same lun_id, and is left as it
 * is.  Any other needs a DIRECT_LUN line naming its mirror, looked for on
 * that host before anything changes (and its PV, when site B's LUN has
 * one, as failback_lun.c checks an iSCSI mirror); without the line, or
 * without the host, the failback refuses, naming the disk, so that no
 * disk stays on site B's array unnoticed.  The host is probed once, for
 * every such disk.
 *
 *-------------------------------------------------------------------------
 */
#include "failback_lun_fc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbfix.h"
#include "log.h"
#include "xalloc.h"

/* One fibre direct-LUN disk as the database has it. */
typedef struct FcCandidate
{
	const char *disk_id;
	const char *lun_id;
	const char *pv_id;			/* NULL: none */
	const RdrConfDirectLun *line;	/* NULL: none */
} FcCandidate;

/*
 * read_candidates: the disk_lun_map LUNs in no domain's volume group with
 * no connection map row; NULL after the message, an empty result when the
 * schema has no direct-LUN disks.
 */
static PGresult *
read_candidates(PGconn *conn, bool *none)
{
	PGresult   *res;

	*none = false;
	res = PQexec(conn, "SELECT pg_catalog.to_regclass('public.disk_lun_map') IS NOT NULL");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not look for the direct-LUN disks' table: %s", PQerrorMessage(conn));
		PQclear(res);
		return NULL;
	}
	*none = strcmp(PQgetvalue(res, 0, 0), "t") != 0;
	PQclear(res);
	if (*none)
		return NULL;
	res = PQexec(conn,
				 "SELECT d.disk_id::pg_catalog.text, l.lun_id::pg_catalog.text, "
				 "  coalesce(pg_catalog.to_jsonb(l)->>'physical_volume_id', pg_catalog.to_jsonb(l)->>'phisical_volume_id') "
				 "FROM public.disk_lun_map d "
				 "JOIN public.luns l ON l.lun_id OPERATOR(pg_catalog.=) d.lun_id "
				 "WHERE NOT EXISTS (SELECT FROM public.storage_domain_static s "
				 "  WHERE s.storage OPERATOR(pg_catalog.=) l.volume_group_id) "
				 "AND NOT EXISTS (SELECT FROM public.lun_storage_server_connection_map m "
				 "  WHERE m.lun_id OPERATOR(pg_catalog.=) l.lun_id) "
				 "ORDER BY 1, 2");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read the fibre channel direct-LUN disks: %s",
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ?
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		PQclear(res);
		return NULL;
	}
	return res;
}

static const RdrLun *
find_lun(const RdrLunList *list, const char *lun_id)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->luns[i].lun_id, lun_id) == 0)
			return &list->luns[i];
	return NULL;
}

/* no_host: a fibre direct-LUN disk, and no site-A host to look with. */
static void
no_host(const RdrConfig *cfg, const FcCandidate *c)
{
	rdr_log_error("direct-LUN disk %s uses fibre channel LUN \"%s\", and no host of site A is configured to see it",
				  c->disk_id, c->lun_id);
	rdr_log_detail("The disk is outside every storage domain (disk_lun_map): the failback looks for its LUN, or for its mirror, on a hypervisor of site A before anything changes.");
	if (c->line)
		rdr_log_hint("Name a hypervisor of site A that sees the LUN with \"CONFIG failback_fc_host HOST\" in %s.",
					 cfg->path);
	else
		rdr_log_hint("Name a hypervisor of site A that sees the LUN with \"CONFIG failback_fc_host HOST\" in %s, and if the disk was created at site B, add \"DIRECT_LUN %s SITE_A_LUN_ID\" naming its mirror at site A.",
					 cfg->path, c->lun_id);
}

/* refuse: a disk on a LUN site A does not see, without a DIRECT_LUN line. */
static void
refuse(const FcCandidate *c, const char *where, long long run)
{
	rdr_log_error("direct-LUN disk %s uses fibre channel LUN \"%s\", which %s does not see, and has no DIRECT_LUN line",
				  c->disk_id, c->lun_id, where);
	rdr_log_detail("The disk is outside every storage domain (disk_lun_map), created at site B after run %lld; left as it is, it would stay on site B's array after the failback.",
				   run);
	rdr_log_hint("Add \"DIRECT_LUN %s SITE_A_LUN_ID\" naming its mirror at site A, or detach and remove the disk at site B (the LUN's data stays on the array), fail back, then add it again from its site-A mirror LUN.",
				 c->lun_id);
}

/*
 * check_mirror: site A's LUN of c's line on list, and its PV; NULL after
 * the message, in failback_lun.c's words for an iSCSI mirror.
 */
static const RdrLun *
check_mirror(const RdrConfig *cfg, const FcCandidate *c, const RdrLunList *list,
			 const char *where)
{
	const RdrLun *hit = find_lun(list, c->line->a_lun_id);

	if (hit == NULL)
	{
		rdr_log_error("site A's LUN \"%s\" of direct-LUN disk %s (%s:%d) is not on %s",
					  c->line->a_lun_id, c->disk_id, cfg->path, c->line->line, where);
		rdr_log_detail("%s presents %zu LUN(s).", where, list->count);
		rdr_log_hint("Check the DIRECT_LUN line, and that the array replicated site B's LUN \"%s\" back to site A and presents it to that host.",
					 c->lun_id);
		return NULL;
	}
	if (c->pv_id != NULL && strcmp(hit->pv_uuid, c->pv_id) != 0)
	{
		rdr_log_error("site A's LUN \"%s\" of direct-LUN disk %s (%s:%d) carries physical volume %s, not site B's LUN \"%s\"'s %s",
					  hit->lun_id, c->disk_id, cfg->path, c->line->line,
					  hit->pv_uuid[0] ? hit->pv_uuid : "(none)", c->lun_id, c->pv_id);
		rdr_log_hint("The DIRECT_LUN line names another LUN than site B's mirror; correct it.");
		return NULL;
	}
	return hit;
}

static void
push(RdrDirectLuns *out, const RdrConfig *cfg, const FcCandidate *c, const RdrLun *lun)
{
	RdrDirectLun *d;
	char		name[300];

	out->items = xrealloc(out->items, (size_t) (out->count + 1) * sizeof(RdrDirectLun));
	d = &out->items[out->count++];
	memset(d, 0, sizeof(*d));
	d->disk_id = xstrdup(c->disk_id);
	d->b_lun_id = xstrdup(c->lun_id);
	d->b_pv_id = c->pv_id ? xstrdup(c->pv_id) : NULL;
	d->line = c->line;
	snprintf(name, sizeof(name), "direct-LUN disk %s", c->disk_id);
	d->conf.name = xstrdup(name);
	d->conf.type = RDR_STORAGE_FIBRE;
	d->conf.line = c->line->line;
	d->conf.fc_host = xstrdup(cfg->failback_fc_host);
	d->lun = *lun;
}

bool
rdr_failback_direct_fc_luns(PGconn *conn, const RdrConfig *cfg, long long run,
							RdrDirectLuns *out)
{
	PGresult   *res;
	bool		none;
	bool		ok = true;
	bool		probed = false;
	int			n;
	FcCandidate *cand;
	RdrLunList	list = {0};
	RdrFcHost	h = {0};
	char		where[400] = "";

	memset(out, 0, sizeof(*out));
	if ((res = read_candidates(conn, &none)) == NULL)
		return none;
	n = PQntuples(res);
	cand = xcalloc((size_t) n + 1, sizeof(FcCandidate));
	for (int i = 0; i < n; i++)
	{
		cand[i].disk_id = PQgetvalue(res, i, 0);
		cand[i].lun_id = PQgetvalue(res, i, 1);
		cand[i].pv_id = PQgetisnull(res, i, 2) || PQgetvalue(res, i, 2)[0] == '\0' ?
			NULL : PQgetvalue(res, i, 2);
		cand[i].line = rdr_config_direct_lun(cfg, cand[i].lun_id, false);
	}
	if (n > 0 && cfg->failback_fc_host == NULL)
	{
		for (int i = 0; i < n; i++)
			no_host(cfg, &cand[i]);
		ok = false;
	}
	else if (n > 0)
	{
		snprintf(where, sizeof(where), "site A's fibre host %s", cfg->failback_fc_host);
		rdr_fc_host_config(cfg, cfg->failback_fc_host, &h);
		rdr_log_verbose("probing %s for %d fibre channel direct-LUN disk(s)", where, n);
		ok = probed = rdr_probe_fc_list(&h, &list);
	}
	for (int i = 0; probed && i < n; i++)
	{
		const FcCandidate *c = &cand[i];
		const RdrLun *hit;

		if (c->line == NULL && find_lun(&list, c->lun_id) != NULL)
			rdr_log_info("direct-LUN disk %s: fibre channel LUN \"%s\" is site A's (%s sees it): left as it is",
						 c->disk_id, c->lun_id, where);
		else if (c->line == NULL)
		{
			refuse(c, where, run);
			ok = false;
		}
		else if (c->line->a_iqn != NULL)
		{
			/* a target on the line: written for an iSCSI disk, or a mix-up */
			rdr_log_error("%s:%d: DIRECT_LUN %s names iSCSI target %s, but direct-LUN disk %s is on fibre channel LUN \"%s\", which has no target",
						  cfg->path, c->line->line, c->lun_id, c->line->a_iqn, c->disk_id, c->lun_id);
			rdr_log_hint("Remove the target from the line: the mirror is looked for on %s.", where);
			ok = false;
		}
		else if ((hit = check_mirror(cfg, c, &list, where)) != NULL)
			push(out, cfg, c, hit);
		else
			ok = false;
	}
	rdr_lun_list_free(&list);
	free(cand);
	PQclear(res);
	return ok;
}
