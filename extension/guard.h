/*-------------------------------------------------------------------------
 *
 * guard.h
 *	  The "engine must be stopped" guard of the rdr functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_GUARD_H
#define RDR_GUARD_H

extern void rdr_guard_check(void);

#endif							/* RDR_GUARD_H */
