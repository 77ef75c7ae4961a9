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

extern void rdr_spi_connect(void);
extern void rdr_spi_finish(void);
extern uint64 rdr_spi_exec(const char *query, int nargs, Oid *argtypes,
						   Datum *values, const char *nulls, int expected);
extern char *rdr_spi_getstr(uint64 row, int col);
extern bool rdr_spi_getint(uint64 row, int col, int64 *value);

#endif							/* RDR_SPI_UTIL_H */
