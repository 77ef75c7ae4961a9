/*-------------------------------------------------------------------------
 *
 * sim_scenario.c
 *	  The scenario's directives, one per line ("KEYWORD args key=value"),
 *	  each building its part of the model, and the checks of the whole
 *	  scenario once loaded.  The reader (files, lines, include) is
 *	  sim_scenario_read.c; the words of a line sim_scenario_line.c.
 *
 * Every error names the file and line and stops the load; the simulator
 * then refuses to start, so a typo in a test's scenario is never a silently
 * different environment.  Entities refer to each other by name and must be
 * defined before they are referenced (a data center before its clusters,
 * a host before its NICs).
 *
 *-------------------------------------------------------------------------
 */
#include "sim_scenario_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "numparse.h"
#include "xalloc.h"

static bool
d_datacenter(Line *l)
{
	SimModel   *m = l->m;
	const char *name = line_arg(l, 1);
	SimDataCenter *d;
	const char *st;

	if (name == NULL)
		return line_error(l, "datacenter needs a name");
	if (sim_model_find_name(m, KIND_DC, name) >= 0)
		return line_error(l, "datacenter \"%s\" is defined twice", name);
	d = SIM_PUSH(m, dcs);
	d->name = strdup(name);
	d->spm_host = -1;
	d->contender = -1;
	st = line_opt(l, "storage_type");
	d->storage_type = strdup(st ? st : "nfs");
	return line_set_id(l, d->id, KIND_DC, m->n_dcs - 1);
}

static bool
d_cluster(Line *l)
{
	SimModel   *m = l->m;
	const char *name = line_arg(l, 1);
	const char *nets;
	SimCluster *c;
	int			dc;

	if (name == NULL)
		return line_error(l, "cluster needs a name");
	if (sim_model_find_name(m, KIND_CLUSTER, name) >= 0)
		return line_error(l, "cluster \"%s\" is defined twice", name);
	if (!line_ref(l, KIND_DC, "datacenter", &dc))
		return false;
	c = SIM_PUSH(m, clusters);
	c->name = strdup(name);
	c->dc = dc;
	c->site_a = line_opt(l, "site") != NULL && strcmp(line_opt(l, "site"), "a") == 0;
	if (!line_set_id(l, c->id, KIND_CLUSTER, m->n_clusters - 1))
		return false;
	nets = line_opt(l, "networks");
	if (nets && *nets)
	{
		char	   *copy = strdup(nets),
				   *save = NULL,
				   *n;

		for (n = strtok_r(copy, ",", &save); n; n = strtok_r(NULL, ",", &save))
		{
			int			ni = sim_model_find_name(m, KIND_NETWORK, n);
			int		   *na;

			if (ni < 0 || m->networks[ni].dc != dc)
			{
				line_report(l, "network \"%s\" is not defined in datacenter \"%s\"",
							n, m->dcs[dc].name);
				free(copy);
				return false;
			}
			na = xrealloc(c->networks, sizeof(int) * (size_t) (c->n_networks + 1));
			c->networks = na;
			c->networks[c->n_networks++] = ni;
		}
		free(copy);
	}
	return true;
}

static bool
d_network(Line *l)
{
	SimModel   *m = l->m;
	const char *name = line_arg(l, 1);
	SimNetwork *n;
	int			dc;

	if (name == NULL)
		return line_error(l, "network needs a name");
	if (!line_ref(l, KIND_DC, "datacenter", &dc))
		return false;
	n = SIM_PUSH(m, networks);
	n->name = strdup(name);
	n->dc = dc;
	return line_set_id(l, n->id, KIND_NETWORK, m->n_networks - 1);
}

static bool
d_host(Line *l)
{
	static const struct
	{
		const char *name;
		SimHostState state;
	}			states[] = {
		{"pending_approval", HOST_PENDING_APPROVAL},
		{"non_operational", HOST_NON_OPERATIONAL},
		{"up", HOST_UP},
		{"non_responsive", HOST_NON_RESPONSIVE},
		{"maintenance", HOST_MAINTENANCE},
	};
	SimModel   *m = l->m;
	const char *name = line_arg(l, 1);
	const char *st;
	SimHost    *h;
	bool		spm = false;
	int			cl;
	size_t		i;

	if (name == NULL)
		return line_error(l, "host needs a name");
	if (sim_model_find_name(m, KIND_HOST, name) >= 0)
		return line_error(l, "host \"%s\" is defined twice", name);
	if (!line_ref(l, KIND_CLUSTER, "cluster", &cl) || !line_yesno(l, "spm", &spm))
		return false;
	h = SIM_PUSH(m, hosts);
	h->name = strdup(name);
	h->cluster = cl;
	h->address = line_dup_opt(l, "address");
	if (h->address == NULL)
		h->address = strdup(name);
	st = line_opt(l, "state");
	if (st == NULL)
		return line_error(l, "host needs state=STATE");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(states[i].name, st) == 0)
			break;
	if (i == sizeof(states) / sizeof(states[0]))
		return line_error(l, "unknown host state \"%s\" (pending_approval, non_operational, up, non_responsive, maintenance)", st);
	h->state = states[i].state;
	h->network_unreachable = h->state == HOST_NON_OPERATIONAL;
	if (spm)
	{
		SimDataCenter *d = &m->dcs[m->clusters[cl].dc];

		if (d->spm_host >= 0)
			return line_error(l, "datacenter \"%s\" already has SPM host \"%s\"",
							  d->name, m->hosts[d->spm_host].name);
		if (h->state != HOST_UP && h->state != HOST_NON_RESPONSIVE)
			return line_error(l, "an SPM host must be up or non_responsive");
		d->spm_host = m->n_hosts - 1;
		h->spm = SPM_SPM;
	}
	return line_set_id(l, h->id, KIND_HOST, m->n_hosts - 1);
}

static bool
d_nic(Line *l)
{
	SimModel   *m = l->m;
	const char *host = line_arg(l, 1);
	const char *name = line_arg(l, 2);
	const char *mac = line_opt(l, "mac");
	const char *net = line_opt(l, "network");
	const char *vlan = line_opt(l, "vlan");
	const char *slaves = line_opt(l, "slaves");
	SimNic	   *n;
	int			h;
	char	   *p;

	if (host == NULL || name == NULL)
		return line_error(l, "nic needs a host name and a NIC name");
	h = sim_model_find_name(m, KIND_HOST, host);
	if (h < 0)
		return line_error(l, "host \"%s\" is not defined (define it above)", host);
	if (mac == NULL || strlen(mac) != 17)
		return line_error(l, "nic needs mac=xx:xx:xx:xx:xx:xx");
	n = SIM_PUSH(m, nics);
	n->name = strdup(name);
	n->mac = strdup(mac);
	for (p = n->mac; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	n->host = h;
	n->network = -1;
	n->master = -1;
	if (vlan)
	{
		if (!rdr_parse_int(vlan, 1, 4094, &n->vlan) || strchr(name, '.') == NULL)
			return line_error(l, "vlan=%s: a VLAN device is named BASE.ID, with an id 1..4094", vlan);
	}
	if (slaves)
	{
		/*
		 * slaves=eth2,eth3: NICs of the same host, defined above, that share
		 * the bond's MAC
		 */
		char	   *list = strdup(slaves);
		char	   *save = NULL;
		int			count = 0;

		n->bond = true;
		for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save))
		{
			int			k;

			for (k = 0; k < m->n_nics - 1; k++)
				if (m->nics[k].host == h && strcmp(m->nics[k].name, s) == 0)
					break;
			if (k == m->n_nics - 1 || m->nics[k].bond || m->nics[k].vlan ||
				m->nics[k].master >= 0)
			{
				free(list);
				return line_error(l, "slave \"%s\" is not a free NIC of host %s defined above", s, host);
			}
			m->nics[k].master = m->n_nics - 1;
			count++;
		}
		free(list);
		if (count < 2)
			return line_error(l, "a bond needs at least two slaves (slaves=a,b)");
	}
	if (net)
	{
		n->network = sim_model_find_name(m, KIND_NETWORK, net);
		if (n->network < 0)
			return line_error(l, "network \"%s\" is not defined (define it above)", net);
		n->committed = true;
	}
	return line_set_id(l, n->id, KIND_NIC, m->n_nics - 1);
}

static bool
add_vm(Line *l, const char *name, int cluster, SimVmState state)
{
	SimModel   *m = l->m;
	SimVm	   *v = SIM_PUSH(m, vms);
	const char *created = line_opt(l, "created");

	v->name = strdup(name);
	v->cluster = cluster;
	v->state = state;
	v->creation_time = strdup(created ? created : "2011-12-13T14:18:28.000-06:00");
	v->agent_delay = -1;
	return true;
}

/*
 * vm_agent_words: agent_ip=, agent_delay=, agent=none, listen= of a vm
 * line (the guest agent, sim_agent.c).
 */
static bool
vm_agent_words(Line *l, SimVm *v)
{
	const char *ip = line_opt(l, "agent_ip");
	const char *delay = line_opt(l, "agent_delay");
	const char *agent = line_opt(l, "agent");
	const char *port = line_opt(l, "listen");
	char	   *end;

	if (agent && strcmp(agent, "none") != 0)
		return line_error(l, "vm agent must be none, not \"%s\"", agent);
	v->agent_none = agent != NULL;
	if (ip && strlen(ip) >= sizeof(v->agent_ip_now))
		return line_error(l, "vm agent_ip \"%s\" is too long", ip);
	v->agent_ip = ip ? strdup(ip) : NULL;
	if (delay)
	{
		v->agent_delay = strtod(delay, &end);
		if (*delay == '\0' || *end != '\0' || !(v->agent_delay >= 0 && v->agent_delay <= 86400))
			return line_error(l, "vm agent_delay must be seconds from 0 to 86400, not \"%s\"", delay);
	}
	if (port)
	{
		long		p = strtol(port, &end, 10);

		if (*port == '\0' || *end != '\0' || p < 1 || p > 65535)
			return line_error(l, "vm listen must be a port from 1 to 65535, not \"%s\"", port);
		v->listen_port = (int) p;
	}
	return true;
}

static bool
d_vm(Line *l)
{
	const char *name = line_arg(l, 1);
	const char *st = line_opt(l, "state");
	int			cl;

	if (name == NULL)
		return line_error(l, "vm needs a name");
	if (!line_ref(l, KIND_CLUSTER, "cluster", &cl))
		return false;
	if (st && strcmp(st, "down") != 0 && strcmp(st, "up") != 0)
		return line_error(l, "vm state must be down or up, not \"%s\"", st);
	add_vm(l, name, cl, st && strcmp(st, "up") == 0 ? VM_UP : VM_DOWN);
	/* shutdown=ignore: a guest without ACPI or agent (sim_planned.c) */
	if (line_opt(l, "shutdown") && strcmp(line_opt(l, "shutdown"), "ignore") != 0)
		return line_error(l, "vm shutdown must be ignore, not \"%s\"", line_opt(l, "shutdown"));
	l->m->vms[l->m->n_vms - 1].ignores_shutdown = line_opt(l, "shutdown") != NULL;
	/* networks=a,b: the networks of its vNICs, which a cluster move needs */
	if (line_opt(l, "networks") && *line_opt(l, "networks"))
	{
		SimVm	   *v = &l->m->vms[l->m->n_vms - 1];
		char	   *copy = strdup(line_opt(l, "networks")),
				   *save = NULL;

		for (char *n = strtok_r(copy, ",", &save); n; n = strtok_r(NULL, ",", &save))
		{
			int			ni = -1;

			for (int k = 0; k < l->m->n_networks && ni < 0; k++)
				if (l->m->networks[k].dc == l->m->clusters[cl].dc &&
					strcmp(l->m->networks[k].name, n) == 0)
					ni = k;
			if (ni < 0)
			{
				line_report(l, "network \"%s\" is not defined in the VM's datacenter", n);
				free(copy);
				return false;
			}
			v->networks = xrealloc(v->networks, sizeof(int) * (size_t) (v->n_networks + 1));
			v->networks[v->n_networks++] = ni;
		}
		free(copy);
	}
	if (!vm_agent_words(l, &l->m->vms[l->m->n_vms - 1]))
		return false;
	return line_set_id(l, l->m->vms[l->m->n_vms - 1].id, KIND_VM, l->m->n_vms - 1);
}

/* vms COUNT prefix=NAME cluster=C: many VMs for benchmarks. */
static bool
d_vms(Line *l)
{
	const char *count = line_arg(l, 1);
	const char *prefix = line_opt(l, "prefix");
	double		n;
	int			cl,
				i;

	if (count == NULL || !line_double(l, "vms count", count, 1, 1000000, &n))
		return count ? false : line_error(l, "vms needs a count");
	if (!line_ref(l, KIND_CLUSTER, "cluster", &cl))
		return false;
	for (i = 0; i < (int) n; i++)
	{
		char		name[256];

		snprintf(name, sizeof(name), "%s%05d", prefix ? prefix : "vm-", i);
		add_vm(l, name, cl, VM_DOWN);
		sim_model_make_id(KIND_VM, l->m->n_vms - 1, l->m->vms[l->m->n_vms - 1].id);
	}
	return true;
}

static bool
d_storage_domain(Line *l)
{
	SimModel   *m = l->m;
	const char *name = line_arg(l, 1);
	const char *gate = line_opt(l, "gate");
	const char *type = line_opt(l, "type");
	const char *st = line_opt(l, "storage");
	SimStorageDomain *sd;
	int			dc;

	if (name == NULL)
		return line_error(l, "storage_domain needs a name");
	if (!line_ref(l, KIND_DC, "datacenter", &dc))
		return false;
	sd = SIM_PUSH(m, sds);
	sd->name = strdup(name);
	sd->dc = dc;
	sd->type = strdup(type ? type : "data");
	sd->storage_type = strdup(st ? st : "nfs");
	if (!line_yesno(l, "master", &sd->master))
		return false;
	sd->expect_connection = line_dup_opt(l, "connection");
	sd->expect_iqn = line_dup_opt(l, "iqn");
	sd->expect_port = line_dup_opt(l, "port");
	sd->expect_lun_id = line_dup_opt(l, "lun_id");
	sd->expect_serial = line_dup_opt(l, "serial");
	sd->expect_a_connection = line_dup_opt(l, "sitea_connection");
	sd->expect_a_iqn = line_dup_opt(l, "sitea_iqn");
	sd->expect_a_port = line_dup_opt(l, "sitea_port");
	sd->expect_a_lun_id = line_dup_opt(l, "sitea_lun_id");
	sd->expect_a_serial = line_dup_opt(l, "sitea_serial");
	if (gate == NULL)
		sd->gate = GATE_NONE;
	else if (strcmp(gate, "nfs") == 0 && sd->expect_connection)
		sd->gate = GATE_NFS;
	else if (strcmp(gate, "fcp") == 0 && sd->expect_lun_id)
		sd->gate = GATE_FCP;
	else if (strcmp(gate, "iscsi") == 0 && sd->expect_lun_id &&
			 sd->expect_connection && sd->expect_iqn)
		sd->gate = GATE_ISCSI;
	else
		return line_error(l, "gate=%s needs: nfs connection=; fcp lun_id=; iscsi connection= iqn= lun_id=", gate);
	return line_set_id(l, sd->id, KIND_SD, m->n_sds - 1);
}

static bool
d_timing(Line *l)
{
	static const char *const keys[] = {
		"startup", "approve", "activate", "fence_release", "spm_contend",
		"vm_launch", "vm_powerup", "reboot", "reconnect", "autorecover", "vm_agent"
	};
	double	   *vals[] = {
		&l->m->t.startup, &l->m->t.approve, &l->m->t.activate,
		&l->m->t.fence_release, &l->m->t.spm_contend, &l->m->t.vm_launch,
		&l->m->t.vm_powerup, &l->m->t.reboot, &l->m->t.reconnect,
		&l->m->t.autorecover, &l->m->t.vm_agent
	};
	size_t		i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
	{
		const char *v = line_opt(l, keys[i]);

		if (v && !line_double(l, keys[i], v, 0, 86400, vals[i]))
			return false;
	}
	return true;
}

static bool
d_fault(Line *l)
{
	char		err[256];
	int			i;

	if (!sim_fault_add(l->f, l->tok + 1, l->ntok - 1, err, sizeof(err)))
		return line_error(l, "%s", err);
	for (i = 1; i < l->ntok; i++)
		l->used[i] = true;
	return true;
}

/* Single-value settings. */
static bool
d_setting(Line *l)
{
	const char *v = line_arg(l, 1);
	SimModel   *m = l->m;
	double		d;

	if (v == NULL)
		return line_error(l, "%s needs a value", l->tok[0]);
	if (strcmp(l->tok[0], "api_version") == 0)
	{
		if (strcmp(v, "3") != 0 && strcmp(v, "4") != 0)
			return line_error(l, "api_version must be 3 or 4, not \"%s\"", v);
		m->api_version = v[0] - '0';
	}
	else if (strcmp(l->tok[0], "user") == 0)
	{
		free(m->user);
		m->user = strdup(v);
	}
	else if (strcmp(l->tok[0], "db") == 0)
	{
		free(m->db_conninfo);
		m->db_conninfo = strdup(v);
	}
	else if (strcmp(l->tok[0], "time_scale") == 0)
	{
		if (!line_double(l, "time_scale", v, 0, 1000, &d))
			return false;
		m->time_scale = d;
	}
	else if (strcmp(l->tok[0], "session_timeout") == 0)
	{
		if (!line_double(l, "session_timeout", v, 1, 86400, &d))
			return false;
		m->session_timeout = d;
	}
	else if (strcmp(l->tok[0], "event_base") == 0)
	{
		if (!line_double(l, "event_base", v, 1, 1e9, &d))
			return false;
		m->event_base = (long) d;
	}
	return true;
}

static const struct
{
	const char *keyword;
	bool		(*fn) (Line *l);
}			directives[] = {
	{"api_version", d_setting},
	{"user", d_setting},
	{"db", d_setting},
	{"time_scale", d_setting},
	{"session_timeout", d_setting},
	{"event_base", d_setting},
	{"timing", d_timing},
	{"datacenter", d_datacenter},
	{"cluster", d_cluster},
	{"network", d_network},
	{"host", d_host},
	{"nic", d_nic},
	{"vm", d_vm},
	{"vms", d_vms},
	{"storage_domain", d_storage_domain},
	{"fault", d_fault},
};

/* sim_scenario_directive: see sim_scenario_int.h */
bool
sim_scenario_directive(Line *l)
{
	size_t		i;

	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (strcmp(l->tok[0], directives[i].keyword) == 0)
			break;
	if (i == sizeof(directives) / sizeof(directives[0]))
		return line_error(l, "unknown keyword \"%s\"", l->tok[0]);
	return directives[i].fn(l) && line_all_used(l);
}

/*
 * sim_scenario_check
 *		Whole-scenario checks after loading: something to serve, and the
 *		neverup faults name real hosts.
 */
bool
sim_scenario_check(SimModel *m, SimFaults *f)
{
	int			i;

	if (m->n_dcs == 0)
	{
		rdr_log_error("scenario defines no datacenter");
		return false;
	}
	if (m->user == NULL)
		m->user = strdup("admin@internal");
	for (i = 0; i < f->n; i++)
	{
		int			h;

		if (f->rules[i].kind != FAULT_NEVERUP &&
			f->rules[i].kind != FAULT_INSTALLFAIL)
			continue;
		h = sim_model_find_name(m, KIND_HOST, f->rules[i].host);
		if (h < 0)
		{
			rdr_log_error("fault %s: host \"%s\" is not in the scenario",
						  sim_fault_kind_name(f->rules[i].kind), f->rules[i].host);
			return false;
		}
		if (f->rules[i].kind == FAULT_NEVERUP)
			m->hosts[h].never_up = true;
		else
			m->hosts[h].install_fails = f->rules[i].count < 0 ? 1 :
				(int) f->rules[i].count;
	}
	return true;
}
