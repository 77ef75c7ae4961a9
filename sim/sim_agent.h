/*-------------------------------------------------------------------------
 *
 * sim_agent.h
 *	  The guest agent of a simulated VM (issue 17): the IP address it
 *	  reports some seconds after the VM is up, a loopback listener for
 *	  rdr's ready=tcp: checks, and the VM log (--vm-log) the tests read
 *	  the order of starts, ups and addresses from.
 *
 * Scenario words of "vm" (sim_scenario.c):
 *	  agent_ip=A	the address reported (default 127.1.X.Y from its index,
 *					so a tcp: check stays on loopback)
 *	  agent_delay=S	scenario seconds after up (default: timing vm_agent)
 *	  agent=none	the agent never reports (a guest that never gets ready)
 *	  listen=PORT	listen on A:PORT once the agent has reported
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_AGENT_H
#define SIM_AGENT_H

#include <stdbool.h>

#include "sim_model.h"
#include "sim_xml.h"

/* sim_agent_vm_started: a start was accepted at now (VM log). */
extern void sim_agent_vm_started(SimModel *m, int vm, double now);

/* sim_agent_vm_up: the VM is up at now: its agent reports later. */
extern void sim_agent_vm_up(SimModel *m, int vm, double now);

/* sim_agent_timer: TIMER_VM_AGENT_IP is due. */
extern void sim_agent_timer(SimModel *m, int vm, unsigned generation, double now);

/* sim_agent_vm_down: the VM stopped: the agent's report is gone. */
extern void sim_agent_vm_down(SimModel *m, int vm);

/* sim_agent_ip: the address the agent reports now, NULL if none yet. */
extern const char *sim_agent_ip(const SimModel *m, int vm);

/* sim_xml_guest_info: v3 <guest_info> inside <vm>, if reported. */
extern void sim_xml_guest_info(SimXml *x, SimModel *m, int vm);

/* sim_xml_reported_devices: v4 GET vms/ID/reporteddevices. */
extern void sim_xml_reported_devices(SimXml *x, SimModel *m, int vm);

/* sim_agent_close: close every listener (shutdown). */
extern void sim_agent_close(SimModel *m);

#endif							/* SIM_AGENT_H */
