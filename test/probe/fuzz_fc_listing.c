/*
 * fuzz_fc_listing.c: libFuzzer target for the parser of the device
 * listing a hypervisor returns over ssh (untrusted remote output).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "probe_fc.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	char		err[512];
	RdrLunList	l = {0};

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rdr_log_set_level(RDR_LOG_QUIET);
	rdr_fc_parse_listing(text, "fuzz", &l, err, sizeof(err));
	rdr_lun_list_free(&l);
	free(text);
	return 0;
}
