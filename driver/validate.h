/*-------------------------------------------------------------------------
 *
 * validate.h
 *	  The configuration's names checked against the engine's database,
 *	  read only, before anything changes (part of the preflight, and of
 *	  rdr-failover --validate).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_VALIDATE_H
#define RDR_VALIDATE_H

#include <libpq-fe.h>

#include "config.h"

/*
 * rdr_validate_storage: the data center exists; every Storage_Domain
 * names a domain of the database (else the near names are listed), of
 * the configured type, attached to the data center; every domain of the
 * data center is configured or named by EXCLUDE_DOMAIN; every
 * EXCLUDE_DOMAIN exists.  Each problem is logged with what, the file:line
 * and what to do.  Returns the number of problems.
 */
extern int	rdr_validate_storage(const RdrConfig *cfg, PGconn *conn);

/*
 * rdr_validate_inventory: from the engine's own tables (RHEV 3.x
 * vds_groups or oVirt's cluster, network, vm_static), when the database
 * has them: both clusters exist, every VIRT_NET network is one of the
 * data center, every START_VM and EXCLUDE_VM names a VM, and every VM of
 * the main cluster is in START_VM or EXCLUDE_VM.  Returns the number of
 * problems.
 */
extern int	rdr_validate_inventory(const RdrConfig *cfg, PGconn *conn);

/*
 * rdr_validate_files: API ca_file (a PEM certificate), API pinned_pubkey
 * (sha256//BASE64), and for fibre domains CONFIG ssh_key and
 * ssh_known_hosts exist and parse.  Returns the number of problems.
 */
extern int	rdr_validate_files(const RdrConfig *cfg);

#endif							/* RDR_VALIDATE_H */
