/*-------------------------------------------------------------------------
 *
 * check_managers.h
 *	  The Check suite of rdr-nicfix's EL7-EL9 modules (check_managers.c),
 *	  run by check_nicfix.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CHECK_MANAGERS_H
#define RDR_CHECK_MANAGERS_H

#include <check.h>

extern Suite *managers_suite(void);

#endif							/* RDR_CHECK_MANAGERS_H */
