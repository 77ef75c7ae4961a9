/*-------------------------------------------------------------------------
 *
 * known_hosts.h
 *	  An OpenSSH known_hosts file, read with OpenSSH's rules.
 *
 * libssh2's reader differs from OpenSSH where it matters: a port-less
 * entry also vouches for every other port, "@revoked" is not understood
 * (a revoked key also listed normally is accepted), and one line it
 * cannot parse rejects the whole file without saying which.  This reader
 * follows OpenSSH's hostfile.c instead:
 *	- the name looked up is "host" on port 22 and "[host]:port" otherwise;
 *	- host patterns are comma lists with '*', '?' and '!' negation,
 *	  compared without case; hashed names ("|1|salt|hmac") are HMAC-SHA1;
 *	- a key on an "@revoked" line whose pattern matches is refused even
 *	  when another line lists it; "@cert-authority" lines are skipped (a
 *	  hypervisor presents a plain key);
 *	- a line that cannot be read is skipped with a warning naming
 *	  file:line, the others still count.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_KNOWN_HOSTS_H
#define RDR_KNOWN_HOSTS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum RdrKnownHost
{
	RDR_KNOWN_HOST_MATCH,		/* listed with this key */
	RDR_KNOWN_HOST_NEW,			/* no line for this host */
	RDR_KNOWN_HOST_CHANGED,		/* listed, with other keys only */
	RDR_KNOWN_HOST_REVOKED,		/* the key is on an @revoked line */
	RDR_KNOWN_HOST_ERROR		/* the file could not be read (logged) */
} RdrKnownHost;

/*
 * rdr_known_hosts_check: the verdict of the file at path on the host key
 * blob (as sent in the ssh protocol) that host:port presented.  A missing
 * file is an empty one.  *line is set to the deciding line (0 if none).
 */
extern RdrKnownHost rdr_known_hosts_check(const char *path, const char *host,
										  int port, const unsigned char *key,
										  size_t keylen, int *line);

/*
 * rdr_known_hosts_lint: warn about every line of path that would be
 * skipped; returns how many.  -1 (logged) if the file cannot be read.
 */
extern int	rdr_known_hosts_lint(const char *path);

#endif							/* RDR_KNOWN_HOSTS_H */
