/*
 * fuzz_vpd.c: libFuzzer target for the VPD decoder and the LVM label
 * reader.  The input is split into inquiry / page 0x80 / page 0x83 by its
 * first three bytes (lengths); the rest is also fed to the label reader.
 */
#include <stdint.h>
#include <stddef.h>

#include "lvm_label.h"
#include "vpd_decode.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	RdrVpdPages p = {0};
	RdrScsiIdent id;
	char		err[256],
				uuid[39];
	bool		found;
	size_t		a, b, c;

	if (size < 3)
		return 0;
	a = data[0];
	b = data[1];
	c = data[2];
	data += 3;
	size -= 3;
	if (a + b + c > size)
		return 0;
	p.inquiry = data;
	p.inquiry_len = a;
	p.pg80 = b ? data + a : NULL;
	p.pg80_len = b;
	p.pg83 = c ? data + a + b : NULL;
	p.pg83_len = c;
	rdr_vpd_decode(&p, 0x80, &id, err, sizeof(err));
	rdr_vpd_decode(&p, 0x83, &id, err, sizeof(err));
	if (size >= 512)
		rdr_lvm_pv_uuid(data, size, size, uuid, &found, err, sizeof(err));
	return 0;
}
