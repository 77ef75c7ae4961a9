/*-------------------------------------------------------------------------
 *
 * sec_tool.c
 *	  Calls into rdr-failover's library for the attacks of run-tests.sh
 *	  that need one module rather than a whole failover.
 *
 *	  sec_tool backup WORKDIR HOST PORT USER DB
 *		rdr_backup_take into WORKDIR (held open as rdr-failover does);
 *		prints the backup's path, exit 1 if refused.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "config.h"
#include "dbfix.h"
#include "log.h"
#include "safe_file.h"

static int
cmd_backup(char **argv)
{
	RdrConfig	cfg;
	char		path[4096];
	int			fd;
	PGconn	   *conn;
	bool		ok;

	memset(&cfg, 0, sizeof(cfg));
	cfg.working_dir = argv[0];
	cfg.db_host = argv[1];
	cfg.db_port = (int) strtol(argv[2], NULL, 10);
	cfg.db_user = argv[3];
	cfg.db_name = argv[4];
	fd = rdr_open_dir_safe(cfg.working_dir, false, "working_dir");
	if (fd < 0 || (conn = rdr_db_connect(&cfg)) == NULL)
		return 1;
	ok = rdr_backup_take(&cfg, conn, fd, path, sizeof(path));
	PQfinish(conn);
	if (!ok)
		return 1;
	printf("%s\n", path);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	rdr_log_init("sec_tool");
	umask(077);
	if (argc == 7 && strcmp(argv[1], "backup") == 0)
		return cmd_backup(argv + 2);
	fprintf(stderr, "usage: sec_tool backup WORKDIR HOST PORT USER DB\n");
	return 2;
}
