/*-------------------------------------------------------------------------
 *
 * probe_output.h
 *	  How rdr-probe prints probed LUNs: aligned text or JSON (json-c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROBE_OUTPUT_H
#define RDR_PROBE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "probe.h"

/* rdr_probe_print_text: one aligned row per LUN, with a header line. */
extern void rdr_probe_print_text(const RdrLunList *list, FILE *f);

/* rdr_probe_print_json: a JSON array of LUN objects; false on failure. */
extern bool rdr_probe_print_json(const RdrLunList *list, FILE *f);

#endif							/* RDR_PROBE_OUTPUT_H */
