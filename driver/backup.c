/*-------------------------------------------------------------------------
 *
 * backup.c
 *	  The database backup taken before step 4 changes anything.
 *
 * The seed's script ran pg_dump and went on whatever happened; here a
 * dump that fails, or that pg_restore cannot list, stops the failover
 * before the engine is even stopped.  pg_dump gets the parameters of
 * rdr's own connection (dbconn.c), so it dumps the database rdr fixes
 * whatever mix of DB lines and libpq environment chose it.  The password,
 * if any, reaches pg_dump through a temporary mode-0600 password file in
 * working_dir rather than through the command line or the environment.  A dump that
 * fails or is interrupted (Ctrl-C, SIGTERM) is removed: nothing half
 * written is left where --resume or an administrator could take it for a
 * backup.
 *
 *-------------------------------------------------------------------------
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dbconn.h"
#include "interrupt.h"
#include "log.h"
#include "runcmd.h"
#include "safe_file.h"
#include "xalloc.h"

/* Bound of pg_dump and pg_restore --list (a rhevm database is small). */
#define BACKUP_TIMEOUT_S 1800

/*
 * write_passfile: a .pgpass line matching any server for password; path
 * gets its name.  pgpass needs ':' and '\' escaped.
 */
static bool
write_passfile(const RdrConfig *cfg, const char *password, char *path, size_t size)
{
	FILE	   *f;
	int			fd;

	snprintf(path, size, "%s/.rdr-pgpass.XXXXXX", cfg->working_dir);
	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
	{
		rdr_log_error("could not create a password file in \"%s\": %s",
					  cfg->working_dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	fputs("*:*:*:*:", f);
	for (const char *p = password; *p; p++)
	{
		if (*p == ':' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('\n', f);
	if (fclose(f) != 0)
	{
		rdr_log_error("could not write password file \"%s\": %s", path, strerror(errno));
		unlink(path);
		return false;
	}
	return true;
}

/*
 * create_backup_file: take the backup's name by creating the file, mode
 * 0600 (it holds the CHAP password), O_EXCL|O_NOFOLLOW: two runs in one
 * second never overwrite each other's backup, and no name planted there (a
 * symlink to a victim) is ever written through.  Inside working_dir the
 * file is made relative to wd_fd, the directory checked once; an absolute
 * DB backup_file is the administrator's own choice of directory.
 */
static bool
create_backup_file(const RdrConfig *cfg, int wd_fd, const char *dbname,
				   const char *stamp, char *path, size_t pathsize)
{
	size_t		dirlen = strlen(cfg->working_dir);

	for (int i = 1; i < 100; i++)
	{
		int			fd;

		rdr_config_backup_name(cfg, dbname, stamp, i, path, pathsize);
		if (strncmp(path, cfg->working_dir, dirlen) == 0 && path[dirlen] == '/' &&
			strchr(path + dirlen + 1, '/') == NULL)
			fd = rdr_create_at(wd_fd, cfg->working_dir, path + dirlen + 1, 0600, true);
		else
		{
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0 && errno != EEXIST)
				rdr_log_error("could not create backup file \"%s\": %s", path, strerror(errno));
		}
		if (fd >= 0)
		{
			close(fd);
			return true;
		}
		if (errno != EEXIST)
			return false;
	}
	rdr_log_error("could not create a backup file: \"%s\" and 98 other names exist", path);
	rdr_log_hint("Move old backups out of working_dir.");
	return false;
}

bool
rdr_backup_take(const RdrConfig *cfg, PGconn *conn, int wd_fd, char *path, size_t pathsize)
{
	char		stamp[32];
	char		passfile[4096] = "";
	char		passenv[4200];
	const char *env[2] = {NULL, NULL};
	const char *dump[16];
	const char *list[4];
	char	   *conninfo;
	char	   *password;
	char	   *dbarg = NULL;
	const char *dbname = PQdb(conn);
	int			n = 0;
	time_t		t = time(NULL);
	struct tm	tm;
	RdrCmdResult res;
	char		line[512];
	bool		ok = false;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (!create_backup_file(cfg, wd_fd, dbname, stamp, path, pathsize))
		return false;

	/* the connection rdr has, for pg_dump too: same server, user, TLS... */
	conninfo = rdr_dbconn_child_conninfo(conn, &password);
	if (password)
	{
		bool		written = write_passfile(cfg, password, passfile, sizeof(passfile));

		explicit_bzero(password, strlen(password));
		free(password);
		if (!written)
		{
			free(conninfo);
			unlink(path);
			return false;
		}
		snprintf(passenv, sizeof(passenv), "PGPASSFILE=%s", passfile);
		env[0] = passenv;
	}
	dbarg = xasprintf("--dbname=%s", conninfo);
	free(conninfo);
	dump[n++] = "pg_dump";
	dump[n++] = "--format=custom";
	dump[n++] = "--no-password";
	dump[n++] = "--file";
	dump[n++] = path;
	dump[n++] = dbarg;
	dump[n] = NULL;

	rdr_log_verbose("backing up database \"%s\" to %s", dbname, path);
	if (!rdr_run_argv(dump, env, BACKUP_TIMEOUT_S, &res))
		goto done;
	if (res.interrupted)
	{
		rdr_log_error("interrupted by %s during step backup: pg_dump stopped",
					  rdr_signal_name(res.interrupted));
		rdr_log_detail("The partial backup \"%s\" is removed; the step is not done.", path);
		rdr_cmd_result_free(&res);
		goto done;
	}
	if (res.status != 0)
	{
		rdr_log_error("could not back up database \"%s\": pg_dump %s %d",
					  dbname, res.timed_out ? "timed out, status" : "exited with status",
					  res.status);
		rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
		rdr_log_hint("Nothing was changed.  Fix the cause, or take a backup by hand and check DB settings.");
		rdr_cmd_result_free(&res);
		goto done;
	}
	rdr_cmd_result_free(&res);

	list[0] = "pg_restore";
	list[1] = "--list";
	list[2] = path;
	list[3] = NULL;
	if (!rdr_run_argv(list, NULL, BACKUP_TIMEOUT_S, &res))
		goto done;
	if (res.interrupted)
	{
		/* an unverified backup is no backup: --resume takes a new one */
		rdr_log_error("interrupted by %s during step backup: pg_restore --list stopped",
					  rdr_signal_name(res.interrupted));
		rdr_log_detail("The unverified backup \"%s\" is removed; the step is not done.", path);
		rdr_cmd_result_free(&res);
		goto done;
	}
	if (res.status != 0 || strstr(res.output, " TABLE DATA ") == NULL)
	{
		rdr_log_error("backup \"%s\" could not be verified with pg_restore --list", path);
		rdr_log_detail("%s", res.status != 0 ? rdr_cmd_last_line(&res, line, sizeof(line))
					   : "The archive holds no table data.");
		rdr_cmd_result_free(&res);
		goto done;
	}
	rdr_cmd_result_free(&res);
	ok = true;

done:
	free(dbarg);
	if (passfile[0])
		unlink(passfile);
	if (!ok)
		unlink(path);
	return ok;
}
