/*-------------------------------------------------------------------------
 *
 * numparse.h
 *	  Checked parsing of decimal numbers: the whole string, in range, or
 *	  false.  For every number read from outside (the engine database, the
 *	  manager's XML, a state file), where atoi() would turn "", "12abc" or
 *	  an overflow into a silent 0, 12 or garbage.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NUMPARSE_H
#define RDR_NUMPARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * rdr_parse_int64: s is an optional sign and decimal digits only (no
 * space, no trailing text), and its value lies in [min, max].  Then *out
 * is set and true; else *out is untouched and false.  NULL is false.
 */
extern bool rdr_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* rdr_parse_int: rdr_parse_int64 for an int in [min, max]. */
extern bool rdr_parse_int(const char *s, int min, int max, int *out);

#endif							/* RDR_NUMPARSE_H */
