/*-------------------------------------------------------------------------
 *
 * sim_scenario.c
 *	  The scenario parser: one directive per line, "KEYWORD args key=value".
 *
 * Every error names the file and line and stops the load; the simulator
 * then refuses to start, so a typo in a test's scenario is never a silently
 * different environment.  Entities refer to each other by name and must be
 * defined before they are referenced (a data center before its clusters,
 * a host before its NICs).
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "numparse.h"
#include "sim_scenario.h"
#include "xalloc.h"

#define MAX_INCLUDE_DEPTH 4

/* Parse state of one line. */
typedef struct Line
{
	SimModel   *m;
	SimFaults  *f;
	const char *file;
	int			lineno;
	char	  **tok;
	int			ntok;
	bool	   *used;			/* key=value tokens consumed */
	char		dir[4096];		/* directory of the file, for include */
	int			depth;
} Line;

static void
line_report(Line *l, const char *fmt,...) __attribute__((format(printf, 2, 3)));

static void
line_report(Line *l, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rdr_lex_verror(l->file, l->lineno, fmt, ap);
	va_end(ap);
}

/*
 * line_error: report at the line, false.  A macro, so that clang's
 * analyzer (which does not inline variadic functions) sees the false and
 * knows the out-parameters of a failed parse are not read.
 */
#define line_error(l, ...) (line_report((l), __VA_ARGS__), false)

/*
 * read_scenario_file: the whole file at path, NUL-terminated, in *buf;
 * false with errno set and *step saying what failed ("open" or "read").
 */
static bool
read_scenario_file(const char *path, char **buf, size_t *len,
				   const char **step)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	bool		ok;
	int			err;

	*step = "open";
	if (fd < 0)
		return false;
	*step = "read";
	ok = rdr_lex_read_fd(fd, SIZE_MAX, buf, len);
	err = errno;
	close(fd);
	errno = err;
	return ok;
}

/* The value of key=VALUE among the line's tokens (marking it used), or NULL. */
static const char *
opt(Line *l, const char *key)
{
	size_t		klen = strlen(key);
	int			i;

	for (i = 1; i < l->ntok; i++)
	{
		if (strncmp(l->tok[i], key, klen) == 0 && l->tok[i][klen] == '=')
		{
			l->used[i] = true;
			return l->tok[i] + klen + 1;
		}
	}
	return NULL;
}

/* The positional argument number pos (1-based, skipping key=value). */
static const char *
arg(Line *l, int pos)
{
	int			i;

	for (i = 1; i < l->ntok; i++)
	{
		if (strchr(l->tok[i], '=') != NULL)
			continue;
		if (--pos == 0)
		{
			l->used[i] = true;
			return l->tok[i];
		}
	}
	return NULL;
}

/* Every token must have been used: catches misspelt keys. */
static bool
all_used(Line *l)
{
	int			i;

	for (i = 1; i < l->ntok; i++)
		if (!l->used[i])
			return line_error(l, "%s: unexpected \"%s\"", l->tok[0], l->tok[i]);
	return true;
}

static bool
valid_id(const char *s)
{
	int			i;

	for (i = 0; i < SIM_ID_LEN; i++)
	{
		bool		dash = (i == 8 || i == 13 || i == 18 || i == 23);

		if (dash ? s[i] != '-' : !(isdigit((unsigned char) s[i]) ||
								   (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return s[SIM_ID_LEN] == '\0';
}

/* Set the id from id=, or a deterministic one. */
static bool
set_id(Line *l, char *out, SimKind kind, int index)
{
	const char *id = opt(l, "id");

	if (id == NULL)
	{
		sim_model_make_id(kind, index, out);
		return true;
	}
	if (!valid_id(id))
		return line_error(l, "id \"%s\" is not a lower-case UUID", id);
	memcpy(out, id, SIM_ID_LEN + 1);
	return true;
}

static bool
parse_double(Line *l, const char *what, const char *s, double lo, double hi,
			 double *out)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return line_error(l, "%s \"%s\" is not a number in [%g, %g]", what, s, lo, hi);
	*out = v;
	return true;
}

/* Look up a referenced entity by name: required. */
static bool
ref(Line *l, SimKind kind, const char *key, int *out)
{
	const char *name = opt(l, key);

	if (name == NULL)
		return line_error(l, "%s needs %s=NAME", l->tok[0], key);
	*out = sim_model_find_name(l->m, kind, name);
	if (*out < 0)
		return line_error(l, "%s \"%s\" is not defined (define it above)", key, name);
	return true;
}

static bool
yesno(Line *l, const char *key, bool *out)
{
	const char *v = opt(l, key);

	if (v == NULL)
		return true;
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
		*out = false;
	else
		return line_error(l, "%s must be yes or no, not \"%s\"", key, v);
	return true;
}

static char *
dup_opt(Line *l, const char *key)
{
	const char *v = opt(l, key);

	return v ? strdup(v) : NULL;
}

static bool
d_datacenter(Line *l)
{
	SimModel   *m = l->m;
	const char *name = arg(l, 1);
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
	st = opt(l, "storage_type");
	d->storage_type = strdup(st ? st : "nfs");
	return set_id(l, d->id, KIND_DC, m->n_dcs - 1);
}

static bool
d_cluster(Line *l)
{
	SimModel   *m = l->m;
	const char *name = arg(l, 1);
	const char *nets;
	SimCluster *c;
	int			dc;

	if (name == NULL)
		return line_error(l, "cluster needs a name");
	if (sim_model_find_name(m, KIND_CLUSTER, name) >= 0)
		return line_error(l, "cluster \"%s\" is defined twice", name);
	if (!ref(l, KIND_DC, "datacenter", &dc))
		return false;
	c = SIM_PUSH(m, clusters);
	c->name = strdup(name);
	c->dc = dc;
	c->site_a = opt(l, "site") != NULL && strcmp(opt(l, "site"), "a") == 0;
	if (!set_id(l, c->id, KIND_CLUSTER, m->n_clusters - 1))
		return false;
	nets = opt(l, "networks");
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
	const char *name = arg(l, 1);
	SimNetwork *n;
	int			dc;

	if (name == NULL)
		return line_error(l, "network needs a name");
	if (!ref(l, KIND_DC, "datacenter", &dc))
		return false;
	n = SIM_PUSH(m, networks);
	n->name = strdup(name);
	n->dc = dc;
	return set_id(l, n->id, KIND_NETWORK, m->n_networks - 1);
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
	const char *name = arg(l, 1);
	const char *st;
	SimHost    *h;
	bool		spm = false;
	int			cl;
	size_t		i;

	if (name == NULL)
		return line_error(l, "host needs a name");
	if (sim_model_find_name(m, KIND_HOST, name) >= 0)
		return line_error(l, "host \"%s\" is defined twice", name);
	if (!ref(l, KIND_CLUSTER, "cluster", &cl) || !yesno(l, "spm", &spm))
		return false;
	h = SIM_PUSH(m, hosts);
	h->name = strdup(name);
	h->cluster = cl;
	h->address = dup_opt(l, "address");
	if (h->address == NULL)
		h->address = strdup(name);
	st = opt(l, "state");
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
	return set_id(l, h->id, KIND_HOST, m->n_hosts - 1);
}

static bool
d_nic(Line *l)
{
	SimModel   *m = l->m;
	const char *host = arg(l, 1);
	const char *name = arg(l, 2);
	const char *mac = opt(l, "mac");
	const char *net = opt(l, "network");
	const char *vlan = opt(l, "vlan");
	const char *slaves = opt(l, "slaves");
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
		/* slaves=eth2,eth3: NICs of the same host, defined above, that share the bond's MAC */
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
	return set_id(l, n->id, KIND_NIC, m->n_nics - 1);
}

static bool
add_vm(Line *l, const char *name, int cluster, SimVmState state)
{
	SimModel   *m = l->m;
	SimVm	   *v = SIM_PUSH(m, vms);
	const char *created = opt(l, "created");

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
	const char *ip = opt(l, "agent_ip");
	const char *delay = opt(l, "agent_delay");
	const char *agent = opt(l, "agent");
	const char *port = opt(l, "listen");
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
	const char *name = arg(l, 1);
	const char *st = opt(l, "state");
	int			cl;

	if (name == NULL)
		return line_error(l, "vm needs a name");
	if (!ref(l, KIND_CLUSTER, "cluster", &cl))
		return false;
	if (st && strcmp(st, "down") != 0 && strcmp(st, "up") != 0)
		return line_error(l, "vm state must be down or up, not \"%s\"", st);
	add_vm(l, name, cl, st && strcmp(st, "up") == 0 ? VM_UP : VM_DOWN);
	/* shutdown=ignore: a guest without ACPI or agent (sim_planned.c) */
	if (opt(l, "shutdown") && strcmp(opt(l, "shutdown"), "ignore") != 0)
		return line_error(l, "vm shutdown must be ignore, not \"%s\"", opt(l, "shutdown"));
	l->m->vms[l->m->n_vms - 1].ignores_shutdown = opt(l, "shutdown") != NULL;
	/* networks=a,b: the networks of its vNICs, which a cluster move needs */
	if (opt(l, "networks") && *opt(l, "networks"))
	{
		SimVm	   *v = &l->m->vms[l->m->n_vms - 1];
		char	   *copy = strdup(opt(l, "networks")),
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
	return set_id(l, l->m->vms[l->m->n_vms - 1].id, KIND_VM, l->m->n_vms - 1);
}

/* vms COUNT prefix=NAME cluster=C: many VMs for benchmarks. */
static bool
d_vms(Line *l)
{
	const char *count = arg(l, 1);
	const char *prefix = opt(l, "prefix");
	double		n;
	int			cl,
				i;

	if (count == NULL || !parse_double(l, "vms count", count, 1, 1000000, &n))
		return count ? false : line_error(l, "vms needs a count");
	if (!ref(l, KIND_CLUSTER, "cluster", &cl))
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
	const char *name = arg(l, 1);
	const char *gate = opt(l, "gate");
	const char *type = opt(l, "type");
	const char *st = opt(l, "storage");
	SimStorageDomain *sd;
	int			dc;

	if (name == NULL)
		return line_error(l, "storage_domain needs a name");
	if (!ref(l, KIND_DC, "datacenter", &dc))
		return false;
	sd = SIM_PUSH(m, sds);
	sd->name = strdup(name);
	sd->dc = dc;
	sd->type = strdup(type ? type : "data");
	sd->storage_type = strdup(st ? st : "nfs");
	if (!yesno(l, "master", &sd->master))
		return false;
	sd->expect_connection = dup_opt(l, "connection");
	sd->expect_iqn = dup_opt(l, "iqn");
	sd->expect_port = dup_opt(l, "port");
	sd->expect_lun_id = dup_opt(l, "lun_id");
	sd->expect_serial = dup_opt(l, "serial");
	sd->expect_a_connection = dup_opt(l, "sitea_connection");
	sd->expect_a_iqn = dup_opt(l, "sitea_iqn");
	sd->expect_a_port = dup_opt(l, "sitea_port");
	sd->expect_a_lun_id = dup_opt(l, "sitea_lun_id");
	sd->expect_a_serial = dup_opt(l, "sitea_serial");
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
	return set_id(l, sd->id, KIND_SD, m->n_sds - 1);
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
		const char *v = opt(l, keys[i]);

		if (v && !parse_double(l, keys[i], v, 0, 86400, vals[i]))
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

static bool
d_include(Line *l)
{
	const char *file = arg(l, 1);
	char		path[8192];
	char	   *buf;
	size_t		len;
	const char *step;
	bool		ok;

	if (file == NULL)
		return line_error(l, "include needs a file name");
	if (l->depth >= MAX_INCLUDE_DEPTH || l->dir[0] == '\0')
		return line_error(l, "include is not allowed here (nesting deeper than %d?)",
						  MAX_INCLUDE_DEPTH);
	snprintf(path, sizeof(path), "%s/%s", file[0] == '/' ? "" : l->dir, file);
	if (!read_scenario_file(path, &buf, &len, &step))
		return line_error(l, "could not %s included file \"%s\": %m", step, path);
	ok = sim_scenario_parse(l->m, l->f, buf, len, path, l->depth + 1);
	free(buf);
	return ok;
}

/* Single-value settings. */
static bool
d_setting(Line *l)
{
	const char *v = arg(l, 1);
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
		if (!parse_double(l, "time_scale", v, 0, 1000, &d))
			return false;
		m->time_scale = d;
	}
	else if (strcmp(l->tok[0], "session_timeout") == 0)
	{
		if (!parse_double(l, "session_timeout", v, 1, 86400, &d))
			return false;
		m->session_timeout = d;
	}
	else if (strcmp(l->tok[0], "event_base") == 0)
	{
		if (!parse_double(l, "event_base", v, 1, 1e9, &d))
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
	{"include", d_include},
};

/*
 * sim_scenario_parse
 *		Parse a scenario held in memory.  name is used in messages; depth is
 *		the include depth (a depth below 0 forbids include, for fuzzing).
 */
bool
sim_scenario_parse(SimModel *m, SimFaults *f, const char *buf, size_t len,
				   const char *name, int depth)
{
	RdrLexLines lines;
	const char *text;
	size_t		n;
	int			lineno;
	char	   *copy;
	char		dircopy[4096];

	snprintf(dircopy, sizeof(dircopy), "%s", name);
	rdr_lex_lines_init(&lines, buf, len, false);
	while (rdr_lex_next_line(&lines, &text, &n))
	{
		char	   *tok[SIM_MAX_TOKENS];
		bool		used[SIM_MAX_TOKENS] = {false};
		char		err[256];
		Line		l;
		size_t		i;
		bool		ok = false;

		lineno = lines.lineno;
		{
			char	   *raw = xstrndup(text, n);

			if (strlen(raw) != n)
			{
				free(raw);
				rdr_log_error("%s:%d: NUL byte in line", name, lineno);
				return false;
			}
			/* comments are not expanded: they may mention ${VAR} */
			copy = raw[strspn(raw, " \t")] == '#' ? strdup("") :
				sim_expand_env(raw, err, sizeof(err));
			free(raw);
			if (copy == NULL)
			{
				rdr_log_error("%s:%d: %s", name, lineno, err);
				return false;
			}
		}
		memset(&l, 0, sizeof(l));
		l.m = m;
		l.f = f;
		l.file = name;
		l.lineno = lineno;
		l.tok = tok;
		l.used = used;
		l.depth = depth;
		if (depth >= 0)
			snprintf(l.dir, sizeof(l.dir), "%s", dirname(dircopy));
		snprintf(dircopy, sizeof(dircopy), "%s", name);
		l.ntok = sim_tokenize(copy, tok, SIM_MAX_TOKENS, err, sizeof(err));
		if (l.ntok < 0)
		{
			line_report(&l, "%s", err);
			free(copy);
			return false;
		}
		if (l.ntok == 0)
		{
			free(copy);
			continue;
		}
		for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
			if (strcmp(tok[0], directives[i].keyword) == 0)
				break;
		if (i == sizeof(directives) / sizeof(directives[0]))
			line_report(&l, "unknown keyword \"%s\"", tok[0]);
		else
			ok = directives[i].fn(&l) && all_used(&l);
		free(copy);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * sim_scenario_load
 *		Read and parse a scenario file.
 */
bool
sim_scenario_load(SimModel *m, SimFaults *f, const char *path)
{
	char	   *buf;
	size_t		len;
	const char *step;
	bool		ok;

	if (!read_scenario_file(path, &buf, &len, &step))
	{
		rdr_log_error("could not %s scenario \"%s\": %m", step, path);
		return false;
	}
	ok = sim_scenario_parse(m, f, buf, len, path, 0);
	free(buf);
	return ok;
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
