/*-------------------------------------------------------------------------
 *
 * lookup_cache.c
 *	  Per-transaction lookup of storage domains and LUNs without a scan
 *	  per call.
 *
 * The engine schema has no index on luns.volume_group_id nor on
 * storage_domain_static.storage_name, so finding "the LUN of this domain
 * with this physical volume" is a sequential scan of luns.  A failover of
 * a large installation calls rdr_fix_iscsi() once per LUN (thousands of
 * times) in one transaction: one scan per call makes it quadratic.  So the
 * first call of a transaction reads the two tables once into hash tables
 * (in TopTransactionContext, gone at transaction end) and later calls look
 * up there.
 *
 * A cache is only as good as its invalidation.  It is used only while
 * nothing but rdr itself can have changed the tables since it was built:
 *	- it belongs to one transaction (local transaction id);
 *	- rdr.force is off, i.e. the guard saw no other session (with force,
 *	  other sessions may commit changes between our statements, so every
 *	  call scans);
 *	- the table's counters of rows inserted, updated and deleted by this
 *	  transaction (pgstat's xact counters, which move with every row
 *	  change, including those of the caller's own statements between two
 *	  rdr calls) are what they were after rdr's last change; rdr applies
 *	  its own changes to the cache and then takes the counters again;
 *	- a rolled back subtransaction drops it (its changes are gone but the
 *	  counters do not go back);
 *	- a relcache invalidation of the table drops it: TRUNCATE empties the
 *	  table without counting deleted rows, and even sets the counters back
 *	  to 0, which a cache built before any change of the transaction
 *	  would take for "nothing happened" (the LUN found in the cache, then
 *	  missing from the table, made a re-point fail with 23505 instead of
 *	  42704).  TRUNCATE gives the table a new relfilenode, which sends the
 *	  invalidation; only a table created or truncated earlier in the same
 *	  subtransaction is truncated in place without one, and such a table
 *	  was empty when its counters were last 0, as it is again.
 * Whenever a check fails the cache is rebuilt or bypassed: the answer is
 * always the one a scan would give.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "pgstat.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"

#include "catalog.h"
#include "lookup_cache.h"
#include "rdr.h"
#include "spi_util.h"
#include "version_compat.h"

/* longest key cached; longer values (never seen in practice) bypass */
#define RDR_KEY_LEN 256

typedef struct LunEntry
{
	char		vg[RDR_KEY_LEN];	/* hash key */
	int			n;
	int			cap;
	char	  **pv;
	char	  **lun_id;
} LunEntry;

typedef struct DomainEntry
{
	char		key[RDR_KEY_LEN];	/* hash key: name or id */
	int			count;			/* rows with this name (or id) */
	RdrDomainRow row;			/* the first of them */
} DomainEntry;

/* One cached table; see the file header for when it is valid. */
typedef struct TableCache
{
	Oid			relid;
	LocalTransactionId lxid;
	int64		changes;		/* xact ins+upd+del when last in sync */
	HTAB	   *hash;
} TableCache;

static TableCache luns_cache;
static TableCache domains_cache;
static bool callbacks_registered = false;

/*
 * table_changes: rows of relid inserted, updated or deleted by the current
 * transaction so far.
 */
static int64
table_changes(Oid relid)
{
	Datum		r = ObjectIdGetDatum(relid);

	return DatumGetInt64(DirectFunctionCall1(pg_stat_get_xact_tuples_inserted, r)) +
		DatumGetInt64(DirectFunctionCall1(pg_stat_get_xact_tuples_updated, r)) +
		DatumGetInt64(DirectFunctionCall1(pg_stat_get_xact_tuples_deleted, r));
}

/*
 * subxact_callback: a subtransaction that rolls back may have undone rows
 * rdr applied to the caches.
 */
static void
subxact_callback(SubXactEvent event, SubTransactionId mySubid,
				 SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		luns_cache.hash = NULL;
		domains_cache.hash = NULL;
	}
}

/*
 * relcache_callback: the table of a cache was truncated, altered or
 * dropped (InvalidOid: any table may have been).
 */
static void
relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == luns_cache.relid)
		luns_cache.hash = NULL;
	if (!OidIsValid(relid) || relid == domains_cache.relid)
		domains_cache.hash = NULL;
}

/*
 * cache_valid: whether c may answer for relid now.
 */
static bool
cache_valid(TableCache *c, Oid relid)
{
	return c->hash != NULL && c->relid == relid &&
		c->lxid == RDR_LXID && c->changes == table_changes(relid);
}

/*
 * cache_usable: whether caching is possible at all in this call.
 */
static bool
cache_usable(void)
{
	if (rdr_force || !pgstat_track_counts)
		return false;
	if (!callbacks_registered)
	{
		RegisterSubXactCallback(subxact_callback, NULL);
		CacheRegisterRelcacheCallback(relcache_callback, (Datum) 0);
		callbacks_registered = true;
	}
	return true;
}

/*
 * cache_begin: an empty hash for c in TopTransactionContext.
 */
static void
cache_begin(TableCache *c, Oid relid, Size entrysize, const char *name)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = RDR_KEY_LEN;
	ctl.entrysize = entrysize;
	ctl.hcxt = TopTransactionContext;
	c->hash = hash_create(name, 1024, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	c->relid = relid;
	c->lxid = RDR_LXID;
}

static char *
tx_strdup(const char *s)
{
	return s ? MemoryContextStrdup(TopTransactionContext, s) : NULL;
}

/*
 * build_luns: read (volume_group_id, physical volume, lun_id) of every LUN.
 */
static bool
build_luns(Oid luns, const char *pvcol)
{
	StringInfoData q;
	uint64		n;
	uint64		i;

	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT volume_group_id::pg_catalog.text, %s::pg_catalog.text, "
					 "  lun_id::pg_catalog.text FROM %s "
					 "WHERE volume_group_id IS NOT NULL ORDER BY lun_id",
					 quote_identifier(pvcol), rdr_qualified_name(luns));
	n = rdr_spi_exec(q.data, 0, NULL, NULL, NULL, SPI_OK_SELECT);

	cache_begin(&luns_cache, luns, sizeof(LunEntry), "rdr luns cache");
	for (i = 0; i < n; i++)
	{
		char	   *vg = rdr_spi_getstr(i, 1);
		LunEntry   *e;
		bool		found;
		MemoryContext old;

		if (strlen(vg) >= RDR_KEY_LEN)
		{
			luns_cache.hash = NULL;
			return false;
		}
		e = hash_search(luns_cache.hash, vg, HASH_ENTER, &found);
		if (!found)
		{
			e->n = 0;
			e->cap = 0;
		}
		old = MemoryContextSwitchTo(TopTransactionContext);
		if (e->n == e->cap)
		{
			e->cap = e->cap ? e->cap * 2 : 4;
			e->pv = e->n ? repalloc(e->pv, sizeof(char *) * e->cap) : palloc(sizeof(char *) * e->cap);
			e->lun_id = e->n ? repalloc(e->lun_id, sizeof(char *) * e->cap) : palloc(sizeof(char *) * e->cap);
		}
		MemoryContextSwitchTo(old);
		e->pv[e->n] = tx_strdup(rdr_spi_getstr(i, 2));
		e->lun_id[e->n] = tx_strdup(rdr_spi_getstr(i, 3));
		e->n++;
	}
	luns_cache.changes = table_changes(luns);
	return true;
}

/*
 * luns_entry: the cache entry of vg (NULL: no LUN), or false when the
 * cache cannot answer.
 */
static bool
luns_entry(Oid luns, const char *pvcol, const char *vg, LunEntry **entry)
{
	if (!cache_usable() || strlen(vg) >= RDR_KEY_LEN)
		return false;
	if (!cache_valid(&luns_cache, luns) && !build_luns(luns, pvcol))
		return false;
	*entry = hash_search(luns_cache.hash, vg, HASH_FIND, NULL);
	return true;
}

/*
 * rdr_cache_find_lun: the LUNs of volume group vg whose physical volume is
 * pv (any when pv is NULL): their number and the first by lun_id.  False
 * when the cache cannot answer: the caller scans instead.
 */
bool
rdr_cache_find_lun(Oid luns, const char *pvcol, const char *vg,
				   const char *pv, RdrLunMatch *match)
{
	LunEntry   *e;
	int			i;

	if (!luns_entry(luns, pvcol, vg, &e))
		return false;
	match->count = 0;
	match->lun_id = NULL;
	for (i = 0; e != NULL && i < e->n; i++)
	{
		if (pv != NULL && (e->pv[i] == NULL || strcmp(e->pv[i], pv) != 0))
			continue;
		if (match->lun_id == NULL || strcmp(e->lun_id[i], match->lun_id) < 0)
			match->lun_id = e->lun_id[i];
		match->count++;
	}
	return true;
}

/*
 * rdr_cache_lun_ids: every lun_id of volume group vg.
 */
bool
rdr_cache_lun_ids(Oid luns, const char *pvcol, const char *vg, int *n,
				  char ***lun_ids)
{
	LunEntry   *e;

	if (!luns_entry(luns, pvcol, vg, &e))
		return false;
	*n = e ? e->n : 0;
	*lun_ids = e ? e->lun_id : NULL;
	return true;
}

/*
 * rdr_cache_lun_rekeyed: rdr replaced LUN old_id of vg by new_id; apply
 * it to the cache and take the counters again.  Called right after the
 * change, before anything else can touch luns.
 */
void
rdr_cache_lun_rekeyed(Oid luns, const char *vg, const char *old_id,
					  const char *new_id)
{
	LunEntry   *e;
	int			i;

	if (luns_cache.hash == NULL || luns_cache.relid != luns ||
		luns_cache.lxid != RDR_LXID)
		return;
	e = strlen(vg) < RDR_KEY_LEN ?
		hash_search(luns_cache.hash, vg, HASH_FIND, NULL) : NULL;
	for (i = 0; e != NULL && i < e->n; i++)
	{
		if (strcmp(e->lun_id[i], old_id) == 0)
		{
			e->lun_id[i] = tx_strdup(new_id);
			luns_cache.changes = table_changes(luns);
			return;
		}
	}
	/* not there: the cache was stale after all */
	luns_cache.hash = NULL;
}

/*
 * build_domains: read every storage domain into one hash, keyed "n:" +
 * name and "i:" + id.
 */
static bool
build_domains(Oid sds)
{
	uint64		n;
	uint64		i;
	int			k;

	n = rdr_spi_exec(psprintf("SELECT id::pg_catalog.text, storage_name::pg_catalog.text, "
							  "  storage::pg_catalog.text, storage_type "
							  "FROM %s ORDER BY id", rdr_qualified_name(sds)),
					 0, NULL, NULL, NULL, SPI_OK_SELECT);
	cache_begin(&domains_cache, sds, sizeof(DomainEntry), "rdr domain cache");
	for (i = 0; i < n; i++)
	{
		RdrDomainRow row;
		int64		type = 0;

		row.id = rdr_spi_getstr(i, 1);
		row.name = rdr_spi_getstr(i, 2);
		row.storage = rdr_spi_getstr(i, 3);
		(void) rdr_spi_getint(i, 4, &type);
		row.storage_type = (int) type;

		for (k = 0; k < 2; k++)
		{
			char		key[RDR_KEY_LEN];
			DomainEntry *e;
			bool		found;

			if (snprintf(key, sizeof(key), "%s:%s", k == 0 ? "n" : "i",
						 k == 0 ? row.name : row.id) >= (int) sizeof(key))
			{
				domains_cache.hash = NULL;
				return false;
			}
			e = hash_search(domains_cache.hash, key, HASH_ENTER, &found);
			if (found)
			{
				e->count++;
				continue;
			}
			e->count = 1;
			e->row.id = tx_strdup(row.id);
			e->row.name = tx_strdup(row.name);
			e->row.storage = tx_strdup(row.storage);
			e->row.storage_type = row.storage_type;
		}
	}
	domains_cache.changes = table_changes(sds);
	return true;
}

/*
 * rdr_cache_find_domain: the domains whose name is ident or whose id is
 * id (the canonical text of a uuid, or NULL): their number and, when there
 * is one, the row.  False when the cache cannot answer.
 */
bool
rdr_cache_find_domain(Oid sds, const char *ident, const char *id, int *count,
					  RdrDomainRow *row)
{
	char		key[RDR_KEY_LEN];
	DomainEntry *by_name = NULL;
	DomainEntry *by_id = NULL;

	if (!cache_usable() || strlen(ident) + 3 > RDR_KEY_LEN)
		return false;
	if (!cache_valid(&domains_cache, sds) && !build_domains(sds))
		return false;

	snprintf(key, sizeof(key), "n:%s", ident);
	by_name = hash_search(domains_cache.hash, key, HASH_FIND, NULL);
	if (id != NULL)
	{
		snprintf(key, sizeof(key), "i:%s", id);
		by_id = hash_search(domains_cache.hash, key, HASH_FIND, NULL);
	}
	*count = (by_name ? by_name->count : 0) + (by_id ? by_id->count : 0);
	/* a domain named after its own id matches once, as in SQL */
	if (by_name && by_id && by_name->count == 1 &&
		strcmp(by_name->row.id, by_id->row.id) == 0)
		*count = 1;
	if (by_name)
		*row = by_name->row;
	else if (by_id)
		*row = by_id->row;
	return true;
}
