/*-------------------------------------------------------------------------
 *
 * config_value.c
 *	  The forms a configuration value takes: a bounded integer, yes/no, a
 *	  MAC address, a host with its port, a connection string's password.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

/* cf_parse_int: a whole decimal integer within [min, max]. */
bool
cf_parse_int(const char *s, int min, int max, int *out)
{
	char	   *end;
	long		v;

	if (*s == '\0' || isspace((unsigned char) *s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = (int) v;
	return true;
}

bool
cf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "on", "true", "1"};
	static const char *const no[] = {"no", "off", "false", "0"};

	for (int i = 0; i < 4; i++)
	{
		if (strcasecmp(s, yes[i]) == 0)
			return (*out = true);
		if (strcasecmp(s, no[i]) == 0)
			return !(*out = false);
	}
	return false;
}

/*
 * cf_parse_mac: "00:25:b3:a9:b0:02", any case; stored in lower case, the
 * form the manager and udev print.
 */
bool
cf_parse_mac(const char *s, char **out)
{
	char		buf[18];

	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
	{
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char) s[i]))
			return false;
		buf[i] = (char) tolower((unsigned char) s[i]);
	}
	buf[17] = '\0';
	*out = xstrdup(buf);
	return true;
}

/*
 * cf_split_host_port: "host", "host:port", "[v6]:port" into host (malloc'd)
 * and port (unchanged when absent).  False when the port is not a port.
 */
bool
cf_split_host_port(const char *s, char **host, int *port)
{
	const char *colon;
	size_t		hlen;

	if (s[0] == '[')
	{
		const char *close = strchr(s, ']');

		if (close == NULL || close == s + 1)
			return false;
		if (close[1] != '\0' && close[1] != ':')
			return false;
		colon = close[1] == ':' ? close + 1 : NULL;
		*host = xstrndup(s + 1, (size_t) (close - s - 1));
	}
	else
	{
		colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL;		/* a bare IPv6 address: no port */
		hlen = colon ? (size_t) (colon - s) : strlen(s);
		if (hlen == 0)
			return false;
		*host = xstrndup(s, hlen);
	}
	if (colon && !cf_parse_int(colon + 1, 1, 65535, port))
	{
		free(*host);
		*host = NULL;
		return false;
	}
	return true;
}

/*
 * cf_conninfo_has_password: whether a libpq connection string or URI may
 * hold a password ("password=", or "user:secret@" in a URI).  Erring on
 * the side of "yes" only makes the file's mode checked and the value
 * hidden.
 */
bool
cf_conninfo_has_password(const char *s)
{
	const char *at = strchr(s, '@');
	const char *scheme = strstr(s, "://");

	if (strcasestr(s, "password"))
		return true;
	return scheme && at && memchr(scheme + 3, ':', (size_t) (at - scheme - 3)) != NULL;
}
