/*-------------------------------------------------------------------------
 *
 * backup.h
 *	  Step 2 of "-d": a verified pg_dump of the rhevm database before any
 *	  row changes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_BACKUP_H
#define RDR_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "config.h"

/*
 * rdr_backup_take: pg_dump -Fc of conn's database (same parameters) to
 * working_dir/DBNAME-YYYYMMDD-HHMMSS.dump, or DB backup_file with the time
 * inserted (rdr_config_backup_name), then pg_restore --list of it
 * to prove it is a readable archive with table data.  The file name goes
 * to path; wd_fd is working_dir held open (safe_file.h).  A failed or unverifiable dump is removed and reported.
 */
extern bool rdr_backup_take(const RdrConfig *cfg, PGconn *conn, int wd_fd,
							char *path, size_t pathsize);

#endif							/* RDR_BACKUP_H */
