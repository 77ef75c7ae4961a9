/*-------------------------------------------------------------------------
 *
 * rest_queue.h
 *	  A growable FIFO of REST calls: the REST client's waiting, retrying
 *	  and done lines.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_QUEUE_H
#define RDR_REST_QUEUE_H

#include <stdbool.h>

#include "rest_client.h"

/*
 * The calls are items[head..len); the consumed front is reclaimed before
 * the array grows.  The retrying line is unordered: the client takes its
 * due calls out by swapping in the last one.
 */
typedef struct RdrCallQueue
{
	RdrRestCall **items;
	int			head;
	int			len;
	int			cap;
} RdrCallQueue;

/* rdr_call_queue_push: append call; false (logged) when out of memory. */
extern bool rdr_call_queue_push(RdrCallQueue *q, RdrRestCall *call);
/* rdr_call_queue_pop: the oldest call, or NULL when there is none. */
extern RdrRestCall *rdr_call_queue_pop(RdrCallQueue *q);
extern int	rdr_call_queue_count(const RdrCallQueue *q);
/* rdr_call_queue_remove: take call out, keeping the others' order. */
extern void rdr_call_queue_remove(RdrCallQueue *q, const RdrRestCall *call);
/* rdr_call_queue_free: the queue's array (the calls are their owners'). */
extern void rdr_call_queue_free(RdrCallQueue *q);

#endif							/* RDR_REST_QUEUE_H */
