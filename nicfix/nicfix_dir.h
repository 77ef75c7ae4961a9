/*-------------------------------------------------------------------------
 *
 * nicfix_dir.h
 *	  The image's directories, opened once without following links and
 *	  listed through their descriptors (nicfix.c, managers.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_NICFIX_DIR_H
#define RDR_NICFIX_NICFIX_DIR_H

#include <stdbool.h>

#include "file_plan.h"

/* nicfix_open_dir's answer for an optional directory that is not there */
#define NICFIX_DIR_ABSENT (-2)

typedef int (*NameFilter) (const char *name);

extern int	nicfix_open_dir(const char *root, const char *rel, FilePlan *plan,
							bool optional);
extern int	nicfix_list_dir(int dirfd, const char *dirpath, NameFilter filter,
							char ***names);

#endif							/* RDR_NICFIX_NICFIX_DIR_H */
