/*-------------------------------------------------------------------------
 *
 * clock.c
 *	  The monotonic clock of deadlines and durations.
 *
 * It lives in common/ because every layer measures time (the REST
 * client's retries, the workflow's deadlines, the report's step times)
 * and none of them should link another only to read a clock.
 *
 *-------------------------------------------------------------------------
 */
#include "clock.h"

#include <time.h>

/* rdr_now: monotonic seconds: deadlines must not jump with the wall clock */
double
rdr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
