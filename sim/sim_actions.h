/*-------------------------------------------------------------------------
 *
 * sim_actions.h
 *	  The state-changing operations of the simulated API (approve, attach,
 *	  setupnetworks, commitnetconfig, activate, fence, VM move and start),
 *	  on the model, independent of HTTP and XML.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_ACTIONS_H
#define SIM_ACTIONS_H

#include <stdbool.h>

#include "sim_model.h"

/* The outcome of an action: status 0 is success, else an HTTP status. */
typedef struct SimResult
{
	int			status;
	const char *reason;
	char		detail[512];
} SimResult;

/* One attachment of a setupnetworks request. */
typedef struct SimAttachment
{
	int			nic;
	int			network;
} SimAttachment;

extern bool sim_action_approve(SimModel *m, int host, int cluster, double now,
							   SimResult *r);
extern bool sim_action_attach(SimModel *m, int host, SimAttachment *a, int n,
							  SimResult *r);
extern bool sim_action_commit(SimModel *m, int host, double now,
							  SimResult *r);
extern bool sim_action_activate(SimModel *m, int host, double now,
								SimResult *r);
extern bool sim_action_fence(SimModel *m, int host, const char *type,
							 double now, SimResult *r);
extern bool sim_action_move_vm(SimModel *m, int vm, int cluster, SimResult *r);
extern bool sim_action_start_vm(SimModel *m, int vm, double now, SimResult *r);
extern bool sim_action_stop_vm(SimModel *m, int vm, bool shutdown, double now,
							   SimResult *r);

#endif							/* SIM_ACTIONS_H */
