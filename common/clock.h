/*-------------------------------------------------------------------------
 *
 * clock.h
 *	  The monotonic clock every deadline and duration of rdr is measured
 *	  with.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CLOCK_H
#define RDR_CLOCK_H

/*
 * rdr_now: monotonic seconds since an arbitrary start; only differences
 * mean something.
 */
extern double rdr_now(void);

#endif							/* RDR_CLOCK_H */
