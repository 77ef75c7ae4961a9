/*-------------------------------------------------------------------------
 *
 * sim_model.h
 *	  The simulated RHEV-M environment: data centers, clusters, networks,
 *	  hosts, NICs, VMs, storage domains and events, and the timetable that
 *	  moves them through their states.
 *
 * The model is filled by the scenario parser, then only touched under
 * SimModel.lock by the HTTP handlers.  Time is a double of seconds since
 * the simulator started (CLOCK_MONOTONIC); every scenario delay is
 * multiplied by the time scale once, when the model is finalized.
 *
 * State changes are never driven by a background thread: every request
 * first calls sim_model_advance(), which applies, in due-time order, every
 * transition whose time has come, each at its own due time.  A chain of
 * transitions therefore keeps the scenario's timing however seldom the
 * client polls.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <search.h>

#define SIM_ID_LEN 36			/* a lower-case UUID */

typedef enum SimHostState
{
	HOST_PENDING_APPROVAL,
	HOST_INSTALLING,
	HOST_NON_OPERATIONAL,
	HOST_UNASSIGNED,
	HOST_UP,
	HOST_NON_RESPONSIVE,
	HOST_MAINTENANCE,
	HOST_REBOOT,				/* after installing, before reconnecting */
	HOST_INSTALL_FAILED,
	HOST_PREPARING_FOR_MAINTENANCE	/* deactivate, before maintenance */
} SimHostState;

typedef enum SimSpmState
{
	SPM_NONE,
	SPM_CONTENDING,
	SPM_SPM
} SimSpmState;

typedef enum SimVmState
{
	VM_DOWN,
	VM_WAIT_FOR_LAUNCH,
	VM_POWERING_UP,
	VM_UP,
	VM_POWERING_DOWN			/* shutdown of an Up VM */
} SimVmState;

/* Which database rows a storage domain must have for it to come up. */
typedef enum SimGateKind
{
	GATE_NONE,
	GATE_NFS,
	GATE_ISCSI,
	GATE_FCP
} SimGateKind;

typedef struct SimDataCenter
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	char	   *storage_type;
	int			spm_host;		/* index of the SPM host, -1: none */
	int			contender;		/* index of the contending host, -1: none */
	bool		elect_pending;	/* a retry of the election is scheduled */
} SimDataCenter;

typedef struct SimCluster
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	int			dc;
	int		   *networks;		/* required networks (indexes) */
	int			n_networks;
	int		   *optional;		/* attached, not required (oVirt's
								 * network_cluster.required false) */
	int			n_optional;
	bool		site_a;			/* site=a: its hosts reach site A's storage */
} SimCluster;

typedef struct SimNetwork
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	int			dc;
} SimNetwork;

typedef struct SimNic
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	char	   *mac;			/* lower case */
	int			host;
	int			network;		/* attached network, -1: none */
	bool		committed;
	int			vlan;			/* VLAN id of a VLAN device ("eth1.100"), 0:
								 * none */
	int			master;			/* the bond of a slave, -1: none */
	bool		bond;			/* a bond (has slaves) */
} SimNic;

typedef struct SimHost
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	char	   *address;
	int			cluster;
	SimHostState state;
	bool		network_unreachable;	/* detail of non_operational */
	SimSpmState spm;
	bool		never_up;		/* fault: stays in its transitional state */
	int			install_fails;	/* fault: installs still to fail */
	bool		fenced;
	unsigned	generation;		/* invalidates timers of an older action */
} SimHost;

typedef struct SimVm
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	int			cluster;
	SimVmState	state;
	bool		ignores_shutdown;	/* its guest ignores ACPI shutdown */
	int		   *networks;		/* of its vNICs (indexes) */
	int			n_networks;
	char	   *creation_time;
	unsigned	generation;		/* invalidates timers of an older start/stop */
	/* its guest agent (sim_agent.c) */
	char	   *agent_ip;		/* agent_ip=, NULL: 127.1.X.Y */
	double		agent_delay;	/* agent_delay= (scenario s), < 0: vm_agent */
	bool		agent_none;		/* agent=none: never reports */
	bool		agent_reported;
	char		agent_ip_now[64];	/* what it reported */
	int			listen_port;	/* listen=PORT, 0: none */
	int			listen_fd;		/* fd + 1 of the listener, 0: none */
} SimVm;

typedef struct SimStorageDomain
{
	char		id[SIM_ID_LEN + 1];
	char	   *name;
	char	   *type;			/* data, iso, export */
	char	   *storage_type;	/* nfs, iscsi, fcp */
	bool		master;
	int			dc;
	bool		active;
	SimGateKind gate;
	bool		gate_away;		/* --from-db: expect_* hold site A's values
								 * (",a,b,"), the rows must leave them */
	bool		rows_ok;		/* gate: rows point at site B (last check) */
	char	   *expect_connection;
	char	   *expect_iqn;
	char	   *expect_port;
	char	   *expect_lun_id;
	char	   *expect_serial;
	/* sitea_*=: what a host of a site-A cluster needs (a failback) */
	char	   *expect_a_connection;
	char	   *expect_a_iqn;
	char	   *expect_a_port;
	char	   *expect_a_lun_id;
	char	   *expect_a_serial;
} SimStorageDomain;

typedef struct SimEvent
{
	long		id;
	int			code;
	const char *severity;
	char	   *description;
	double		time;
	int			host;			/* -1: none */
	int			cluster;		/* -1: none */
	int			vm;				/* -1: none */
} SimEvent;

/* Delays in scenario seconds (before scaling), see docs/simulator.md. */
typedef struct SimTimings
{
	double		startup;
	double		approve;
	double		activate;
	double		fence_release;
	double		spm_contend;
	double		vm_launch;
	double		vm_powerup;
	double		vm_agent;		/* up -> the guest agent reports its IP */
	double		reboot;			/* strict: reboot after installing */
	double		reconnect;		/* strict: non_responsive after reboot */
	double		autorecover;	/* strict: non_operational host whose networks
								 * are complete goes up */
} SimTimings;

typedef enum SimTimerKind
{
	TIMER_HOST_SETTLE,			/* approve/activate finished */
	TIMER_HOST_REBOOT,			/* installing -> reboot */
	TIMER_HOST_RECONNECT,		/* reboot -> non_responsive */
	TIMER_HOST_AUTORECOVER,		/* engine's AutoRecoveryManager */
	TIMER_FENCE_RELEASE,
	TIMER_CONTEND_DONE,
	TIMER_ELECT,
	TIMER_VM_LAUNCHED,
	TIMER_VM_POWERED_UP,
	TIMER_VM_POWERED_DOWN,
	TIMER_HOST_MAINTENANCE,		/* preparing_for_maintenance -> maintenance */
	TIMER_VM_SHUTDOWN_IGNORED,	/* powering_down -> up (sim_planned.c) */
	TIMER_VM_AGENT_IP			/* the guest agent reports (sim_agent.c) */
} SimTimerKind;

typedef struct SimTimer
{
	double		due;
	SimTimerKind kind;
	int			index;			/* host, data center or VM */
	unsigned	generation;
	unsigned long seq;			/* keeps equal due times in FIFO order */
} SimTimer;

/* Growable arrays of each entity. */
#define SIM_ARRAY(type, field) type *field; int n_##field; int cap_##field

typedef struct SimModel
{
	pthread_mutex_t lock;
	int			api_version;	/* 3 or 4 */
	bool		lenient;		/* --lenient: forgive what the engine refuses */
	char	   *user;
	char	   *db_conninfo;
	double		time_scale;
	double		session_timeout;
	long		event_base;
	SimTimings	t;				/* scaled after sim_model_finalize() */

				SIM_ARRAY(SimDataCenter, dcs);
				SIM_ARRAY(SimCluster, clusters);
				SIM_ARRAY(SimNetwork, networks);
				SIM_ARRAY(SimHost, hosts);
				SIM_ARRAY(SimNic, nics);
				SIM_ARRAY(SimVm, vms);
				SIM_ARRAY(SimStorageDomain, sds);
				SIM_ARRAY(SimEvent, events);
				SIM_ARRAY(SimTimer, timers);	/* a binary min-heap on (due,
												 * seq) */

	unsigned long timer_seq;
	long		next_event_id;
	struct hsearch_data ids;	/* id -> "kind index" */
	bool		ids_ready;
	char	  **id_keys;		/* keys owned for hsearch */
	int			n_id_keys;
	double		wall_start;		/* time(2) of start, for event times */
	double		mono_start;		/* sim_now() at the same moment */
	bool		vm_log_on;		/* --vm-log (sim_agent.c) */
	int			vm_log_fd;
	bool		manual_clock;	/* --clock=manual: time moves only when told */
	double		manual_elapsed; /* seconds since mono_start (atomic) */
	long		db_checks;		/* number of database gate checks */
} SimModel;

typedef enum SimKind
{
	KIND_DC = 1,
	KIND_CLUSTER,
	KIND_NETWORK,
	KIND_HOST,
	KIND_NIC,
	KIND_VM,
	KIND_SD,
	KIND_EVENT					/* search= on events only (sim_routes.c) */
} SimKind;

extern void sim_model_init(SimModel *m);
extern void sim_model_free(SimModel *m);
extern bool sim_model_finalize(SimModel *m);
extern double sim_now(void);
extern double sim_model_now(SimModel *m);
extern double sim_model_clock_advance(SimModel *m, double seconds, bool to_next);

/* Growing the arrays; each returns a zeroed new element. */
extern void *sim_array_push(void **arr, int *n, int *cap, size_t size);
#define SIM_PUSH(m, field) \
	sim_array_push((void **) &(m)->field, &(m)->n_##field, &(m)->cap_##field, \
				   sizeof(*(m)->field))

extern int	sim_model_find(SimModel *m, SimKind kind, const char *id);
extern int	sim_model_find_name(SimModel *m, SimKind kind, const char *name);
extern void sim_model_make_id(SimKind kind, int index, char *out);

extern void sim_model_advance(SimModel *m, double now);
extern void sim_model_election(SimModel *m, int dc, double now);
extern void sim_model_add_timer(SimModel *m, double due, SimTimerKind kind,
								int index, unsigned generation);
extern void sim_model_event(SimModel *m, double now, int code,
							const char *severity, int host, int cluster,
							int vm, const char *fmt,...)
			__attribute__((format(printf, 8, 9)));
extern bool sim_model_host_networks_ok(SimModel *m, int host, char *missing,
									   size_t missing_size);
extern int	sim_model_host_dc(SimModel *m, int host);

extern const char *sim_host_state_name(SimHostState s);
extern const char *sim_vm_state_name(SimVmState s);
extern const char *sim_dc_state_name(SimModel *m, int dc);
extern const char *sim_spm_state_name(SimSpmState s);

#endif							/* SIM_MODEL_H */
