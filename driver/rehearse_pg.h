/*-------------------------------------------------------------------------
 *
 * rehearse_pg.h
 *	  The throwaway PostgreSQL cluster of rdr-failover --rehearse: made
 *	  with initdb in a directory of working_dir, reachable only through a
 *	  unix socket there, filled from the production database's pg_dump,
 *	  and removed again.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REHEARSE_PG_H
#define RDR_REHEARSE_PG_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"

/* The port number only names the socket: nothing listens on TCP. */
#define RDR_REHEARSE_PG_PORT 5432

typedef struct RdrRehearsePg
{
	char		dir[1024];		/* working_dir/rehearsal.PID: everything */
	char		pgdata[1100];
	const char *bindir;			/* NULL: PATH */
	const char *user;			/* run the server as this user (root only) */
	bool		as_user;
	uid_t		uid;
	gid_t		gid;
	bool		made;			/* dir exists */
	bool		started;		/* the server may run */
	char		wd[1024];		/* working_dir, whose mode may be widened */
	mode_t		wd_mode;
	bool		wd_widened;
} RdrRehearsePg;

/*
 * rdr_rehearse_pg_create: the rehearsal's directory in working_dir (held
 * open as wd_fd) and an initdb'ed, started cluster in it.  Under root the
 * server runs as REHEARSAL pg_user, so working_dir is made searchable
 * (0711) until rdr_rehearse_pg_destroy puts its mode back.
 */
extern bool rdr_rehearse_pg_create(RdrRehearsePg *pg, const RdrConfig *cfg, int wd_fd);

/*
 * rdr_rehearse_pg_restore: the dump restored into the cluster as database
 * dbname (pg_restore --create, without owners and grants: the engine's
 * roles do not exist there), and the rdr extension created if the dump
 * had none.
 */
extern bool rdr_rehearse_pg_restore(RdrRehearsePg *pg, const char *dump, const char *dbname);

/* rdr_rehearse_pg_conninfo: a libpq connection string of database dbname. */
extern void rdr_rehearse_pg_conninfo(const RdrRehearsePg *pg, const char *dbname,
									 char *out, size_t size);

/*
 * rdr_rehearse_pg_destroy: the server stopped (immediate: the copy is
 * thrown away), the directory removed, working_dir's mode restored.
 * Safe to call at any point, and twice.
 */
extern void rdr_rehearse_pg_destroy(RdrRehearsePg *pg);

#endif							/* RDR_REHEARSE_PG_H */
