/*-------------------------------------------------------------------------
 *
 * changes.c
 *	  The rdr_change rows of a failover held by the client.
 *
 *-------------------------------------------------------------------------
 */
#include "changes.h"

#include <stdlib.h>
#include <string.h>

void
rdr_changes_free(RdrChanges *c)
{
	for (int i = 0; i < c->count; i++)
	{
		free(c->items[i].domain);
		free(c->items[i].table_name);
		free(c->items[i].operation);
		free(c->items[i].row_key);
		free(c->items[i].before);
		free(c->items[i].after);
	}
	free(c->items);
	memset(c, 0, sizeof(*c));
}
