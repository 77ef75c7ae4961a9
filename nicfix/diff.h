/*-------------------------------------------------------------------------
 *
 * diff.h
 *	  Unified diffs of planned file changes, for --dry-run.
 *
 * The planners record for every output line which input line it copies
 * (TextLine.orig), so the diff is read off the plan in linear time instead
 * of being searched for; it is exactly the change that would be written.
 * The output is what "diff -u" prints and "patch -p1" applies.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_DIFF_H
#define RDR_NICFIX_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "text_file.h"

#define DIFF_CONTEXT 3

extern bool diff_unified(FILE *out, const char *old_label,
						 const char *new_label, const TextFile *old,
						 const TextFile *new);

#endif							/* RDR_NICFIX_DIFF_H */
