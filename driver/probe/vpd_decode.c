/*-------------------------------------------------------------------------
 *
 * vpd_decode.c
 *	  SCSI identity from raw INQUIRY / VPD 0x80 / VPD 0x83 data, exactly
 *	  as udev's scsi_id (systemd src/udev/scsi_id/scsi_serial.c) derives
 *	  it.
 *
 * rdr writes these strings into the "luns" table, where RHEV's vdsm later
 * compares them with what udev says about the device on the hypervisor:
 * any difference (one '_' too many, a different designator) and the
 * storage domain does not come up.  So this file mirrors scsi_id's
 * algorithm step by step, including its quirks, and the tests compare it
 * with the real /lib/udev/scsi_id (test/probe/scsi_id_oracle.sh).
 *
 * scsi_id reads every page into a zeroed 254-byte buffer and then trusts
 * the length fields inside.  We copy into a buffer of the same size so
 * that short pages read as zeros exactly as for scsi_id, but where a
 * length field points past the bytes the device returned we refuse the
 * page instead of reading whatever follows (scsi_id's behaviour there is
 * undefined and would make a wrong identity).
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "udev_string.h"
#include "vpd_decode.h"

#define VENDOR_LENGTH	8
#define MODEL_LENGTH	16

/* designator types and code sets of VPD page 0x83 (SPC-4 7.8.6) */
#define ID_VENDOR_SPECIFIC	0
#define ID_T10_VENDOR		1
#define ID_EUI_64			2
#define ID_NAA				3
#define ID_TGTGROUP			5
#define NAA_DONT_CARE		0xff
#define NAA_IEEE_REG		5
#define NAA_IEEE_REG_EXT	6
#define CODE_BINARY			1
#define CODE_ASCII			2

typedef struct IdSearch
{
	int			id_type;
	int			naa_type;
	int			code_set;
} IdSearch;

/*
 * scsi_id's id_search_list: the designators of page 0x83 in order of
 * preference.  The first descriptor matching the earliest entry wins.
 * The target port group entry never wins, it only fills ID_TARGET_PORT.
 * SCSI name strings (type 8, UTF-8) and relative target ports are never
 * used, and NAA 2 (IEEE extended) and 3 (locally assigned) only come
 * through the "don't care" entries, after NAA 6 and 5.
 */
static const IdSearch id_search_list[] = {
	{ID_TGTGROUP, NAA_DONT_CARE, CODE_BINARY},
	{ID_NAA, NAA_IEEE_REG_EXT, CODE_BINARY},
	{ID_NAA, NAA_IEEE_REG_EXT, CODE_ASCII},
	{ID_NAA, NAA_IEEE_REG, CODE_BINARY},
	{ID_NAA, NAA_IEEE_REG, CODE_ASCII},
	{ID_NAA, NAA_DONT_CARE, CODE_BINARY},
	{ID_NAA, NAA_DONT_CARE, CODE_ASCII},
	{ID_EUI_64, NAA_DONT_CARE, CODE_BINARY},
	{ID_EUI_64, NAA_DONT_CARE, CODE_ASCII},
	{ID_T10_VENDOR, NAA_DONT_CARE, CODE_BINARY},
	{ID_T10_VENDOR, NAA_DONT_CARE, CODE_ASCII},
	{ID_VENDOR_SPECIFIC, NAA_DONT_CARE, CODE_BINARY},
	{ID_VENDOR_SPECIFIC, NAA_DONT_CARE, CODE_ASCII},
};

static const char hex_str[] = "0123456789abcdef";

/*
 * Device: scsi_id's struct scsi_id_device, the raw (unreplaced) values.
 * serial is one buffer reused across descriptor attempts, as in scsi_id:
 * a failed attempt can leave its first byte behind, and scsi_id prints it.
 */
typedef struct Device
{
	char		vendor[VENDOR_LENGTH + 1];
	char		model[MODEL_LENGTH + 1];
	char		revision[5];
	char		type[4];
	char		serial[RDR_VPD_SERIAL_LEN];
	char		serial_short[RDR_VPD_SERIAL_LEN];
	char		unit_serial[RDR_VPD_SERIAL_LEN];
	char		wwn[17];
	char		wwn_vendor_extension[17];
	char		tgpt_group[8];
} Device;

/* a page as scsi_id sees it; slack so descriptor headers never overrun */
typedef struct PageBuf
{
	uint8_t		b[RDR_VPD_BUFLEN + 8];
	size_t		valid;			/* bytes the device returned, <= BUFLEN */
} PageBuf;

/* set_err: format a decoder error into the caller's buffer, if any. */
static void
			set_err(char *err, size_t errlen, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * load_vpd_page: copy a VPD page into pb like scsi_id's INQUIRY does.  A
 * missing page reads as all zeros (scsi_id clears byte 1 when the device
 * rejects the page, so the page code check fails).  A page shorter than
 * its own header says is refused.
 */
static bool
load_vpd_page(const uint8_t *data, size_t len, int code, PageBuf *pb,
			  char *err, size_t errlen)
{
	size_t		declared;

	if (data == NULL)
	{
		memset(pb, 0, sizeof(*pb));
		return true;
	}
	if (len < 4)
	{
		set_err(err, errlen,
				"VPD page 0x%02x is %zu bytes long, shorter than its 4-byte header",
				code, len);
		return false;
	}
	declared = 4 + ((size_t) data[2] << 8) + data[3];
	if (declared > len && len < RDR_VPD_BUFLEN)
	{
		set_err(err, errlen,
				"VPD page 0x%02x is truncated: its header says %zu bytes, only %zu were returned",
				code, declared, len);
		return false;
	}
	pb->valid = len < RDR_VPD_BUFLEN ? len : RDR_VPD_BUFLEN;
	memcpy(pb->b, data, pb->valid);
	/* what the device did not return reads as zeros, as for scsi_id */
	memset(pb->b + pb->valid, 0, sizeof(pb->b) - pb->valid);
	return true;
}

/*
 * append_vendor_model: vendor and model as one 24-byte string; fails,
 * like scsi_id, if either contains a NUL byte.
 */
static bool
append_vendor_model(const Device *dev, char *buf)
{
	if (strnlen(dev->vendor, VENDOR_LENGTH) != VENDOR_LENGTH ||
		strnlen(dev->model, MODEL_LENGTH) != MODEL_LENGTH)
		return false;
	memcpy(buf, dev->vendor, VENDOR_LENGTH);
	memcpy(buf + VENDOR_LENGTH, dev->model, MODEL_LENGTH);
	return true;
}

/*
 * page80: scsi_id's do_scsi_page80_inquiry.  With want_serial, fill
 * serial ('S' + vendor + model + serial number, so it cannot collide with
 * a page 0x83 vendor-specific id) and serial_short; else only unit_serial.
 * Returns 0 on success, 1 if the page gives no serial, -1 on bad data.
 */
static int
page80(Device *dev, const RdrVpdPages *pages, bool want_serial,
	   char *err, size_t errlen)
{
	PageBuf		pb;
	int			len,
				i,
				k;

	if (!load_vpd_page(pages->pg80, pages->pg80_len, 0x80, &pb, err, errlen))
		return -1;
	if (pb.b[1] != 0x80)
		return 1;
	len = pb.b[3];				/* scsi_id ignores the high length byte */
	if (1 + VENDOR_LENGTH + MODEL_LENGTH + len > RDR_VPD_SERIAL_LEN)
		return 1;
	if (!want_serial)
	{
		memcpy(dev->unit_serial, pb.b + 4, len);
		dev->unit_serial[len] = '\0';
		return 0;
	}
	dev->serial[0] = 'S';
	if (!append_vendor_model(dev, dev->serial + 1))
		return 1;				/* leaves "S" behind, as scsi_id does */
	k = 1 + VENDOR_LENGTH + MODEL_LENGTH;
	for (i = 4; i < len + 4; i++)
		dev->serial[k++] = (char) pb.b[i];
	memcpy(dev->serial_short, pb.b + 4, len);
	dev->serial_short[len] = '\0';
	return 0;
}

/*
 * check_fill_id: scsi_id's check_fill_0x83_id for one descriptor d and
 * one search entry.  0 = serial filled, 1 = no match.
 */
static int
check_fill_id(Device *dev, const uint8_t *d, const IdSearch *id)
{
	int			i,
				j,
				s,
				len;

	/* association: the logical unit, or the target port for TGTGROUP */
	if ((d[1] & 0x30) == 0x10)
	{
		if (id->id_type != ID_TGTGROUP)
			return 1;
	}
	else if ((d[1] & 0x30) != 0)
		return 1;
	if ((d[1] & 0x0f) != id->id_type)
		return 1;
	if (id->naa_type != NAA_DONT_CARE && id->naa_type != (d[4] & 0xf0) >> 4)
		return 1;
	if ((d[0] & 0x0f) != id->code_set)
		return 1;

	len = d[3];
	if ((d[0] & 0x0f) != CODE_ASCII)
		len *= 2;
	len += 2;
	if (id->id_type == ID_VENDOR_SPECIFIC)
		len += VENDOR_LENGTH + MODEL_LENGTH;
	if (len > RDR_VPD_SERIAL_LEN)
		return 1;

	if (id->id_type == ID_TGTGROUP)
	{
		snprintf(dev->tgpt_group, sizeof(dev->tgpt_group), "%x",
				 ((unsigned) d[6] << 8) | d[7]);
		return 1;
	}

	dev->serial[0] = hex_str[id->id_type];
	/* vendor-specific ids are only unique per vendor and model */
	if (id->id_type == ID_VENDOR_SPECIFIC &&
		!append_vendor_model(dev, dev->serial + 1))
		return 1;

	i = 4;
	s = j = strlen(dev->serial);
	if ((d[0] & 0x0f) == CODE_ASCII)
	{
		while (i < 4 + d[3])
			dev->serial[j++] = (char) d[i++];
	}
	else
	{
		while (i < 4 + d[3])
		{
			dev->serial[j++] = hex_str[(d[i] & 0xf0) >> 4];
			dev->serial[j++] = hex_str[d[i] & 0x0f];
			i++;
		}
	}
	/* serial_short is as long as serial: the tail fits */
	memcpy(dev->serial_short, dev->serial + s, strlen(dev->serial + s) + 1);

	if (id->id_type == ID_NAA)
	{
		strncpy(dev->wwn, dev->serial + s, 16);
		strncpy(dev->wwn_vendor_extension, dev->serial + s + 16, 16);
	}
	return 0;
}

/*
 * page83_prespc3: the SCSI-2 page 0x83 of old EMC Symmetrix models: a
 * bare binary WWN after the header, recognised by a non-zero byte 6.
 */
static void
page83_prespc3(Device *dev, const uint8_t *p)
{
	int			i,
				j;

	dev->serial[0] = hex_str[ID_NAA];
	j = strlen(dev->serial);
	for (i = 0; i < p[3] && j < RDR_VPD_SERIAL_LEN - 3; ++i)
	{
		dev->serial[j++] = hex_str[(p[4 + i] & 0xf0) >> 4];
		dev->serial[j++] = hex_str[p[4 + i] & 0x0f];
	}
	dev->serial[RDR_VPD_SERIAL_LEN - 1] = '\0';
	/* strncpy(serial_short, serial, max_len - 1) in scsi_id */
	memcpy(dev->serial_short, dev->serial, RDR_VPD_SERIAL_LEN - 1);
	dev->serial_short[RDR_VPD_SERIAL_LEN - 1] = '\0';
}

/*
 * page83: scsi_id's do_scsi_page83_inquiry.  0 = serial found, 1 = none,
 * -1 = bad data (err set).
 */
static int
page83(Device *dev, const RdrVpdPages *pages, char *err, size_t errlen)
{
	PageBuf		pb;
	size_t		end,
				j;
	size_t		id_ind;

	/* scsi_id also picks up the page 0x80 serial number (ID_SCSI_SERIAL) */
	if (page80(dev, pages, false, err, errlen) < 0)
		return -1;

	if (!load_vpd_page(pages->pg83, pages->pg83_len, 0x83, &pb, err, errlen))
		return -1;
	if (pb.b[1] != 0x83)
		return 1;
	if (pb.b[6] != 0)
	{
		page83_prespc3(dev, pb.b);
		return 0;
	}

	/*
	 * Validate the descriptor list once: each descriptor must end within the
	 * page and within the bytes returned.  Descriptors beyond scsi_id's
	 * 254-byte buffer are not looked at (scsi_id would read past its buffer
	 * there).
	 */
	end = 4 + ((size_t) pb.b[2] << 8) + pb.b[3];
	for (j = 4; j + 3 < end && j < RDR_VPD_BUFLEN; j += pb.b[j + 3] + 4)
	{
		if (j + 4 + pb.b[j + 3] > end || j + 4 + pb.b[j + 3] > pb.valid)
		{
			set_err(err, errlen,
					"VPD page 0x83 is malformed: the designator at offset %zu says it is %d bytes long, past the end of the page (%zu bytes)",
					j, pb.b[j + 3] + 4, end < pb.valid ? end : pb.valid);
			return -1;
		}
	}
	if (j < end && j < RDR_VPD_BUFLEN)
	{
		set_err(err, errlen,
				"VPD page 0x83 is malformed: a designator header at offset %zu is cut off at the end of the page",
				j);
		return -1;
	}
	if (end > RDR_VPD_BUFLEN)
		end = RDR_VPD_BUFLEN;

	for (id_ind = 0; id_ind < sizeof(id_search_list) / sizeof(id_search_list[0]); id_ind++)
	{
		for (j = 4; j + 3 < end; j += pb.b[j + 3] + 4)
		{
			if (j + 4 + pb.b[j + 3] > end)
				break;
			if (check_fill_id(dev, pb.b + j, &id_search_list[id_ind]) == 0)
				return 0;
		}
	}
	return 1;
}

/*
 * set_type: scsi_id's set_type(): the peripheral device type (printed
 * with "%x" and parsed back as hex by systemd >= 247) to a name.  Older
 * udev parsed it with base 0, so 0x0e was "generic" there; rdr follows
 * the installed scsi_id, which the tests check.
 */
static void
set_type(const char *from, char *to, size_t len)
{
	const char *type = "generic";
	char	   *eptr;
	unsigned long n = strtoul(from, &eptr, 16);

	if (eptr != from)
	{
		switch (n)
		{
			case 0:
			case 0xe:
				type = "disk";
				break;
			case 1:
				type = "tape";
				break;
			case 4:
			case 7:
			case 0xf:
				type = "optical";
				break;
			case 5:
				type = "cd";
				break;
			default:
				break;
		}
	}
	if (strlen(type) < len)
		memcpy(to, type, strlen(type) + 1);
}

/*
 * set_unit_serial: ID_SCSI_SERIAL.  The installed scsi_id (systemd 252)
 * prints the raw page 0x80 serial number, spaces included, but not at all when it holds control characters or invalid UTF-8 (they
 * would break the KEY=value export); found with the oracle tests.
 */
static void
set_unit_serial(const char *raw, char *to, size_t tolen)
{
	const char *p = raw;

	to[0] = '\0';
	for (const char *q = p; *q != '\0';)
	{
		int			len = rdr_udev_utf8_len(q);

		if (len == 0 || (len == 1 && ((unsigned char) *q < 0x20 || *q == 0x7f)))
			return;
		q += len;
	}
	snprintf(to, tolen, "%s", p);
}

/* clean_value: ID_SERIAL-style value: whitespace, then character rules. */
static void
clean_value(const char *raw, char *to, size_t tolen)
{
	rdr_udev_replace_whitespace(raw, to, tolen - 1);
	rdr_udev_replace_chars(to);
}

/*
 * rdr_vpd_decode: see vpd_decode.h.
 */
bool
rdr_vpd_decode(const RdrVpdPages *pages, int page, RdrScsiIdent *out,
			   char *err, size_t errlen)
{
	Device		dev;
	const uint8_t *inq = pages->inquiry;
	int			rc;

	/*
	 * Only what is read before being written is cleared: this runs a million
	 * times a second in the benchmark.  dev.serial must be all zeros, as
	 * scsi_id's, since the designator copies do not terminate it.
	 */
	memset(dev.serial, 0, sizeof(dev.serial));
	dev.serial_short[0] = dev.unit_serial[0] = dev.tgpt_group[0] = '\0';
	memset(dev.wwn, 0, sizeof(dev.wwn));
	memset(dev.wwn_vendor_extension, 0, sizeof(dev.wwn_vendor_extension));
	out->has_serial = false;
	out->serial[0] = out->serial_short[0] = '\0';
	out->vendor[0] = out->model[0] = out->vendor_enc[0] = out->model_enc[0] = '\0';
	out->revision[0] = out->type[0] = '\0';
	if (err != NULL && errlen > 0)
		err[0] = '\0';

	if (page != 0x80 && page != 0x83)
	{
		set_err(err, errlen, "page 0x%02x is not supported, only 0x80 and 0x83", page);
		return false;
	}
	if (inq == NULL)
	{
		set_err(err, errlen, "the standard INQUIRY data is missing");
		return false;
	}
	if (pages->inquiry_len < 36)
	{
		set_err(err, errlen,
				"the standard INQUIRY data is %zu bytes long, at least 36 are needed for vendor, model and revision",
				pages->inquiry_len);
		return false;
	}

	memcpy(dev.vendor, inq + 8, VENDOR_LENGTH);
	dev.vendor[VENDOR_LENGTH] = '\0';
	memcpy(dev.model, inq + 16, MODEL_LENGTH);
	dev.model[MODEL_LENGTH] = '\0';
	memcpy(dev.revision, inq + 32, 4);
	dev.revision[4] = '\0';
	/* sprintf("%x") as scsi_id, without its cost */
	{
		int			t = inq[0] & 0x1f;

		dev.type[0] = t >= 16 ? '1' : hex_str[t];
		dev.type[1] = t >= 16 ? hex_str[t - 16] : '\0';
		dev.type[2] = '\0';
	}

	rdr_udev_encode(dev.vendor, out->vendor_enc, sizeof(out->vendor_enc));
	rdr_udev_encode(dev.model, out->model_enc, sizeof(out->model_enc));
	clean_value(dev.vendor, out->vendor, sizeof(out->vendor));
	clean_value(dev.model, out->model, sizeof(out->model));
	clean_value(dev.revision, out->revision, sizeof(out->revision));
	set_type(dev.type, out->type, sizeof(out->type));

	rc = page == 0x80 ? page80(&dev, pages, true, err, errlen)
		: page83(&dev, pages, err, errlen);
	if (rc < 0)
		return false;

	if (dev.serial[0] != '\0')
	{
		out->has_serial = true;
		clean_value(dev.serial, out->serial, sizeof(out->serial));
		clean_value(dev.serial_short, out->serial_short, sizeof(out->serial_short));
	}
	memcpy(out->wwn, dev.wwn, sizeof(out->wwn));
	memcpy(out->wwn_vendor_extension, dev.wwn_vendor_extension,
		   sizeof(out->wwn_vendor_extension));
	memcpy(out->tgpt_group, dev.tgpt_group, sizeof(out->tgpt_group));
	set_unit_serial(dev.unit_serial, out->unit_serial, sizeof(out->unit_serial));
	return true;
}

/*
 * rdr_vpd_export: the lines of "scsi_id --export", in its order.
 */
void
rdr_vpd_export(const RdrScsiIdent *id, FILE *f)
{
	fprintf(f, "ID_SCSI=1\n");
	fprintf(f, "ID_VENDOR=%s\n", id->vendor);
	fprintf(f, "ID_VENDOR_ENC=%s\n", id->vendor_enc);
	fprintf(f, "ID_MODEL=%s\n", id->model);
	fprintf(f, "ID_MODEL_ENC=%s\n", id->model_enc);
	fprintf(f, "ID_REVISION=%s\n", id->revision);
	fprintf(f, "ID_TYPE=%s\n", id->type);
	if (id->has_serial)
	{
		fprintf(f, "ID_SERIAL=%s\n", id->serial);
		fprintf(f, "ID_SERIAL_SHORT=%s\n", id->serial_short);
	}
	if (id->wwn[0] != '\0')
	{
		fprintf(f, "ID_WWN=0x%s\n", id->wwn);
		if (id->wwn_vendor_extension[0] != '\0')
		{
			fprintf(f, "ID_WWN_VENDOR_EXTENSION=0x%s\n", id->wwn_vendor_extension);
			fprintf(f, "ID_WWN_WITH_EXTENSION=0x%s%s\n", id->wwn,
					id->wwn_vendor_extension);
		}
		else
			fprintf(f, "ID_WWN_WITH_EXTENSION=0x%s\n", id->wwn);
	}
	if (id->tgpt_group[0] != '\0')
		fprintf(f, "ID_TARGET_PORT=%s\n", id->tgpt_group);
	if (id->unit_serial[0] != '\0')
		fprintf(f, "ID_SCSI_SERIAL=%s\n", id->unit_serial);
}
