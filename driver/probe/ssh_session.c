/*-------------------------------------------------------------------------
 *
 * ssh_session.c
 *	  libssh2 client for reading a hypervisor's SCSI devices.
 *
 * The seed's script used "ssh -o StrictHostKeyChecking=no": whoever
 * answers at the hypervisor's address would be trusted with root's
 * password and would decide which LUN identities go into the database.
 * Here the host key must be known; accepting an unknown one needs an
 * explicit option and is logged loudly with the key's fingerprint.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh2.h>

#include "clock.h"
#include "known_hosts.h"
#include "log.h"
#include "ssh_session.h"

struct RdrSsh
{
	int			sock;
	LIBSSH2_SESSION *session;
	const RdrFcHost *h;
	int			timeout_s;
	int			deadline_s;
	double		deadline;		/* rdr_now() at which the probe gives up */
};

/* set_fail: record why the connection failed (h->fail is optional). */
static void
set_fail(const RdrFcHost *h, RdrProbeFail why)
{
	if (h->fail != NULL)
		*h->fail = why;
}

/* base64: OpenSSH's fingerprint encoding (no padding). */
static void
base64(const unsigned char *in, size_t len, char *out)
{
	static const char tab[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t		i,
				j = 0;

	for (i = 0; i + 2 < len; i += 3)
	{
		out[j++] = tab[in[i] >> 2];
		out[j++] = tab[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[j++] = tab[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		out[j++] = tab[in[i + 2] & 63];
	}
	if (len - i == 1)
	{
		out[j++] = tab[in[i] >> 2];
		out[j++] = tab[(in[i] & 3) << 4];
	}
	else if (len - i == 2)
	{
		out[j++] = tab[in[i] >> 2];
		out[j++] = tab[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[j++] = tab[(in[i + 1] & 15) << 2];
	}
	out[j] = '\0';
}

/*
 * tcp_connect: a connected socket to host:port within timeout_s, trying
 * each address.
 */
static int
tcp_connect(const RdrFcHost *h, int port, int timeout_s)
{
	struct addrinfo hints = {0},
			   *res,
			   *ai;
	char		portstr[16];
	int			rc,
				sock = -1,
				err = 0;

	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	rc = getaddrinfo(h->host, portstr, &hints, &res);
	if (rc != 0)
	{
		rdr_log_error("could not resolve ssh host \"%s\": %s", h->host, gai_strerror(rc));
		set_fail(h, RDR_PROBE_ERR_UNREACHABLE);
		return -1;
	}
	for (ai = res; ai != NULL && sock < 0; ai = ai->ai_next)
	{
		struct pollfd pfd;
		socklen_t	elen = sizeof(err);

		sock = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (sock < 0)
			continue;
		fcntl(sock, F_SETFL, O_NONBLOCK);
		if (connect(sock, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		if (errno == EINPROGRESS)
		{
			pfd.fd = sock;
			pfd.events = POLLOUT;
			rc = poll(&pfd, 1, timeout_s * 1000);
			if (rc == 1 && getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)
				break;
			if (rc == 0)
				err = ETIMEDOUT;
		}
		close(sock);
		sock = -1;
	}
	freeaddrinfo(res);
	if (sock < 0)
	{
		rdr_log_error("could not connect to ssh host \"%s\" port %d: %s",
					  h->host, port, strerror(err));
		rdr_log_hint("Check the hypervisor address in the configuration and that sshd runs there.");
		set_fail(h, RDR_PROBE_ERR_UNREACHABLE);
		return -1;
	}
	fcntl(sock, F_SETFL, 0);
	return sock;
}

/*
 * check_host_key: the known_hosts verdict on the key the server showed
 * (known_hosts.c, OpenSSH's rules).
 */
static bool
check_host_key(RdrSsh *s, int port)
{
	const RdrFcHost *h = s->h;
	const char *key;
	size_t		keylen;
	int			keytype,
				line = 0;
	const char *hash;
	char		fp[128],
				defpath[4096];
	const char *path = h->known_hosts;
	const char *opt = h->accept_option ? h->accept_option : "--accept-unknown-host-key";

	key = libssh2_session_hostkey(s->session, &keylen, &keytype);
	hash = libssh2_hostkey_hash(s->session, LIBSSH2_HOSTKEY_HASH_SHA256);
	if (key == NULL || hash == NULL)
	{
		rdr_log_error("ssh host \"%s\" sent no host key", h->host);
		set_fail(h, RDR_PROBE_ERR_HOSTKEY);
		return false;
	}
	memcpy(fp, "SHA256:", 8);
	base64((const unsigned char *) hash, 32, fp + 7);

	if (path == NULL)
	{
		const char *home = getenv("HOME");

		snprintf(defpath, sizeof(defpath), "%s/.ssh/known_hosts", home ? home : "/root");
		path = defpath;
	}
	switch (rdr_known_hosts_check(path, h->host, port, (const unsigned char *) key,
								  keylen, &line))
	{
		case RDR_KNOWN_HOST_MATCH:
			rdr_log_verbose("host key of \"%s\" (%s) matches %s:%d", h->host, fp, path, line);
			return true;
		case RDR_KNOWN_HOST_REVOKED:
			rdr_log_error("the host key of ssh host \"%s\" port %d is REVOKED: refusing to connect",
						  h->host, port);
			rdr_log_detail("The server offered %s, marked @revoked at %s:%d.", fp, path, line);
			rdr_log_hint("A revoked key is never accepted, not even with %s.", opt);
			set_fail(h, RDR_PROBE_ERR_HOSTKEY);
			return false;
		case RDR_KNOWN_HOST_CHANGED:
			rdr_log_error("the host key of ssh host \"%s\" port %d has CHANGED: refusing to connect",
						  h->host, port);
			rdr_log_detail("The server offered %s, %s:%d holds another key for this host.",
						   fp, path, line);
			rdr_log_hint("If the hypervisor was reinstalled, verify the new fingerprint and update %s.",
						 path);
			set_fail(h, RDR_PROBE_ERR_HOSTKEY);
			return false;
		case RDR_KNOWN_HOST_ERROR:
			set_fail(h, RDR_PROBE_ERR_HOSTKEY);
			return false;
		case RDR_KNOWN_HOST_NEW:
			break;
	}
	if (h->accept_unknown_host_key)
	{
		rdr_log_warning("ACCEPTING UNKNOWN HOST KEY of \"%s\" port %d (%s) without verification",
						h->host, port, fp);
		rdr_log_detail("%s is set; anyone answering at this address is trusted.", opt);
		return true;
	}
	rdr_log_error("the host key of ssh host \"%s\" port %d is not in %s: refusing to connect",
				  h->host, port, path);
	if (port == 22)
		rdr_log_detail("The server offered %s.", fp);
	else
		rdr_log_detail("The server offered %s. On port %d, OpenSSH's rules apply: only an "
					   "entry for \"[%s]:%d\" counts, not one for \"%s\".",
					   fp, port, h->host, port, h->host);
	rdr_log_hint("Verify the fingerprint on the hypervisor (ssh-keygen -lf) and add its key "
				 "to %s (ssh-keyscan -p %d %s).", path, port, h->host);
	set_fail(h, RDR_PROBE_ERR_HOSTKEY);
	return false;
}

/*
 * rdr_ssh_open: see ssh_session.h.
 */
bool
rdr_ssh_open(const RdrFcHost *h, RdrSsh **out)
{
	RdrSsh	   *s;
	int			port = h->port > 0 ? h->port : 22;
	const char *user = h->user ? h->user : "root";
	int			rc;

	*out = NULL;
	s = calloc(1, sizeof(RdrSsh));
	if (s == NULL || libssh2_init(0) != 0)
	{
		rdr_log_error("could not initialise libssh2");
		free(s);
		return false;
	}
	s->h = h;
	s->sock = -1;
	s->timeout_s = h->timeout_s > 0 ? h->timeout_s : RDR_PROBE_DEFAULT_TIMEOUT;
	s->deadline_s = h->deadline_s > 0 ? h->deadline_s : RDR_PROBE_DEFAULT_DEADLINE;
	s->deadline = rdr_now() + s->deadline_s;
	s->sock = tcp_connect(h, port, s->timeout_s);
	if (s->sock < 0)
		goto fail;
	s->session = libssh2_session_init();
	if (s->session == NULL)
	{
		rdr_log_error("could not create an ssh session");
		goto fail;
	}
	libssh2_session_set_timeout(s->session, s->timeout_s * 1000L);
	libssh2_session_set_blocking(s->session, 1);
	if (libssh2_session_handshake(s->session, s->sock) != 0)
	{
		char	   *msg = NULL;

		libssh2_session_last_error(s->session, &msg, NULL, 0);
		rdr_log_error("ssh handshake with \"%s\" port %d failed", h->host, port);
		rdr_log_detail("%s", msg ? msg : "no reason given");
		set_fail(h, RDR_PROBE_ERR_UNREACHABLE);
		goto fail;
	}
	if (!check_host_key(s, port))
		goto fail;

	if (h->key_file != NULL)
		rc = libssh2_userauth_publickey_fromfile(s->session, user, NULL, h->key_file,
												 h->key_passphrase);
	else if (h->password != NULL)
		rc = libssh2_userauth_password(s->session, user, h->password);
	else
	{
		rdr_log_error("no ssh key file or password for \"%s\"", h->host);
		set_fail(h, RDR_PROBE_ERR_AUTH);
		goto fail;
	}
	if (rc != 0)
	{
		char	   *msg = NULL;

		libssh2_session_last_error(s->session, &msg, NULL, 0);
		rdr_log_error("ssh authentication of user \"%s\" on \"%s\" port %d failed",
					  user, h->host, port);
		rdr_log_detail("%s (%s).", msg ? msg : "refused",
					   h->key_file ? "public key" : "password");
		rdr_log_hint("Check the key file or password of the hypervisor.");
		set_fail(h, RDR_PROBE_ERR_AUTH);
		goto fail;
	}
	*out = s;
	return true;

fail:
	if (h->fail != NULL && *h->fail == RDR_PROBE_OK)
		*h->fail = RDR_PROBE_ERR_OTHER;
	rdr_ssh_close(s);
	return false;
}

/* deadline_passed: say that the whole probe of the host took too long */
static void
deadline_passed(RdrSsh *s)
{
	rdr_log_error("probing ssh host \"%s\" did not end within %d s: giving up",
				  s->h->host, s->deadline_s);
	rdr_log_detail("The host kept the command running (or printing) past the probe's "
				   "deadline.");
	rdr_log_hint("Check the host; a slow but sane one needs a longer deadline "
				 "(CONFIG probe_deadline, rdr-probe --deadline).");
	set_fail(s->h, RDR_PROBE_ERR_UNREACHABLE);
}

/*
 * set_step_timeout: bound the next blocking libssh2 call by the step
 * timeout and what is left of the deadline; false (said) when none is.
 */
static bool
set_step_timeout(RdrSsh *s)
{
	double		left = s->deadline - rdr_now();
	long		ms = s->timeout_s * 1000L;

	if (left <= 0)
	{
		deadline_passed(s);
		return false;
	}
	if (left * 1000 < ms)
		ms = (long) (left * 1000) + 1;
	libssh2_session_set_timeout(s->session, ms);
	return true;
}

/*
 * rdr_ssh_exec: see ssh_session.h.  The output is capped
 * (RDR_PROBE_MAX_SSH_OUTPUT) and the read bounded by the probe's deadline.
 */
bool
rdr_ssh_exec(RdrSsh *s, const char *cmd, char **out, size_t *outlen, int *exit_status)
{
	LIBSSH2_CHANNEL *ch;
	size_t		len = 0,
				alloc = 65536;
	char	   *buf = malloc(alloc + 1);
	char		ebuf[1024];

	*out = NULL;
	*outlen = 0;
	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	if (!set_step_timeout(s))
	{
		free(buf);
		return false;
	}
	ch = libssh2_channel_open_session(s->session);
	if (ch == NULL || libssh2_channel_exec(ch, cmd) != 0)
	{
		char	   *msg = NULL;

		libssh2_session_last_error(s->session, &msg, NULL, 0);
		rdr_log_error("could not run a command on ssh host \"%s\"", s->h->host);
		rdr_log_detail("%s", msg ? msg : "no reason given");
		set_fail(s->h, RDR_PROBE_ERR_UNREACHABLE);
		if (ch)
			libssh2_channel_free(ch);
		free(buf);
		return false;
	}
	for (;;)
	{
		ssize_t		n;

		if (len == alloc)
		{
			char	   *p;

			/* a listing is a few KB per device: more is a hostile host */
			if (alloc >= RDR_PROBE_MAX_SSH_OUTPUT)
			{
				rdr_log_error("ssh host \"%s\" printed more than %zu MB: refusing to read more",
							  s->h->host, RDR_PROBE_MAX_SSH_OUTPUT / (1024 * 1024));
				rdr_log_detail("A SCSI device listing is a few KB per device; a sysfs attribute "
							   "without end, or a hostile host, sends this.");
				set_fail(s->h, RDR_PROBE_ERR_BAD_DATA);
				goto fail;
			}
			p = realloc(buf, alloc * 2 + 1);
			if (p == NULL)
			{
				rdr_log_error("out of memory");
				goto fail;
			}
			buf = p;
			alloc *= 2;
		}
		if (!set_step_timeout(s))
			goto fail;
		n = libssh2_channel_read(ch, buf + len, alloc - len);
		if (n == 0)
			break;
		if (n < 0)
		{
			if (n == LIBSSH2_ERROR_TIMEOUT && rdr_now() >= s->deadline)
				deadline_passed(s);
			else
			{
				rdr_log_error("reading from ssh host \"%s\" failed (%s)", s->h->host,
							  n == LIBSSH2_ERROR_TIMEOUT ? "timed out" : "connection error");
				set_fail(s->h, RDR_PROBE_ERR_UNREACHABLE);
			}
			goto fail;
		}
		len += (size_t) n;
	}
	/* drain stderr so the channel closes, within the same bounds */
	for (size_t elen = 0;;)
	{
		ssize_t		n;

		if (!set_step_timeout(s))
			goto fail;
		n = libssh2_channel_read_stderr(ch, ebuf, sizeof(ebuf));
		if (n <= 0)
			break;
		elen += (size_t) n;
		if (elen > RDR_PROBE_MAX_SSH_OUTPUT)
		{
			rdr_log_error("ssh host \"%s\" printed more than %zu MB of errors: refusing to read more",
						  s->h->host, RDR_PROBE_MAX_SSH_OUTPUT / (1024 * 1024));
			set_fail(s->h, RDR_PROBE_ERR_BAD_DATA);
			goto fail;
		}
	}
	libssh2_channel_close(ch);
	libssh2_channel_wait_closed(ch);
	*exit_status = libssh2_channel_get_exit_status(ch);
	libssh2_channel_free(ch);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return true;

fail:
	libssh2_channel_free(ch);
	free(buf);
	return false;
}

/* rdr_ssh_close: disconnect and free; s may be NULL. */
void
rdr_ssh_close(RdrSsh *s)
{
	if (s == NULL)
		return;
	if (s->session != NULL)
	{
		libssh2_session_disconnect(s->session, "rdr-probe done");
		libssh2_session_free(s->session);
	}
	if (s->sock >= 0)
		close(s->sock);
	free(s);
}
