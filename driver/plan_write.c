/*-------------------------------------------------------------------------
 *
 * plan_write.c
 *	  Writing rdr-plan generate's configuration (see plan_write.h).
 *
 * Settings rdr-plan cannot know (the API password, site B's working
 * directory, timeouts) are written as comments showing the default, so
 * the file documents itself and the --append file (or the administrator)
 * sets them without a clash.  A value that needs a human look carries a
 * "CHECK:" comment and a warning on stderr, so neither a reader of the
 * file nor a script running rdr-plan misses it.
 *
 *-------------------------------------------------------------------------
 */
#include "plan_write.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

typedef struct Writer
{
	FILE	   *out;
	int			warnings;
} Writer;

/* warn: a warning on stderr, counted. */
static void warn(Writer *w, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

static void
warn(Writer *w, const char *fmt,...)
{
	va_list		ap;
	char	   *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	rdr_log_warning("%s", msg);
	free(msg);
	w->warnings++;
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

/* iscsi_portal: ADDRESS[:PORT][,TPGT] as rdr.conf takes it, defaults left out. */
static char *
iscsi_portal(const char *address, const char *port, const char *tpgt)
{
	bool		want_port = port && *port && strcmp(port, "3260") != 0;
	bool		want_tpgt = tpgt && *tpgt && strcmp(tpgt, "1") != 0;

	return xasprintf("%s%s%s%s%s", address,
					 want_port ? ":" : "", want_port ? port : "",
					 want_tpgt ? "," : "", want_tpgt ? tpgt : "");
}

static void
write_header(Writer *w, const PlanInventory *inv, const PlanRules *rules)
{
	FILE	   *o = w->out;

	fprintf(o, "# rdr.conf for rdr-failover, written by rdr-plan generate (rdr %s)\n", RDR_VERSION);
	fprintf(o, "# from the engine database \"%s\" (%s schema): data center %s,\n",
			inv->dbname, inv->ovirt ? "oVirt" : "RHEV 3.0", inv->datacenter);
	fprintf(o, "# main site cluster %s, backup site cluster %s.\n", inv->main_cluster,
			inv->backup_cluster);
	fprintf(o, "#\n"
			"# Before using it:\n"
			"#   - look at every line marked \"CHECK\";\n"
			"#   - add the API user's password (\"API pass ...\"): rdr-plan never\n"
			"#     writes a secret; keep this file mode 0600;\n"
			"#   - run: rdr-failover -c THIS-FILE --validate\n"
			"# Every key: docs/configuration.md, or rdr-failover --help-config.\n");
	if (rules->count > 0)
	{
		int			wo = 0;

		fprintf(o, "#\n# Site B's storage values come from site A's by these rules, in this order:\n");
		for (int i = 0; i < rules->count; i++)
			wo = max_int(wo, (int) strlen(rules->rules[i].old));
		for (int i = 0; i < rules->count; i++)
			fprintf(o, "#   %-8s %-*s -> %s   (%s)\n", plan_rule_kind_name(rules->rules[i].kind),
					wo, rules->rules[i].old, rules->rules[i].new, rules->rules[i].origin);
	}
}

static void
write_settings(Writer *w, const PlanInventory *inv, const PlanWriteOptions *opt)
{
	FILE	   *o = w->out;

	fprintf(o, "\n# The manager's REST API.  The manager keeps its host name at site B\n"
			"# (seed section 7.3: DNS maps the original name to the new address).\n");
	if (opt->api_host)
		fprintf(o, "API       host          %s\n", opt->api_host);
	else
	{
		fprintf(o, "# CHECK: set the manager's host name (or run rdr-plan with --api-host):\n"
				"# API     host          MANAGER-FQDN\n");
		warn(w, "no API host written: add \"API host NAME\" or give --api-host");
	}
	fprintf(o, "# API     pass          (the password of the API user, not written by rdr-plan)\n"
			"# API     user          admin@internal\n"
			"# API     port          8443\n");
	if (inv->ovirt)
		fprintf(o, "# API     base          (unset: detected; oVirt 4 serves ovirt-engine/api)\n");
	else
		fprintf(o, "# API     base          api\n");
	fprintf(o, "\n# The engine database at site B, and rdr-failover's own settings (defaults).\n"
			"# DB      user          postgres\n"
			"# DB      dbname        %s\n"
			"# CONFIG  working_dir   /tmp/rdr\n", inv->dbname);
	if (inv->ovirt)
		fprintf(o, "# CHECK: oVirt stops and starts its engine with systemctl:\n"
				"# CONFIG  engine_stop   systemctl stop ovirt-engine\n"
				"# CONFIG  engine_start  systemctl start ovirt-engine\n");
	else
		fprintf(o, "# CONFIG  engine_stop   service jbossas stop\n"
				"# CONFIG  engine_start  service jbossas start\n");

	fprintf(o, "\n# The data center that fails over and its two clusters (seed Table 8.1).\n"
			"SITE_INFO datacenter        %s\n"
			"SITE_INFO main_site_cluster %s\n"
			"SITE_INFO bkup_site_cluster %s\n",
			inv->datacenter, inv->main_cluster, inv->backup_cluster);
}

/*
 * site_b: the site-B value of a site-A one, with a CHECK comment and a
 * warning when no rule changed it (the line would point site B at site
 * A's storage).
 */
static char *
site_b(Writer *w, PlanRules *rules, PlanValueKind kind, const char *v,
	   const char *what, const char *domain)
{
	char	   *b = plan_rules_apply(rules, kind, v);

	if (strcmp(b, v) == 0)
	{
		fprintf(w->out, "# CHECK: no rule changed site A's %s \"%s\"\n", what, v);
		warn(w, "no rule changed the %s \"%s\" of storage domain \"%s\": its line keeps site A's value",
			 what, v, domain);
	}
	return b;
}

static bool
write_block_domain(Writer *w, const PlanInventory *inv, PlanRules *rules,
				   const PlanWriteOptions *opt, const PlanDomain *d, int wn)
{
	FILE	   *o = w->out;
	const PlanLun *l = &d->luns[0];

	if (d->nluns == 0)
	{
		fprintf(o, "# not written: %s has no LUN in the database\n", d->name);
		warn(w, "storage domain \"%s\" (%s) has no LUN in the database: no line written",
			 d->name, plan_storage_type_name(d->storage_type));
		return true;
	}
	if (d->storage_type == PLAN_STORAGE_FCP)
	{
		const char *host = opt->fibre_host ? opt->fibre_host
		: inv->nhosts > 0 ? inv->hosts[0].address : NULL;
		char	   *serial;

		if (host == NULL)
		{
			rdr_log_error("fibre storage domain \"%s\" needs a site-B host to probe its LUN, "
						  "and cluster \"%s\" has none", d->name, inv->backup_cluster);
			rdr_log_detail("A fibre line names a hypervisor that sees the LUN over ssh (seed 8.5).");
			rdr_log_hint("Give --fibre-host HOST (a site-B hypervisor).");
			return false;
		}
		fprintf(o, "# %s: %s domain, fibre channel, %d LUN%s; site A: %s, serial %s\n",
				d->name, plan_domain_type_name(d->domain_type), d->nluns,
				d->nluns == 1 ? "" : "s", l->lun_id, l->serial);
		if (d->nluns > 1)
		{
			fprintf(o, "# CHECK: a fibre line names one LUN; the domain has %d\n", d->nluns);
			warn(w, "fibre storage domain \"%s\" has %d LUNs; its line names the first only",
				 d->name, d->nluns);
		}
		serial = site_b(w, rules, PLAN_VALUE_SERIAL, l->serial, "serial", d->name);
		fprintf(o, "Storage_Domain %-*s fibre %s %s\n", wn, d->name, host, serial);
		free(serial);
		return true;
	}

	/* iSCSI */
	if (l->address == NULL || l->iqn == NULL)
	{
		fprintf(o, "# not written: LUN %s of %s has no iSCSI connection in the database\n",
				l->lun_id, d->name);
		warn(w, "iSCSI storage domain \"%s\": LUN %s has no connection in the database: no line written",
			 d->name, l->lun_id);
		return true;
	}
	{
		char	   *a_portal = iscsi_portal(l->address, l->port, l->portal);
		char	   *addr,
				   *iqn,
				   *b_portal;
		int			targets = 1;

		fprintf(o, "# %s: %s domain, iSCSI, %d LUN%s; site A: %s %s\n",
				d->name, plan_domain_type_name(d->domain_type), d->nluns,
				d->nluns == 1 ? "" : "s", a_portal, l->iqn);
		for (int i = 1; i < d->nluns; i++)
		{
			const PlanLun *m = &d->luns[i];
			bool		seen = false;

			for (int j = 0; j < i && !seen; j++)
				seen = d->luns[j].address && m->address && d->luns[j].iqn && m->iqn &&
					strcmp(d->luns[j].address, m->address) == 0 &&
					strcmp(d->luns[j].iqn, m->iqn) == 0;
			if (!seen)
				targets++;
		}
		if (targets > 1)
		{
			fprintf(o, "# CHECK: the domain's LUNs are on %d targets; rdr-failover probes the one below\n",
					targets);
			warn(w, "iSCSI storage domain \"%s\" uses %d targets; its line names the first",
				 d->name, targets);
		}
		if (l->chap_user)
		{
			fprintf(o, "# CHECK: site A logs in with CHAP user \"%s\": if site B's target needs CHAP, add chap=USER:PASSWORD_FILE to the line below\n",
					l->chap_user);
			warn(w, "iSCSI storage domain \"%s\" uses CHAP: if site B's target needs it, add chap=USER:PASSWORD_FILE to its line",
				 d->name);
		}
		addr = site_b(w, rules, PLAN_VALUE_PORTAL, l->address, "portal address", d->name);
		iqn = site_b(w, rules, PLAN_VALUE_IQN, l->iqn, "target name", d->name);
		b_portal = iscsi_portal(addr, l->port, l->portal);
		fprintf(o, "Storage_Domain %-*s iscsi %s %s\n", wn, d->name, b_portal, iqn);
		free(a_portal);
		free(b_portal);
		free(addr);
		free(iqn);
	}
	return true;
}

static bool
write_domains(Writer *w, const PlanInventory *inv, PlanRules *rules,
			  const PlanWriteOptions *opt)
{
	FILE	   *o = w->out;
	int			wn = 0;

	for (int i = 0; i < inv->ndomains; i++)
		wn = max_int(wn, (int) strlen(inv->domains[i].name));
	fprintf(o, "\n# Where data center %s's storage domains are at site B (site A's value\n"
			"# in the comment above each line).\n", inv->datacenter);
	if (inv->ndomains == 0)
	{
		fprintf(o, "# CHECK: the data center has no storage domain\n");
		warn(w, "data center \"%s\" has no storage domain", inv->datacenter);
	}
	for (int i = 0; i < inv->ndomains; i++)
	{
		const PlanDomain *d = &inv->domains[i];

		if (d->storage_type == PLAN_STORAGE_NFS)
		{
			char	   *conn;

			if (d->connection == NULL)
			{
				fprintf(o, "# not written: %s has no NFS connection in the database\n", d->name);
				warn(w, "NFS storage domain \"%s\" has no connection in the database: no line written",
					 d->name);
				continue;
			}
			fprintf(o, "# %s: %s domain, NFS; site A: %s\n", d->name,
					plan_domain_type_name(d->domain_type), d->connection);
			conn = site_b(w, rules, PLAN_VALUE_NFS, d->connection, "export", d->name);
			fprintf(o, "Storage_Domain %-*s nfs %s\n", wn, d->name, conn);
			free(conn);
		}
		else if (d->storage_type == PLAN_STORAGE_FCP || d->storage_type == PLAN_STORAGE_ISCSI)
		{
			if (!write_block_domain(w, inv, rules, opt, d, wn))
				return false;
		}
		else
		{
			fprintf(o, "# not written: %s is a %s domain, which rdr-failover does not re-point\n",
					d->name, plan_storage_type_name(d->storage_type));
			warn(w, "storage domain \"%s\" is %s: rdr-failover re-points nfs, iscsi and fibre "
				 "domains only; no line written", d->name, plan_storage_type_name(d->storage_type));
		}
	}
	return true;
}

/*
 * write_direct_luns: a commented DIRECT_LUN line for each direct-LUN disk:
 * only the administrator knows its mirror at site B, and a line naming
 * a wrong LUN would stop the failover, so none is written live.
 */
static void
write_direct_luns(Writer *w, const PlanInventory *inv)
{
	FILE	   *o = w->out;

	if (inv->ndirect == 0)
		return;
	fprintf(o, "\n# Direct-LUN disks (a VM disk that is a whole LUN, outside every storage\n"
			"# domain): the failover moves one only with a DIRECT_LUN line naming its\n"
			"# mirror LUN at site B; without one it stays on site A's array.\n");
	for (int i = 0; i < inv->ndirect; i++)
	{
		const PlanDirectLun *d = &inv->direct[i];

		if (d->address)
			fprintf(o, "# CHECK: disk %s, iSCSI target %s %s\n", d->disk_id, d->address,
					d->iqn ? d->iqn : "");
		else
			fprintf(o, "# CHECK: disk %s, fibre channel\n", d->disk_id);
		fprintf(o, "#DIRECT_LUN SITE_B_LUN_ID %s\n", d->lun_id);
		warn(w, "direct-LUN disk %s on LUN \"%s\": its DIRECT_LUN line is commented out until its site-B mirror is named",
			 d->disk_id, d->lun_id);
	}
}

static void
write_virt_net(Writer *w, const PlanInventory *inv)
{
	FILE	   *o = w->out;
	int			wh = 0;

	fprintf(o, "\n# The NICs of cluster %s's hosts and the networks they carry: rdr-failover -h\n"
			"# attaches them when an approved host lacks one (seed 8.1.16).\n",
			inv->backup_cluster);
	if (inv->nhosts == 0)
	{
		fprintf(o, "# CHECK: cluster %s has no host: add \"VIRT_NET HOST MAC NETWORK\" for each\n"
				"# NIC of site B's hypervisors (seed Table 3.4)\n", inv->backup_cluster);
		warn(w, "cluster \"%s\" has no host: no VIRT_NET line written", inv->backup_cluster);
		return;
	}
	for (int i = 0; i < inv->nnics; i++)
		wh = max_int(wh, (int) strlen(inv->nics[i].host));
	for (int i = 0; i < inv->nnics; i++)
	{
		const PlanNic *n = &inv->nics[i];

		if (n->bond || n->vlan)
		{
			fprintf(o, "# not written: network %s is on %s %s of %s (attach it by hand)\n",
					n->network, n->bond ? "bond" : "VLAN device", n->name, n->host);
			warn(w, "network \"%s\" of host \"%s\" is on %s %s: no VIRT_NET line written",
				 n->network, n->host, n->bond ? "bond" : "VLAN device", n->name);
			continue;
		}
		fprintf(o, "VIRT_NET  %-*s %s %s\n", wh, n->host, n->mac, n->network);
	}
	/* a network the cluster needs that no host carries cannot be attached */
	for (int i = 0; i < inv->nnetworks; i++)
	{
		bool		carried = false;

		for (int j = 0; j < inv->nnics && !carried; j++)
			carried = strcmp(inv->nics[j].network, inv->networks[i]) == 0;
		if (!carried)
		{
			fprintf(o, "# CHECK: no NIC of cluster %s's hosts carries network %s\n",
					inv->backup_cluster, inv->networks[i]);
			warn(w, "no NIC of cluster \"%s\"'s hosts carries its network \"%s\"",
				 inv->backup_cluster, inv->networks[i]);
		}
	}
}

static void
write_rhevm_nic(Writer *w, const PlanWriteOptions *opt)
{
	FILE	   *o = w->out;

	fprintf(o, "\n# The site-B manager's NICs by MAC, for -n (seed section 7.2, Table 3.3).\n");
	if (opt->nics_root == NULL)
	{
		fprintf(o, "# The engine database does not hold them: run rdr-plan generate with\n"
				"# --manager-nics / on the site-B manager, or add one line per NIC:\n"
				"# RHEVM_NIC MAC IFNAME\n");
		return;
	}
	fprintf(o, "# Read from %s/sys/class/net: CHECK that these are the names site A's\n"
			"# network configuration uses.\n",
			strcmp(opt->nics_root, "/") == 0 ? "" : opt->nics_root);
	for (int i = 0; i < opt->n_manager_nics; i++)
		fprintf(o, "RHEVM_NIC %s %s\n", opt->manager_nics[i].mac, opt->manager_nics[i].name);
}

/*
 * vm_group: the START_VM group of a VM (issue 17): highly available VMs
 * first, as the engine's own HA restart does, then by the engine's
 * priority (oVirt and RHEV 3.0: 100 high, 50 medium, 1 low).  Group 5 is
 * left to the operator (test and batch VMs).
 */
static int
vm_group(const PlanVm *v)
{
	if (v->ha)
		return 1;
	if (v->priority >= 100)
		return 2;
	if (v->priority >= 50)
		return 3;
	return 4;
}

static void
write_start_vm(Writer *w, const PlanInventory *inv, const PlanWriteOptions *opt)
{
	FILE	   *o = w->out;
	int			wv = 0;

	if (opt->seed_delays)
		fprintf(o, "\n# Cluster %s's VMs, started in this order, each DELAY seconds after the\n"
				"# one before (seed 8.3): highly available first, then by priority.\n",
				inv->main_cluster);
	else
		fprintf(o, "\n# Cluster %s's VMs as a recovery plan: highly available VMs in group 1,\n"
				"# then by the engine's priority: high (100) in group 2, medium (50) in 3,\n"
				"# low in 4; a group starts when every VM of the one before it is up.  Add\n"
				"# after=VM and ready=ip|tcp:PORT|cmd:COMMAND where a VM needs another one\n"
				"# (configuration.md); --vm-delay writes the seed's fixed delays instead.\n",
				inv->main_cluster);
	if (inv->nvms == 0)
	{
		fprintf(o, "# CHECK: cluster %s has no VM\n", inv->main_cluster);
		warn(w, "cluster \"%s\" has no VM: no START_VM line written", inv->main_cluster);
		return;
	}
	for (int i = 0; i < inv->nvms; i++)
		wv = max_int(wv, (int) strlen(inv->vms[i].name));
	for (int i = 0; i < inv->nvms; i++)
	{
		const PlanVm *v = &inv->vms[i];

		fprintf(o, "# %s: %spriority %d\n", v->name, v->ha ? "highly available, " : "", v->priority);
		if (opt->seed_delays)
			fprintf(o, "START_VM  %-*s %d\n", wv, v->name, opt->vm_delay);
		else
			fprintf(o, "START_VM  %-*s group=%d\n", wv, v->name, vm_group(v));
	}
}

/*
 * plan_write: the whole configuration to out.  *warnings counts what
 * needs a look.  False (logged) only when no usable configuration can be
 * written at all.
 */
bool
plan_write(FILE *out, const PlanInventory *inv, PlanRules *rules,
		   const PlanWriteOptions *opt, int *warnings)
{
	Writer		w = {.out = out};

	write_header(&w, inv, rules);
	write_settings(&w, inv, opt);
	if (!write_domains(&w, inv, rules, opt))
		return false;
	write_direct_luns(&w, inv);
	write_virt_net(&w, inv);
	write_rhevm_nic(&w, opt);
	write_start_vm(&w, inv, opt);
	if (opt->append_text)
	{
		size_t		n = strlen(opt->append_text);

		fprintf(out, "\n# From %s (--append), unchanged:\n", opt->append_name);
		fputs(opt->append_text, out);
		if (n > 0 && opt->append_text[n - 1] != '\n')
			fputc('\n', out);
	}
	for (int i = 0; i < rules->count; i++)
		if (rules->rules[i].hits == 0)
		{
			warn(&w, "rule %s %s -> %s (%s) matched no site-A value",
				 plan_rule_kind_name(rules->rules[i].kind), rules->rules[i].old,
				 rules->rules[i].new, rules->rules[i].origin);
		}
	*warnings = w.warnings;
	return true;
}
