/*-------------------------------------------------------------------------
 *
 * probe_output.c
 *	  Print probed LUNs for people (aligned columns) and for programs
 *	  (JSON through json-c, so strings are escaped correctly whatever
 *	  bytes a device reported).
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include <json-c/json.h>

#include "log.h"
#include "probe_output.h"

typedef struct Column
{
	const char *title;
	int			width;
} Column;

/* lun_field: the text of column c of l, in buf. */
static const char *
lun_field(const RdrLun *l, int c, char *buf, size_t len)
{
	switch (c)
	{
		case 0:
			snprintf(buf, len, "%d", l->lun_mapping);
			return buf;
		case 1:
			return l->lun_id;
		case 2:
			return l->serial;
		case 3:
			return l->vendor_id;
		case 4:
			return l->product_id;
		case 5:
			snprintf(buf, len, "%d", l->size_gib);
			return buf;
		case 6:
			return l->pv_uuid[0] ? l->pv_uuid : "-";
		default:
			return l->hctl[0] ? l->hctl : "-";
	}
}

/*
 * rdr_probe_print_text: columns as wide as their widest value.
 */
void
rdr_probe_print_text(const RdrLunList *list, FILE *f)
{
	Column		cols[] = {
		{"lun", 0}, {"lun_id", 0}, {"serial", 0}, {"vendor", 0},
		{"product", 0}, {"size_gib", 0}, {"pv_uuid", 0}, {"hctl", 0}
	};
	int			ncols = (int) (sizeof(cols) / sizeof(cols[0]));
	char		buf[64];

	for (int c = 0; c < ncols; c++)
	{
		cols[c].width = (int) strlen(cols[c].title);
		for (size_t i = 0; i < list->count; i++)
		{
			int			w = (int) strlen(lun_field(&list->luns[i], c, buf, sizeof(buf)));

			if (w > cols[c].width)
				cols[c].width = w;
		}
	}
	for (int c = 0; c < ncols; c++)
		fprintf(f, "%-*s%s", c == ncols - 1 ? 0 : cols[c].width,
				cols[c].title, c == ncols - 1 ? "\n" : "  ");
	for (size_t i = 0; i < list->count; i++)
		for (int c = 0; c < ncols; c++)
			fprintf(f, "%-*s%s", c == ncols - 1 ? 0 : cols[c].width,
					lun_field(&list->luns[i], c, buf, sizeof(buf)),
					c == ncols - 1 ? "\n" : "  ");
}

/*
 * rdr_probe_print_json: keys named like the "luns" columns they feed.
 */
bool
rdr_probe_print_json(const RdrLunList *list, FILE *f)
{
	json_object *arr = json_object_new_array();

	if (arr == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (size_t i = 0; i < list->count; i++)
	{
		const RdrLun *l = &list->luns[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "lun_mapping", json_object_new_int(l->lun_mapping));
		json_object_object_add(o, "lun_id", json_object_new_string(l->lun_id));
		json_object_object_add(o, "serial", json_object_new_string(l->serial));
		json_object_object_add(o, "vendor_id", json_object_new_string(l->vendor_id));
		json_object_object_add(o, "product_id", json_object_new_string(l->product_id));
		json_object_object_add(o, "revision", json_object_new_string(l->revision));
		json_object_object_add(o, "size_bytes", json_object_new_int64((int64_t) l->size_bytes));
		json_object_object_add(o, "device_size", json_object_new_int(l->size_gib));
		json_object_object_add(o, "physical_volume_id",
							   l->pv_uuid[0] ? json_object_new_string(l->pv_uuid) : NULL);
		json_object_object_add(o, "hctl",
							   l->hctl[0] ? json_object_new_string(l->hctl) : NULL);
		json_object_object_add(o, "device", json_object_new_string(l->device));
		json_object_array_add(arr, o);
	}
	fprintf(f, "%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
													  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
	return true;
}
