/*-------------------------------------------------------------------------
 *
 * rest_queue.c
 *	  A growable FIFO of REST calls (see rest_queue.h).
 *
 *-------------------------------------------------------------------------
 */
#include "rest_queue.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

bool
rdr_call_queue_push(RdrCallQueue *q, RdrRestCall *call)
{
	if (q->head > 0 && q->head == q->len)
		q->head = q->len = 0;
	if (q->len == q->cap)
	{
		int			ncap;
		RdrRestCall **n;

		/* reclaim the consumed front before growing */
		if (q->head > 0)
		{
			memmove(q->items, q->items + q->head,
					sizeof(RdrRestCall *) * (q->len - q->head));
			q->len -= q->head;
			q->head = 0;
		}
		if (q->len == q->cap)
		{
			ncap = q->cap ? q->cap * 2 : 64;
			n = realloc(q->items, sizeof(RdrRestCall *) * ncap);
			if (n == NULL)
			{
				rdr_log_error("out of memory");
				return false;
			}
			q->items = n;
			q->cap = ncap;
		}
	}
	q->items[q->len++] = call;
	return true;
}

RdrRestCall *
rdr_call_queue_pop(RdrCallQueue *q)
{
	if (q->head >= q->len)
		return NULL;
	return q->items[q->head++];
}

int
rdr_call_queue_count(const RdrCallQueue *q)
{
	return q->len - q->head;
}

void
rdr_call_queue_remove(RdrCallQueue *q, const RdrRestCall *call)
{
	for (int i = q->head; i < q->len; i++)
	{
		if (q->items[i] == call)
		{
			memmove(q->items + i, q->items + i + 1,
					sizeof(RdrRestCall *) * (q->len - i - 1));
			q->len--;
			return;
		}
	}
}

void
rdr_call_queue_free(RdrCallQueue *q)
{
	free(q->items);
	memset(q, 0, sizeof(*q));
}
