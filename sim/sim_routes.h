/*-------------------------------------------------------------------------
 *
 * sim_routes.h
 *	  Dispatching an authenticated API request to the model and rendering
 *	  the answer.  No HTTP library here: sim_http.c does transport.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_ROUTES_H
#define SIM_ROUTES_H

#include <stddef.h>

#include "sim_model.h"

typedef struct SimRequest
{
	const char *method;
	const char *path;			/* after the base, e.g. "hosts/ID/approve" */
	const char *body;
	size_t		body_len;
	const char *search;			/* ?search= (decoded), or NULL */
	const char *from;			/* ?from=, or NULL */
	const char *max;			/* ?max=, or NULL */
	double		now;
} SimRequest;

typedef struct SimReply
{
	int			status;
	char	   *body;			/* malloc'd XML */
	size_t		len;
} SimReply;

extern void sim_route(SimModel *m, SimRequest *req, SimReply *rep);
extern void sim_route_fault(int api_version, int status, const char *reason,
							const char *detail, SimReply *rep);

#endif							/* SIM_ROUTES_H */
