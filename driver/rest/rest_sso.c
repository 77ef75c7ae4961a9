/*-------------------------------------------------------------------------
 *
 * rest_sso.c
 *	  oVirt 4 single sign-on (see rest_sso.h).
 *
 * The request and its answers are those of the engine's SSO servlet
 * (oVirt engine, backend/manager/modules/enginesso: OAuthTokenServlet,
 * SsoService.sendJsonDataWithMessage, SsoConstants): 200 with a JSON
 * object whose "access_token" is then sent as "Authorization: Bearer";
 * 400 with {"error": CODE, "error_description": TEXT} (or, for a request
 * in a REST API session, {"error_code": CODE, "error": TEXT}), where a
 * failed authentication is "access_denied".  An engine without SSO (RHEV
 * 3.x, or a 4.x whose SSO webapp is not deployed yet) answers 404.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "log.h"
#include "rest_sso.h"

#define SSO_PATH "/ovirt-engine/sso/oauth/token"
#define SSO_MAX_ANSWER (64 * 1024)

typedef struct SsoAnswer
{
	char		buf[SSO_MAX_ANSWER + 1];
	size_t		len;
	bool		too_large;
} SsoAnswer;

static size_t
write_cb(char *data, size_t size, size_t n, void *arg)
{
	SsoAnswer  *a = arg;
	size_t		len = size * n;

	if (a->len + len > SSO_MAX_ANSWER)
	{
		a->too_large = true;
		return 0;
	}
	memcpy(a->buf + a->len, data, len);
	a->len += len;
	a->buf[a->len] = '\0';
	return len;
}

/* form_body: the urlencoded request, malloc'd (it holds the password) */
static char *
form_body(CURL *easy, const RdrRestConfig *cfg)
{
	char	   *user = curl_easy_escape(easy, cfg->user ? cfg->user : "", 0);
	char	   *pass = curl_easy_escape(easy, cfg->password ? cfg->password : "", 0);
	char	   *body = NULL;

	if (user && pass &&
		asprintf(&body, "grant_type=password&scope=ovirt-app-api&username=%s&password=%s",
				 user, pass) < 0)
		body = NULL;
	curl_free(user);
	curl_free(pass);
	return body;
}

/* json_str: KEY's string value in obj, or NULL */
static const char *
json_str(json_object *obj, const char *key)
{
	json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
		!json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * read_answer: decide from the status and the JSON body.  The engine
 * names the error in "error" (and describes it in "error_description"),
 * or, in a REST API session, in "error_code" (and describes it in
 * "error"); both are read.
 */
static RdrSsoResult
read_answer(RdrRestConn *conn, long status, const SsoAnswer *a, char *err,
			size_t errlen)
{
	json_object *obj = json_tokener_parse(a->buf);
	const char *code,
			   *text,
			   *token;
	RdrSsoResult r = RDR_SSO_FAILED;

	if (obj != NULL && !json_object_is_type(obj, json_type_object))
	{
		json_object_put(obj);
		obj = NULL;
	}
	code = json_str(obj, "error_code");
	text = code ? json_str(obj, "error") : json_str(obj, "error_description");

	if (code == NULL)
		code = json_str(obj, "error");
	token = json_str(obj, "access_token");
	if (status == 200 && token && token[0] && strlen(token) < sizeof(conn->bearer) &&
		strcspn(token, "\r\n") == strlen(token))
	{
		snprintf(conn->bearer, sizeof(conn->bearer), "%s", token);
		r = RDR_SSO_OK;
	}
	else if (status == 200)
		snprintf(err, errlen, "HTTP 200 from %s without an access_token in JSON", SSO_PATH);
	else if (status == 400 && code && strcmp(code, "access_denied") == 0)
	{
		snprintf(err, errlen, "wrong user or password: %s", text ? text : code);
		r = RDR_SSO_DENIED;
	}
	else if (code)
		snprintf(err, errlen, "HTTP %ld from %s: %s%s%s", status, SSO_PATH, code,
				 text ? ": " : "", text ? text : "");
	else
		snprintf(err, errlen, "HTTP %ld from %s", status, SSO_PATH);
	if (obj)
		json_object_put(obj);
	return r;
}

RdrSsoResult
rdr_rest_sso_login(RdrRestConn *conn, long *status, char *err, size_t errlen)
{
	CURL	   *easy = curl_easy_init();
	SsoAnswer  *a = calloc(1, sizeof(SsoAnswer));
	struct curl_slist *h = NULL;
	char	   *body = NULL;
	char	   *url = NULL;
	char		errbuf[CURL_ERROR_SIZE] = "";
	CURLcode	res;
	RdrSsoResult r = RDR_SSO_FAILED;

	*status = 0;
	conn->bearer[0] = '\0';
	snprintf(err, errlen, "out of memory");
	if (easy == NULL || a == NULL || (body = form_body(easy, conn->cfg)) == NULL ||
		asprintf(&url, "%s%s", conn->origin, SSO_PATH) < 0)
	{
		url = NULL;
		goto done;
	}
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
	h = curl_slist_append(h, "Expect:");
	rdr_rest_conn_setopts(conn, easy);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long) strlen(body));
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	res = curl_easy_perform(easy);
	if (res != CURLE_OK)
	{
		snprintf(err, errlen, "POST %s: %s", SSO_PATH,
				 a->too_large ? "answer too large" : errbuf[0] ? errbuf : curl_easy_strerror(res));
		goto done;
	}
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, status);
	if (*status == 404)
	{
		snprintf(err, errlen, "HTTP 404 from %s: no SSO on this manager", SSO_PATH);
		r = RDR_SSO_UNAVAILABLE;
	}
	else
		r = read_answer(conn, *status, a, err, errlen);
	rdr_log_debug("POST %s -> %ld", SSO_PATH, *status);

done:
	if (body)
	{
		/* the form holds the password: do not leave it in freed memory */
		explicit_bzero(body, strlen(body));
		free(body);
	}
	free(url);
	free(a);
	curl_slist_free_all(h);
	if (easy)
		curl_easy_cleanup(easy);
	return r;
}
