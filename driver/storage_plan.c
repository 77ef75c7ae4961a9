/*-------------------------------------------------------------------------
 *
 * storage_plan.c
 *	  Planning step 4: which rdr_fix_* call each configured storage domain
 *	  needs, with the site-B identity of its LUNs found by probing.
 *
 * A block domain's LUNs are matched by their LVM physical volume UUID:
 * LUN mirroring copies the PV label, so the site-B copy of a LUN carries
 * the same UUID that rdr_domain_luns() reports for the site-A LUN (seed
 * section 5: physical_volume_id "does not change during a failover").
 * A mapping whose probed LUN carries another PV is a wrong mapping and is
 * refused here, before anything changes.  Only when neither side has a
 * label (a single-LUN domain on a single-LUN target) is the LUN taken as
 * it is.
 *
 * Every problem of every domain is logged before returning false.
 *
 *-------------------------------------------------------------------------
 */
#include "dbfix.h"

#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "log.h"
#include "xalloc.h"

static char *
dupnull(const char *s)
{
	char	   *d;

	if (s == NULL)
		return NULL;
	d = xstrdup(s);
	return d;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static void
add_call(RdrFixPlan *plan, const RdrConfDomain *conf, const RdrDbLun *old,
		 const RdrLun *lun)
{
	RdrFixCall *c;

	plan->calls = xrealloc(plan->calls, (size_t) (plan->count + 1) * sizeof(RdrFixCall));
	c = &plan->calls[plan->count++];
	memset(c, 0, sizeof(*c));
	c->conf = conf;
	if (old)
	{
		c->old_lun_id = dupnull(old->lun_id);
		c->pv_id = empty(old->pv_id) ? NULL : dupnull(old->pv_id);
	}
	if (lun)
		c->lun = *lun;
}

/*
 * match_luns: one call per site-A LUN of db, with the probed LUN of list
 * that carries its PV UUID.  where names the target for messages.
 */
static bool
match_luns(RdrFixPlan *plan, const RdrConfDomain *conf, const RdrDbDomain *db,
		   const RdrLunList *list, const char *where)
{
	bool		ok = true;

	if (db->n_luns == 0)
	{
		rdr_log_error("storage domain \"%s\" has no LUN in the database", conf->name);
		return false;
	}
	for (int i = 0; i < db->n_luns; i++)
	{
		const RdrDbLun *old = &db->luns[i];
		const RdrLun *found = NULL;

		if (empty(old->pv_id))
		{
			if (db->n_luns == 1 && list->count == 1 && empty(list->luns[0].pv_uuid))
			{
				add_call(plan, conf, old, &list->luns[0]);
				continue;
			}
			rdr_log_error("cannot tell which LUN of %s replaces LUN \"%s\" of storage domain \"%s\"",
						  where, old->lun_id, conf->name);
			rdr_log_detail("The database has no physical volume id for it and %s has %zu LUNs.",
						   where, list->count);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < list->count; j++)
			if (strcmp(list->luns[j].pv_uuid, old->pv_id) == 0)
			{
				found = &list->luns[j];
				break;
			}
		if (found == NULL)
		{
			rdr_log_error("no LUN of %s carries physical volume %s of storage domain \"%s\" (configuration line %d)",
						  where, old->pv_id, conf->name, conf->line);
			rdr_log_detail("LUN \"%s\" of the domain was on that physical volume at site A; %s has %zu LUN(s)%s%s.",
						   old->lun_id, where, list->count,
						   list->count == 1 ? " with PV " : "",
						   list->count == 1 ? (empty(list->luns[0].pv_uuid) ? "(none)" : list->luns[0].pv_uuid) : "");
			rdr_log_hint("Check that the Storage_Domain line maps the domain to the mirror of its own LUNs.");
			ok = false;
			continue;
		}
		add_call(plan, conf, old, found);
	}
	return ok;
}

/* find_fc: the probed LUN of h for serial: exact identity, else unique part. */
static bool
find_fc(const RdrFcHost *h, const char *serial, const char *where, RdrLun *out)
{
	RdrLunList	list = {0};
	const RdrLun *hit = NULL;
	int			hits = 0;

	if (!rdr_probe_fc_list(h, &list))
		return false;
	for (size_t i = 0; i < list.count; i++)
	{
		const RdrLun *l = &list.luns[i];

		if (strcmp(l->lun_id, serial) == 0 || strcmp(l->serial, serial) == 0)
		{
			hit = l;
			hits = 1;
			break;
		}
	}

	/*
	 * The seed's configuration gives only part of the serial (its script
	 * greps for it): accept a part that names exactly one LUN.  Paths of one
	 * multipathed LUN share its lun_id and count once.
	 */
	if (hit == NULL)
		for (size_t i = 0; i < list.count; i++)
		{
			const RdrLun *l = &list.luns[i];

			if (strstr(l->lun_id, serial) == NULL && strstr(l->serial, serial) == NULL)
				continue;
			if (hit == NULL || strcmp(hit->lun_id, l->lun_id) != 0)
				hits++;
			if (hit == NULL)
				hit = l;
		}
	if (hits != 1)
	{
		rdr_log_error("%s LUN with serial \"%s\" on %s",
					  hits == 0 ? "no" : "more than one", serial, where);
		rdr_log_detail("%s sees %zu SCSI device(s).", where, list.count);
		rdr_log_hint("Check SCSI_SERIAL in the Storage_Domain fibre line.");
		rdr_lun_list_free(&list);
		return false;
	}
	*out = *hit;
	rdr_lun_list_free(&list);
	return true;
}

bool
rdr_db_plan(const RdrConfig *cfg, const RdrDbDomains *dbd, RdrFixPlan *plan)
{
	bool		ok = true;

	memset(plan, 0, sizeof(*plan));
	for (int i = 0; i < cfg->n_domains; i++)
	{
		const RdrConfDomain *conf = &cfg->domains[i];
		const RdrDbDomain *db = rdr_db_find_domain(dbd, conf->name);
		const char *want = rdr_config_storage_type_name(conf->type);

		if (rdr_interrupted())
		{
			rdr_log_error("interrupted by %s while probing the site-B storage, before storage domain \"%s\" (%s:%d)",
						  rdr_signal_name(rdr_interrupted()), conf->name, cfg->path, conf->line);
			ok = false;
			break;
		}
		if (db == NULL)
		{
			rdr_log_error("storage domain \"%s\" (%s:%d) does not exist in the database",
						  conf->name, cfg->path, conf->line);
			ok = false;
			continue;
		}
		if (strcmp(db->storage_type, want) != 0)
		{
			rdr_log_error("storage domain \"%s\" is %s in the database, but %s:%d configures it as %s",
						  conf->name, db->storage_type, cfg->path, conf->line, want);
			ok = false;
			continue;
		}
		if (conf->type == RDR_STORAGE_NFS)
			add_call(plan, conf, NULL, NULL);
		else if (conf->type == RDR_STORAGE_ISCSI)
		{
			RdrLunList	list = {0};
			int			port = conf->portal_port;
			const char *addr = rdr_config_connect_to(cfg, conf->portal_host, &port);
			char		portal[300];
			char		where[600];
			RdrIscsiTarget t = {0};

			snprintf(portal, sizeof(portal), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);
			snprintf(where, sizeof(where), "iSCSI target %s at %s", conf->iqn, portal);
			t.portal = portal;
			t.iqn = conf->iqn;
			t.initiator_iqn = cfg->iscsi_initiator;
			rdr_config_domain_chap(cfg, conf, &t.chap_user, &t.chap_password);
			t.timeout_s = cfg->probe_timeout;
			rdr_log_verbose("probing %s for storage domain \"%s\"", where, conf->name);
			if (!rdr_probe_iscsi(&t, &list) || !match_luns(plan, conf, db, &list, where))
				ok = false;
			rdr_lun_list_free(&list);
		}
		else
		{
			RdrFcHost	h = {0};
			RdrLun		lun;
			RdrLunList	one = {0};
			char		where[600];

			rdr_fc_host_config(cfg, conf->fc_host, &h);
			snprintf(where, sizeof(where), "fibre host %s", conf->fc_host);
			rdr_log_verbose("probing %s for storage domain \"%s\"", where, conf->name);
			if (!find_fc(&h, conf->fc_serial, where, &lun))
			{
				ok = false;
				continue;
			}
			rdr_lun_list_append(&one, &lun);
			if (!match_luns(plan, conf, db, &one, where))
				ok = false;
			rdr_lun_list_free(&one);
		}
	}
	if (!ok)
		rdr_fix_plan_free(plan);
	return ok;
}

/*
 * rdr_fc_host_config: see dbfix.h.
 */
void
rdr_fc_host_config(const RdrConfig *cfg, const char *host, RdrFcHost *h)
{
	int			port = cfg->ssh_port;

	h->host = rdr_config_connect_to(cfg, host, &port);
	h->port = port;
	h->user = cfg->ssh_user;
	h->key_file = cfg->ssh_key;
	h->known_hosts = cfg->ssh_known_hosts;
	h->accept_unknown_host_key = cfg->ssh_insecure;
	h->accept_option = "CONFIG ssh_insecure";
	h->timeout_s = cfg->probe_timeout;
	h->deadline_s = cfg->probe_deadline;
	h->sysfs_root = cfg->sysfs_root;
}
