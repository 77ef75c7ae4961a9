/*-------------------------------------------------------------------------
 *
 * sim_create.h
 *	  POST {base}/vms: a VM created through the API, as an administrator
 *	  does at site B after a failover (the failback's round trip).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_CREATE_H
#define SIM_CREATE_H

#include "sim_model.h"
#include "sim_routes.h"

/*
 * sim_create_vm: the VM of the request's <vm> (name, cluster by id or
 * name), down, answered 201 with its document; a fault otherwise.
 */
extern void sim_create_vm(SimModel *m, SimRequest *req, SimReply *rep);

/*
 * sim_create_vm_entity: a VM named name with id in cluster c, indexed by
 * id; its index, or -1 (out of memory).  For the request and for a
 * state file that names a created VM.
 */
extern int	sim_create_vm_entity(SimModel *m, const char *id, const char *name, int c);

#endif							/* SIM_CREATE_H */
