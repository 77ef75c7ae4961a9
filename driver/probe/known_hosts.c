/*-------------------------------------------------------------------------
 *
 * known_hosts.c
 *	  Read an OpenSSH known_hosts file with OpenSSH's rules (see
 *	  known_hosts.h for the rules and why libssh2's reader is not used).
 *
 *-------------------------------------------------------------------------
 */
#include "known_hosts.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "log.h"

/* Longer lines are not known_hosts lines (an RSA-16384 key is 2.8 KB). */
#define KH_MAX_LINE		(64 * 1024)
#define KH_SHA1_LEN		20

typedef enum KhMarker
{
	KH_PLAIN,
	KH_REVOKED,
	KH_CA
} KhMarker;

/* One usable line. */
typedef struct KhLine
{
	KhMarker	marker;
	char	   *hosts;			/* the patterns, or "|1|salt|hash" */
	unsigned char *key;			/* the key blob, decoded */
	size_t		keylen;
} KhLine;

/* b64_value: a base64 digit's value, -1 for anything else */
static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * b64_decode: decode len characters of s into out (room for len * 3 / 4
 * bytes); padding only at the end.  Returns the byte count or -1.
 */
static long
b64_decode(const char *s, size_t len, unsigned char *out)
{
	uint32_t	acc = 0;
	int			bits = 0;
	long		n = 0;
	size_t		pad = 0;

	while (pad < len && pad < 2 && s[len - 1 - pad] == '=')
		pad++;
	if ((len % 4) != 0 && pad > 0)
		return -1;
	for (size_t i = 0; i < len - pad; i++)
	{
		int			v = b64_value((unsigned char) s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t) v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			out[n++] = (unsigned char) (acc >> bits);
		}
	}
	return n;
}

/* next_field: the next blank-separated field of *p, NUL-terminated */
static char *
next_field(char **p)
{
	char	   *s = *p + strspn(*p, " \t");
	char	   *e;

	if (*s == '\0')
		return NULL;
	e = s + strcspn(s, " \t");
	if (*e != '\0')
		*e++ = '\0';
	*p = e;
	return s;
}

/*
 * parse_line: fill kh from one line (modified in place); NULL on success,
 * else why the line is unusable.  *skip: a line to pass over silently
 * (blank, comment).
 */
static const char *
parse_line(char *line, KhLine *kh, bool *skip)
{
	char	   *p = line;
	char	   *f,
			   *type,
			   *b64;
	long		n;
	uint32_t	tlen;

	*skip = false;
	kh->marker = KH_PLAIN;
	p += strspn(p, " \t");
	if (*p == '\0' || *p == '#')
	{
		*skip = true;
		return NULL;
	}
	f = next_field(&p);
	if (f[0] == '@')
	{
		if (strcmp(f, "@revoked") == 0)
			kh->marker = KH_REVOKED;
		else if (strcmp(f, "@cert-authority") == 0)
			kh->marker = KH_CA;
		else
			return "unknown marker (expected @revoked or @cert-authority)";
		f = next_field(&p);
		if (f == NULL)
			return "a marker without a host";
	}
	kh->hosts = f;
	type = next_field(&p);
	b64 = next_field(&p);
	if (type == NULL || b64 == NULL)
		return "expected \"HOSTS KEYTYPE KEY\"";
	kh->key = malloc(strlen(b64) * 3 / 4 + 1);
	if (kh->key == NULL)
		return "out of memory";
	n = b64_decode(b64, strlen(b64), kh->key);
	/* the blob names its own type first (uint32 length, then the name) */
	if (n < 4)
		return "the key is not base64";
	tlen = (uint32_t) kh->key[0] << 24 | (uint32_t) kh->key[1] << 16 |
		(uint32_t) kh->key[2] << 8 | kh->key[3];
	if (tlen != strlen(type) || (size_t) n < 4 + tlen ||
		memcmp(kh->key + 4, type, tlen) != 0)
		return "the key does not match its key type";
	kh->keylen = (size_t) n;
	return NULL;
}

/*
 * match_pattern: OpenSSH's match_pattern, '*' and '?' wildcards; both
 * strings lower case already.
 */
static bool
match_pattern(const char *s, const char *pat)
{
	for (;;)
	{
		if (*pat == '\0')
			return *s == '\0';
		if (*pat == '*')
		{
			while (*pat == '*')
				pat++;
			if (*pat == '\0')
				return true;
			for (; *s; s++)
				if (match_pattern(s, pat))
					return true;
			return false;
		}
		if (*s == '\0' || (*pat != '?' && *pat != *s))
			return false;
		s++;
		pat++;
	}
}

/*
 * hosts_match: the host field of a line matches name.  A comma list: any
 * negated pattern that matches excludes the line, else one positive
 * pattern must match.  "|1|SALT|HMAC" is hashed: HMAC-SHA1(SALT, name).
 * Returns 1 (match), 0 (no match), -1 (a malformed hashed field).
 */
static int
hosts_match(const char *hosts, const char *name)
{
	bool		pos = false;
	char		pat[1024];

	if (strncmp(hosts, "|1|", 3) == 0)
	{
		const char *salt = hosts + 3;
		const char *bar = strchr(salt, '|');
		unsigned char s[64],
					h[64],
					mac[EVP_MAX_MD_SIZE];
		unsigned int maclen = 0;

		if (bar == NULL || (size_t) (bar - salt) > 80 || strlen(bar + 1) > 80 ||
			b64_decode(salt, (size_t) (bar - salt), s) != KH_SHA1_LEN ||
			b64_decode(bar + 1, strlen(bar + 1), h) != KH_SHA1_LEN)
			return -1;
		if (HMAC(EVP_sha1(), s, KH_SHA1_LEN, (const unsigned char *) name,
				 strlen(name), mac, &maclen) == NULL || maclen != KH_SHA1_LEN)
			return -1;
		return memcmp(mac, h, KH_SHA1_LEN) == 0;
	}
	for (const char *p = hosts; *p;)
	{
		size_t		len = strcspn(p, ",");
		bool		neg = (*p == '!');

		if (len - neg < sizeof(pat))
		{
			for (size_t i = 0; i < len - neg; i++)
				pat[i] = (char) tolower((unsigned char) p[neg + i]);
			pat[len - neg] = '\0';
			if (match_pattern(name, pat))
			{
				if (neg)
					return 0;
				pos = true;
			}
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return pos;
}

/*
 * read_lines: call fn for each usable line of path (malformed ones are
 * warned about with file:line); returns the count of malformed lines or
 * -1 when the file cannot be read (a missing file is empty).
 */
typedef void (*KhLineFn) (const KhLine *kh, int lineno, void *arg);

static int
read_lines(const char *path, KhLineFn fn, void *arg)
{
	FILE	   *f = fopen(path, "re");
	char	   *buf = NULL;
	size_t		cap = 0;
	ssize_t		len;
	int			lineno = 0,
				bad = 0;

	if (f == NULL)
	{
		if (errno == ENOENT)
			return 0;
		rdr_log_error("could not read known_hosts file \"%s\": %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&buf, &cap, f)) >= 0)
	{
		KhLine		kh = {0};
		const char *why;
		bool		skip;

		lineno++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (len > KH_MAX_LINE || strlen(buf) != (size_t) len)
			why = "line too long or holding a NUL byte";
		else
			why = parse_line(buf, &kh, &skip);
		if (why == NULL && !skip && kh.marker != KH_CA &&
			hosts_match(kh.hosts, "") < 0)
			why = "malformed hashed host name (expected |1|SALT|HASH)";
		if (why != NULL)
		{
			rdr_log_warning("%s:%d: %s; line skipped", path, lineno, why);
			bad++;
		}
		else if (!skip)
			fn(&kh, lineno, arg);
		free(kh.key);
	}
	free(buf);
	if (ferror(f))
	{
		rdr_log_error("could not read known_hosts file \"%s\": %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return bad;
}

/* What a check collects over the lines. */
typedef struct KhCheck
{
	const char *name;			/* "host" or "[host]:port", lower case */
	const unsigned char *key;
	size_t		keylen;
	int			match_line;
	int			other_line;		/* a line for this host with another key */
	int			revoked_line;
} KhCheck;

static void
check_line(const KhLine *kh, int lineno, void *arg)
{
	KhCheck    *c = arg;
	bool		same;

	/* a hypervisor presents a plain key: CA lines vouch for nothing here */
	if (kh->marker == KH_CA || hosts_match(kh->hosts, c->name) != 1)
		return;
	same = kh->keylen == c->keylen && memcmp(kh->key, c->key, c->keylen) == 0;
	if (kh->marker == KH_REVOKED)
	{
		if (same && c->revoked_line == 0)
			c->revoked_line = lineno;
	}
	else if (same && c->match_line == 0)
		c->match_line = lineno;
	else if (!same && c->other_line == 0)
		c->other_line = lineno;
}

/*
 * rdr_known_hosts_check: see known_hosts.h.
 */
RdrKnownHost
rdr_known_hosts_check(const char *path, const char *host, int port,
					  const unsigned char *key, size_t keylen, int *line)
{
	char		name[1100];
	KhCheck		c = {0};

	*line = 0;
	if (port == 22)
		snprintf(name, sizeof(name), "%s", host);
	else
		snprintf(name, sizeof(name), "[%s]:%d", host, port);
	for (char *p = name; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	c.name = name;
	c.key = key;
	c.keylen = keylen;
	if (read_lines(path, check_line, &c) < 0)
		return RDR_KNOWN_HOST_ERROR;
	if (c.revoked_line)
	{
		*line = c.revoked_line;
		return RDR_KNOWN_HOST_REVOKED;
	}
	if (c.match_line)
	{
		*line = c.match_line;
		return RDR_KNOWN_HOST_MATCH;
	}
	if (c.other_line)
	{
		*line = c.other_line;
		return RDR_KNOWN_HOST_CHANGED;
	}
	return RDR_KNOWN_HOST_NEW;
}

static void
ignore_line(const KhLine *kh, int lineno, void *arg)
{
	(void) kh;
	(void) lineno;
	(void) arg;
}

/*
 * rdr_known_hosts_lint: see known_hosts.h.
 */
int
rdr_known_hosts_lint(const char *path)
{
	return read_lines(path, ignore_line, NULL);
}
