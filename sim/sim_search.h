/*-------------------------------------------------------------------------
 *
 * sim_search.h
 *	  The engine's search= and max= on collections, for the fields the
 *	  simulator models: a query parsed once per request, then matched
 *	  against each entity through a field getter the caller provides.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_SEARCH_H
#define SIM_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#define SIM_SEARCH_MAX_CONDS 16

typedef struct SimSearchCond
{
	char		field[32];
	char		value[256];
	bool		negated;		/* != */
	bool		or_before;		/* "or" joins it to the conditions before */
} SimSearchCond;

typedef struct SimSearch
{
	SimSearchCond conds[SIM_SEARCH_MAX_CONDS];
	int			n;
	long		max;			/* -1: no limit */
} SimSearch;

/* An error: HTTP status and the <fault>'s reason and detail. */
typedef struct SimSearchError
{
	int			status;
	char		reason[64];
	char		detail[512];
} SimSearchError;

/*
 * sim_search_parse: search and max of a GET on collection ("vms",
 * "hosts", ...; NULL or empty strings when absent).  fields lists the
 * fields modelled there, NULL-terminated.  False with err filled in.
 */
extern bool sim_search_parse(const char *collection, const char *const *fields,
							 const char *search, const char *max,
							 SimSearch *q, SimSearchError *err);

/* The value of field of the entity ctx, NULL if it has none. */
typedef const char *(*SimSearchGetter) (void *ctx, const char *field);

/* sim_search_match: the entity satisfies the query (no conditions: yes). */
extern bool sim_search_match(const SimSearch *q, SimSearchGetter get, void *ctx);

#endif							/* SIM_SEARCH_H */
