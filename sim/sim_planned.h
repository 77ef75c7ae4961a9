/*-------------------------------------------------------------------------
 *
 * sim_planned.h
 *	  What a planned migration or a failback asks of the simulated engine
 *	  besides the failover's actions: a host deactivated into maintenance,
 *	  and a guest that ignores the ACPI shutdown.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_PLANNED_H
#define SIM_PLANNED_H

#include <stdbool.h>

#include "sim_actions.h"
#include "sim_model.h"

/*
 * sim_action_deactivate: POST hosts/ID/deactivate, with the engine's
 * rules (see sim_planned.c); the host goes preparing_for_maintenance,
 * then maintenance.
 */
extern bool sim_action_deactivate(SimModel *m, int host, double now,
								  SimResult *r);

/*
 * sim_planned_timer: fire a TIMER_HOST_MAINTENANCE or
 * TIMER_VM_SHUTDOWN_IGNORED timer (called by sim_model_advance).
 */
extern void sim_planned_timer(SimModel *m, SimTimerKind kind, int index,
							  unsigned generation, double due);

#endif							/* SIM_PLANNED_H */
