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
 * nothing of it.  A DIRECT_LUN line names its site-A mirror.  Site A's
 * target: when the disk's iSCSI connection is one of the site-B targets
 * the failover wrote (the "after" of its connection rows, usually a row
 * the disk shares with a domain), that row's "before"; else the line
 * must name it (a target of site B's array no domain uses: the engine
 * wrote a connection row of the disk's own, rewritten in place).  A disk
 * whose address is site A's in the log and not site B's was never moved
 * and stays.  Any other is refused before anything changes, named: rdr
 * cannot tell which array presents it.  Site A's target is probed for
 * the mirror first (its lun_id, and its PV when site B's LUN has one).
 *
 * A fibre direct LUN has no connection to tell the sites apart:
 * failback_lun_fc.c finds it.
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

/*
 * Columns of the direct-LUN query (see rdr_failback_direct_luns).  The
 * site-A target is the log's "before" of the disk's connection when run
 * moved it (COL_A_*, NULL otherwise).
 */
enum
{
	COL_DISK, COL_LUN, COL_PV, COL_CONN, COL_IQN,
	COL_A_CONN, COL_A_IQN, COL_A_PORT, COL_A_PORTAL, COL_A_USER, COL_A_PASSWORD,
	COL_CONN_ID, COL_USER, COL_PASSWORD, COL_AT_SITE_A
};

/*
 * target_from_log: d->conf from the run's "before" of the disk's
 * connection; false after the message when the port or portal group is
 * not a number, or the log lacks the address.
 */
static bool
target_from_log(RdrDirectLun *d, const PGresult *res, int i, long long run)
{
	const char *port = PQgetisnull(res, i, COL_A_PORT) ? "3260" : PQgetvalue(res, i, COL_A_PORT);
	const char *tpgt = PQgetisnull(res, i, COL_A_PORTAL) ? "1" : PQgetvalue(res, i, COL_A_PORTAL);

	d->conf.portal_host = dupv(res, i, COL_A_CONN);
	d->conf.iqn = dupv(res, i, COL_A_IQN);
	/* exactly site A's credentials: none stays none */
	d->conf.chap_user = dupv(res, i, COL_A_USER);
	d->conf.chap_password = dupv(res, i, COL_A_PASSWORD);
	if (!rdr_parse_int(port, 1, 65535, &d->conf.portal_port) ||
		!rdr_parse_int(tpgt, 0, 65535, &d->conf.portal_tpgt))
	{
		rdr_log_error("direct-LUN disk %s: site A's port \"%s\" or portal group \"%s\" in run %lld is not a number",
					  d->disk_id, port, tpgt, run);
		return false;
	}
	if (d->conf.portal_host == NULL || d->conf.iqn == NULL)
	{
		rdr_log_error("direct-LUN disk %s: run %lld did not record site A's target of site B's %s %s",
					  d->disk_id, run, PQgetvalue(res, i, COL_CONN), PQgetvalue(res, i, COL_IQN));
		return false;
	}
	return true;
}

/*
 * target_from_line: d->conf from the DIRECT_LUN line's target; the
 * connection keeps its CHAP credentials (the line has none), and the
 * probe uses them.
 */
static void
target_from_line(RdrDirectLun *d, const PGresult *res, int i)
{
	d->conf.portal_host = xstrdup(d->line->a_portal_host);
	d->conf.portal_port = d->line->a_port;
	d->conf.portal_tpgt = d->line->a_tpgt;
	d->conf.iqn = xstrdup(d->line->a_iqn);
	d->conf.chap_user = dupv(res, i, COL_USER);
	d->conf.chap_password = dupv(res, i, COL_PASSWORD);
}

/* refuse: the message of a direct-LUN disk without a DIRECT_LUN line. */
static void
refuse(const PGresult *res, int i, long long run)
{
	rdr_log_error("direct-LUN disk %s uses LUN \"%s\" on site B's iSCSI target %s %s and has no DIRECT_LUN line",
				  PQgetvalue(res, i, COL_DISK), PQgetvalue(res, i, COL_LUN),
				  PQgetvalue(res, i, COL_CONN), PQgetvalue(res, i, COL_IQN));
	rdr_log_detail("The disk is outside every storage domain (disk_lun_map), created at site B after run %lld; left as it is, it would stay on site B's array after the failback.",
				   run);
	rdr_log_hint("Add \"DIRECT_LUN %s SITE_A_LUN_ID\" naming its mirror at site A, or detach and remove the disk at site B (the LUN's data stays on the array), fail back, then add it again from its site-A mirror LUN.",
				 PQgetvalue(res, i, COL_LUN));
}

/*
 * refuse_unknown_target: a direct-LUN disk on a target run did not move
 * and whose address is not site A's either: rdr cannot tell which array
 * presents it, so its line must name site A's target.
 */
static void
refuse_unknown_target(const RdrConfig *cfg, const PGresult *res, int i,
					  const RdrConfDirectLun *line, long long run)
{
	const char *lun = PQgetvalue(res, i, COL_LUN);

	if (line)
		rdr_log_error("site A's target of direct-LUN disk %s (%s:%d) is unknown: its iSCSI target %s %s is not one run %lld moved",
					  PQgetvalue(res, i, COL_DISK), cfg->path, line->line,
					  PQgetvalue(res, i, COL_CONN), PQgetvalue(res, i, COL_IQN), run);
	else
		rdr_log_error("direct-LUN disk %s uses LUN \"%s\" on iSCSI target %s %s, which run %lld did not move, and has no DIRECT_LUN line",
					  PQgetvalue(res, i, COL_DISK), lun, PQgetvalue(res, i, COL_CONN),
					  PQgetvalue(res, i, COL_IQN), run);
	rdr_log_detail("The disk is outside every storage domain (disk_lun_map) and its target is neither a site-B target of run %lld nor at one of site A's addresses: it may be on site B's array, and would stay there after the failback.",
				   run);
	rdr_log_hint("Name its mirror and site A's target: \"DIRECT_LUN %s SITE_A_LUN_ID SITE_A_PORTAL SITE_A_IQN\".",
				 lun);
}

/*
 * line_target_conflicts: a line naming a target for a disk whose target
 * run moved: that target goes back to the log's, which the line must not
 * contradict (the connection row is shared with a domain's LUN).
 */
static bool
line_target_conflicts(const RdrConfig *cfg, const RdrDirectLun *d)
{
	const RdrConfDirectLun *l = d->line;

	if (l->a_iqn == NULL ||
		(strcmp(l->a_portal_host, d->conf.portal_host) == 0 && strcmp(l->a_iqn, d->conf.iqn) == 0 &&
		 l->a_port == d->conf.portal_port && l->a_tpgt == d->conf.portal_tpgt))
		return false;
	rdr_log_error("%s:%d: DIRECT_LUN %s names site A's target %s:%d,%d %s, but direct-LUN disk %s is on a target the failover moved, which goes back to %s:%d,%d %s",
				  cfg->path, l->line, l->b_lun_id, l->a_portal_host, l->a_port, l->a_tpgt, l->a_iqn,
				  d->disk_id, d->conf.portal_host, d->conf.portal_port, d->conf.portal_tpgt, d->conf.iqn);
	rdr_log_hint("Remove the target from the line: the change log gives it.");
	return true;
}

/*
 * shared_connection_conflicts: two disks on one connection row whose lines
 * send it to two targets (the row is rewritten in place for each).
 */
static bool
shared_connection_conflicts(const RdrConfig *cfg, const RdrDirectLuns *dl)
{
	bool		conflict = false;

	for (int i = 0; i < dl->count; i++)
		for (int j = 0; j < i; j++)
		{
			const RdrDirectLun *a = &dl->items[j];
			const RdrDirectLun *b = &dl->items[i];

			if (strcmp(a->conn_id, b->conn_id) != 0 ||
				(strcmp(a->conf.portal_host, b->conf.portal_host) == 0 &&
				 strcmp(a->conf.iqn, b->conf.iqn) == 0 && a->conf.portal_port == b->conf.portal_port &&
				 a->conf.portal_tpgt == b->conf.portal_tpgt))
				continue;
			rdr_log_error("%s:%d and %s:%d send direct-LUN disks %s and %s, which share one connection (%s), to two site-A targets",
						  cfg->path, a->line->line, cfg->path, b->line->line, a->disk_id,
						  b->disk_id, a->conn_id);
			rdr_log_hint("Name the same site-A target on both lines.");
			conflict = true;
		}
	return conflict;
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

/*
 * The direct-LUN disks with an iSCSI connection, outside every domain:
 * with site A's target from the log when run moved theirs (the "after" of
 * a connection row it wrote), and whether their address is one of site
 * A's in the log and none of site B's (a disk the failover never moved).
 */
static const char direct_luns_sql[] =
"SELECT d.disk_id::pg_catalog.text, l.lun_id, "
"  coalesce(pg_catalog.to_jsonb(l)->>'physical_volume_id', pg_catalog.to_jsonb(l)->>'phisical_volume_id'), "
"  c.connection, c.iqn, x.before->>'connection', x.before->>'iqn', x.before->>'port', "
"  x.before->>'portal', x.before->>'user_name', x.before->>'password', "
"  c.id::pg_catalog.text, c.user_name, c.password, "
"  (EXISTS (SELECT FROM %1$s.rdr_change_log y WHERE y.run OPERATOR(pg_catalog.=) $1::pg_catalog.int8 "
"     AND y.undo_of IS NULL AND y.table_name OPERATOR(pg_catalog.=) 'storage_server_connections' "
"     AND y.before->>'connection' OPERATOR(pg_catalog.=) c.connection) "
"   AND NOT EXISTS (SELECT FROM %1$s.rdr_change_log y WHERE y.run OPERATOR(pg_catalog.=) $1::pg_catalog.int8 "
"     AND y.undo_of IS NULL AND y.table_name OPERATOR(pg_catalog.=) 'storage_server_connections' "
"     AND y.after->>'connection' OPERATOR(pg_catalog.=) c.connection))::pg_catalog.text "
"FROM public.disk_lun_map d "
"JOIN public.luns l ON l.lun_id OPERATOR(pg_catalog.=) d.lun_id "
"JOIN public.lun_storage_server_connection_map m ON m.lun_id OPERATOR(pg_catalog.=) l.lun_id "
"JOIN public.storage_server_connections c ON c.id OPERATOR(pg_catalog.=) m.storage_server_connection "
"LEFT JOIN LATERAL (SELECT y.before FROM %1$s.rdr_change_log y WHERE y.run OPERATOR(pg_catalog.=) $1::pg_catalog.int8 "
"  AND y.undo_of IS NULL AND y.table_name OPERATOR(pg_catalog.=) 'storage_server_connections' "
"  AND y.after->>'connection' OPERATOR(pg_catalog.=) c.connection "
"  AND y.after->>'iqn' IS NOT DISTINCT FROM c.iqn ORDER BY y.id LIMIT 1) x ON true "
"WHERE NOT EXISTS (SELECT FROM public.storage_domain_static s "
"  WHERE s.storage OPERATOR(pg_catalog.=) l.volume_group_id) "
"ORDER BY 1, 2";

/*
 * classify_one: row i of the query into dl, or refused (false after the
 * message), or left where it is (site A's already, said).
 */
static bool
classify_one(const RdrConfig *cfg, const PGresult *res, int i, long long run,
			 RdrDirectLuns *dl)
{
	const RdrConfDirectLun *line = rdr_config_direct_lun(cfg, PQgetvalue(res, i, COL_LUN), false);
	bool		moved = !PQgetisnull(res, i, COL_A_CONN) || !PQgetisnull(res, i, COL_A_IQN);
	RdrDirectLun *d;
	char		name[300];

	if (moved && line == NULL)
	{
		refuse(res, i, run);
		return false;
	}
	if (!moved && (line == NULL || line->a_iqn == NULL))
	{
		if (strcmp(PQgetvalue(res, i, COL_AT_SITE_A), "true") != 0)
		{
			refuse_unknown_target(cfg, res, i, line, run);
			return false;
		}
		rdr_log_info("direct-LUN disk %s: LUN \"%s\" is on site A's target %s %s already, left as it is",
					 PQgetvalue(res, i, COL_DISK), PQgetvalue(res, i, COL_LUN),
					 PQgetvalue(res, i, COL_CONN), PQgetvalue(res, i, COL_IQN));
		return true;
	}
	d = &dl->items[dl->count++];
	d->disk_id = xstrdup(PQgetvalue(res, i, COL_DISK));
	d->b_lun_id = xstrdup(PQgetvalue(res, i, COL_LUN));
	d->b_pv_id = dupv(res, i, COL_PV);
	d->conn_id = xstrdup(PQgetvalue(res, i, COL_CONN_ID));
	d->line = line;
	snprintf(name, sizeof(name), "direct-LUN disk %s", d->disk_id);
	d->conf.name = xstrdup(name);
	d->conf.type = RDR_STORAGE_ISCSI;
	d->conf.line = line->line;
	d->conf.chap_given = true;
	if (!moved)
	{
		target_from_line(d, res, i);
		return true;
	}
	return target_from_log(d, res, i, run) && !line_target_conflicts(cfg, d);
}

bool
rdr_failback_direct_luns(PGconn *conn, const RdrConfig *cfg, const char *schema,
						 long long run, RdrDirectLuns *out)
{
	char		sql[sizeof(direct_luns_sql) + 256];
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
	snprintf(sql, sizeof(sql), direct_luns_sql, schema);
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
		ok = classify_one(cfg, res, i, run, out) && ok;
	PQclear(res);
	if (ok && shared_connection_conflicts(cfg, out))
		ok = false;
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
		free(d->conn_id);
		free(d->conf.name);
		free(d->conf.portal_host);
		free(d->conf.iqn);
		free(d->conf.fc_host);
		free(d->conf.chap_user);
		free(d->conf.chap_password);
	}
	free(dl->items);
	memset(dl, 0, sizeof(*dl));
}
