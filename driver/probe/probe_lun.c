/*-------------------------------------------------------------------------
 *
 * probe_lun.c
 *	  LUN lists of the probers and the lookups the driver does on them:
 *	  exactly one LUN per configured serial / lun_id / PV UUID.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "probe.h"

/* set_fail: record why a lookup failed, for callers that want it. */
static void
set_fail(RdrProbeFail *fail, RdrProbeFail why)
{
	if (fail != NULL)
		*fail = why;
}

/*
 * rdr_lun_list_append: copy lun to the end of list.
 */
bool
rdr_lun_list_append(RdrLunList *list, const RdrLun *lun)
{
	if (list->count == list->alloc)
	{
		size_t		n = list->alloc ? list->alloc * 2 : 16;
		RdrLun	   *p = realloc(list->luns, n * sizeof(RdrLun));

		if (p == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		list->luns = p;
		list->alloc = n;
	}
	list->luns[list->count++] = *lun;
	return true;
}

/*
 * rdr_lun_list_free: release the array; the list is empty afterwards.
 */
void
rdr_lun_list_free(RdrLunList *list)
{
	free(list->luns);
	list->luns = NULL;
	list->count = list->alloc = 0;
}

/*
 * find_lun: the one LUN of list for which key matches lun_id, serial or
 * pv_uuid (pv_only: pv_uuid only).
 */
static bool
find_lun(const RdrLunList *list, const char *key, bool pv_only,
		 const char *where, const RdrLun **out, RdrProbeFail *fail)
{
	const RdrLun *found = NULL;
	size_t		n = 0;

	*out = NULL;
	for (int pass = 0; pass < 2; pass++)
	{
		for (size_t i = 0; i < list->count; i++)
		{
			const RdrLun *l = &list->luns[i];
			bool		match = l->pv_uuid[0] != '\0' && strcmp(l->pv_uuid, key) == 0;

			if (!pv_only)
				match = match ||
					(l->lun_id[0] != '\0' && strcmp(l->lun_id, key) == 0) ||
					(l->serial[0] != '\0' && strcmp(l->serial, key) == 0);
			if (!match)
				continue;
			if (pass == 0)
			{
				found = l;
				n++;
			}
			else
				rdr_log_detail("LUN %d (%s) matches.", l->lun_mapping, l->device);
		}
		if (pass == 0 && n > 1)
			rdr_log_error("%zu LUNs of %s match \"%s\", expected exactly one",
						  n, where, key);
		if (n <= 1)
			break;
	}
	if (n == 0)
	{
		rdr_log_error("no LUN of %s has %s \"%s\"", where,
					  pv_only ? "the LVM physical volume UUID" :
					  "the page 0x83 id, page 0x80 serial or PV UUID", key);
		rdr_log_detail("%zu LUN(s) were probed.", list->count);
		rdr_log_hint("Run \"rdr-probe\" on %s to list what it presents.", where);
		set_fail(fail, RDR_PROBE_ERR_NOT_FOUND);
		return false;
	}
	if (n > 1)
	{
		rdr_log_hint("Use a more specific identity (page 0x83 lun_id or the PV UUID).");
		set_fail(fail, RDR_PROBE_ERR_AMBIGUOUS);
		return false;
	}
	*out = found;
	return true;
}

/* rdr_lun_find: see probe.h. */
bool
rdr_lun_find(const RdrLunList *list, const char *key, const char *where,
			 const RdrLun **out, RdrProbeFail *fail)
{
	return find_lun(list, key, false, where, out, fail);
}

/* rdr_lun_find_by_pv: see probe.h. */
bool
rdr_lun_find_by_pv(const RdrLunList *list, const char *pv_uuid,
				   const char *where, const RdrLun **out, RdrProbeFail *fail)
{
	return find_lun(list, pv_uuid, true, where, out, fail);
}
