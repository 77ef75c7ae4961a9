/*-------------------------------------------------------------------------
 *
 * failback_lun.c
 *	  rdr-failover --failback: direct-LUN disks created at site B (see
 *	  failback_lun.h).
 *
 * A direct-LUN disk is a VM disk that is a whole LUN, outside any storage
 * domain (oVirt 3.1 and later).  The engine's AddDiskCommand
 * (createDiskBasedOnLun) writes it in one transaction: the LUN's luns row
 * and, for iSCSI, its connection and map rows (LunHelper.proceedLUNInDb),
 * the disk (base_disks) and disk_lun_map (disk_id, lun_id).  Such a LUN
 * belongs to no volume group of a domain, so the failback's per-domain
 * rdr_fix_* calls never re-point it: created at site B, it would stay on
 * site B's array after the failback, unnoticed.
 *
 * It cannot be matched like a domain's LUN: its content is the guest's,
 * with no PV label rdr can rely on, and the failover's change log knows
 * nothing of it.  A DIRECT_LUN line names its site-A mirror.  What is
 * found: a disk_lun_map LUN in no domain whose iSCSI connection is one of
 * the site-B targets the failover wrote (the "after" of its connection
 * rows); that row's "before" is site A's target, probed for the mirror
 * before anything changes (its lun_id, and its PV when site B's LUN has
 * one).  Without a line the failback refuses, naming the disk.  A fibre
 * direct LUN has no connection to tell the sites apart: failback_lun_fc.c
 * finds it.
 *
 *-------------------------------------------------------------------------
 */
#include "failback_lun.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "numparse.h"
#include "xalloc.h"

/* has_direct_luns: whether the schema has disk_lun_map; -1 on error. */
static int
has_direct_luns(PGconn *conn)
{
	PGresult   *res = PQexec(conn, "SELECT pg_catalog.to_regclass('public.disk_lun_map') IS NOT NULL");
	int			r;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not look for the direct-LUN disks' table: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	r = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return r;
}

static char *
dupv(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) || PQgetvalue(res, row, col)[0] == '\0' ?
		NULL : xstrdup(PQgetvalue(res, row, col));
}

static const RdrConfDirectLun *
find_line(const RdrConfig *cfg, const char *b_lun_id)
{
	for (int i = 0; i < cfg->n_direct_lun; i++)
		if (strcmp(cfg->direct_lun[i].b_lun_id, b_lun_id) == 0)
			return &cfg->direct_lun[i];
	return NULL;
}

/*
 * site_a_target: d->conf from row i of res (columns 5..10: site A's
 * connection, iqn, port, portal, user_name, password); false after the
 * message when the port or portal group is not a number.
 */
static bool
site_a_target(RdrDirectLun *d, const PGresult *res, int i, long long run)
{
	const char *port = PQgetisnull(res, i, 7) ? "3260" : PQgetvalue(res, i, 7);
	const char *tpgt = PQgetisnull(res, i, 8) ? "1" : PQgetvalue(res, i, 8);
	char		name[300];

	snprintf(name, sizeof(name), "direct-LUN disk %s", d->disk_id);
	d->conf.name = xstrdup(name);
	d->conf.type = RDR_STORAGE_ISCSI;
	d->conf.line = d->line->line;
	d->conf.portal_host = dupv(res, i, 5);
	d->conf.iqn = dupv(res, i, 6);
	/* exactly site A's credentials: none stays none */
	d->conf.chap_given = true;
	d->conf.chap_user = dupv(res, i, 9);
	d->conf.chap_password = dupv(res, i, 10);
	if (!rdr_parse_int(port, 1, 65535, &d->conf.portal_port) ||
		!rdr_parse_int(tpgt, 0, 65535, &d->conf.portal_tpgt))
	{
		rdr_log_error("direct-LUN disk %s: site A's port \"%s\" or portal group \"%s\" in run %lld is not a number",
					  d->disk_id, port, tpgt, run);
		return false;
	}
	return true;
}

/* refuse: the message of a direct-LUN disk without a DIRECT_LUN line. */
static void
refuse(const PGresult *res, int i, long long run)
{
	rdr_log_error("direct-LUN disk %s uses LUN \"%s\" on site B's iSCSI target %s %s and has no DIRECT_LUN line",
				  PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 3),
				  PQgetvalue(res, i, 4));
	rdr_log_detail("The disk is outside every storage domain (disk_lun_map), created at site B after run %lld; left as it is, it would stay on site B's array after the failback.",
				   run);
	rdr_log_hint("Add \"DIRECT_LUN %s SITE_A_LUN_ID\" naming its mirror at site A, or detach and remove the disk at site B (the LUN's data stays on the array), fail back, then add it again from its site-A mirror LUN.",
				 PQgetvalue(res, i, 1));
}

void
rdr_failback_direct_lun_unused(const RdrConfig *cfg, const RdrDirectLuns *dl,
							   const RdrDirectLuns *fc)
{
	for (int i = 0; i < cfg->n_direct_lun; i++)
	{
		bool		used = false;

		for (int j = 0; j < dl->count && !used; j++)
			used = dl->items[j].line == &cfg->direct_lun[i];
		for (int j = 0; j < fc->count && !used; j++)
			used = fc->items[j].line == &cfg->direct_lun[i];
		if (!used)
			rdr_log_warning("%s:%d: no direct-LUN disk on a site-B target uses LUN \"%s\": the line is not used",
							cfg->path, cfg->direct_lun[i].line, cfg->direct_lun[i].b_lun_id);
	}
}

bool
rdr_failback_direct_luns(PGconn *conn, const RdrConfig *cfg, const char *schema,
						 long long run, RdrDirectLuns *out)
{
	char		sql[2048];
	char		arg[32];
	const char *v[1] = {arg};
	PGresult   *res;
	bool		ok = true;

	memset(out, 0, sizeof(*out));
	switch (has_direct_luns(conn))
	{
		case -1:
			return false;
		case 0:
			return true;
	}
	snprintf(arg, sizeof(arg), "%lld", run);
	snprintf(sql, sizeof(sql),
			 "SELECT d.disk_id::pg_catalog.text, l.lun_id, "
			 "  coalesce(pg_catalog.to_jsonb(l)->>'physical_volume_id', pg_catalog.to_jsonb(l)->>'phisical_volume_id'), "
			 "  c.connection, c.iqn, x.before->>'connection', x.before->>'iqn', x.before->>'port', "
			 "  x.before->>'portal', x.before->>'user_name', x.before->>'password' "
			 "FROM public.disk_lun_map d "
			 "JOIN public.luns l ON l.lun_id OPERATOR(pg_catalog.=) d.lun_id "
			 "JOIN public.lun_storage_server_connection_map m ON m.lun_id OPERATOR(pg_catalog.=) l.lun_id "
			 "JOIN public.storage_server_connections c ON c.id OPERATOR(pg_catalog.=) m.storage_server_connection "
			 "JOIN LATERAL (SELECT y.before FROM %s.rdr_change_log y WHERE y.run OPERATOR(pg_catalog.=) $1::pg_catalog.int8 "
			 "  AND y.undo_of IS NULL AND y.table_name OPERATOR(pg_catalog.=) 'storage_server_connections' "
			 "  AND y.after->>'connection' OPERATOR(pg_catalog.=) c.connection "
			 "  AND y.after->>'iqn' IS NOT DISTINCT FROM c.iqn ORDER BY y.id LIMIT 1) x ON true "
			 "WHERE NOT EXISTS (SELECT FROM public.storage_domain_static s "
			 "  WHERE s.storage OPERATOR(pg_catalog.=) l.volume_group_id) "
			 "ORDER BY 1, 2", schema);
	res = PQexecParams(conn, sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read the direct-LUN disks: %s",
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ?
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		PQclear(res);
		return false;
	}
	out->items = xcalloc((size_t) PQntuples(res) + 1, sizeof(RdrDirectLun));
	for (int i = 0; i < PQntuples(res); i++)
	{
		const RdrConfDirectLun *line = find_line(cfg, PQgetvalue(res, i, 1));
		RdrDirectLun *d;

		if (line == NULL)
		{
			refuse(res, i, run);
			ok = false;
			continue;
		}
		d = &out->items[out->count++];
		d->disk_id = xstrdup(PQgetvalue(res, i, 0));
		d->b_lun_id = xstrdup(PQgetvalue(res, i, 1));
		d->b_pv_id = dupv(res, i, 2);
		d->line = line;
		if (!site_a_target(d, res, i, run))
			ok = false;
		else if (d->conf.portal_host == NULL || d->conf.iqn == NULL)
		{
			rdr_log_error("direct-LUN disk %s: run %lld did not record site A's target of site B's %s %s",
						  d->disk_id, run, PQgetvalue(res, i, 3), PQgetvalue(res, i, 4));
			ok = false;
		}
	}
	PQclear(res);
	return ok;
}

/* probe_one: site A's target of d, then its mirror LUN checked. */
static bool
probe_one(const RdrConfig *cfg, RdrDirectLun *d)
{
	RdrLunList	list = {0};
	int			port = d->conf.portal_port;
	const char *addr = rdr_config_connect_to(cfg, d->conf.portal_host, &port);
	char		portal[300];
	char		where[700];
	RdrIscsiTarget t = {0};
	const RdrLun *hit = NULL;
	bool		ok;

	snprintf(portal, sizeof(portal), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);
	snprintf(where, sizeof(where), "site A's iSCSI target %s at %s", d->conf.iqn, portal);
	t.portal = portal;
	t.iqn = d->conf.iqn;
	t.initiator_iqn = cfg->iscsi_initiator;
	t.chap_user = d->conf.chap_user;
	t.chap_password = d->conf.chap_password;
	t.timeout_s = cfg->probe_timeout;
	rdr_log_verbose("probing %s for direct-LUN disk %s", where, d->disk_id);
	if (!rdr_probe_iscsi(&t, &list))
		return false;
	for (size_t j = 0; j < list.count && hit == NULL; j++)
		if (strcmp(list.luns[j].lun_id, d->line->a_lun_id) == 0)
			hit = &list.luns[j];
	ok = hit != NULL && (d->b_pv_id == NULL || strcmp(hit->pv_uuid, d->b_pv_id) == 0);
	if (hit == NULL)
	{
		rdr_log_error("site A's LUN \"%s\" of direct-LUN disk %s (%s:%d) is not on %s",
					  d->line->a_lun_id, d->disk_id, cfg->path, d->line->line, where);
		rdr_log_detail("%s presents %zu LUN(s).", where, list.count);
		rdr_log_hint("Check the DIRECT_LUN line, and that the array replicated site B's LUN \"%s\" back to site A and presents it on that target.",
					 d->b_lun_id);
	}
	else if (!ok)
	{
		rdr_log_error("site A's LUN \"%s\" of direct-LUN disk %s (%s:%d) carries physical volume %s, not site B's LUN \"%s\"'s %s",
					  hit->lun_id, d->disk_id, cfg->path, d->line->line,
					  hit->pv_uuid[0] ? hit->pv_uuid : "(none)", d->b_lun_id, d->b_pv_id);
		rdr_log_hint("The DIRECT_LUN line names another LUN than site B's mirror; correct it.");
	}
	else
		d->lun = *hit;
	rdr_lun_list_free(&list);
	return ok;
}

bool
rdr_failback_probe_direct_luns(const RdrConfig *cfg, RdrDirectLuns *dl)
{
	bool		ok = true;

	for (int i = 0; i < dl->count; i++)
		ok = probe_one(cfg, &dl->items[i]) && ok;
	return ok;
}

void
rdr_failback_direct_luns_free(RdrDirectLuns *dl)
{
	for (int i = 0; i < dl->count; i++)
	{
		RdrDirectLun *d = &dl->items[i];

		free(d->disk_id);
		free(d->b_lun_id);
		free(d->b_pv_id);
		free(d->conf.name);
		free(d->conf.portal_host);
		free(d->conf.iqn);
		free(d->conf.chap_user);
		free(d->conf.chap_password);
	}
	free(dl->items);
	memset(dl, 0, sizeof(*dl));
}
