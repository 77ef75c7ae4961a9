/*-------------------------------------------------------------------------
 *
 * dbdomains.h
 *	  The storage domains and their LUNs as the rdr extension reports them
 *	  (rdr_domains(), rdr_domain_luns()), read in one snapshot.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DBDOMAINS_H
#define RDR_DBDOMAINS_H

#include <stdbool.h>

#include <libpq-fe.h>

/* One LUN of a block domain as rdr_domain_luns() reports it (site A). */
typedef struct RdrDbLun
{
	char	   *lun_id;
	char	   *pv_id;			/* NULL or "" when unknown */
	char	   *serial;
	int			lun_mapping;
} RdrDbLun;

/* One row of rdr_domains(), with its LUNs. */
typedef struct RdrDbDomain
{
	char	   *id;
	char	   *name;
	char	   *storage_type;	/* nfs, iscsi, fibre, ... */
	char	   *domain_type;	/* master, data, iso, export, ... */
	char	   *connection;
	RdrDbLun   *luns;
	int			n_luns;
} RdrDbDomain;

typedef struct RdrDbDomains
{
	RdrDbDomain *items;
	int			count;
} RdrDbDomains;

/*
 * rdr_db_read_domains: rdr_domains() and rdr_domain_luns() of each, in
 * one read-only transaction; rdr_db_read_domains_in, the same inside the
 * caller's transaction (storage_redo.c's).  Both log and return false on
 * failure.
 */
extern bool rdr_db_read_domains(PGconn *conn, RdrDbDomains *out);
extern bool rdr_db_read_domains_in(PGconn *conn, RdrDbDomains *out);
extern void rdr_db_domains_free(RdrDbDomains *d);
extern const RdrDbDomain *rdr_db_find_domain(const RdrDbDomains *d,
											 const char *name);

#endif							/* RDR_DBDOMAINS_H */
