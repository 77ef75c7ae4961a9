/*-------------------------------------------------------------------------
 *
 * failback_fc.c
 *	  rdr-failover --failback: site A's Fibre Channel LUNs, seen again by
 *	  a hypervisor of site A (see failback_fc.h).
 *
 * A fibre LUN has no storage server connection: what sees it is a host
 * on the fabric.  The failover's Storage_Domain line names site B's
 * hypervisor; the way back needs one of site A's, which the change log
 * cannot give (it holds rows, not hosts), so CONFIG failback_fc_host
 * names it.  It is probed over ssh exactly as the failover probes site
 * B's (the same CONFIG ssh_* keys and CONNECT_TO lines): a planned
 * failback finds it in maintenance, still answering ssh.
 *
 *-------------------------------------------------------------------------
 */
#include "failback_fc.h"

#include "dbfix.h"
#include "log.h"

bool
rdr_failback_probe_fc(const RdrConfig *cfg, const char *domain, RdrLunList *out)
{
	RdrFcHost	h = {0};

	if (cfg->failback_fc_host == NULL)
	{
		rdr_log_error("storage domain \"%s\" is on fibre channel, and no host of site A is configured to see its LUN",
					  domain);
		rdr_log_detail("The failback probes site A's LUN over ssh, as the failover probed site B's, before it uses the LUN's identity.");
		rdr_log_hint("Name a hypervisor of site A that sees the LUN with \"CONFIG failback_fc_host HOST\" in %s.",
					 cfg->path);
		return false;
	}
	rdr_fc_host_config(cfg, cfg->failback_fc_host, &h);
	rdr_log_verbose("probing site A's fibre host %s for storage domain \"%s\"",
					cfg->failback_fc_host, domain);
	return rdr_probe_fc_list(&h, out);
}
