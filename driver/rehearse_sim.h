/*-------------------------------------------------------------------------
 *
 * rehearse_sim.h
 *	  The rehearsal manager of rdr-failover --rehearse: rdr-sim --from-db
 *	  on the throwaway copy, with a certificate and a password of its own,
 *	  started before the storage step and stopped at the end.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REHEARSE_SIM_H
#define RDR_REHEARSE_SIM_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"

typedef struct RdrRehearseSim
{
	pid_t		pid;			/* 0: not running */
	int			https_port;
	char		cert[1200];		/* self-signed: also the CA the client pins */
	char		password[64];
	double		delays_s;		/* the timing model's delays a failover waits,
								 * scaled */
} RdrRehearseSim;

/*
 * rdr_rehearse_sim_start: rdr-sim --from-db conninfo in dir (its
 * certificate, key, password file, log and ready file are made there),
 * the hosts of SITE_INFO main_site_cluster lost, REHEARSAL's delays;
 * waits until it serves.  api_version 3 or 4.
 */
extern bool rdr_rehearse_sim_start(RdrRehearseSim *sim, const RdrConfig *cfg,
								   const char *dir, const char *conninfo,
								   int api_version);

/* rdr_rehearse_sim_stop: SIGTERM, then SIGKILL after a grace; reaped. */
extern void rdr_rehearse_sim_stop(RdrRehearseSim *sim);

#endif							/* RDR_REHEARSE_SIM_H */
