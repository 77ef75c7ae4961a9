/*-------------------------------------------------------------------------
 *
 * config_lists.c
 *	  The list lines other than Storage_Domain: VIRT_NET, RHEVM_NIC,
 *	  START_VM (its words are start_plan.c's), CONNECT_TO, EXCLUDE_DOMAIN,
 *	  EXCLUDE_VM and DIRECT_LUN.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "xalloc.h"

/*
 * warn_words_in_command: ready=cmd: takes the rest of the line, so a
 * "timeout=3" written after it is an argument of the command, not the VM's
 * timeout.  That may be meant (rdr.conf has no quoting), so it is said, not
 * refused.
 */
static void
warn_words_in_command(Parser *p, char **tok, int ntok, const RdrConfStartVm *v)
{
	static const char *const words[] = {"group=", "after=", "ready=", "timeout="};
	int			i = 2;

	if (v->ready != RDR_READY_CMD)
		return;
	while (i < ntok && strncasecmp(tok[i], "ready=cmd:", 10) != 0)
		i++;
	for (i++; i < ntok; i++)
		for (int w = 0; w < 4; w++)
			if (strncasecmp(tok[i], words[w], strlen(words[w])) == 0)
				rdr_log_warning("%s:%d: START_VM %s: \"%s\" is part of the ready=cmd: command, "
								"which is the rest of the line; to make it a word of the line, "
								"write it before ready=", p->name, p->line, v->vm, tok[i]);
}

/* parse_start_vm: a START_VM line, its words read by start_plan.c */
static void
parse_start_vm(Parser *p, char **tok, int ntok)
{
	RdrConfStartVm v = {.line = p->line};
	char		err[512];

	if (!rdr_start_vm_parse(tok, ntok, &v, err, sizeof(err)))
	{
		cf_parse_error(p, "%s", err);
		rdr_start_vm_free(&v);
		return;
	}
	warn_words_in_command(p, tok, ntok, &v);
	p->cfg->start_vm = cf_grow(p->cfg->start_vm, p->cfg->n_start_vm, sizeof(v));
	p->cfg->start_vm[p->cfg->n_start_vm++] = v;
}

/*
 * parse_direct_lun: a DIRECT_LUN line, with or without site A's target.
 * Each LUN may be named once on either side: two disks cannot fail back
 * to one mirror, and one LUN cannot go to two.  One lun_id on both sides
 * is allowed: an array may present the replica under the same identity
 * (the oVirt DR role's dr_lun_mappings show it so), and the probe of the
 * other site still has to find it.
 */
static void
parse_direct_lun(Parser *p, const ListSection *ls, char **tok, int ntok)
{
	RdrConfig  *cfg = p->cfg;
	RdrConfDirectLun d = {.line = p->line,.a_port = 3260,.a_tpgt = 1};

	if (ntok != 3 && ntok != 5)
	{
		cf_parse_error(p, "expected \"%s %s\"", ls->name, ls->usage);
		return;
	}
	for (int i = 0; i < cfg->n_direct_lun; i++)
	{
		const RdrConfDirectLun *o = &cfg->direct_lun[i];

		if (strcmp(o->b_lun_id, tok[1]) == 0 || strcmp(o->a_lun_id, tok[2]) == 0)
		{
			cf_parse_error(p, "DIRECT_LUN %s %s: LUN \"%s\" is already mapped at line %d",
						   tok[1], tok[2], strcmp(o->b_lun_id, tok[1]) == 0 ? tok[1] : tok[2],
						   o->line);
			return;
		}
	}
	if (ntok == 5 &&
		!cf_parse_iscsi_target(p, tok[3], tok[4], &d.a_portal_host, &d.a_port, &d.a_tpgt))
		return;
	d.b_lun_id = xstrdup(tok[1]);
	d.a_lun_id = xstrdup(tok[2]);
	if (ntok == 5)
		d.a_iqn = xstrdup(tok[4]);
	cfg->direct_lun = cf_grow(cfg->direct_lun, cfg->n_direct_lun, sizeof(d));
	cfg->direct_lun[cfg->n_direct_lun++] = d;
}

/* cf_parse_list: VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO... lines. */
void
cf_parse_list(Parser *p, const ListSection *ls, char **tok, int ntok)
{
	RdrConfig  *cfg = p->cfg;
	int			want = 2;

	if (strcmp(ls->name, "START_VM") == 0)
	{
		parse_start_vm(p, tok, ntok);
		return;
	}
	if (strcmp(ls->name, "DIRECT_LUN") == 0)
	{
		parse_direct_lun(p, ls, tok, ntok);
		return;
	}
	for (const char *u = ls->usage; *u; u++)
		want += (*u == ' ');
	if (ntok != want)
	{
		cf_parse_error(p, "expected \"%s %s\"", ls->name, ls->usage);
		return;
	}
	if (strcmp(ls->name, "VIRT_NET") == 0)
	{
		RdrConfVirtNet v = {.line = p->line};

		if (!cf_parse_mac(tok[2], &v.mac))
		{
			cf_parse_error(p, "invalid MAC address \"%s\": expected six hex pairs like 00:17:a4:77:24:3a", tok[2]);
			return;
		}
		v.hypervisor = xstrdup(tok[1]);
		v.network = xstrdup(tok[3]);
		cfg->virt_net = cf_grow(cfg->virt_net, cfg->n_virt_net, sizeof(v));
		cfg->virt_net[cfg->n_virt_net++] = v;
	}
	else if (strcmp(ls->name, "RHEVM_NIC") == 0)
	{
		RdrConfNic	n = {.line = p->line};

		if (!cf_parse_mac(tok[1], &n.mac))
		{
			cf_parse_error(p, "invalid MAC address \"%s\": expected six hex pairs like 00:25:b3:a9:b0:02", tok[1]);
			return;
		}
		for (int i = 0; i < cfg->n_nics; i++)
			if (strcmp(cfg->nics[i].mac, n.mac) == 0 ||
				strcmp(cfg->nics[i].ifname, tok[2]) == 0)
			{
				cf_parse_error(p, "RHEVM_NIC %s %s conflicts with line %d", tok[1], tok[2],
							   cfg->nics[i].line);
				free(n.mac);
				return;
			}
		if (strlen(tok[2]) > 15 || strchr(tok[2], '/'))
		{
			cf_parse_error(p, "invalid interface name \"%s\": expected at most 15 characters, no '/'", tok[2]);
			free(n.mac);
			return;
		}
		n.ifname = xstrdup(tok[2]);
		cfg->nics = cf_grow(cfg->nics, cfg->n_nics, sizeof(n));
		cfg->nics[cfg->n_nics++] = n;
	}
	else if (strncmp(ls->name, "EXCLUDE_", 8) == 0)
	{
		bool		vm = strcmp(ls->name, "EXCLUDE_VM") == 0;
		RdrConfExclude **list = vm ? &cfg->exclude_vm : &cfg->exclude_domain;
		int		   *n = vm ? &cfg->n_exclude_vm : &cfg->n_exclude_domain;
		RdrConfExclude e = {.line = p->line};

		for (int i = 0; i < *n; i++)
			if (strcmp((*list)[i].name, tok[1]) == 0)
			{
				cf_parse_error(p, "%s %s is given twice (first at line %d)", ls->name, tok[1],
							   (*list)[i].line);
				return;
			}
		e.name = xstrdup(tok[1]);
		*list = cf_grow(*list, *n, sizeof(e));
		(*list)[(*n)++] = e;
	}
	else
	{
		RdrConfConnectTo c = {.line = p->line};

		if (!cf_split_host_port(tok[2], &c.address, &c.port))
		{
			cf_parse_error(p, "invalid address \"%s\": expected ADDRESS[:PORT]", tok[2]);
			return;
		}
		c.name = xstrdup(tok[1]);
		cfg->connect_to = cf_grow(cfg->connect_to, cfg->n_connect_to, sizeof(c));
		cfg->connect_to[cfg->n_connect_to++] = c;
	}
}

const RdrConfDirectLun *
rdr_config_direct_lun(const RdrConfig *cfg, const char *lun_id, bool site_a)
{
	for (int i = 0; i < cfg->n_direct_lun; i++)
		if (strcmp(site_a ? cfg->direct_lun[i].a_lun_id : cfg->direct_lun[i].b_lun_id, lun_id) == 0)
			return &cfg->direct_lun[i];
	return NULL;
}

const char *
rdr_config_connect_to(const RdrConfig *cfg, const char *name, int *port)
{
	for (int i = 0; i < cfg->n_connect_to; i++)
		if (strcmp(cfg->connect_to[i].name, name) == 0)
		{
			if (cfg->connect_to[i].port > 0 && port)
				*port = cfg->connect_to[i].port;
			return cfg->connect_to[i].address;
		}
	return name;
}
