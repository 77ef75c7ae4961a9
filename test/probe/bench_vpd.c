/*
 * bench_vpd.c: pages decoded per second (the seed's HP MSA pages, both
 * page 0x80 and 0x83 identities); prints the rate.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vpd_decode.h"

int
main(void)
{
	static const uint8_t inq[36] = {0, 0, 5, 2, 0x5b, 0, 0, 0, 'H', 'P', ' ', ' ', ' ', ' ', ' ', ' ',
		'M', 'S', 'A', '2', '3', '2', '4', 'f', 'c', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 'M', '1', '1', '2'};
	uint8_t		p80[36] = {0, 0x80, 0, 32};
	static const uint8_t p83[24] = {0, 0x83, 0, 20, 1, 3, 0, 16, 0x60, 0x0c, 0x0f, 0xf0, 0x00, 0xd7,
		0xe6, 0x9d, 0x85, 0xb8, 0x9d, 0x4e, 0x01, 0, 0, 0};
	RdrVpdPages p = {inq, sizeof(inq), p80, sizeof(p80), p83, sizeof(p83)};
	RdrScsiIdent id;
	char		err[256];
	struct timespec t0, t1;
	long		n = 2000000;
	double		s;

	memcpy(p80 + 4, "00c0ffd7e69d000085b89d4e01000000", 32);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		if (!rdr_vpd_decode(&p, (i & 1) ? 0x83 : 0x80, &id, err, sizeof(err)))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%.0f\n", n / s);
	return 0;
}
