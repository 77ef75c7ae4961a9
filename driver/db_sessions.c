/*-------------------------------------------------------------------------
 *
 * db_sessions.c
 *	  The other client sessions of the engine database, and which local
 *	  process holds each one (see db_sessions.h for why).
 *
 * A session's client end is a TCP socket (address, port) connected to
 * the server's port.  /proc/net/tcp and tcp6 list every socket of this
 * machine's network namespace with its inode; /proc/PID/fd/N of the
 * process that holds it links to "socket:[INODE]".  Reading other users'
 * /proc/PID/fd needs root, which rdr-failover is on a manager; without
 * it the holder is simply not named.
 *
 *-------------------------------------------------------------------------
 */
#include "db_sessions.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "numparse.h"

#define SESSIONS_QUERY \
	"SELECT pid, coalesce(usename::pg_catalog.text, ''), coalesce(application_name, ''), " \
	"  coalesce(pg_catalog.host(client_addr), ''), coalesce(client_port, -1), " \
	"  pg_catalog.current_setting('port')::pg_catalog.int4 " \
	"FROM pg_catalog.pg_stat_activity " \
	"WHERE datname OPERATOR(pg_catalog.=) pg_catalog.current_database() " \
	"  AND pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() " \
	"  AND (backend_type OPERATOR(pg_catalog.=) 'client backend' " \
	"       OR (backend_type IS NULL AND usesysid IS NOT NULL)) " \
	"ORDER BY pid"

int
rdr_db_sessions(PGconn *conn, RdrDbSession *out, int max)
{
	PGresult   *res = PQexec(conn, SESSIONS_QUERY);
	int			n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read pg_stat_activity: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (int i = 0; i < n && i < max; i++)
	{
		RdrDbSession *s = &out[i];

		/* a value that is not a number (NULL for a socket) is 0, unknown */
		if (!rdr_parse_int(PQgetvalue(res, i, 0), 0, INT_MAX, &s->pid))
			s->pid = 0;
		snprintf(s->user, sizeof(s->user), "%s", PQgetvalue(res, i, 1));
		snprintf(s->app, sizeof(s->app), "%s", PQgetvalue(res, i, 2));
		snprintf(s->client, sizeof(s->client), "%s", PQgetvalue(res, i, 3));
		if (!rdr_parse_int(PQgetvalue(res, i, 4), 0, 65535, &s->client_port))
			s->client_port = 0;
		if (!rdr_parse_int(PQgetvalue(res, i, 5), 0, 65535, &s->server_port))
			s->server_port = 0;
	}
	PQclear(res);
	return n < max ? n : max;
}

/*
 * socket_inode: the inode of the TCP socket whose local port is lport and
 * remote port rport, from /proc/net/tcp or tcp6; 0 if none.
 */
static unsigned long
socket_inode(int lport, int rport)
{
	static const char *const files[] = {"/proc/net/tcp", "/proc/net/tcp6"};
	unsigned long found = 0;

	for (size_t f = 0; f < 2 && found == 0; f++)
	{
		FILE	   *fp = fopen(files[f], "r");
		char		line[512];

		if (fp == NULL)
			continue;

		/*
		 * sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout
		 * inode
		 */
		while (found == 0 && fgets(line, sizeof(line), fp))
		{
			char		local[64],
						remote[64];
			unsigned long inode;
			const char *lp,
					   *rp;

			if (sscanf(line, " %*s %63s %63s %*s %*s %*s %*s %*s %*s %lu",
					   local, remote, &inode) != 3)
				continue;		/* the header line */
			lp = strrchr(local, ':');
			rp = strrchr(remote, ':');
			if (lp && rp && strtol(lp + 1, NULL, 16) == lport &&
				strtol(rp + 1, NULL, 16) == rport)
				found = inode;
		}
		fclose(fp);
	}
	return found;
}

/* socket_owner: the pid with an open fd on socket inode, 0 if none seen */
static int
socket_owner(unsigned long inode)
{
	char		want[64];
	DIR		   *proc = opendir("/proc");
	struct dirent *p;
	int			owner = 0;

	if (proc == NULL)
		return 0;
	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	while (owner == 0 && (p = readdir(proc)) != NULL)
	{
		char		path[300];
		DIR		   *fds;
		struct dirent *fd;

		if (!isdigit((unsigned char) p->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		if ((fds = opendir(path)) == NULL)
			continue;			/* gone, or not ours to read */
		while (owner == 0 && (fd = readdir(fds)) != NULL)
		{
			char		target[64];
			ssize_t		len;

			len = readlinkat(dirfd(fds), fd->d_name, target, sizeof(target) - 1);
			if (len > 0)
			{
				target[len] = '\0';
				if (strcmp(target, want) == 0)
					owner = rdr_parse_int(p->d_name, 1, INT_MAX, &owner) ? owner : 0;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return owner;
}

/* proc_info: the command name and parent pid of pid ("" and 0 if gone) */
static void
proc_info(int pid, char *comm, size_t size, int *ppid)
{
	char		path[64],
				line[512];
	FILE	   *fp;

	comm[0] = '\0';
	*ppid = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	if (fgets(line, sizeof(line), fp))
	{
		/* "PID (COMM) S PPID ...": COMM may hold spaces and parentheses */
		char	   *open = strchr(line, '(');
		char	   *close = strrchr(line, ')');

		if (open && close && close > open)
		{
			snprintf(comm, size, "%.*s", (int) (close - open - 1), open + 1);
			if (sscanf(close + 1, " %*c %d", ppid) != 1)
				*ppid = 0;
		}
	}
	fclose(fp);
}

/* cmdline_has: the command line of pid (arguments joined) contains word */
static bool
cmdline_has(int pid, const char *word)
{
	char		path[64],
				buf[4096];
	FILE	   *fp;
	size_t		n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, word) != NULL;
}

/* How many parents of the holder are named: a service's java under its wrapper. */
#define HOLDER_ANCESTORS 3

void
rdr_session_holder(const RdrDbSession *s, char *buf, size_t size, bool *dwh)
{
	unsigned long inode;
	int			pid;
	size_t		len;

	buf[0] = '\0';
	*dwh = false;
	if (s->client_port <= 0 || s->server_port <= 0 ||
		(inode = socket_inode(s->client_port, s->server_port)) == 0 ||
		(pid = socket_owner(inode)) == 0)
		return;

	/*
	 * The holder and its parents up to init: the DWH's java runs under
	 * ovirt-engine-dwhd.py, whose 15-character comm ("ovirt-engine-dw") is
	 * cut short, so the command lines are what is searched for "dwh".
	 */
	for (int level = 0; level <= HOLDER_ANCESTORS && pid > 1; level++)
	{
		char		comm[64];
		int			ppid;

		proc_info(pid, comm, sizeof(comm), &ppid);
		if (comm[0] == '\0')
			break;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%sprocess %d (%s)", level ? ", child of " : "",
				 pid, comm);
		if (cmdline_has(pid, "dwh"))
			*dwh = true;
		pid = ppid;
	}
}

void
rdr_db_sessions_explain(const RdrDbSession *s, int n, const char *dwh_stop)
{
	bool		dwh = false,
				jdbc = false,
				other = false;

	for (int i = 0; i < n; i++)
	{
		char		holder[512],
					client[96];
		bool		held_by_dwh;

		rdr_session_holder(&s[i], holder, sizeof(holder), &held_by_dwh);
		if (s[i].client[0] && s[i].client_port > 0)
			snprintf(client, sizeof(client), "from %s port %d", s[i].client, s[i].client_port);
		else
			snprintf(client, sizeof(client), "%s", s[i].client[0] ? s[i].client
					 : "over the local socket or hidden from this role");
		rdr_log_detail("Session pid %d: user \"%s\", application \"%s\", %s%s%s.",
					   s[i].pid, s[i].user, s[i].app, client,
					   holder[0] ? ", held by " : "", holder);
		if (held_by_dwh || strstr(s[i].app, "dwh"))
			dwh = true;
		else if (!holder[0] && strcmp(s[i].app, "PostgreSQL JDBC Driver") == 0)
			jdbc = true;
		else
			other = true;
	}
	if (dwh && dwh_stop)
		rdr_log_hint("The Data Warehouse is still connected after CONFIG dwh_stop (\"%s\"): check that command.",
					 dwh_stop);
	else if (dwh)
		rdr_log_hint("The Data Warehouse (ovirt-engine-dwhd) is not stopped by the engine's stop: set CONFIG dwh_stop and dwh_start (CONFIG manager ovirt4 sets them).");
	if (jdbc)
		rdr_log_hint("\"PostgreSQL JDBC Driver\" is the engine's and the Data Warehouse's application_name alike (both connect as the engine's role): stop ovirt-engine-dwhd (CONFIG dwh_stop) if it runs, else the engine is still up.");
	if (other)
		rdr_log_hint("Stop the process named for each session (pg_stat_activity shows them; pg_terminate_backend(pid) ends one), then run rdr-failover again.");
}
