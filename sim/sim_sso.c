/*-------------------------------------------------------------------------
 *
 * sim_sso.c
 *	  The engine's SSO token endpoint (oVirt 4 only).
 *
 * Sources (oVirt engine, backend/manager/modules/enginesso):
 * OAuthTokenServlet.handleRequest picks the grant type ("password" here;
 * anything else is ERR_CODE_UNSUPPORTED_GRANT_TYPE), issueTokenForPasswd
 * authenticates and answers buildResponse's map: access_token, scope,
 * exp (the token's end, ms since the epoch, as a string) and token_type
 * "bearer".  A failed login is an AuthenticationException rendered by
 * SsoService.sendJsonDataWithMessage: HTTP 400 with {"error":
 * "access_denied", "error_description": CANNOT_AUTHENTICATE_USER_IN_DOMAIN
 * (AppMessages.properties) around USER_FAILED_TO_AUTHENTICATE}.  A missing
 * parameter is ERR_CODE_INVALID_REQUEST, "Missing parameter: '%s'"
 * (SsoConstants, SsoService.getRequestParameter).
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_sso.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* url_decode: n bytes of s, percent and '+' decoded, malloc'd */
static char *
url_decode(const char *s, size_t n)
{
	char	   *out = malloc(n + 1);
	size_t		i,
				o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++)
	{
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%' && i + 2 < n &&
				 hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0)
		{
			out[o++] = (char) (hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		}
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

char *
sim_sso_param(const char *form, const char *name)
{
	size_t		nlen = strlen(name);
	const char *p = form;

	while (p && *p)
	{
		const char *end = strchr(p, '&');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=')
			return url_decode(p + nlen + 1, len - nlen - 1);
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* json_string: s as a JSON string literal (quotes included), malloc'd */
static char *
json_string(const char *s)
{
	size_t		n = strlen(s);
	char	   *out = malloc(6 * n + 3);
	char	   *o = out;

	if (out == NULL)
		return NULL;
	*o++ = '"';
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c == '"' || c == '\\')
		{
			*o++ = '\\';
			*o++ = (char) c;
		}
		else if (c < 0x20)
			o += snprintf(o, 7, "\\u%04x", c);	/* 6 characters and the NUL */
		else
			*o++ = (char) c;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/* json_error: the engine's error answer, HTTP 400 */
static void
json_error(const char *code, const char *description, SimReply *rep)
{
	char	   *desc = json_string(description);

	rep->status = 400;
	rep->body = NULL;
	rep->len = 0;
	if (desc == NULL)
		return;
	if (asprintf(&rep->body, "{\"error\":\"%s\",\"error_description\":%s}",
				 code, desc) < 0)
		rep->body = NULL;
	else
		rep->len = strlen(rep->body);
	free(desc);
}

/* sim_secret_equal: see sim_sso.h */
bool
sim_secret_equal(const char *a, const char *b)
{
	size_t		la = strlen(a),
				lb = strlen(b),
				i;
	unsigned char diff = la != lb;

	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char) (a[i] ^ b[i]);
	return diff == 0;
}

bool
sim_sso_check(const SimSsoRequest *req, const char *user, const char *password,
			  bool *api_scope, SimReply *rep)
{
	const char *missing = NULL;
	char		msg[600];

	*api_scope = false;
	if (req->grant_type == NULL)
		missing = "grant_type";
	else if (strcmp(req->grant_type, "password") == 0)
	{
		if (req->username == NULL)
			missing = "username";
		else if (req->password == NULL)
			missing = "password";
	}
	if (missing)
	{
		snprintf(msg, sizeof(msg), "Missing parameter: '%s'", missing);
		json_error("invalid_request", msg, rep);
		return false;
	}
	if (strcmp(req->grant_type, "password") != 0)
	{
		json_error("unsupported_grant_type",
				   "The authorization grant type is not supported by the "
				   "authorization server.", rep);
		return false;
	}
	if (strcmp(req->username, user) != 0 || !sim_secret_equal(req->password, password))
	{
		snprintf(msg, sizeof(msg), "Cannot authenticate user '%.200s': Unable to log in. "
				 "Verify your login information or contact the system administrator..",
				 req->username);
		json_error("access_denied", msg, rep);
		return false;
	}
	/* scopes are space-separated; the REST API needs ovirt-app-api */
	if (req->scope)
	{
		const char *p = req->scope;

		while ((p = strstr(p, "ovirt-app-api")) != NULL)
		{
			if ((p == req->scope || p[-1] == ' ') && (p[13] == '\0' || p[13] == ' '))
				*api_scope = true;
			p += 13;
		}
	}
	return true;
}

void
sim_sso_token_reply(const char *token, const char *scope, double expires_at,
					SimReply *rep)
{
	char	   *sc = json_string(scope ? scope : "");

	rep->status = 200;
	rep->body = NULL;
	rep->len = 0;
	if (sc == NULL)
		return;
	if (asprintf(&rep->body, "{\"access_token\":\"%s\",\"scope\":%s,\"exp\":\"%.0f\","
				 "\"token_type\":\"bearer\"}", token, sc, expires_at * 1000.0) < 0)
		rep->body = NULL;
	else
		rep->len = strlen(rep->body);
	free(sc);
}

void
sim_sso_request_free(SimSsoRequest *req)
{
	free(req->grant_type);
	free(req->scope);
	free(req->username);
	free(req->password);
	memset(req, 0, sizeof(*req));
}
