/*-------------------------------------------------------------------------
 *
 * preflight.c
 *	  The checks of step 1, all of them, before anything changes.
 *
 * The seed's script discovered a missing command or an unreachable
 * target half-way, with the engine stopped.  Here every name is resolved
 * and every endpoint the run will need is connected to first, and all
 * problems are listed together so one edit of the configuration fixes
 * them all.  Each check is bounded by CONFIG probe_timeout.
 *
 * The names of the configuration are checked against the engine's
 * tables, and its files for form, by validate.c.
 *
 * An NFS export is checked with its server's mount daemon where it can
 * be asked (preflight_nfs.c), so a typo in its path is found here rather
 * than after the SPM wait.
 *
 * The manager's API port is only required to answer when the run does not
 * start the engine itself (-h or -s without -d): with -d the engine is
 * stopped and started by the run, so it may well be down now.  When it
 * answers, the API user is logged in once (api_client.c), so a wrong
 * password stops the run here and not after the storage rows changed.
 *
 *-------------------------------------------------------------------------
 */
#include "preflight.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "api_client.h"
#include "dbfix.h"
#include "dbprivs.h"
#include "direct_lun_plan.h"
#include "interrupt.h"
#include "preflight_nfs.h"
#include "log.h"
#include "profile.h"
#include "validate.h"

/* resolve: the name has an address; logs the problem otherwise. */
static bool
resolve(const char *name, const char *what, struct addrinfo **res)
{
	struct addrinfo hints = {0};
	int			rc;

	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(name, NULL, &hints, res);
	if (rc != 0)
	{
		rdr_log_error("preflight: cannot resolve %s \"%s\": %s", what, name, gai_strerror(rc));
		rdr_log_hint("Fix DNS or /etc/hosts, or map the name with a CONNECT_TO line.");
		*res = NULL;
		return false;
	}
	return true;
}

/* try_connect: a TCP connection to one address within timeout_s. */
static int
try_connect(const struct addrinfo *ai, int port, int timeout_s)
{
	struct sockaddr_storage sa;
	int			fd;
	int			err = 0;
	socklen_t	len = sizeof(err);
	struct pollfd pfd;

	memcpy(&sa, ai->ai_addr, ai->ai_addrlen);
	if (sa.ss_family == AF_INET)
		((struct sockaddr_in *) &sa)->sin_port = htons((uint16_t) port);
	else if (sa.ss_family == AF_INET6)
		((struct sockaddr_in6 *) &sa)->sin6_port = htons((uint16_t) port);
	fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (connect(fd, (struct sockaddr *) &sa, ai->ai_addrlen) == 0)
	{
		close(fd);
		return 0;
	}
	if (errno != EINPROGRESS)
	{
		err = errno;
		close(fd);
		return err;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, timeout_s * 1000) <= 0)
	{
		close(fd);
		return ETIMEDOUT;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	close(fd);
	return err;
}

/*
 * check_endpoint: name (as configured) resolves through CONNECT_TO, and,
 * if port > 0, something accepts a TCP connection there.
 */
static bool
check_endpoint(const RdrConfig *cfg, const char *name, int port, const char *what)
{
	int			p = port;
	const char *addr = rdr_config_connect_to(cfg, name, &p);
	struct addrinfo *res;
	int			err = 0;

	if (!resolve(addr, what, &res))
		return false;
	if (port > 0)
	{
		err = ECONNREFUSED;
		for (struct addrinfo *ai = res; ai && err != 0; ai = ai->ai_next)
			err = try_connect(ai, p, cfg->probe_timeout);
		if (err != 0)
		{
			rdr_log_error("preflight: cannot reach %s %s at %s port %d: %s", what, name,
						  addr, p, strerror(err));
		}
	}
	freeaddrinfo(res);
	return err == 0;
}

/* nfs_server: the server part of "server:/path" (IPv6 in brackets). */
static void
nfs_server(const char *export_path, char *buf, size_t size)
{
	const char *colon = strstr(export_path, ":/");

	if (export_path[0] == '[' && strchr(export_path, ']'))
		snprintf(buf, size, "%.*s", (int) (strchr(export_path, ']') - export_path - 1),
				 export_path + 1);
	else
		snprintf(buf, size, "%.*s", (int) (colon ? colon - export_path : 0), export_path);
}

/*
 * probe_block_luns: every LUN of every block domain found at site B by
 * its physical volume UUID, with the probe and matching of the storage
 * step itself (rdr_db_plan), so that a wrong target or mapping is found
 * before the backup and not with the engine stopped.  The step probes
 * again: the storage may change in between, and its plan is the one
 * that counts.  Returns the number of problems (0 or 1; each is logged).
 */
static int
probe_block_luns(const RdrConfig *cfg, PGconn *conn)
{
	RdrDbDomains dbd;
	RdrFixPlan	plan = {0};
	RdrForwardDirect direct;
	bool		any = false;
	bool		ok = true;

	for (int i = 0; i < cfg->n_domains; i++)
		any |= cfg->domains[i].type != RDR_STORAGE_NFS;
	if (any)
	{
		if (!rdr_db_read_domains(conn, &dbd))
			return 1;
		rdr_log_verbose("preflight: probing the LUNs of the block domains at site B");
		ok = rdr_db_plan(cfg, &dbd, &plan);
		rdr_db_domains_free(&dbd);
	}
	/* the direct-LUN disks' mirrors, and those that stay, said once here */
	if (ok)
	{
		ok = rdr_direct_lun_plan(conn, cfg, true, &plan, &direct);
		if (ok)
			rdr_forward_direct_free(&direct);
	}
	rdr_fix_plan_free(&plan);
	return ok ? 0 : 1;
}

bool
rdr_preflight(const RdrConfig *cfg, unsigned steps, int *problems)
{
	int			n = 0;
	bool		rest = (steps & (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS)) != 0;
	bool		api_login = false;

	if (rest && cfg->api_host)
	{
		/* with -d the run starts the engine itself: only DNS now */
		int			port = (steps & RDR_STEP_DB) ? 0 : cfg->api_port;

		if (!check_endpoint(cfg, cfg->api_host, port, "manager"))
			n++;
		else
			api_login = true;
	}
	if (steps & RDR_STEP_DB)
	{
		PGconn	   *conn = NULL;
		int			storage_problems = -1;	/* not checked */
		int			unreachable = 0;

		if (cfg->db_host && cfg->db_host[0] != '/' &&
			!check_endpoint(cfg, cfg->db_host, 0, "database host"))
			n++;
		else if ((conn = rdr_db_connect(cfg)) == NULL)
			n++;
		else
		{
			if (!rdr_db_check_extension(conn))
				n++;
			else if (!rdr_db_check_privileges(conn))
				n++;
			else if (!rdr_db_read_engine_tables(conn))
				n++;
			else
			{
				rdr_profile_check_database(cfg, conn);
				storage_problems = rdr_validate_storage(cfg, conn);
				n += storage_problems + rdr_validate_inventory(cfg, conn);
			}
		}

		/*
		 * A failback leaves site B, which the Storage_Domain lines name and
		 * which may be gone: its step failback_plan probes site A instead
		 * (failback_plan.c).
		 */
		for (int i = 0; i < cfg->n_domains && !cfg->failback; i++)
		{
			const RdrConfDomain *d = &cfg->domains[i];
			char		server[512];

			switch (d->type)
			{
				case RDR_STORAGE_NFS:
					/* the hypervisors mount it; the manager reaches it too */
					nfs_server(d->export_path, server, sizeof(server));
					if (!check_endpoint(cfg, server, 0, "NFS server") ||
						!rdr_preflight_nfs(cfg, d))
						unreachable++;
					break;
				case RDR_STORAGE_ISCSI:
					if (!check_endpoint(cfg, d->portal_host, d->portal_port, "iSCSI portal"))
						unreachable++;
					break;
				case RDR_STORAGE_FIBRE:
					if (!check_endpoint(cfg, d->fc_host, cfg->ssh_port, "fibre host"))
						unreachable++;
					break;
			}
		}
		n += unreachable;
		/* every name right and every target reachable: are the LUNs there? */
		if (conn && storage_problems == 0 && unreachable == 0 && !cfg->failback)
			n += probe_block_luns(cfg, conn);
		if (conn)
			PQfinish(conn);
	}
	/* an interruption (during a probe) ends the checks: said already */
	if (rest && !rdr_interrupted())
	{
		int			bad_files = rdr_validate_files(cfg);

		/* the login needs the CA file and key: once they are right */
		n += bad_files;
		if (api_login && bad_files == 0)
			n += rdr_preflight_api(cfg);
	}
	if (rdr_interrupted())
		n += n == 0;
	else if (n > 0)
		rdr_log_error("preflight found %d problem(s); nothing was changed", n);
	*problems = n;
	return n == 0;
}
