/*-------------------------------------------------------------------------
 *
 * domains.h
 *	  Storage domains of the engine database: lookup and listing.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DOMAINS_H
#define RDR_DOMAINS_H

/* storage_domain_static.storage_type values of the engine (StorageType) */
#define RDR_STORAGE_NFS		1
#define RDR_STORAGE_FCP		2
#define RDR_STORAGE_ISCSI	3

typedef struct RdrDomain
{
	char	   *id;				/* storage_domain_static.id */
	char	   *name;			/* storage_name */
	char	   *storage;		/* connection id (NFS) or LVM VG id (block) */
	int			storage_type;
} RdrDomain;

extern void rdr_domain_lookup(const char *ident, RdrDomain *domain);
extern void rdr_domain_require_type(const RdrDomain *domain, int type);
extern const char *rdr_storage_type_name(int type);

#endif							/* RDR_DOMAINS_H */
