/*-------------------------------------------------------------------------
 *
 * rest_sso.h
 *	  oVirt 4 single sign-on: a bearer token for the API, obtained the way
 *	  the official SDK (ovirtsdk4) logs in.  Private to the REST library:
 *	  rest_connect.c logs in before the v4 entry point, rest_client.c logs
 *	  in again when the engine answers 401 to a token.  Uses rest_conn
 *	  only (rest_conn <- rest_sso <- rest_client).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_SSO_H
#define RDR_REST_SSO_H

#include <stddef.h>

#include "rest_conn.h"

typedef enum RdrSsoResult
{
	RDR_SSO_OK,					/* conn->bearer holds the token */
	RDR_SSO_UNAVAILABLE,		/* 404: no SSO here (or not deployed yet) */
	RDR_SSO_DENIED,				/* wrong user or password */
	RDR_SSO_FAILED				/* anything else; why in err */
} RdrSsoResult;

/*
 * rdr_rest_sso_login: POST {origin}/ovirt-engine/sso/oauth/token with
 * grant_type=password, scope=ovirt-app-api and the configured user and
 * password; on success the token goes to conn->bearer.  err receives a
 * one-line reason otherwise (the engine's own text when it gave one);
 * *status the HTTP status (0: no answer).  Never logs the password.
 */
extern RdrSsoResult rdr_rest_sso_login(RdrRestConn *conn, long *status,
									   char *err, size_t errlen);

#endif							/* RDR_REST_SSO_H */
