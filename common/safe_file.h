/*-------------------------------------------------------------------------
 *
 * safe_file.h
 *	  Files and directories that only the running user may have written:
 *	  the configuration, working_dir and what rdr creates in it.
 *
 * rdr runs as root.  A file another user could have written (the
 * configuration names commands run as root) or a directory another user
 * can plant names in (a symlink where the log or the backup goes) turns
 * that user into root.  So such a file or directory is refused, with the
 * chown/chmod that fixes it, and files are created only by name inside a
 * directory held open (openat), never through a symlink, never over an
 * existing file.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_SAFE_FILE_H
#define RDR_SAFE_FILE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * rdr_check_owner: true if st (of path, a "what") belongs to the running
 * user and no one else may write to it.  Otherwise logs an error with
 * the chown/chmod to run and returns false.
 */
extern bool rdr_check_owner(const struct stat *st, const char *path, const char *what);

/*
 * rdr_open_dir_safe: open directory path (created mode 0700 with its
 * missing parents if create), refusing a symlink and a directory that
 * fails rdr_check_owner.  Returns an O_DIRECTORY fd, or -1 (logged).
 */
extern int	rdr_open_dir_safe(const char *path, bool create, const char *what);

/*
 * rdr_open_parent: open the directory holding path (following symlinks
 * there, as the user asked for that directory); *name points at the last
 * component of path.  Returns the fd, or -1 (logged).
 */
extern int	rdr_open_parent(const char *path, const char **name);

/*
 * rdr_create_at: create name in directory dirfd (shown as dir in
 * messages) for writing, with O_EXCL|O_NOFOLLOW: never through a symlink,
 * never over an existing file.  errno is kept on failure, which is not
 * logged if quiet_exists and the name exists (callers try another name).
 */
extern int	rdr_create_at(int dirfd, const char *dir, const char *name, mode_t mode,
						  bool quiet_exists);

#endif							/* RDR_SAFE_FILE_H */
