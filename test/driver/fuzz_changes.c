/*-------------------------------------------------------------------------
 *
 * fuzz_changes.c
 *	  libFuzzer target of the reader of rdr-failover.changes
 *	  (driver/changefile.c), which a resumed run trusts for its report.
 *
 * Any byte string must either parse or be refused with a reason; never
 * crash, leak or read out of bounds.  What parses is written back and
 * must read back the same, as the writer and the reader are one format.
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changefile.h"
#include "log.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		dir[] = "/tmp/rdr-fuzz-changes.XXXXXX";
	char		path[64];
	RdrChanges	c;
	RdrChanges	back;
	time_t		started;
	char		why[512];

	rdr_log_set_level(RDR_LOG_QUIET);
	if (!rdr_changefile_parse((const char *) data, size, &c, &started, why, sizeof(why)))
	{
		if (why[0] == '\0' || c.count != 0 || c.items != NULL)
			abort();
		return 0;
	}
	/* the round trip through a real file gives the same rows */
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/%s", dir, RDR_CHANGEFILE_NAME);
	if (!rdr_changefile_save(path, started, &c) ||
		!rdr_changefile_load(path, started, &back, why, sizeof(why)) ||
		back.count != c.count)
		abort();
	for (int i = 0; i < c.count; i++)
		if (!same(c.items[i].domain, back.items[i].domain) ||
			c.items[i].run != back.items[i].run ||
			!same(c.items[i].table_name, back.items[i].table_name) ||
			!same(c.items[i].operation, back.items[i].operation) ||
			!same(c.items[i].row_key, back.items[i].row_key) ||
			!same(c.items[i].before, back.items[i].before) ||
			!same(c.items[i].after, back.items[i].after))
			abort();
	unlink(path);
	rmdir(dir);
	rdr_changes_free(&back);
	rdr_changes_free(&c);
	return 0;
}
