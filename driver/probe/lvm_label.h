/*-------------------------------------------------------------------------
 *
 * lvm_label.h
 *	  The LVM2 physical-volume UUID of a LUN, from its first sectors.
 *
 * rdr matches probed LUNs to "luns" rows by physical_volume_id, so the
 * UUID is read from the LVM2 label exactly as LVM and vdsm see it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_LVM_LABEL_H
#define RDR_LVM_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LVM2 looks for its label in the first four 512-byte sectors. */
#define RDR_LVM_LABEL_SCAN_BYTES	2048

/*
 * rdr_lvm_pv_uuid: the PV UUID ("yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC",
 * 39 bytes with the NUL) of the label in buf (the first len bytes of the
 * device, at least RDR_LVM_LABEL_SCAN_BYTES to find labels in sectors
 * 1..3); device_size is the LUN's size in bytes (libblkid compares it
 * with the size the label records).  *found is false when there is no valid label (not an error).
 * False with err set only when the data cannot be examined at all.
 */
extern bool rdr_lvm_pv_uuid(const uint8_t *buf, size_t len,
							uint64_t device_size, char *uuid,
							bool *found, char *err, size_t errlen);

#endif							/* RDR_LVM_LABEL_H */
