/*-------------------------------------------------------------------------
 *
 * sim_model.c
 *	  The simulated environment's bookkeeping: id lookup, the timer heap,
 *	  the transitions the timers fire, SPM election and the event log.
 *
 * Everything here runs with SimModel.lock held (or before the HTTP
 * daemons start).  See sim_model.h for the time model.
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sim_db.h"
#include "sim_model.h"
#include "sim_agent.h"
#include "sim_planned.h"
#include "xalloc.h"

/*
 * sim_now
 *		Seconds since an arbitrary fixed point, monotonic.
 */
double
sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * sim_model_now
 *		The model's time: sim_now(), or with --clock=manual the start plus
 *		what the tests advanced it by, so that a transient state lasts until
 *		the test has looked at it however loaded the machine is.
 */
double
sim_model_now(SimModel *m)
{
	double		elapsed;

	if (!m->manual_clock)
		return sim_now();
	__atomic_load(&m->manual_elapsed, &elapsed, __ATOMIC_SEQ_CST);
	return m->mono_start + elapsed;
}

/*
 * sim_model_clock_advance
 *		Move a manual clock on by seconds, or with to_next to the next
 *		transition due (none pending: it stays), and apply what fell due;
 *		returns the seconds elapsed since the start.  Stepping to the next
 *		transition lets a test see every transient state exactly once.
 */
double
sim_model_clock_advance(SimModel *m, double seconds, bool to_next)
{
	double		elapsed;

	pthread_mutex_lock(&m->lock);
	__atomic_load(&m->manual_elapsed, &elapsed, __ATOMIC_SEQ_CST);
	if (!to_next)
		elapsed += seconds;
	else if (m->n_timers > 0 && m->timers[0].due - m->mono_start > elapsed)
		elapsed = m->timers[0].due - m->mono_start;
	__atomic_store(&m->manual_elapsed, &elapsed, __ATOMIC_SEQ_CST);
	sim_model_advance(m, m->mono_start + elapsed);
	pthread_mutex_unlock(&m->lock);
	return elapsed;
}

void
sim_model_init(SimModel *m)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	m->api_version = 3;
	m->time_scale = 1.0;
	m->session_timeout = 1800;
	m->event_base = 500;
	/* The seed's environment, roughly: see docs/simulator.md. */
	m->t.startup = 0;
	m->t.approve = 5;
	m->t.activate = 20;
	m->t.fence_release = 10;
	m->t.spm_contend = 120;
	m->t.vm_launch = 5;
	m->t.vm_powerup = 20;
	m->t.vm_agent = 5;
	m->t.reboot = 5;
	m->t.reconnect = 5;
	/* AutoRecoveryManager runs every 5 minutes (AutoRecoverySchedule) */
	m->t.autorecover = 300;
}

/*
 * sim_array_push
 *		Append a zeroed element to a growable array, doubling its capacity.
 *		Allocation failure is fatal: the simulator is a test tool and a
 *		half-built model would only produce confusing answers.
 */
void *
sim_array_push(void **arr, int *n, int *cap, size_t size)
{
	char	   *p;

	if (*n == *cap)
	{
		int			ncap = *cap ? *cap * 2 : 16;
		void	   *na = xrealloc(*arr, (size_t) ncap * size);

		*arr = na;
		*cap = ncap;
	}
	p = (char *) *arr + (size_t) (*n) * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

void
sim_model_free(SimModel *m)
{
	int			i;

	for (i = 0; i < m->n_dcs; i++)
	{
		free(m->dcs[i].name);
		free(m->dcs[i].storage_type);
	}
	for (i = 0; i < m->n_clusters; i++)
	{
		free(m->clusters[i].name);
		free(m->clusters[i].networks);
		free(m->clusters[i].optional);
	}
	for (i = 0; i < m->n_networks; i++)
		free(m->networks[i].name);
	for (i = 0; i < m->n_hosts; i++)
	{
		free(m->hosts[i].name);
		free(m->hosts[i].address);
	}
	for (i = 0; i < m->n_nics; i++)
	{
		free(m->nics[i].name);
		free(m->nics[i].mac);
	}
	for (i = 0; i < m->n_vms; i++)
	{
		free(m->vms[i].name);
		free(m->vms[i].creation_time);
		free(m->vms[i].networks);
	}
	for (i = 0; i < m->n_sds; i++)
	{
		SimStorageDomain *sd = &m->sds[i];

		free(sd->name);
		free(sd->type);
		free(sd->storage_type);
		free(sd->expect_connection);
		free(sd->expect_iqn);
		free(sd->expect_port);
		free(sd->expect_lun_id);
		free(sd->expect_serial);
		free(sd->expect_a_connection);
		free(sd->expect_a_iqn);
		free(sd->expect_a_port);
		free(sd->expect_a_lun_id);
		free(sd->expect_a_serial);
	}
	for (i = 0; i < m->n_events; i++)
		free(m->events[i].description);
	free(m->dcs);
	free(m->clusters);
	free(m->networks);
	free(m->hosts);
	free(m->nics);
	free(m->vms);
	free(m->sds);
	free(m->events);
	free(m->timers);
	if (m->ids_ready)
		hdestroy_r(&m->ids);
	for (i = 0; i < m->n_id_keys; i++)
		free(m->id_keys[i]);
	free(m->id_keys);
	free(m->user);
	free(m->db_conninfo);
	pthread_mutex_destroy(&m->lock);
}

/*
 * sim_model_make_id
 *		A deterministic UUID for an entity the scenario gave no id, so two
 *		runs of one scenario show the same ids.
 */
void
sim_model_make_id(SimKind kind, int index, char *out)
{
	snprintf(out, SIM_ID_LEN + 1, "%08x-0000-4000-8000-%012x",
			 0x51300000u + (unsigned) kind, (unsigned) index);
}

/* Index the entities of one kind by id; false on a duplicate id. */
static bool
index_ids(SimModel *m, SimKind kind, char *base, size_t size, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		char	   *id = base + (size_t) i * size;	/* id is the first member */
		ENTRY		e,
				   *found;
		char	   *key = strdup(id);

		m->id_keys[m->n_id_keys++] = key;
		e.key = key;
		e.data = NULL;
		if (hsearch_r(e, FIND, &found, &m->ids) && found)
		{
			rdr_log_error("scenario: duplicate id \"%s\"", id);
			return false;
		}
		e.data = (void *) (((long) kind << 32) | (unsigned) i);
		if (!hsearch_r(e, ENTER, &found, &m->ids))
		{
			rdr_log_error("out of memory indexing ids");
			return false;
		}
	}
	return true;
}

/*
 * sim_model_finalize
 *		Build the id index, scale the timings and set the initial derived
 *		state (SPM, domain activity).  Called once after the scenario.
 */
bool
sim_model_finalize(SimModel *m)
{
	int			total;
	int			i;
	double		s = m->time_scale;

	total = m->n_dcs + m->n_clusters + m->n_networks + m->n_hosts +
		m->n_nics + m->n_vms + m->n_sds;
	if (!hcreate_r((size_t) total * 2 + 64, &m->ids))
	{
		rdr_log_error("out of memory creating the id index");
		return false;
	}
	m->ids_ready = true;
	m->id_keys = calloc((size_t) total + 1, sizeof(char *));
	if (m->id_keys == NULL)
		return false;
	if (!index_ids(m, KIND_DC, (char *) m->dcs, sizeof(SimDataCenter), m->n_dcs) ||
		!index_ids(m, KIND_CLUSTER, (char *) m->clusters, sizeof(SimCluster), m->n_clusters) ||
		!index_ids(m, KIND_NETWORK, (char *) m->networks, sizeof(SimNetwork), m->n_networks) ||
		!index_ids(m, KIND_HOST, (char *) m->hosts, sizeof(SimHost), m->n_hosts) ||
		!index_ids(m, KIND_NIC, (char *) m->nics, sizeof(SimNic), m->n_nics) ||
		!index_ids(m, KIND_VM, (char *) m->vms, sizeof(SimVm), m->n_vms) ||
		!index_ids(m, KIND_SD, (char *) m->sds, sizeof(SimStorageDomain), m->n_sds))
		return false;

	m->t.startup *= s;
	m->t.approve *= s;
	m->t.activate *= s;
	m->t.fence_release *= s;
	m->t.spm_contend *= s;
	m->t.vm_launch *= s;
	m->t.vm_powerup *= s;
	m->t.vm_agent *= s;
	m->t.reboot *= s;
	m->t.reconnect *= s;
	m->t.autorecover *= s;
	m->next_event_id = m->event_base + m->n_events;
	m->wall_start = (double) time(NULL);
	m->mono_start = sim_now();

	/* What the engine logged when it found site A gone. */
	for (i = 0; i < m->n_hosts; i++)
		if (m->hosts[i].state == HOST_NON_RESPONSIVE)
			sim_model_event(m, m->mono_start, 12, "error", i,
							m->hosts[i].cluster, -1,
							"Host %s is non responsive.", m->hosts[i].name);

	/*
	 * A data center whose scenario SPM is up runs normally: its domains are
	 * active without any database check (the scenario says it is healthy).
	 */
	for (i = 0; i < m->n_sds; i++)
	{
		SimStorageDomain *sd = &m->sds[i];
		int			spm = m->dcs[sd->dc].spm_host;

		sd->active = spm >= 0 && m->hosts[spm].state == HOST_UP;
	}
	return true;
}

/*
 * sim_model_find
 *		Index of the entity of the given kind with this id, -1 if none.
 */
int
sim_model_find(SimModel *m, SimKind kind, const char *id)
{
	ENTRY		e,
			   *found = NULL;
	long		v;

	if (id == NULL || !m->ids_ready)
		return -1;
	e.key = (char *) id;
	e.data = NULL;
	if (!hsearch_r(e, FIND, &found, &m->ids) || found == NULL)
		return -1;
	v = (long) found->data;
	if ((SimKind) (v >> 32) != kind)
		return -1;
	return (int) (v & 0xffffffff);
}

/*
 * sim_model_find_name
 *		Index of the first entity of the kind with this name, -1 if none.
 *		Linear, used for clusters and networks only (few of them).
 */
int
sim_model_find_name(SimModel *m, SimKind kind, const char *name)
{
	int			i;

	if (name == NULL)
		return -1;
	switch (kind)
	{
		case KIND_DC:
			for (i = 0; i < m->n_dcs; i++)
				if (strcmp(m->dcs[i].name, name) == 0)
					return i;
			break;
		case KIND_CLUSTER:
			for (i = 0; i < m->n_clusters; i++)
				if (strcmp(m->clusters[i].name, name) == 0)
					return i;
			break;
		case KIND_NETWORK:
			for (i = 0; i < m->n_networks; i++)
				if (strcmp(m->networks[i].name, name) == 0)
					return i;
			break;
		case KIND_HOST:
			for (i = 0; i < m->n_hosts; i++)
				if (strcmp(m->hosts[i].name, name) == 0)
					return i;
			break;
		default:
			break;
	}
	return -1;
}

/* Timer heap ordering: earlier due first, then insertion order. */
static bool
timer_before(const SimTimer *a, const SimTimer *b)
{
	if (a->due != b->due)
		return a->due < b->due;
	return a->seq < b->seq;
}

void
sim_model_add_timer(SimModel *m, double due, SimTimerKind kind, int index,
					unsigned generation)
{
	SimTimer   *t = SIM_PUSH(m, timers);
	int			i = m->n_timers - 1;

	t->due = due;
	t->kind = kind;
	t->index = index;
	t->generation = generation;
	t->seq = m->timer_seq++;
	while (i > 0)
	{
		int			parent = (i - 1) / 2;
		SimTimer	tmp;

		if (!timer_before(&m->timers[i], &m->timers[parent]))
			break;
		tmp = m->timers[i];
		m->timers[i] = m->timers[parent];
		m->timers[parent] = tmp;
		i = parent;
	}
}

static SimTimer
pop_timer(SimModel *m)
{
	SimTimer	top = m->timers[0];
	int			i = 0;

	m->timers[0] = m->timers[--m->n_timers];
	for (;;)
	{
		int			l = 2 * i + 1,
					r = l + 1,
					min = i;
		SimTimer	tmp;

		if (l < m->n_timers && timer_before(&m->timers[l], &m->timers[min]))
			min = l;
		if (r < m->n_timers && timer_before(&m->timers[r], &m->timers[min]))
			min = r;
		if (min == i)
			break;
		tmp = m->timers[i];
		m->timers[i] = m->timers[min];
		m->timers[min] = tmp;
		i = min;
	}
	return top;
}

/*
 * sim_model_event
 *		Append an event to the log with the next id.
 */
void
sim_model_event(SimModel *m, double now, int code, const char *severity,
				int host, int cluster, int vm, const char *fmt,...)
{
	SimEvent   *e = SIM_PUSH(m, events);
	va_list		ap;
	char		buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	e->id = m->next_event_id++;
	e->code = code;
	e->severity = severity;
	e->description = strdup(buf);
	e->time = now;
	e->host = host;
	e->cluster = cluster;
	e->vm = vm;
}

int
sim_model_host_dc(SimModel *m, int host)
{
	return m->clusters[m->hosts[host].cluster].dc;
}

/*
 * sim_model_host_networks_ok
 *		True when every network its cluster requires is attached to one of
 *		the host's NICs; otherwise the missing names, comma-separated, go
 *		to missing (as RHEV-M's event 519 lists them).
 */
bool
sim_model_host_networks_ok(SimModel *m, int host, char *missing,
						   size_t missing_size)
{
	SimCluster *c = &m->clusters[m->hosts[host].cluster];
	bool		ok = true;
	int			i,
				j;

	missing[0] = '\0';
	for (i = 0; i < c->n_networks; i++)
	{
		bool		found = false;

		for (j = 0; j < m->n_nics && !found; j++)
			found = m->nics[j].host == host &&
				m->nics[j].network == c->networks[i];
		if (!found)
		{
			size_t		len = strlen(missing);

			snprintf(missing + len, missing_size - len, "%s%s",
					 ok ? "" : ",", m->networks[c->networks[i]].name);
			ok = false;
		}
	}
	return ok;
}

/* A host whose approval or activation has finished. */
static void
host_settle(SimModel *m, int h, double now)
{
	SimHost    *host = &m->hosts[h];
	SimCluster *c = &m->clusters[host->cluster];
	char		missing[512];

	if (host->never_up)
		return;
	if (host->state != HOST_UNASSIGNED && host->install_fails > 0)
	{
		/* InstallVdsCommand ends in InstallFailed; approve may be repeated */
		host->install_fails--;
		host->state = HOST_INSTALL_FAILED;
		sim_model_event(m, now, 505, "error", h, host->cluster, -1,
						"Host %s installation failed.", host->name);
		return;
	}
	if (sim_model_host_networks_ok(m, h, missing, sizeof(missing)))
	{
		host->state = HOST_UP;
		host->network_unreachable = false;
		sim_model_event(m, now, 16, "normal", h, host->cluster, -1,
						"Host %s was activated by admin.", host->name);
		sim_model_election(m, c->dc, now);
		return;
	}
	host->state = HOST_NON_OPERATIONAL;
	host->network_unreachable = true;
	sim_model_event(m, now, 519, "warning", h, host->cluster, -1,
					"Host %s does not comply with the cluster %s networks, "
					"the following networks are missing on host: '%s'",
					host->name, c->name, missing);
	sim_model_event(m, now, 13, "normal", h, host->cluster, -1,
					"Detected new Host %s. Host state was set to Non Operational.",
					host->name);
}

/*
 * sim_model_election
 *		Start an SPM contention in the data center if it has no SPM and no
 *		contender: the first up host (scenario order) contends.  A
 *		non-responsive SPM that was not fenced keeps the role, like in RHEV.
 */
void
sim_model_election(SimModel *m, int dc, double now)
{
	SimDataCenter *d = &m->dcs[dc];
	int			h;

	if (d->spm_host >= 0 || d->contender >= 0 || d->elect_pending)
		return;
	for (h = 0; h < m->n_hosts; h++)
	{
		if (m->hosts[h].state == HOST_UP && sim_model_host_dc(m, h) == dc)
		{
			d->contender = h;
			m->hosts[h].spm = SPM_CONTENDING;
			sim_model_add_timer(m, now + m->t.spm_contend, TIMER_CONTEND_DONE,
								dc, 0);
			return;
		}
	}
}

/* The contention of data center dc ends: check the database. */
static void
contend_done(SimModel *m, int dc, double now)
{
	SimDataCenter *d = &m->dcs[dc];
	int			h = d->contender;
	int			i;

	if (h < 0)
		return;
	d->contender = -1;
	m->db_checks++;
	if (m->hosts[h].state == HOST_UP &&
		sim_db_gate_ok(m, dc, m->clusters[m->hosts[h].cluster].site_a))
	{
		m->hosts[h].spm = SPM_SPM;
		d->spm_host = h;
		/* an ISO or Export domain whose rows point at site A stays inactive */
		for (i = 0; i < m->n_sds; i++)
			if (m->sds[i].dc == dc)
				m->sds[i].active = m->sds[i].gate == GATE_NONE || m->sds[i].rows_ok;
		sim_model_event(m, now, 1100, "normal", h, m->hosts[h].cluster, -1,
						"Storage Pool Manager runs on Host %s (Address: %s).",
						m->hosts[h].name, m->hosts[h].address);
		return;
	}
	m->hosts[h].spm = SPM_NONE;
	sim_model_event(m, now, 990, "error", h, m->hosts[h].cluster, -1,
					"Failed to connect Host %s to Storage Pool %s",
					m->hosts[h].name, d->name);
	d->elect_pending = true;

	/*
	 * Retry after spm_contend, but never sooner than 50 ms: with zero delays
	 * (--time-scale 0) a failing gate would otherwise retry for ever within
	 * one sim_model_advance() call, holding the model lock.
	 */
	sim_model_add_timer(m, now + (m->t.spm_contend > 0.05 ? m->t.spm_contend : 0.05),
						TIMER_ELECT, dc, 0);
}

/*
 * sim_model_advance
 *		Apply every transition due by now, each at its due time.
 */
void
sim_model_advance(SimModel *m, double now)
{
	while (m->n_timers > 0 && m->timers[0].due <= now)
	{
		SimTimer	t = pop_timer(m);

		switch (t.kind)
		{
			case TIMER_HOST_SETTLE:
				if (m->hosts[t.index].generation == t.generation)
					host_settle(m, t.index, t.due);
				break;
			case TIMER_HOST_REBOOT:
				/* the host reboots at the end of its installation */
				if (m->hosts[t.index].generation == t.generation &&
					!m->hosts[t.index].never_up)
				{
					if (m->hosts[t.index].install_fails > 0)
						host_settle(m, t.index, t.due);
					else
					{
						m->hosts[t.index].state = HOST_REBOOT;
						sim_model_add_timer(m, t.due + m->t.reboot, TIMER_HOST_RECONNECT,
											t.index, t.generation);
					}
				}
				break;
			case TIMER_HOST_RECONNECT:

				/*
				 * Back from the reboot, vdsm is not yet reachable: the engine
				 * shows the host non_responsive until it connects again.
				 */
				if (m->hosts[t.index].generation == t.generation)
				{
					m->hosts[t.index].state = HOST_NON_RESPONSIVE;
					sim_model_add_timer(m, t.due + m->t.reconnect, TIMER_HOST_SETTLE,
										t.index, t.generation);
				}
				break;
			case TIMER_HOST_AUTORECOVER:
				if (m->hosts[t.index].generation == t.generation &&
					m->hosts[t.index].state == HOST_NON_OPERATIONAL)
				{
					m->hosts[t.index].state = HOST_UNASSIGNED;
					host_settle(m, t.index, t.due);
				}
				break;
			case TIMER_FENCE_RELEASE:
				{
					SimHost    *host = &m->hosts[t.index];
					int			dc = sim_model_host_dc(m, t.index);

					if (host->spm == SPM_SPM)
					{
						host->spm = SPM_NONE;
						m->dcs[dc].spm_host = -1;
						for (int i = 0; i < m->n_sds; i++)
							if (m->sds[i].dc == dc)
								m->sds[i].active = false;
					}
					sim_model_election(m, dc, t.due);
				}
				break;
			case TIMER_CONTEND_DONE:
				contend_done(m, t.index, t.due);
				break;
			case TIMER_ELECT:
				m->dcs[t.index].elect_pending = false;
				sim_model_election(m, t.index, t.due);
				break;
			case TIMER_VM_LAUNCHED:
				if (m->vms[t.index].generation != t.generation)
					break;		/* stopped meanwhile */
				m->vms[t.index].state = VM_POWERING_UP;
				sim_model_add_timer(m, t.due + m->t.vm_powerup,
									TIMER_VM_POWERED_UP, t.index, t.generation);
				break;
			case TIMER_VM_POWERED_DOWN:
				if (m->vms[t.index].generation == t.generation)
					m->vms[t.index].state = VM_DOWN;
				break;
			case TIMER_VM_AGENT_IP:
				sim_agent_timer(m, t.index, t.generation, t.due);
				break;
			case TIMER_HOST_MAINTENANCE:
			case TIMER_VM_SHUTDOWN_IGNORED:
				sim_planned_timer(m, t.kind, t.index, t.generation, t.due);
				break;
			case TIMER_VM_POWERED_UP:
				if (m->vms[t.index].generation != t.generation)
					break;
				m->vms[t.index].state = VM_UP;
				sim_agent_vm_up(m, t.index, t.due);
				sim_model_event(m, t.due, 153, "normal", -1,
								m->vms[t.index].cluster, t.index,
								"VM %s started on Host.", m->vms[t.index].name);
				break;
		}
	}
}
