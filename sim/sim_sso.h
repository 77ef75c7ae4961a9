/*-------------------------------------------------------------------------
 *
 * sim_sso.h
 *	  The oVirt 4 engine's single sign-on token endpoint, as the official
 *	  SDK logs in: POST /ovirt-engine/sso/oauth/token with
 *	  grant_type=password, scope=ovirt-app-api, username and password
 *	  (form body or query), answered in JSON.  The transport (sim_http.c)
 *	  keeps the issued tokens; this module parses the request and writes
 *	  the answers, with the engine's error codes and texts.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_SSO_H
#define SIM_SSO_H

#include <stdbool.h>
#include <stddef.h>

#include "sim_routes.h"

#define SIM_SSO_TOKEN_PATH "/ovirt-engine/sso/oauth/token"

/* The parameters of a token request (malloc'd, NULL when absent). */
typedef struct SimSsoRequest
{
	char	   *grant_type;
	char	   *scope;
	char	   *username;
	char	   *password;
} SimSsoRequest;

/*
 * sim_sso_param: NAME's value in an application/x-www-form-urlencoded
 * string (percent and '+' decoded), malloc'd; NULL when absent.
 */
extern char *sim_sso_param(const char *form, const char *name);

/*
 * sim_sso_check: validate a token request against the scenario's user and
 * password.  True when a token may be issued (*api_scope tells whether it
 * is valid for the REST API); false with the engine's JSON error in rep.
 */
extern bool sim_sso_check(const SimSsoRequest *req, const char *user,
						  const char *password, bool *api_scope,
						  SimReply *rep);

/* sim_sso_token_reply: the JSON answer carrying a fresh token. */
extern void sim_sso_token_reply(const char *token, const char *scope,
								double expires_at, SimReply *rep);

extern void sim_sso_request_free(SimSsoRequest *req);

/*
 * sim_secret_equal: a and b are the same password, compared in constant
 * time so that the password is not leaked by timing (Basic and SSO).
 */
extern bool sim_secret_equal(const char *a, const char *b);

#endif							/* SIM_SSO_H */
