/*-------------------------------------------------------------------------
 *
 * failover_nicfix.h
 *	  The nicfix step of rdr-failover (-n): the manager's NIC names.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_NICFIX_H
#define RDR_FAILOVER_NICFIX_H

#include "failover_run.h"

/*
 * rdr_step_nicfix: run rdr-nicfix with the RHEVM_NIC map (--dry-run in a
 * dry run, whose plan is printed).  EXIT_OK or the exit code.
 */
extern int	rdr_step_nicfix(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_NICFIX_H */
