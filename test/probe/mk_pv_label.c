/*-------------------------------------------------------------------------
 *
 * mk_pv_label.c
 *	  Test helper: write an LVM2 physical-volume label carrying a given
 *	  PV UUID into a file (a LUN's backing file), as pvcreate would.
 *
 *	mk-pv-label FILE UUID [SECTOR]
 *
 * pvcreate needs a block device and LVM's locking; tgtd backing files and
 * the fake sysfs tree are plain files, so the tests write the label
 * themselves: label header in sector 1 (or SECTOR) with its CRC, PV
 * header with the UUID, the device size and one data area.  libblkid and
 * LVM read it back.  A PV UUID is 32 characters of [A-Za-z0-9]; the
 * dashes of its printed form (6-4-4-4-4-4-6) are not stored.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* lvm_crc: LVM's calc_crc(): CRC-32 (0xedb88320), no final inversion. */
static uint32_t
lvm_crc(uint32_t crc, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		crc ^= buf[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return crc;
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t) (v >> (8 * i));
}

static void
put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t) (v >> (8 * i));
}

int
main(int argc, char **argv)
{
	uint8_t		sec[512];
	char		id[33];
	int			n = 0;
	long		sector = 1;
	struct stat st;
	FILE	   *f;

	if (argc < 3 || argc > 4)
	{
		fprintf(stderr, "usage: mk-pv-label FILE UUID [SECTOR]\n");
		return 2;
	}
	for (const char *p = argv[2]; *p; p++)
	{
		if (*p == '-')
			continue;
		if (!isalnum((unsigned char) *p) || n == 32)
		{
			fprintf(stderr, "mk-pv-label: invalid PV UUID \"%s\"\n", argv[2]);
			return 2;
		}
		id[n++] = *p;
	}
	id[n] = '\0';
	if (n != 32)
	{
		fprintf(stderr, "mk-pv-label: PV UUID \"%s\" has %d characters, expected 32\n", argv[2], n);
		return 2;
	}
	if (argc == 4)
		sector = strtol(argv[3], NULL, 10);
	if (sector < 0 || sector > 3)
	{
		fprintf(stderr, "mk-pv-label: SECTOR must be 0..3\n");
		return 2;
	}
	f = fopen(argv[1], "r+b");
	if (f == NULL || fstat(fileno(f), &st) != 0)
	{
		perror(argv[1]);
		return 1;
	}

	memset(sec, 0, sizeof(sec));
	memcpy(sec, "LABELONE", 8);
	put_le64(sec + 8, (uint64_t) sector);	/* sector_xl */
	put_le32(sec + 20, 32);		/* offset_xl: the PV header */
	memcpy(sec + 24, "LVM2 001", 8);
	memcpy(sec + 32, id, 32);	/* pv_header.pv_uuid */
	put_le64(sec + 64, (uint64_t) st.st_size);	/* device_size_xl */
	put_le64(sec + 72, 1048576);	/* data area 1: offset */
	put_le64(sec + 80, 0);		/* ...size 0 = rest of the device */
	/* terminator of the data areas and empty metadata area list: zeros */
	put_le32(sec + 16, lvm_crc(0xf597a6cfu, sec + 20, sizeof(sec) - 20));

	if (fseek(f, sector * 512, SEEK_SET) != 0 ||
		fwrite(sec, 1, sizeof(sec), f) != sizeof(sec) || fclose(f) != 0)
	{
		perror(argv[1]);
		return 1;
	}
	return 0;
}
