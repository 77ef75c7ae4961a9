/*-------------------------------------------------------------------------
 *
 * atomic_file.h
 *	  Replacing a small file in working_dir so that a crash leaves either
 *	  the old or the new content, never a mix.
 *
 * rdr-failover's state file and the file of the rows its storage step
 * changed are both written this way: a temp file next to the target,
 * fsync, rename over the target, fsync of the directory.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_ATOMIC_FILE_H
#define RDR_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * rdr_write_file_atomic: replace path by len bytes of data, with exactly
 * the given mode (whatever the umask).  Logs (naming the file) and
 * returns false on failure; the old file, if any, is then left as it was.
 */
extern bool rdr_write_file_atomic(const char *path, const char *data, size_t len,
								  mode_t mode);

/*
 * rdr_write_file_atomic_at: the same for name in directory dirfd (shown
 * as dir in messages).  The temp file name.tmp is created O_EXCL and
 * O_NOFOLLOW: a symlink planted there is removed, never written through.
 */
extern bool rdr_write_file_atomic_at(int dirfd, const char *dir, const char *name,
									 const char *data, size_t len, mode_t mode);

#endif							/* RDR_ATOMIC_FILE_H */
