/*-------------------------------------------------------------------------
 *
 * probe_nfs.c
 *	  NFS export check (see probe_nfs.h): ONC RPC calls over TCP.
 *
 * Each call is one record (RFC 5531 record marking) with AUTH_NONE; the
 * answer is read up to MAX_REPLY bytes and within timeout_s per read, so
 * a hostile or broken server cannot hold the probe or fill memory.  Only
 * the few XDR items needed are decoded, each against the bytes left.
 *
 *-------------------------------------------------------------------------
 */
#include "probe_nfs.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

#define PMAP_PROG		100000
#define PMAP_VERS		2
#define PMAPPROC_GETPORT 3
#define MOUNT_PROG		100005
#define MOUNT_VERS		3
#define MOUNTPROC_EXPORT 5
#define IPPROTO_TCP_NUM	6
#define MAX_REPLY		(1024 * 1024)
#define MAX_EXPORTS		4096
#define MAX_PATH_LEN	1024	/* MNTPATHLEN */

/* WHERE: the three %s of " (where)" after a server's name, or nothing */
#define WHERE(t) ((t)->where ? " (" : ""), ((t)->where ? (t)->where : ""), ((t)->where ? ")" : "")

static void
set_fail(const RdrNfsTarget *t, RdrProbeFail f)
{
	if (t->fail)
		*t->fail = f;
}

static int
timeout_ms(const RdrNfsTarget *t)
{
	return (t->timeout_s > 0 ? t->timeout_s : RDR_PROBE_DEFAULT_TIMEOUT) * 1000;
}

/* dial: a connected TCP socket to address:port, or -1 with errno. */
static int
dial(const char *address, int port, int ms)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
	struct addrinfo *res;
	char		serv[16];
	int			err = ECONNREFUSED;
	int			fd = -1;

	snprintf(serv, sizeof(serv), "%d", port);
	if (getaddrinfo(address, serv, &hints, &res) != 0)
	{
		errno = EHOSTUNREACH;
		return -1;
	}
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
	{
		struct pollfd p;
		socklen_t	len = sizeof(err);

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
		{
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
			err = errno;
		else
		{
			p.fd = fd;
			p.events = POLLOUT;
			if (poll(&p, 1, ms) != 1)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				err = errno;
		}
		if (err != 0)
		{
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		errno = err;
	return fd;
}

/* io: all of buf written (write) or read (!write) within ms per step. */
static bool
io(int fd, uint8_t *buf, size_t len, bool write, int ms)
{
	size_t		done = 0;

	while (done < len)
	{
		struct pollfd p = {.fd = fd,.events = write ? POLLOUT : POLLIN};
		ssize_t		n;

		if (poll(&p, 1, ms) != 1)
		{
			errno = ETIMEDOUT;
			return false;
		}
		n = write ? send(fd, buf + done, len - done, MSG_NOSIGNAL)
			: recv(fd, buf + done, len - done, 0);
		if (n == 0)
			errno = ECONNRESET;
		if (n <= 0)
			return false;
		done += (size_t) n;
	}
	return true;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | p[3];
}

/* An XDR reader over a reply's bytes. */
typedef struct Xdr
{
	const uint8_t *p;
	size_t		left;
	bool		bad;
} Xdr;

static uint32_t
xdr_u32(Xdr *x)
{
	uint32_t	v;

	if (x->bad || x->left < 4)
	{
		x->bad = true;
		return 0;
	}
	v = get32(x->p);
	x->p += 4;
	x->left -= 4;
	return v;
}

/* xdr_string: a string of at most max bytes (NULL when malformed). */
static char *
xdr_string(Xdr *x, size_t max)
{
	uint32_t	len = xdr_u32(x);
	size_t		padded = ((size_t) len + 3) & ~(size_t) 3;
	char	   *s;

	if (x->bad || len > max || padded > x->left)
	{
		x->bad = true;
		return NULL;
	}
	s = xmalloc((size_t) len + 1);
	memcpy(s, x->p, len);
	s[len] = '\0';
	x->p += padded;
	x->left -= padded;
	return s;
}

/*
 * rpc_call: one call of prog/vers/proc with args on fd; the result part
 * of an accepted, successful reply into *reply (malloc'd, *len bytes).
 * False with why set.
 */
static bool
rpc_call(int fd, uint32_t prog, uint32_t vers, uint32_t proc, const uint8_t *args,
		 size_t argslen, int ms, uint8_t **reply, size_t *len, char *why, size_t whysize)
{
	uint8_t		msg[4 + 40 + 64];
	uint32_t	xid = (uint32_t) getpid() ^ (prog << 4) ^ proc;
	size_t		total = 0;
	bool		last = false;
	uint8_t    *buf = NULL;
	Xdr			x;

	put32(msg, 0x80000000u | (uint32_t) (40 + argslen));
	put32(msg + 4, xid);
	put32(msg + 8, 0);			/* CALL */
	put32(msg + 12, 2);			/* RPC version 2 */
	put32(msg + 16, prog);
	put32(msg + 20, vers);
	put32(msg + 24, proc);
	memset(msg + 28, 0, 16);	/* AUTH_NONE credential and verifier */
	if (argslen > 0)			/* NULLPROC's args are NULL: memcpy wants
								 * non-NULL */
		memcpy(msg + 44, args, argslen);
	if (!io(fd, msg, 44 + argslen, true, ms))
	{
		snprintf(why, whysize, "could not send the call: %s", strerror(errno));
		return false;
	}
	while (!last)
	{
		uint8_t		mark[4];
		uint32_t	frag;

		if (!io(fd, mark, 4, false, ms))
		{
			snprintf(why, whysize, "no answer: %s", strerror(errno));
			free(buf);
			return false;
		}
		frag = get32(mark) & 0x7fffffffu;
		last = (get32(mark) & 0x80000000u) != 0;
		if (frag > MAX_REPLY || total + frag > MAX_REPLY)
		{
			snprintf(why, whysize, "the answer is larger than %d bytes", MAX_REPLY);
			free(buf);
			return false;
		}
		buf = xrealloc(buf, total + frag + 1);
		if (!io(fd, buf + total, frag, false, ms))
		{
			snprintf(why, whysize, "the answer was cut short: %s", strerror(errno));
			free(buf);
			return false;
		}
		total += frag;
	}
	x.p = buf;
	x.left = total;
	x.bad = false;
	if (xdr_u32(&x) != xid || xdr_u32(&x) != 1 /* REPLY */ ||
		xdr_u32(&x) != 0 /* MSG_ACCEPTED */ )
	{
		snprintf(why, whysize, "the call was refused or the answer is not an RPC reply");
		free(buf);
		return false;
	}
	(void) xdr_u32(&x);			/* verifier flavor */
	{
		uint32_t	vlen = xdr_u32(&x);

		if (x.bad || vlen > 400 || ((vlen + 3) & ~3u) > x.left)
			x.bad = true;
		else
		{
			x.p += (vlen + 3) & ~3u;
			x.left -= (vlen + 3) & ~3u;
		}
	}
	if (xdr_u32(&x) != 0 || x.bad)	/* SUCCESS */
	{
		snprintf(why, whysize, "program %u version %u is not served there", prog, vers);
		free(buf);
		return false;
	}
	*len = x.left;
	*reply = xmalloc(x.left + 1);
	memcpy(*reply, x.p, x.left);
	free(buf);
	return true;
}

/* mount_port: the TCP port of MOUNT v3 from rpcbind, 0 when unknown. */
static int
mount_port(const RdrNfsTarget *t, int rpcbind, char *why, size_t whysize)
{
	uint8_t		args[16];
	uint8_t    *reply;
	size_t		len;
	int			fd = dial(t->address, rpcbind, timeout_ms(t));
	int			port = 0;

	if (fd < 0)
	{
		snprintf(why, whysize, "rpcbind at %s port %d does not answer: %s", t->address, rpcbind,
				 strerror(errno));
		return 0;
	}
	put32(args, MOUNT_PROG);
	put32(args + 4, MOUNT_VERS);
	put32(args + 8, IPPROTO_TCP_NUM);
	put32(args + 12, 0);
	if (rpc_call(fd, PMAP_PROG, PMAP_VERS, PMAPPROC_GETPORT, args, sizeof(args),
				 timeout_ms(t), &reply, &len, why, whysize))
	{
		if (len >= 4 && get32(reply) > 0 && get32(reply) < 65536)
			port = (int) get32(reply);
		else
			snprintf(why, whysize, "rpcbind at %s port %d knows no mount daemon (MOUNT v3 over TCP)",
					 t->address, rpcbind);
		free(reply);
	}
	close(fd);
	return port;
}

/* parse_exports: the exportnode list of a MOUNTPROC3_EXPORT result. */
static bool
parse_exports(const uint8_t *reply, size_t len, RdrNfsExports *out)
{
	Xdr			x = {.p = reply,.left = len};

	while (xdr_u32(&x) == 1 && !x.bad)
	{
		char	   *dir = xdr_string(&x, MAX_PATH_LEN);

		if (dir == NULL || out->count >= MAX_EXPORTS)
		{
			free(dir);
			return false;
		}
		out->dirs = xrealloc(out->dirs, sizeof(char *) * (size_t) (out->count + 1));
		out->dirs[out->count++] = dir;
		/* the groups allowed to mount it: skipped */
		while (xdr_u32(&x) == 1 && !x.bad)
			free(xdr_string(&x, 255));
	}
	return !x.bad;
}

bool
rdr_probe_nfs_exports(const RdrNfsTarget *t, RdrNfsExports *out, bool *listed)
{
	int			nfs = t->nfs_port > 0 ? t->nfs_port : RDR_NFS_PORT;
	int			rpcbind = t->rpcbind_port > 0 ? t->rpcbind_port : RDR_RPCBIND_PORT;
	int			fd;
	int			port;
	uint8_t    *reply;
	size_t		len;
	char		why[512];

	memset(out, 0, sizeof(*out));
	*listed = false;
	set_fail(t, RDR_PROBE_OK);
	rdr_log_verbose("probing NFS server %s at %s port %d", t->server, t->address, nfs);
	fd = dial(t->address, nfs, timeout_ms(t));
	if (fd < 0)
	{
		rdr_log_error("NFS server %s%s%s%s does not answer at %s port %d: %s", t->server,
					  WHERE(t), t->address, nfs, strerror(errno));
		rdr_log_hint("Check the server name of the Storage_Domain line (and its CONNECT_TO line), and that the server runs NFS.");
		set_fail(t, RDR_PROBE_ERR_UNREACHABLE);
		return false;
	}
	close(fd);
	port = mount_port(t, rpcbind, why, sizeof(why));
	if (port == 0 || (fd = dial(t->address, port, timeout_ms(t))) < 0)
	{
		if (port != 0)
			snprintf(why, sizeof(why), "its mount daemon at port %d does not answer: %s", port,
					 strerror(errno));
		rdr_log_info("NFS server %s answers; its export list cannot be read (%s): the export is not checked",
					 t->server, why);
		return true;
	}
	if (!rpc_call(fd, MOUNT_PROG, MOUNT_VERS, MOUNTPROC_EXPORT, NULL, 0, timeout_ms(t),
				  &reply, &len, why, sizeof(why)))
	{
		close(fd);
		rdr_log_info("NFS server %s answers; its export list cannot be read (MOUNT EXPORT: %s): the export is not checked",
					 t->server, why);
		return true;
	}
	close(fd);
	if (!parse_exports(reply, len, out))
	{
		free(reply);
		rdr_nfs_exports_free(out);
		rdr_log_error("the export list of NFS server %s%s%s%s is malformed", t->server, WHERE(t));
		set_fail(t, RDR_PROBE_ERR_BAD_DATA);
		return false;
	}
	free(reply);
	*listed = true;
	return true;
}

bool
rdr_probe_nfs(const RdrNfsTarget *t, const char *path, bool *listed)
{
	RdrNfsExports e;
	bool		found = false;

	if (!rdr_probe_nfs_exports(t, &e, listed))
		return false;
	if (!*listed)
		return true;
	for (int i = 0; i < e.count && !found; i++)
		found = strcmp(e.dirs[i], path) == 0;
	if (!found)
	{
		rdr_log_error("NFS server %s%s%s%s does not export %s", t->server, WHERE(t), path);
		if (e.count == 0)
			rdr_log_detail("Its mount daemon lists no export to this host.");
		for (int i = 0; i < e.count && i < 20; i++)
			rdr_log_detail("It exports %s.", e.dirs[i]);
		rdr_log_hint("Correct the export path of the Storage_Domain line (the mirror of the domain's site-A export).");
		set_fail(t, RDR_PROBE_ERR_NOT_FOUND);
	}
	else
		rdr_log_verbose("NFS server %s exports %s", t->server, path);
	rdr_nfs_exports_free(&e);
	return found;
}

void
rdr_nfs_exports_free(RdrNfsExports *e)
{
	for (int i = 0; i < e->count; i++)
		free(e->dirs[i]);
	free(e->dirs);
	memset(e, 0, sizeof(*e));
}
