/*-------------------------------------------------------------------------
 *
 * vpd_decode.h
 *	  Decode a SCSI device's standard INQUIRY data and VPD pages 0x80 /
 *	  0x83 into the identity udev's scsi_id prints with
 *		scsi_id --whitelisted --replace-whitespace --export --page=0x8x
 *
 * A pure function of the raw pages: the iSCSI prober (pages read with
 * libiscsi), the Fibre Channel prober (pages read from a hypervisor's
 * sysfs vpd_pg80/vpd_pg83 files) and "rdr-probe decode" all use it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_VPD_DECODE_H
#define RDR_VPD_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* scsi_id's INQUIRY allocation length: it never sees more of a page. */
#define RDR_VPD_BUFLEN		254
/* scsi_id's MAX_SERIAL_LEN */
#define RDR_VPD_SERIAL_LEN	256

/* RdrVpdPages: raw pages as the device returned them; NULL = unsupported. */
typedef struct RdrVpdPages
{
	const uint8_t *inquiry;		/* standard INQUIRY data */
	size_t		inquiry_len;
	const uint8_t *pg80;		/* VPD page 0x80, with its 4-byte header */
	size_t		pg80_len;
	const uint8_t *pg83;		/* VPD page 0x83, with its 4-byte header */
	size_t		pg83_len;
} RdrVpdPages;

/* RdrScsiIdent: every value "scsi_id --export" prints; "" = not printed. */
typedef struct RdrScsiIdent
{
	char		vendor[64];		/* ID_VENDOR */
	char		vendor_enc[256];	/* ID_VENDOR_ENC */
	char		model[64];		/* ID_MODEL */
	char		model_enc[256]; /* ID_MODEL_ENC */
	char		revision[16];	/* ID_REVISION */
	char		type[16];		/* ID_TYPE */
	bool		has_serial;		/* ID_SERIAL and ID_SERIAL_SHORT printed */
	char		serial[RDR_VPD_SERIAL_LEN]; /* ID_SERIAL */
	char		serial_short[RDR_VPD_SERIAL_LEN];	/* ID_SERIAL_SHORT */
	char		wwn[17];		/* ID_WWN without "0x" */
	char		wwn_vendor_extension[17];	/* ID_WWN_VENDOR_EXTENSION */
	char		tgpt_group[8];	/* ID_TARGET_PORT */
	char		unit_serial[RDR_VPD_SERIAL_LEN];	/* ID_SCSI_SERIAL, raw */
} RdrScsiIdent;

/*
 * rdr_vpd_decode: the identity scsi_id reports for page 0x80 or 0x83.
 *
 * A missing standard INQUIRY, or a page whose length fields point past
 * the bytes given (truncated, lying), is an error: false with a sentence
 * in err.  A missing VPD page is not: like scsi_id, the identity then
 * simply has no serial (has_serial false).
 */
extern bool rdr_vpd_decode(const RdrVpdPages *pages, int page,
						   RdrScsiIdent *out, char *err, size_t errlen);

/* rdr_vpd_export: print ident as "scsi_id --export" does. */
extern void rdr_vpd_export(const RdrScsiIdent *ident, FILE *f);

#endif							/* RDR_VPD_DECODE_H */
