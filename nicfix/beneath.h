/*-------------------------------------------------------------------------
 *
 * beneath.h
 *	  Opening a directory of an image without ever leaving the image.
 *
 * rdr-nicfix --root works on a mounted image of the manager, and writes
 * there as root.  A path checked once (realpath) and opened later can be
 * swapped in between: a directory of the image flipped to a symbolic link
 * such as etc -> /etc would make root rewrite the host's files.  So the
 * root is opened once, its directories are opened relative to that
 * descriptor with every symbolic link refused, and every later read,
 * create, link and rename happens relative to the directory's descriptor.
 *
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) does the walk in the
 * kernel (Linux 5.6 and later).  Older kernels (ENOSYS, among them the
 * RHEL 6 manager's 2.6.32) get the same guarantee from a walk of one
 * component at a time, each opened with O_NOFOLLOW | O_DIRECTORY
 * relative to the one before; ".." is refused.  The walk also names the
 * component that is a link when openat2 refuses a path.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_BENEATH_H
#define RDR_NICFIX_BENEATH_H

#include <stdbool.h>

/*
 * Set in the environment to a non-empty value, this makes every walk use
 * the fallback, as on a kernel without openat2 (for the tests).
 */
#define BENEATH_NO_OPENAT2_ENV "RDR_NICFIX_NO_OPENAT2"

extern int	open_root_dir(const char *root);
extern int	open_dir_beneath(int rootfd, const char *root, const char *rel);

#endif							/* RDR_NICFIX_BENEATH_H */
