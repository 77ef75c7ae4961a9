/*-------------------------------------------------------------------------
 *
 * preflight_nfs.c
 *	  The preflight's check of a site-B NFS export (issue 14).
 *
 * A typo in an export path used to show only after the storage step had
 * committed it, when the hypervisors failed to mount it and no SPM came
 * up (spm_timeout, 900 s by default).  The hypervisors mount it, not rdr,
 * but the manager at site B reaches the same server: its NFS port must
 * answer, and its mount daemon (rpcbind, MOUNT v3 EXPORT, as showmount -e
 * asks) lists what it exports.  A server whose export list cannot be read
 * (NFSv4 only, rpcbind filtered) is said, not refused: the export then
 * cannot be checked before the run.  Read only: nothing is mounted.
 * A failback checks site A's exports the same way (failover_failback.c).
 *
 *-------------------------------------------------------------------------
 */
#include "preflight_nfs.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "probe_nfs.h"

/* split_export: "server:/path" or "[v6]:/path" into server and path. */
static bool
split_export(const char *export_path, char *server, size_t size, const char **path)
{
	const char *colon = strstr(export_path, ":/");
	const char *start = export_path;
	size_t		len;

	if (colon == NULL || colon == export_path)
		return false;
	len = (size_t) (colon - export_path);
	if (export_path[0] == '[' && colon[-1] == ']')
		start++, len -= 2;
	if (len == 0 || len >= size)
		return false;
	memcpy(server, start, len);
	server[len] = '\0';
	*path = colon + 1;
	return true;
}

bool
rdr_preflight_nfs(const RdrConfig *cfg, const RdrConfDomain *d)
{
	char		server[512];
	char		where[4200];
	const char *path;
	int			nfs_port = RDR_NFS_PORT;
	bool		listed;
	RdrNfsTarget t = {0};

	if (d->line > 0)
		snprintf(where, sizeof(where), "Storage_Domain %s, %s:%d", d->name, cfg->path, d->line);
	else						/* a failback's site A, from the change log */
		snprintf(where, sizeof(where), "site A's export of storage domain %s", d->name);
	if (!split_export(d->export_path, server, sizeof(server), &path))
	{
		/* config.c refuses such a line: said in case it ever lets one by */
		rdr_log_error("NFS export \"%s\" (%s) is not SERVER:/PATH", d->export_path, where);
		return false;
	}
	t.server = server;
	t.address = rdr_config_connect_to(cfg, server, &nfs_port);
	t.nfs_port = nfs_port;
	t.rpcbind_port = cfg->nfs_rpcbind_port;
	t.timeout_s = cfg->probe_timeout;
	t.where = where;
	return rdr_probe_nfs(&t, path, &listed);
}
