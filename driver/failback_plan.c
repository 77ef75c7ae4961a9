/*-------------------------------------------------------------------------
 *
 * failback_plan.c
 *	  rdr-failover --failback: which rdr_fix_* call each storage domain
 *	  needs to point at site A again (see failback_plan.h).
 *
 * The failover recorded every row it changed, whole, before and after
 * (rdr_change_log).  Site A's identities are therefore known exactly:
 * an NFS domain's export is the "before" of its connection row, a LUN's
 * SCSI identity is the "before" of its luns row, and an iSCSI target the
 * "before" of the connection row the LUN was mapped to.  The domains are
 * found by what the failover wrote ("after"), so rows the engine added at
 * site B since are not touched by the lookup and survive the fix.
 *
 * The log is not trusted blindly: site A's iSCSI targets (or, for a fibre
 * domain, the LUNs a site-A host sees: failback_fc.c) are probed again
 * and every LUN is matched by its LVM physical volume UUID, as the
 * failover matched site B's (array replication copies the label both
 * ways), preferring the LUN the log names when a fabric shows two.  A LUN that is not there, or carries another PV, stops the plan
 * before anything changes, naming site A's LUN.  A LUN added at site B to
 * a domain that was failed over has no site-A row in the log, but its PV
 * is on the mirror of the domain's target, and is found there the same
 * way.
 *
 * A direct-LUN disk created at site B is in no domain: failback_lun.c
 * finds it on iSCSI, failback_lun_fc.c on fibre channel, its DIRECT_LUN
 * line names its mirror, and its call comes last.
 *
 * A domain created at site B after the failover has no site A in the log:
 * it needs a Storage_Domain line naming its site-A mirror (then it is
 * probed and matched like a failover's domain), or an EXCLUDE_DOMAIN line
 * to leave it at site B deliberately; without either the plan refuses, so
 * no domain is silently left pointing at site B.
 *
 *-------------------------------------------------------------------------
 */
#include "failback_plan.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "failback_fc.h"
#include "failback_lun.h"
#include "failback_lun_fc.h"
#include "interrupt.h"
#include "log.h"
#include "numparse.h"
#include "probe.h"
#include "xalloc.h"

/* One LUN the failover re-pointed: its site-B lun_id and site A's row. */
typedef struct LogLun
{
	char	   *b_lun_id;		/* what the failover wrote */
	char	   *lun_id;			/* site A's, from "before" */
	char	   *serial;
	char	   *vendor_id;
	char	   *product_id;
	char	   *pv_id;
	int			lun_mapping;
	/* iSCSI: site A's target, from the connection row's "before" */
	char	   *connection;
	char	   *iqn;
	char	   *port;
	char	   *portal;
	char	   *user_name;
	char	   *password;
} LogLun;

/* One NFS connection the failover re-pointed. */
typedef struct LogNfs
{
	char	   *b_connection;
	char	   *connection;
} LogNfs;

typedef struct FailbackLog
{
	LogLun	   *luns;
	int			n_luns;
	LogNfs	   *nfs;
	int			n_nfs;
	long long	run;
} FailbackLog;

static char *
dupv(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : xstrdup(PQgetvalue(res, row, col));
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* query: one statement with the run as its parameter; NULL after a message. */
static PGresult *
query(PGconn *conn, const char *sql, long long run, const char *what)
{
	char		arg[32];
	const char *v[1] = {arg};
	PGresult   *res;

	snprintf(arg, sizeof(arg), "%lld", run);
	res = PQexecParams(conn, sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	rdr_log_error("could not read %s of run %lld from rdr_change_log: %s", what, run,
				  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ?
				  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
	rdr_log_detail("SQLSTATE %s.", PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
				   PQresultErrorField(res, PG_DIAG_SQLSTATE) : "(none)");
	PQclear(res);
	return NULL;
}

long long
rdr_failback_find_run(PGconn *conn, long long from_run)
{
	const char *schema = rdr_db_ext_schema(conn);
	char		sql[768];
	PGresult   *res;
	long long	run = from_run;
	int64_t		v;
	const char *app;

	if (schema == NULL)
		return -1;
	if (run <= 0)
	{
		/* the newest run: what the database was last moved by */
		snprintf(sql, sizeof(sql), "SELECT pg_catalog.max(run) FROM %s.rdr_change_log WHERE $1::pg_catalog.int8 = 0",
				 schema);
		if ((res = query(conn, sql, 0, "the newest run")) == NULL)
			return -1;
		if (PQgetisnull(res, 0, 0) || !rdr_parse_int64(PQgetvalue(res, 0, 0), 1, INT64_MAX, &v))
		{
			PQclear(res);
			rdr_log_error("rdr_change_log holds no run: there is no failover to fail back");
			rdr_log_hint("A failback reverses the storage rows of a failover run of rdr-failover; give it with --from-run N if the log was restored elsewhere.");
			return -1;
		}
		run = (long long) v;
		PQclear(res);
	}
	snprintf(sql, sizeof(sql),
			 "SELECT pg_catalog.count(*) FILTER (WHERE l.undo_of IS NULL), "
			 "  pg_catalog.max(l.undo_of), pg_catalog.max(l.application) "
			 "FROM %s.rdr_change_log l WHERE l.run = $1::pg_catalog.int8", schema);
	if ((res = query(conn, sql, run, "the rows")) == NULL)
		return -1;
	app = PQgetisnull(res, 0, 2) ? "" : PQgetvalue(res, 0, 2);
	if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
	{
		if (!PQgetisnull(res, 0, 1))
			rdr_log_error("run %lld undid run %s: it is not a failover to fail back", run,
						  PQgetvalue(res, 0, 1));
		else
			rdr_log_error("run %lld is not in rdr_change_log", run);
		rdr_log_hint("Give the failover's run with --from-run N: it is on the \"done storage\" line of its state file and in its report.");
		PQclear(res);
		return -1;
	}
	if (strncmp(app, RDR_FAILBACK_APP, strlen(RDR_FAILBACK_APP)) == 0)
	{
		rdr_log_error("run %lld is already a failback (%s): the storage points at site A", run, app);
		rdr_log_hint("A failback follows a failover; to fail back an older failover run, give it with --from-run N.");
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return run;
}

/* read_log: the NFS connections and the LUNs run re-pointed. */
static bool
read_log(PGconn *conn, const char *schema, long long run, FailbackLog *log)
{
	char		sql[4096];
	PGresult   *res;

	memset(log, 0, sizeof(*log));
	log->run = run;
	snprintf(sql, sizeof(sql),
			 "SELECT l.after->>'connection', l.before->>'connection' "
			 "FROM %s.rdr_change_log l WHERE l.run = $1::pg_catalog.int8 AND l.undo_of IS NULL "
			 "AND l.table_name = 'storage_server_connections' AND l.operation = 'UPDATE' "
			 "AND l.before->>'iqn' IS NULL ORDER BY l.id", schema);
	if ((res = query(conn, sql, run, "the NFS connections")) == NULL)
		return false;
	log->n_nfs = PQntuples(res);
	log->nfs = xcalloc((size_t) log->n_nfs + 1, sizeof(LogNfs));
	for (int i = 0; i < log->n_nfs; i++)
	{
		log->nfs[i].b_connection = dupv(res, i, 0);
		log->nfs[i].connection = dupv(res, i, 1);
	}
	PQclear(res);

	/*
	 * A LUN with a new lun_id was inserted (site B) and deleted (site A) by
	 * one call: the pair shares its volume group and PV.  Its target is the
	 * connection its site-A row was mapped to.
	 */
	snprintf(sql, sizeof(sql),
			 "SELECT coalesce(i.after->>'lun_id', l.after->>'lun_id'), l.before->>'lun_id', "
			 "  l.before->>'serial', l.before->>'vendor_id', l.before->>'product_id', "
			 "  l.before->>'physical_volume_id', l.before->>'lun_mapping', "
			 "  c.before->>'connection', c.before->>'iqn', c.before->>'port', "
			 "  c.before->>'portal', c.before->>'user_name', c.before->>'password' "
			 "FROM %1$s.rdr_change_log l "
			 "LEFT JOIN LATERAL (SELECT x.after FROM %1$s.rdr_change_log x "
			 "  WHERE x.run = l.run AND x.undo_of IS NULL AND x.table_name = 'luns' "
			 "  AND x.operation = 'INSERT' AND l.operation = 'DELETE' "
			 "  AND x.after->'volume_group_id' = l.before->'volume_group_id' "
			 "  AND coalesce(x.after->>'physical_volume_id', '') = coalesce(l.before->>'physical_volume_id', '') "
			 "  ORDER BY x.id LIMIT 1) i ON true "
			 "LEFT JOIN LATERAL (SELECT m.before->>'storage_server_connection' AS id "
			 "  FROM %1$s.rdr_change_log m WHERE m.run = l.run AND m.undo_of IS NULL "
			 "  AND m.table_name = 'lun_storage_server_connection_map' "
			 "  AND m.before->>'lun_id' = l.before->>'lun_id' ORDER BY m.id LIMIT 1) mp ON true "
			 "LEFT JOIN LATERAL (SELECT s.before FROM %1$s.rdr_change_log s "
			 "  WHERE s.run = l.run AND s.undo_of IS NULL AND s.table_name = 'storage_server_connections' "
			 "  AND s.before->>'id' = mp.id ORDER BY s.id LIMIT 1) c ON true "
			 "WHERE l.run = $1::pg_catalog.int8 AND l.undo_of IS NULL "
			 "AND l.table_name = 'luns' AND l.operation IN ('DELETE', 'UPDATE') "
			 "ORDER BY l.id", schema);
	if ((res = query(conn, sql, run, "the LUNs")) == NULL)
		return false;
	log->n_luns = PQntuples(res);
	log->luns = xcalloc((size_t) log->n_luns + 1, sizeof(LogLun));
	for (int i = 0; i < log->n_luns; i++)
	{
		LogLun	   *l = &log->luns[i];
		const char *map = PQgetisnull(res, i, 6) ? "0" : PQgetvalue(res, i, 6);

		l->b_lun_id = dupv(res, i, 0);
		l->lun_id = dupv(res, i, 1);
		l->serial = dupv(res, i, 2);
		l->vendor_id = dupv(res, i, 3);
		l->product_id = dupv(res, i, 4);
		l->pv_id = dupv(res, i, 5);
		if (!rdr_parse_int(map, 0, INT32_MAX, &l->lun_mapping))
			l->lun_mapping = -1;
		l->connection = dupv(res, i, 7);
		l->iqn = dupv(res, i, 8);
		l->port = dupv(res, i, 9);
		l->portal = dupv(res, i, 10);
		l->user_name = dupv(res, i, 11);
		l->password = dupv(res, i, 12);
	}
	PQclear(res);
	return true;
}

static void
free_log(FailbackLog *log)
{
	for (int i = 0; i < log->n_nfs; i++)
	{
		free(log->nfs[i].b_connection);
		free(log->nfs[i].connection);
	}
	for (int i = 0; i < log->n_luns; i++)
	{
		LogLun	   *l = &log->luns[i];
		char	   *s[] = {l->b_lun_id, l->lun_id, l->serial, l->vendor_id, l->product_id,
		l->pv_id, l->connection, l->iqn, l->port, l->portal, l->user_name, l->password};

		for (size_t j = 0; j < sizeof(s) / sizeof(s[0]); j++)
			free(s[j]);
	}
	free(log->nfs);
	free(log->luns);
	memset(log, 0, sizeof(*log));
}

static const LogLun *
find_log_lun(const FailbackLog *log, const char *b_lun_id)
{
	for (int i = 0; i < log->n_luns; i++)
		if (same(log->luns[i].b_lun_id, b_lun_id))
			return &log->luns[i];
	return NULL;
}

static bool
excluded(const RdrConfig *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		if (strcmp(cfg->exclude_domain[i].name, name) == 0)
			return true;
	return false;
}

static const RdrConfDomain *
conf_line(const RdrConfig *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_domains; i++)
		if (strcmp(cfg->domains[i].name, name) == 0)
			return &cfg->domains[i];
	return NULL;
}

static RdrConfDomain *
push_domain(RdrFailbackPlan *fb, bool synth)
{
	RdrConfDomain *d;

	fb->domains = xrealloc(fb->domains, (size_t) (fb->cfg.n_domains + 1) * sizeof(RdrConfDomain));
	fb->synth = xrealloc(fb->synth, (size_t) (fb->cfg.n_domains + 1) * sizeof(bool));
	fb->synth[fb->cfg.n_domains] = synth;
	d = &fb->domains[fb->cfg.n_domains++];
	memset(d, 0, sizeof(*d));
	return d;
}

/*
 * site_a_domain: the site-A target of domain db from the log, as a
 * Storage_Domain line would give it; false (after the message) when the
 * domain's LUNs were on different site-A targets or the target is not in
 * the log.  *found: whether any of its LUNs (or its export) is in the log.
 */
static bool
site_a_domain(RdrFailbackPlan *fb, const FailbackLog *log, const RdrDbDomain *db,
			  long long run, bool *found)
{
	const LogLun *first = NULL;
	RdrConfDomain *d;

	*found = false;
	if (strcmp(db->storage_type, "nfs") == 0)
	{
		const LogNfs *hit = NULL;

		for (int i = 0; i < log->n_nfs; i++)
			if (same(log->nfs[i].b_connection, db->connection))
			{
				if (hit && !same(hit->connection, log->nfs[i].connection))
				{
					rdr_log_error("storage domain \"%s\": run %lld moved two site-A exports (%s, %s) to its export %s",
								  db->name, run, hit->connection, log->nfs[i].connection, db->connection);
					rdr_log_hint("Fail this domain back by hand, or exclude it with EXCLUDE_DOMAIN %s.", db->name);
					*found = true;
					return false;
				}
				hit = &log->nfs[i];
			}
		if (hit == NULL)
			return true;
		*found = true;
		d = push_domain(fb, true);
		d->name = xstrdup(db->name);
		d->type = RDR_STORAGE_NFS;
		d->export_path = xstrdup(hit->connection);
		return true;
	}
	for (int i = 0; i < db->n_luns; i++)
	{
		const LogLun *l = find_log_lun(log, db->luns[i].lun_id);

		if (l == NULL)
			continue;
		if (first && !(same(first->connection, l->connection) && same(first->iqn, l->iqn) &&
					   same(first->port, l->port)))
		{
			rdr_log_error("storage domain \"%s\": its LUNs were on more than one site-A target (%s %s, %s %s)",
						  db->name, first->connection, first->iqn, l->connection, l->iqn);
			rdr_log_hint("rdr fails back a domain whose LUNs share one target; exclude it with EXCLUDE_DOMAIN %s and fail it back by hand.",
						 db->name);
			*found = true;
			return false;
		}
		if (first == NULL)
			first = l;
	}
	if (first == NULL)
		return true;
	*found = true;
	if (strcmp(db->storage_type, "fibre") == 0)
	{
		/* the host that sees it is found when it is probed */
		d = push_domain(fb, true);
		d->name = xstrdup(db->name);
		d->type = RDR_STORAGE_FIBRE;
		d->fc_serial = xstrdup(first->serial ? first->serial : first->lun_id);
		return true;
	}
	if (first->connection == NULL || first->iqn == NULL)
	{
		rdr_log_error("storage domain \"%s\": run %lld did not record the site-A target of LUN \"%s\"",
					  db->name, run, first->lun_id);
		rdr_log_detail("Neither its connection map row nor its connection row is in the run's changes.");
		return false;
	}
	d = push_domain(fb, true);
	d->name = xstrdup(db->name);
	d->type = RDR_STORAGE_ISCSI;
	d->portal_host = xstrdup(first->connection);
	d->iqn = xstrdup(first->iqn);
	if (!rdr_parse_int(first->port ? first->port : "3260", 1, 65535, &d->portal_port) ||
		!rdr_parse_int(first->portal ? first->portal : "1", 0, 65535, &d->portal_tpgt))
	{
		rdr_log_error("storage domain \"%s\": site A's port \"%s\" or portal group \"%s\" in run %lld is not a number",
					  db->name, first->port ? first->port : "", first->portal ? first->portal : "", run);
		return false;
	}
	/* exactly site A's credentials: none stays none */
	d->chap_given = true;
	d->chap_user = first->user_name ? xstrdup(first->user_name) : NULL;
	d->chap_password = first->password ? xstrdup(first->password) : NULL;
	return true;
}

static void
add_call(RdrFailbackPlan *fb, const RdrConfDomain *conf, const RdrDbLun *cur,
		 const RdrLun *lun)
{
	RdrFixCall *c;

	fb->plan.calls = xrealloc(fb->plan.calls, (size_t) (fb->plan.count + 1) * sizeof(RdrFixCall));
	c = &fb->plan.calls[fb->plan.count++];
	memset(c, 0, sizeof(*c));
	c->conf = conf;
	if (cur)
	{
		c->old_lun_id = xstrdup(cur->lun_id);
		c->pv_id = empty(cur->pv_id) ? NULL : xstrdup(cur->pv_id);
	}
	if (lun)
		c->lun = *lun;
}

/*
 * match_site_a: each LUN of db (site B now) with the LUN of site A's
 * target that carries its PV; LUNs the log knows are checked against
 * site A's row.  where names the target.
 */
static bool
match_site_a(RdrFailbackPlan *fb, const RdrConfDomain *conf, const RdrDbDomain *db,
			 const FailbackLog *log, const RdrLunList *list, const char *where)
{
	bool		ok = true;

	assert(list->count == 0 || list->luns != NULL);
	for (int i = 0; i < db->n_luns; i++)
	{
		const RdrDbLun *cur = &db->luns[i];
		const LogLun *l = find_log_lun(log, cur->lun_id);
		const RdrLun *hit = NULL;

		for (size_t j = 0; j < list->count; j++)
		{
			const RdrLun *p = &list->luns[j];

			/*
			 * p's strings are arrays: test them as such (empty() tests for
			 * NULL)
			 */
			if (!empty(cur->pv_id) ? strcmp(p->pv_uuid, cur->pv_id) != 0
				: !(l && p->pv_uuid[0] == '\0' && strcmp(p->lun_id, l->lun_id) == 0))
				continue;
			/* the LUN the log names first: a fabric may show another copy */
			if (hit == NULL || (l && strcmp(p->lun_id, l->lun_id) == 0 &&
								strcmp(hit->lun_id, l->lun_id) != 0))
				hit = p;
		}
		if (hit == NULL)
		{
			if (l)
				rdr_log_error("site A's LUN \"%s\" of storage domain \"%s\" is not on %s with physical volume %s",
							  l->lun_id, db->name, where, empty(cur->pv_id) ? "(none)" : cur->pv_id);
			else
				rdr_log_error("LUN \"%s\", added to storage domain \"%s\" at site B, has no mirror with physical volume %s on %s",
							  cur->lun_id, db->name, empty(cur->pv_id) ? "(none)" : cur->pv_id, where);
			rdr_log_detail("%s presents %zu LUN(s)%s%s; the failback matches LUNs by their LVM physical volume UUID, which replication copies.",
						   where, list->count, list->count == 1 ? " with PV " : "",
						   list->count == 1 ? (empty(list->luns[0].pv_uuid) ? "(none)" : list->luns[0].pv_uuid) : "");
			rdr_log_hint("Check that the array replicated site B's LUN back to site A (its replication role swapped) and presents it on that target.");
			ok = false;
			continue;
		}
		if (l && strcmp(hit->lun_id, l->lun_id) != 0)
			rdr_log_warning("storage domain \"%s\": site A presents the LUN of PV %s as \"%s\", run %lld recorded \"%s\"; the probed identity is written",
							db->name, cur->pv_id, hit->lun_id, log->run, l->lun_id);
		if (l == NULL)
		{
			fb->n_new_luns++;
			rdr_log_info("storage domain \"%s\": LUN \"%s\" was added at site B; its site-A mirror is \"%s\" on %s",
						 db->name, cur->lun_id, hit->lun_id, where);
		}
		add_call(fb, conf, cur, hit);
	}
	return ok;
}

/* probe_site_a: site A's iSCSI target of conf, then the LUNs matched. */
static bool
probe_site_a(RdrFailbackPlan *fb, const RdrConfig *cfg, const RdrConfDomain *conf,
			 const RdrDbDomain *db, const FailbackLog *log)
{
	RdrLunList	list = {0};
	int			port = conf->portal_port;
	const char *addr = rdr_config_connect_to(cfg, conf->portal_host, &port);
	char		portal[300];
	char		where[700];
	RdrIscsiTarget t = {0};
	bool		ok;

	snprintf(portal, sizeof(portal), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);
	snprintf(where, sizeof(where), "site A's iSCSI target %s at %s", conf->iqn, portal);
	t.portal = portal;
	t.iqn = conf->iqn;
	t.initiator_iqn = cfg->iscsi_initiator;
	t.chap_user = conf->chap_user;
	t.chap_password = conf->chap_password;
	t.timeout_s = cfg->probe_timeout;
	rdr_log_verbose("probing %s for storage domain \"%s\"", where, conf->name);
	ok = rdr_probe_iscsi(&t, &list) && match_site_a(fb, conf, db, log, &list, where);
	rdr_lun_list_free(&list);
	return ok;
}

/* probe_site_a_fc: site A's fibre LUNs, seen by its fibre host, matched. */
static bool
probe_site_a_fc(RdrFailbackPlan *fb, const RdrConfig *cfg, RdrConfDomain *conf,
				const RdrDbDomain *db, const FailbackLog *log)
{
	RdrLunList	list = {0};
	char		where[400];
	bool		ok;

	if (!rdr_failback_probe_fc(cfg, conf->name, &list))
		return false;
	conf->fc_host = xstrdup(cfg->failback_fc_host);
	snprintf(where, sizeof(where), "site A's fibre host %s", conf->fc_host);
	ok = match_site_a(fb, conf, db, log, &list, where);
	rdr_lun_list_free(&list);
	return ok;
}

/* add_direct: one rdr_fix_direct_lun / _fibre_lun call per disk of dl. */
static void
add_direct(RdrFailbackPlan *fb, const RdrConfig *cfg, RdrDirectLuns *dl)
{
	for (int i = 0; i < dl->count; i++)
	{
		RdrDirectLun *d = &dl->items[i];
		RdrFixCall *c;

		add_call(fb, &d->conf, NULL, &d->lun);
		c = &fb->plan.calls[fb->plan.count - 1];
		c->old_lun_id = xstrdup(d->b_lun_id);
		c->direct_lun = true;
		rdr_log_info("direct-LUN disk %s: LUN \"%s\" fails back to site A's \"%s\" (%s:%d)",
					 d->disk_id, d->b_lun_id, d->lun.lun_id, cfg->path, d->line->line);
	}
}

/*
 * add_direct_calls: the iSCSI direct-LUN disks' mirrors probed at site A
 * (the fibre ones were, when they were found), then one call each, after
 * the domains' (a connection row the disk shares with a domain is site
 * A's by then, and unchanged).
 */
static bool
add_direct_calls(RdrFailbackPlan *fb, const RdrConfig *cfg)
{
	if (!rdr_failback_probe_direct_luns(cfg, &fb->direct))
		return false;
	add_direct(fb, cfg, &fb->direct);
	add_direct(fb, cfg, &fb->direct_fc);
	return true;
}

/*
 * classify: every domain of dbd into fb->domains (site A from the log,
 * then the site-B-only ones with their line); false after listing every
 * domain that can be neither.
 */
static bool
classify(RdrFailbackPlan *fb, const RdrConfig *cfg, const FailbackLog *log,
		 const RdrDbDomains *dbd, long long run, const RdrConfDomain **new_lines)
{
	bool		ok = true;
	int			n_new = 0;

	for (int i = 0; i < dbd->count; i++)
	{
		const RdrDbDomain *db = &dbd->items[i];
		const RdrConfDomain *line;
		bool		found;

		if (excluded(cfg, db->name))
		{
			rdr_log_verbose("storage domain \"%s\": EXCLUDE_DOMAIN, left as it is", db->name);
			continue;
		}
		if (!site_a_domain(fb, log, db, run, &found))
		{
			ok = false;
			continue;
		}
		if (found)
			continue;
		line = conf_line(cfg, db->name);
		if (line == NULL)
		{
			rdr_log_error("storage domain \"%s\" (%s) is not among the rows run %lld changed and has no Storage_Domain line in %s",
						  db->name, db->storage_type, run, cfg->path);
			rdr_log_detail("It was created at site B after the failover (or left out of it): rdr cannot know its site-A mirror, and a failback must not leave it pointing at site B unnoticed.");
			rdr_log_hint("Add a Storage_Domain line naming its mirror at site A, or \"EXCLUDE_DOMAIN %s\" to leave it at site B.",
						 db->name);
			ok = false;
			continue;
		}
		new_lines[n_new++] = line;
	}
	for (int i = 0; i < n_new; i++)
	{
		RdrConfDomain *d = push_domain(fb, false);

		*d = *new_lines[i];
		fb->n_new++;
		snprintf(fb->new_names + strlen(fb->new_names), sizeof(fb->new_names) - strlen(fb->new_names),
				 "%s%s", fb->new_names[0] ? ", " : "", d->name);
		rdr_log_info("storage domain \"%s\" was created at site B after run %lld: its site-A mirror is %s:%d's line",
					 d->name, run, cfg->path, d->line);
	}
	return ok;
}

bool
rdr_failback_make_plan(PGconn *conn, const RdrConfig *cfg, long long run,
					   const RdrDbDomains *dbd, RdrFailbackPlan *fb)
{
	const char *schema = rdr_db_ext_schema(conn);
	FailbackLog log;
	const RdrConfDomain **new_lines;
	bool		ok;
	int			first_new;

	memset(fb, 0, sizeof(*fb));
	fb->cfg = *cfg;
	fb->cfg.domains = NULL;
	fb->cfg.n_domains = 0;
	if (schema == NULL)
		return false;
	if (!read_log(conn, schema, run, &log))
	{
		free_log(&log);
		return false;
	}
	new_lines = xcalloc((size_t) dbd->count + 1, sizeof(*new_lines));
	ok = classify(fb, cfg, &log, dbd, run, new_lines);
	ok = rdr_failback_direct_luns(conn, cfg, schema, run, &fb->direct) && ok;
	if (rdr_failback_direct_fc_luns(conn, cfg, run, &fb->direct_fc))
		rdr_failback_direct_lun_unused(cfg, &fb->direct, &fb->direct_fc);
	else
		ok = false;
	free(new_lines);
	fb->cfg.domains = fb->domains;
	first_new = fb->cfg.n_domains - fb->n_new;
	fb->n_from_log = first_new;
	for (int i = 0; ok && i < first_new; i++)
	{
		RdrConfDomain *d = &fb->domains[i];

		if (rdr_interrupted())
		{
			rdr_log_error("interrupted by %s while probing site A's storage", rdr_signal_name(rdr_interrupted()));
			ok = false;
			break;
		}
		if (d->type == RDR_STORAGE_NFS)
			add_call(fb, d, NULL, NULL);
		else if (d->type == RDR_STORAGE_FIBRE)
			ok = probe_site_a_fc(fb, cfg, d, rdr_db_find_domain(dbd, d->name), &log) && ok;
		else if (!probe_site_a(fb, cfg, d, rdr_db_find_domain(dbd, d->name), &log))
			ok = false;
	}
	if (ok && fb->n_new > 0)
	{
		/* the site-B-only domains: probed and matched as a failover's */
		RdrConfig	sub = fb->cfg;
		RdrFixPlan	more;

		sub.domains = fb->domains + first_new;
		sub.n_domains = fb->n_new;
		if (!rdr_db_plan(&sub, dbd, &more))
			ok = false;
		else
		{
			for (int i = 0; i < more.count; i++)
			{
				add_call(fb, more.calls[i].conf, NULL, &more.calls[i].lun);
				fb->plan.calls[fb->plan.count - 1].old_lun_id = more.calls[i].old_lun_id;
				fb->plan.calls[fb->plan.count - 1].pv_id = more.calls[i].pv_id;
			}
			free(more.calls);
		}
	}
	free_log(&log);
	if (ok)
		ok = add_direct_calls(fb, cfg);
	if (!ok)
	{
		/* nothing of a failed plan is kept but the configuration's copy */
		rdr_failback_plan_free(fb);
		fb->cfg = *cfg;
		fb->cfg.domains = NULL;
		fb->cfg.n_domains = 0;
	}
	return ok;
}

void
rdr_failback_plan_free(RdrFailbackPlan *fb)
{
	/* cfg.n_domains counts domains only once they are ours */
	for (int i = 0; fb->domains && i < fb->cfg.n_domains; i++)
	{
		RdrConfDomain *d = &fb->domains[i];

		if (!fb->synth[i])
			continue;
		free(d->name);
		free(d->export_path);
		free(d->fc_host);
		free(d->fc_serial);
		free(d->portal_host);
		free(d->iqn);
		free(d->chap_user);
		free(d->chap_password);
	}
	free(fb->domains);
	free(fb->synth);
	rdr_fix_plan_free(&fb->plan);
	rdr_failback_direct_luns_free(&fb->direct);
	rdr_failback_direct_luns_free(&fb->direct_fc);
	memset(fb, 0, sizeof(*fb));
}
