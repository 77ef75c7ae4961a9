/*-------------------------------------------------------------------------
 *
 * check_probe.c
 *	  Check unit tests of the probe library's pure parts: udev string
 *	  rules, the VPD decoder's refusals, the LVM label reader, LUN lookup
 *	  and the Fibre Channel listing parser.  (Byte-for-byte agreement with
 *	  scsi_id is tested against the real scsi_id in scsi_id_oracle.sh.)
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "lvm_label.h"
#include "probe.h"
#include "probe_fc.h"
#include "udev_string.h"
#include "vpd_decode.h"

static const uint8_t msa_inq[36] = {0, 0, 5, 2, 0x5b, 0, 0, 0,
	'H', 'P', ' ', ' ', ' ', ' ', ' ', ' ',
	'M', 'S', 'A', '2', '3', '2', '4', 'f', 'c', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
'M', '1', '1', '2'};
static const uint8_t msa_p83[24] = {0, 0x83, 0, 20, 1, 3, 0, 16, 0x60, 0x0c, 0x0f, 0xf0,
0x00, 0xd7, 0xe6, 0x9d, 0x85, 0xb8, 0x9d, 0x4e, 0x01, 0, 0, 0};

START_TEST(test_replace_whitespace)
{
	char		out[64];

	rdr_udev_replace_whitespace("  HP  MSA \t x  ", out, 63);
	ck_assert_str_eq(out, "HP_MSA_x");
	rdr_udev_replace_whitespace("\vA", out, 63);
	ck_assert_str_eq(out, "_A");	/* udev strips only " \t\n\r" in front */
	rdr_udev_replace_whitespace("abcdef", out, 3);
	ck_assert_str_eq(out, "abc");
}
END_TEST

START_TEST(test_replace_chars_and_encode)
{
	char		s[] = "a/b c\xff\xc3\xa9\\xq\x01";
	char		enc[64];

	ck_assert_uint_eq(rdr_udev_replace_chars(s), 4);
	ck_assert_str_eq(s, "a_b_c_\xc3\xa9\\xq_");
	ck_assert(rdr_udev_encode("HP  \\", enc, sizeof(enc)));
	ck_assert_str_eq(enc, "HP\\x20\\x20\\x5c");
	ck_assert(!rdr_udev_encode("HP  ", enc, 8));
	ck_assert_str_eq(enc, "");
	ck_assert(rdr_utf8_valid("caf\xc3\xa9"));
	ck_assert(!rdr_utf8_valid("\xc0\xaf"));	/* overlong '/' */
	ck_assert(!rdr_utf8_valid("\xed\xa0\x80"));	/* surrogate */
	ck_assert(!rdr_utf8_valid("\xef\xbf\xbe"));	/* U+FFFE */
}
END_TEST

START_TEST(test_decode_seed_fibre)
{
	RdrVpdPages p = {msa_inq, sizeof(msa_inq), NULL, 0, msa_p83, sizeof(msa_p83)};
	RdrScsiIdent id;
	char		err[256];

	ck_assert(rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err)));
	ck_assert(id.has_serial);
	ck_assert_str_eq(id.serial, "3600c0ff000d7e69d85b89d4e01000000");
	ck_assert_str_eq(id.serial_short, "600c0ff000d7e69d85b89d4e01000000");
	ck_assert_str_eq(id.wwn, "600c0ff000d7e69d");
	ck_assert_str_eq(id.wwn_vendor_extension, "85b89d4e01000000");
	ck_assert_str_eq(id.vendor, "HP");
	ck_assert_str_eq(id.model_enc, "MSA2324fc\\x20\\x20\\x20\\x20\\x20\\x20\\x20");
	/* page 0x80 missing: like scsi_id, no serial and no error */
	ck_assert(rdr_vpd_decode(&p, 0x80, &id, err, sizeof(err)));
	ck_assert(!id.has_serial);
}
END_TEST

START_TEST(test_decode_refuses_bad_pages)
{
	uint8_t		trunc[12] = {0, 0x83, 0, 20, 1, 3, 0, 16, 0x60, 0, 0, 0};
	uint8_t		lying[12] = {0, 0x83, 0, 8, 2, 1, 0, 40, 'A', 'B', 'C', 'D'};
	uint8_t		cut[10] = {0, 0x83, 0, 6, 2, 1, 0, 0, 2, 1};
	uint8_t		p80[3] = {0, 0x80, 0};
	RdrVpdPages p = {msa_inq, sizeof(msa_inq), NULL, 0, trunc, sizeof(trunc)};
	RdrScsiIdent id;
	char		err[256];

	ck_assert(!rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err)));
	ck_assert_str_eq(err, "VPD page 0x83 is truncated: its header says 24 bytes, only 12 were returned");
	p.pg83 = lying;
	p.pg83_len = sizeof(lying);
	ck_assert(!rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err)));
	ck_assert_msg(strstr(err, "designator at offset 4 says it is 44 bytes long") != NULL, "%s", err);
	p.pg83 = cut;
	p.pg83_len = sizeof(cut);
	ck_assert(!rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err)));
	ck_assert_msg(strstr(err, "cut off") != NULL || strstr(err, "past the end") != NULL, "%s", err);
	p.pg80 = p80;
	p.pg80_len = sizeof(p80);
	ck_assert(!rdr_vpd_decode(&p, 0x80, &id, err, sizeof(err)));
	ck_assert_str_eq(err, "VPD page 0x80 is 3 bytes long, shorter than its 4-byte header");
	p.inquiry_len = 20;
	ck_assert(!rdr_vpd_decode(&p, 0x80, &id, err, sizeof(err)));
	ck_assert_msg(strstr(err, "standard INQUIRY data is 20 bytes long") != NULL, "%s", err);
	p.inquiry = NULL;
	ck_assert(!rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err)));
	ck_assert_str_eq(err, "the standard INQUIRY data is missing");
	p.inquiry = msa_inq;
	p.inquiry_len = sizeof(msa_inq);
	ck_assert(!rdr_vpd_decode(&p, 0x00, &id, err, sizeof(err)));
}
END_TEST

/* write_label: a PV label like test/probe/mk-pv-label writes, in memory */
static void
write_label(uint8_t *buf, const char *id32, uint64_t size)
{
	uint8_t    *s = buf + 512;
	uint32_t	crc = 0xf597a6cfu;

	memset(buf, 0, 2048);
	memcpy(s, "LABELONE", 8);
	s[8] = 1;
	s[20] = 32;
	memcpy(s + 24, "LVM2 001", 8);
	memcpy(s + 32, id32, 32);
	for (int i = 0; i < 8; i++)
		s[64 + i] = (uint8_t) (size >> (8 * i));
	s[74] = 0x10;				/* data area at 1 MiB */
	for (int i = 20; i < 512; i++)
	{
		crc ^= s[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	for (int i = 0; i < 4; i++)
		s[16 + i] = (uint8_t) (crc >> (8 * i));
}

START_TEST(test_lvm_label)
{
	uint8_t		buf[2048];
	char		uuid[39],
				err[256];
	bool		found;

	write_label(buf, "yQAp5KX4Iktvx9vGS9RNly11JBJz4DNC", 8 << 20);
	ck_assert(rdr_lvm_pv_uuid(buf, sizeof(buf), 8 << 20, uuid, &found, err, sizeof(err)));
	ck_assert(found);
	ck_assert_str_eq(uuid, "yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC");
	/* a corrupted label (CRC mismatch) is no label */
	buf[512 + 40] ^= 1;
	ck_assert(rdr_lvm_pv_uuid(buf, sizeof(buf), 8 << 20, uuid, &found, err, sizeof(err)));
	ck_assert(!found);
	ck_assert_str_eq(uuid, "");
	memset(buf, 0, sizeof(buf));
	ck_assert(rdr_lvm_pv_uuid(buf, sizeof(buf), 8 << 20, uuid, &found, err, sizeof(err)));
	ck_assert(!found);
}
END_TEST

START_TEST(test_lun_find)
{
	RdrLunList	l = {0};
	RdrLun		a = {0},
				b = {0};
	const RdrLun *out;
	RdrProbeFail why = RDR_PROBE_OK;

	a.lun_mapping = 8;
	strcpy(a.lun_id, "1IET_00010008");
	strcpy(a.serial, "SRA-Groupiscsi101");
	strcpy(a.pv_uuid, "VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1");
	b.lun_mapping = 9;
	strcpy(b.lun_id, "1IET_00010009");
	strcpy(b.serial, "SRA-Groupiscsi101");
	ck_assert(rdr_lun_list_append(&l, &a));
	ck_assert(rdr_lun_list_append(&l, &b));
	ck_assert(rdr_lun_find(&l, "1IET_00010009", "portal", &out, &why));
	ck_assert_int_eq(out->lun_mapping, 9);
	ck_assert(rdr_lun_find_by_pv(&l, "VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1", "portal", &out, &why));
	ck_assert_int_eq(out->lun_mapping, 8);
	ck_assert(!rdr_lun_find(&l, "SRA-Groupiscsi101", "portal", &out, &why));
	ck_assert_int_eq(why, RDR_PROBE_ERR_AMBIGUOUS);
	ck_assert_ptr_null(out);
	ck_assert(!rdr_lun_find_by_pv(&l, "1IET_00010008", "portal", &out, &why));
	ck_assert_int_eq(why, RDR_PROBE_ERR_NOT_FOUND);
	rdr_lun_list_free(&l);
	ck_assert_uint_eq(l.count, 0);
}
END_TEST

START_TEST(test_fc_listing)
{
	RdrLunList	l = {0};
	char		err[256];
	const char *ok =
		"D 1:0:0:26\n"
		"F vendor 48502020202020200a\n"
		"F model 4d53413233323466632020202020202020200a\n"
		"F rev 4d3131320a\n"
		"F vpd_pg83 008300140103001060" "0c0ff000d7e69d85b89d4e01000000\n"
		"B sdb 419430400\n";

	ck_assert_msg(rdr_fc_parse_listing(ok, "hv", &l, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(l.count, 1);
	ck_assert_int_eq(l.luns[0].lun_mapping, 26);
	ck_assert_str_eq(l.luns[0].lun_id, "3600c0ff000d7e69d85b89d4e01000000");
	ck_assert_str_eq(l.luns[0].vendor_id, "HP");
	ck_assert_str_eq(l.luns[0].product_id, "MSA2324fc");
	ck_assert_int_eq(l.luns[0].size_gib, 200);
	ck_assert_str_eq(l.luns[0].hctl, "1:0:0:26");
	rdr_lun_list_free(&l);

	ck_assert(!rdr_fc_parse_listing("F vendor 41\n", "hv", &l, err, sizeof(err)));
	ck_assert_str_eq(err, "line 1 of the device listing from \"hv\" is malformed");
	ck_assert(!rdr_fc_parse_listing("D 1:0:0:1\nF vpd_pg83 0g\n", "hv", &l, err, sizeof(err)));
	ck_assert_str_eq(err, "line 2 of the device listing from \"hv\" is malformed");
	ck_assert(!rdr_fc_parse_listing("D bogus\n", "hv", &l, err, sizeof(err)));
	ck_assert_str_eq(err, "device \"bogus\" is not named H:C:T:L");
	rdr_lun_list_free(&l);
}
END_TEST

int
main(void)
{
	Suite	   *s = suite_create("probe");
	TCase	   *tc = tcase_create("core");
	SRunner    *sr;
	int			failed;

	rdr_log_init("check_probe");
	rdr_log_set_level(RDR_LOG_QUIET);
	tcase_add_test(tc, test_replace_whitespace);
	tcase_add_test(tc, test_replace_chars_and_encode);
	tcase_add_test(tc, test_decode_seed_fibre);
	tcase_add_test(tc, test_decode_refuses_bad_pages);
	tcase_add_test(tc, test_lvm_label);
	tcase_add_test(tc, test_lun_find);
	tcase_add_test(tc, test_fc_listing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
