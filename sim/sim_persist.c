/*-------------------------------------------------------------------------
 *
 * sim_persist.c
 *	  rdr-sim --state-file: the simulator's memory across an engine restart.
 *
 * A real engine keeps the status of its hosts and VMs in its database
 * (vds_dynamic.status, vm_dynamic.status, vm_static.vds_group_id,
 * vds_static.vds_group_id, storage_pool.spm_vds_id) and reads them back
 * when it starts, so a host put into maintenance is still in maintenance
 * after "service ovirt-engine restart", and a VM that was shut down is
 * still down.  Without a state file, every start of rdr-sim is a fresh
 * scenario, which is what the failover tests want (the engine restarted
 * by rdr is the one the scenario describes); a planned migration and a
 * failback act on the manager before the engine restart, and need it.
 *
 * The file is text, one entity a line, by id:
 *		host ID STATE CLUSTER-ID SPM(0|1)
 *		vm ID STATE CLUSTER-ID NAME
 * A VM the file names that the scenario does not have was created through
 * the API (sim_create.c) and is created again.
 * Transitional states are saved as where they lead (powering_down: down,
 * wait_for_launch and powering_up: up, preparing_for_maintenance:
 * maintenance, installing, reboot and unassigned: non_responsive), as the
 * engine's monitoring settles them after a restart.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sim_create.h"
#include "sim_persist.h"

/* host_state_saved: what a restarted engine shows for the host */
static SimHostState
host_state_saved(SimHostState s)
{
	switch (s)
	{
		case HOST_PREPARING_FOR_MAINTENANCE:
			return HOST_MAINTENANCE;
		case HOST_INSTALLING:
		case HOST_REBOOT:
		case HOST_UNASSIGNED:
			return HOST_NON_RESPONSIVE;
		default:
			return s;
	}
}

static bool
host_state_of(const char *name, SimHostState *out)
{
	for (int s = HOST_PENDING_APPROVAL; s <= HOST_PREPARING_FOR_MAINTENANCE; s++)
		if (strcmp(sim_host_state_name((SimHostState) s), name) == 0)
		{
			*out = (SimHostState) s;
			return true;
		}
	return false;
}

bool
sim_persist_save(SimModel *m, const char *path)
{
	char		tmp[4200];
	FILE	   *f;
	bool		ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	(void) unlink(tmp);
	if ((f = fopen(tmp, "wx")) == NULL)
	{
		rdr_log_error("could not write state file \"%s\": %s", tmp, strerror(errno));
		return false;
	}
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < m->n_hosts; i++)
		fprintf(f, "host %s %s %s %d\n", m->hosts[i].id,
				sim_host_state_name(host_state_saved(m->hosts[i].state)),
				m->clusters[m->hosts[i].cluster].id, m->hosts[i].spm == SPM_SPM);
	for (int i = 0; i < m->n_vms; i++)
		fprintf(f, "vm %s %s %s %s\n", m->vms[i].id,
				m->vms[i].state == VM_DOWN || m->vms[i].state == VM_POWERING_DOWN ? "down" : "up",
				m->clusters[m->vms[i].cluster].id, m->vms[i].name);
	pthread_mutex_unlock(&m->lock);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
	{
		rdr_log_error("could not write state file \"%s\": %s", path, strerror(errno));
		(void) unlink(tmp);
		return false;
	}
	return true;
}

/* load_line: one line of the file onto the model; false if damaged */
static bool
load_line(SimModel *m, char *line)
{
	char		kind[8],
				id[64],
				state[48],
				cluster[64],
				name[256];
	int			spm = 0;
	int			n = sscanf(line, "%7s %63s %47s %63s %d", kind, id, state, cluster, &spm);
	int			c;

	if (n < 4 || (c = sim_model_find(m, KIND_CLUSTER, cluster)) < 0)
		return false;
	if (strcmp(kind, "host") == 0 && n == 5)
	{
		int			h = sim_model_find(m, KIND_HOST, id);
		int			dc;
		SimHostState s;

		if (h < 0 || !host_state_of(state, &s))
			return false;
		m->hosts[h].state = s;
		m->hosts[h].cluster = c;
		dc = sim_model_host_dc(m, h);
		if (spm)
		{
			m->hosts[h].spm = SPM_SPM;
			m->dcs[dc].spm_host = h;
		}
		else if (m->hosts[h].spm == SPM_SPM)
		{
			m->hosts[h].spm = SPM_NONE;
			m->dcs[dc].spm_host = -1;
		}
		return true;
	}
	if (strcmp(kind, "vm") == 0 && n == 4 &&
		sscanf(line, "%*7s %*63s %*47s %*63s %255s", name) == 1)
	{
		int			v = sim_model_find(m, KIND_VM, id);

		if (v < 0)
			v = sim_create_vm_entity(m, id, name, c);

		if (v < 0 || (strcmp(state, "down") != 0 && strcmp(state, "up") != 0))
			return false;
		m->vms[v].state = strcmp(state, "up") == 0 ? VM_UP : VM_DOWN;
		m->vms[v].cluster = c;
		return true;
	}
	return false;
}

bool
sim_persist_load(SimModel *m, const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		line[512];
	int			lineno = 0;

	if (f == NULL && errno == ENOENT)
		return true;
	if (f == NULL)
	{
		rdr_log_error("could not read state file \"%s\": %s", path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), f))
	{
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!load_line(m, line))
		{
			rdr_log_error("state file \"%s\", line %d: not a host or VM of the scenario: \"%s\"",
						  path, lineno, line);
			fclose(f);
			return false;
		}
	}
	fclose(f);
	/* a domain is active only with an SPM: the election decides */
	for (int d = 0; d < m->n_dcs; d++)
		if (m->dcs[d].spm_host < 0)
			for (int i = 0; i < m->n_sds; i++)
				if (m->sds[i].dc == d)
					m->sds[i].active = false;
	return true;
}
