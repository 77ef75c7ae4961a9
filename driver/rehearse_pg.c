/*-------------------------------------------------------------------------
 *
 * rehearse_pg.c
 *	  The throwaway PostgreSQL cluster of a rehearsal (issue 18).
 *
 * initdb refuses to run as root, and so does the server: under root both
 * run as REHEARSAL pg_user (runuser -u USER --), the way the tests start
 * theirs (test/lib/pg.sh).  That user must reach its data directory
 * through working_dir, which is 0700: for the rehearsal's length it is
 * 0711 (search only: no other user can list it, and every file rdr keeps
 * there is 0600), then back.  The server listens on no TCP address, only
 * on a unix socket in the rehearsal's own directory (0700, the server
 * user's), so nothing but rdr and the rehearsal manager reaches the copy.
 *
 *-------------------------------------------------------------------------
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "interrupt.h"
#include "log.h"
#include "rehearse_pg.h"
#include "runcmd.h"
#include "xalloc.h"

#define PG_CMD_TIMEOUT_S 600

/*
 * run_pg: run a PostgreSQL program of bindir (as the server's user when
 * as_user), args NULL-terminated; true on exit status 0, else logged.
 */
static bool
run_pg(const RdrRehearsePg *pg, const char *what, const char *const *args)
{
	const char *argv[32];
	char	   *prog;
	int			n = 0;
	RdrCmdResult res;
	char		line[512];
	bool		ok;

	prog = pg->bindir ? xasprintf("%s/%s", pg->bindir, args[0]) : xstrdup(args[0]);
	if (pg->as_user)
	{
		argv[n++] = "runuser";
		argv[n++] = "-u";
		argv[n++] = pg->user;
		argv[n++] = "--";
	}
	argv[n++] = prog;
	for (int i = 1; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	rdr_log_verbose("rehearsal: %s", what);
	if (!rdr_run_argv(argv, NULL, PG_CMD_TIMEOUT_S, &res))
	{
		free(prog);
		return false;
	}
	ok = res.status == 0 && !res.interrupted;
	if (!ok && !res.interrupted)
	{
		rdr_log_error("rehearsal: could not %s: %s exited with status %d", what, args[0], res.status);
		rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
	}
	rdr_cmd_result_free(&res);
	free(prog);
	return ok;
}

/* widen_wd: working_dir searchable by the server's user (root only). */
static bool
widen_wd(RdrRehearsePg *pg, const RdrConfig *cfg)
{
	struct stat st;

	snprintf(pg->wd, sizeof(pg->wd), "%s", cfg->working_dir);
	if (stat(pg->wd, &st) != 0)
	{
		rdr_log_error("rehearsal: could not stat working_dir \"%s\": %m", pg->wd);
		return false;
	}
	pg->wd_mode = st.st_mode & 07777;
	if ((pg->wd_mode & 0011) == 0011)
		return true;
	if (chmod(pg->wd, pg->wd_mode | 0011) != 0)
	{
		rdr_log_error("rehearsal: could not make working_dir \"%s\" searchable: %m", pg->wd);
		return false;
	}
	pg->wd_widened = true;
	return true;
}

static bool
write_conf(const RdrRehearsePg *pg)
{
	char		path[1200];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/postgresql.conf", pg->pgdata);
	f = fopen(path, "a");
	if (f == NULL)
	{
		rdr_log_error("rehearsal: could not open \"%s\": %m", path);
		return false;
	}
	/* a copy to throw away: no durability, no TCP */
	fprintf(f, "\n# rdr-failover --rehearse\nlisten_addresses = ''\nport = %d\n"
			"unix_socket_directories = '%s'\nfsync = off\nfull_page_writes = off\n"
			"synchronous_commit = off\nmax_connections = 20\n",
			RDR_REHEARSE_PG_PORT, pg->dir);
	return fclose(f) == 0;
}

bool
rdr_rehearse_pg_create(RdrRehearsePg *pg, const RdrConfig *cfg, int wd_fd)
{
	char		name[64];
	char		log[1200];

	memset(pg, 0, sizeof(*pg));
	pg->bindir = cfg->rh_pg_bindir;
	pg->user = cfg->rh_pg_user;
	snprintf(name, sizeof(name), "rehearsal.%d", (int) getpid());
	snprintf(pg->dir, sizeof(pg->dir), "%s/%s", cfg->working_dir, name);
	snprintf(pg->pgdata, sizeof(pg->pgdata), "%s/data", pg->dir);
	if (geteuid() == 0)
	{
		struct passwd *pw = getpwnam(pg->user);

		if (pw == NULL || pw->pw_uid == 0)
		{
			rdr_log_error("rehearsal: REHEARSAL pg_user \"%s\" is %s", pg->user,
						  pw ? "root" : "not a user of this system");
			rdr_log_hint("initdb and the server refuse root: name an unprivileged user (default postgres).");
			return false;
		}
		pg->as_user = true;
		pg->uid = pw->pw_uid;
		pg->gid = pw->pw_gid;
	}
	if (mkdirat(wd_fd, name, 0700) != 0)
	{
		rdr_log_error("rehearsal: could not create \"%s\": %m", pg->dir);
		return false;
	}
	pg->made = true;
	if (pg->as_user &&
		(fchownat(wd_fd, name, pg->uid, pg->gid, AT_SYMLINK_NOFOLLOW) != 0 || !widen_wd(pg, cfg)))
	{
		if (!pg->wd_widened)
			rdr_log_error("rehearsal: could not give \"%s\" to %s: %m", pg->dir, pg->user);
		return false;
	}
	{
		const char *initdb[] = {"initdb", "-D", pg->pgdata, "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", NULL};

		if (!run_pg(pg, "initdb the copy's cluster", initdb) || !write_conf(pg))
			return false;
	}
	snprintf(log, sizeof(log), "%s/server.log", pg->dir);
	pg->started = true;
	{
		const char *start[] = {"pg_ctl", "-D", pg->pgdata, "-l", log, "-w", "-t", "60", "start", NULL};

		if (!run_pg(pg, "start the copy's server", start))
			return false;
	}
	rdr_log_info("rehearsal: throwaway cluster in %s (unix socket only)", pg->dir);
	return true;
}

void
rdr_rehearse_pg_conninfo(const RdrRehearsePg *pg, const char *dbname, char *out, size_t size)
{
	snprintf(out, size, "host=%s port=%d user=postgres dbname=%s", pg->dir,
			 RDR_REHEARSE_PG_PORT, dbname);
}

/* quiet: libpq's notices (CREATE EXTENSION IF NOT EXISTS) are not news. */
static void
quiet(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

/* exec_copy: one statement on the copy's database dbname. */
static bool
exec_copy(const RdrRehearsePg *pg, const char *dbname, const char *sql)
{
	char		ci[1300];
	PGconn	   *conn;
	PGresult   *res;
	bool		ok;

	rdr_rehearse_pg_conninfo(pg, dbname, ci, sizeof(ci));
	conn = PQconnectdb(ci);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		rdr_log_error("rehearsal: could not connect to the copy: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return false;
	}
	PQsetNoticeProcessor(conn, quiet, NULL);
	res = PQexec(conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		rdr_log_error("rehearsal: %s: %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(conn);
	return ok;
}

bool
rdr_rehearse_pg_restore(RdrRehearsePg *pg, const char *dump, const char *dbname)
{
	char		ci[1300];
	char		dbarg[1400];
	bool		as_user = pg->as_user;
	bool		ok;

	/*
	 * pg_restore is a client: it runs as rdr (root may), so the dump stays
	 * rdr's 0600 file; it reaches the server through the socket.
	 */
	rdr_rehearse_pg_conninfo(pg, "postgres", ci, sizeof(ci));
	snprintf(dbarg, sizeof(dbarg), "--dbname=%s", ci);
	{
		const char *restore[] = {"pg_restore", "--create", "--no-owner", "--no-privileges",
		"--exit-on-error", dbarg, dump, NULL};

		pg->as_user = false;
		ok = run_pg(pg, "restore the production dump into the copy", restore);
		pg->as_user = as_user;
	}
	return ok && exec_copy(pg, dbname, "CREATE EXTENSION IF NOT EXISTS rdr");
}

/* remove_one: nftw callback of the directory's removal (depth first). */
static int
remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void) st;
	(void) ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) != 0 && errno != ENOENT)
		rdr_log_warning("rehearsal: could not remove \"%s\": %m", path);
	return 0;
}

void
rdr_rehearse_pg_destroy(RdrRehearsePg *pg)
{
	if (pg->started)
	{
		const char *stop[] = {"pg_ctl", "-D", pg->pgdata, "-m", "immediate", "-w", "stop", NULL};
		struct stat st;
		char		pid[1200];

		/* a server that never started has no postmaster.pid to stop */
		snprintf(pid, sizeof(pid), "%s/postmaster.pid", pg->pgdata);
		if (stat(pid, &st) == 0)
			(void) run_pg(pg, "stop the copy's server", stop);
		pg->started = false;
	}
	if (pg->made)
	{
		/* FTW_PHYS: a link planted inside is removed, never followed */
		if (nftw(pg->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
			rdr_log_warning("rehearsal: could not remove \"%s\": %m", pg->dir);
		pg->made = false;
	}
	if (pg->wd_widened)
	{
		if (chmod(pg->wd, pg->wd_mode) != 0)
			rdr_log_warning("rehearsal: could not put working_dir \"%s\" back to mode %04o: %m",
							pg->wd, (unsigned) pg->wd_mode);
		pg->wd_widened = false;
	}
}
