/*-------------------------------------------------------------------------
 *
 * plan_db.h
 *	  What rdr-plan reads from the engine database: the data center of the
 *	  two clusters, its storage domains with their connections and LUNs,
 *	  the backup cluster's hosts and NICs, the main cluster's VMs.
 *
 * Everything is read in one READ ONLY, REPEATABLE READ transaction (one
 * snapshot, and no write even by mistake: the engine may be running), by
 * parameterized queries on the RHEV 3.0 schema (vds_groups) or oVirt's
 * (cluster, vm_static.entity_type).  Lists come sorted by name in the "C"
 * collation, so the same database gives the same plan byte for byte.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PLAN_DB_H
#define RDR_PLAN_DB_H

#include <stdbool.h>

/* The engine's StorageType and StorageDomainType numbers we name. */
#define PLAN_STORAGE_NFS	1
#define PLAN_STORAGE_FCP	2
#define PLAN_STORAGE_ISCSI	3

typedef struct PlanLun
{
	char	   *lun_id;
	char	   *serial;
	/* its iSCSI connection (NULL for fibre) */
	char	   *address;
	char	   *iqn;
	char	   *port;
	char	   *portal;
	char	   *chap_user;
} PlanLun;

typedef struct PlanDomain
{
	char	   *name;
	int			storage_type;
	int			domain_type;
	char	   *connection;		/* NFS: SERVER:/EXPORT */
	PlanLun    *luns;			/* block domains, by lun_id */
	int			nluns;
} PlanDomain;

typedef struct PlanHost
{
	char	   *name;			/* vds_name, as the API names it */
	char	   *address;		/* host_name, what the engine connects to */
} PlanHost;

typedef struct PlanNic
{
	char	   *host;
	char	   *name;
	char	   *mac;
	char	   *network;
	bool		bond;
	bool		vlan;
} PlanNic;

typedef struct PlanVm
{
	char	   *name;
	bool		ha;				/* "highly available": auto_startup */
	int			priority;
} PlanVm;

/* A direct-LUN disk: a VM disk that is a whole LUN, outside every domain. */
typedef struct PlanDirectLun
{
	char	   *disk_id;
	char	   *lun_id;
	char	   *address;		/* its iSCSI connection (NULL for fibre) */
	char	   *iqn;
} PlanDirectLun;

typedef struct PlanInventory
{
	char	   *dbname;
	bool		ovirt;			/* the "cluster" table (oVirt 4), not
								 * vds_groups */
	char	   *datacenter;
	char	   *main_cluster;
	char	   *backup_cluster;
	PlanDomain *domains;
	int			ndomains;
	PlanHost   *hosts;			/* of the backup cluster */
	int			nhosts;
	PlanNic    *nics;			/* of those hosts, carrying a network */
	int			nnics;
	char	  **networks;		/* the backup cluster's networks */
	int			nnetworks;
	PlanVm	   *vms;			/* of the main cluster, in start order */
	int			nvms;
	PlanDirectLun *direct;		/* disk_lun_map (oVirt 3.1 and later) */
	int			ndirect;
} PlanInventory;

/* How reading failed; rdr_plan_main.c turns it into an exit code. */
typedef enum PlanDbStatus
{
	PLAN_DB_OK,
	PLAN_DB_CONNECT,			/* no connection, or a query failed */
	PLAN_DB_NOT_ENGINE,			/* not an engine database */
	PLAN_DB_INVENTORY			/* a name given does not fit the database */
} PlanDbStatus;

typedef struct PlanDbRequest
{
	const char *dbname;			/* name or conninfo; NULL: "rhevm" */
	const char *datacenter;		/* NULL: the clusters' */
	const char *main_cluster;
	const char *backup_cluster;
} PlanDbRequest;

extern PlanDbStatus plan_db_read(const PlanDbRequest *req, PlanInventory *inv);
extern const char *plan_storage_type_name(int storage_type);
extern const char *plan_domain_type_name(int domain_type);
extern void plan_inventory_free(PlanInventory *inv);

#endif							/* RDR_PLAN_DB_H */
