/*-------------------------------------------------------------------------
 *
 * catalog.h
 *	  Where the engine's tables are, and what rdr learns about their shape
 *	  from the system catalogs.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CATALOG_H
#define RDR_CATALOG_H

#include "postgres.h"

/* A single-column foreign key that references luns.lun_id. */
typedef struct RdrLunRef
{
	Oid			relid;
	char	   *table;			/* schema-qualified, quoted */
	char	   *column;			/* quoted column name */
} RdrLunRef;

extern char *rdr_engine_schema_name;

extern Oid	rdr_engine_schema(void);
extern void rdr_engine_schema_reset(void);
extern Oid	rdr_engine_table(const char *relname);
extern void rdr_check_engine_table(Oid relid);
extern const char *rdr_luns_pv_column(Oid luns);
extern int	rdr_column_maxlen(Oid relid, const char *column);
extern char *rdr_qualified_name(Oid relid);
extern char *rdr_row_key_expr(Oid relid, const char *jsonvar);
extern char *rdr_pk_match(Oid relid, const char *left, const char *right);
extern int	rdr_lun_references(Oid luns, RdrLunRef **refs);

#endif							/* RDR_CATALOG_H */
