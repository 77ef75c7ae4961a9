/*-------------------------------------------------------------------------
 *
 * spi_util.h
 *	  Thin, checked wrappers around SPI used by every rdr module.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_SPI_UTIL_H
#define RDR_SPI_UTIL_H

#include "postgres.h"

#include "executor/spi.h"

/*
 * The operators of rdr's SQL, spelled with their schema.  Every function
 * of rdr runs with search_path pinned to pg_catalog, and the statements
 * name every function, type and table with its schema too: an operator
 * or function looked up through a search_path that holds a schema other
 * roles can create objects in is theirs to choose (an exact match for
 * varchar wins over pg_catalog's text = text).  What cannot be spelled so
 * (IS DISTINCT FROM, a simple CASE, IN) is not used.
 */
#define RDR_OP(op)	"OPERATOR(pg_catalog." op ")"
#define RDR_EQ		RDR_OP("=")
#define RDR_NE		RDR_OP("<>")
#define RDR_CAT		RDR_OP("||")

extern void rdr_spi_connect(void);
extern void rdr_spi_finish(void);
extern uint64 rdr_spi_exec(const char *query, int nargs, Oid *argtypes,
						   Datum *values, const char *nulls, int expected);
extern char *rdr_spi_getstr(uint64 row, int col);
extern bool rdr_spi_getint(uint64 row, int col, int64 *value);

#endif							/* RDR_SPI_UTIL_H */
