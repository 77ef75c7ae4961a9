/*-------------------------------------------------------------------------
 *
 * ssh_session.h
 *	  An ssh connection (libssh2) to a site-B hypervisor: bounded connect,
 *	  host key checked against known_hosts, key or password login, and
 *	  running one command to completion.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_SSH_SESSION_H
#define RDR_SSH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "probe.h"

typedef struct RdrSsh RdrSsh;

/*
 * rdr_ssh_open: connect to h, verify its host key, authenticate.  The
 * host key must be in h->known_hosts; an unknown key is refused with its
 * SHA256 fingerprint unless h->accept_unknown_host_key (loud warning); a
 * changed key is always refused.
 */
extern bool rdr_ssh_open(const RdrFcHost *h, RdrSsh **out);

/*
 * rdr_ssh_exec: run cmd, collect its stdout (NUL-terminated, caller
 * frees) and exit status.  Bounded by the session timeout.
 */
extern bool rdr_ssh_exec(RdrSsh *s, const char *cmd, char **out, size_t *outlen,
						 int *exit_status);

extern void rdr_ssh_close(RdrSsh *s);

#endif							/* RDR_SSH_SESSION_H */
