/*-------------------------------------------------------------------------
 *
 * changes.h
 *	  The rdr_change rows of a failover as the client holds them: filled
 *	  by the storage transaction (dbfix.c), saved and read back by
 *	  changefile.c, listed by report.c.
 *
 * A module of its own so that reading a changes file (changefile.c, its
 * fuzz target) does not link the database code only to free the rows.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CHANGES_H
#define RDR_CHANGES_H

/* One row of rdr_change, as text. */
typedef struct RdrChange
{
	char	   *domain;			/* the domain whose fix made it */
	long long	run;
	char	   *table_name;
	char	   *operation;
	char	   *row_key;
	char	   *before;			/* jsonb as text, or NULL */
	char	   *after;
} RdrChange;

typedef struct RdrChanges
{
	RdrChange  *items;
	int			count;
} RdrChanges;

/* rdr_changes_free: free the rows of c and empty it (not c itself). */
extern void rdr_changes_free(RdrChanges *c);

#endif							/* RDR_CHANGES_H */
