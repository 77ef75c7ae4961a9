/*-------------------------------------------------------------------------
 *
 * atomic_file.c
 *	  Write a temp file, fsync it, rename it over the target, fsync the
 *	  directory: after a crash the target is the old or the new file.
 *
 *-------------------------------------------------------------------------
 */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "safe_file.h"

/* write_all: the whole buffer, across short writes and EINTR. */
static bool
write_all(int fd, const char *data, size_t len)
{
	while (len > 0)
	{
		ssize_t		n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t) n;
	}
	return true;
}

bool
rdr_write_file_atomic_at(int dirfd, const char *dir, const char *name,
						 const char *data, size_t len, mode_t mode)
{
	char		tmp[4200];
	int			fd;
	int			save_errno;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", name) >= (int) sizeof(tmp))
	{
		rdr_log_error("file name too long: \"%s/%s\"", dir, name);
		return false;
	}

	/*
	 * A leftover temp file of a killed run, or a name someone planted there
	 * (a symlink to a victim), is removed, never written through: the temp
	 * file is created anew, O_EXCL|O_NOFOLLOW.
	 */
	if (unlinkat(dirfd, tmp, 0) != 0 && errno != ENOENT)
	{
		rdr_log_error("could not remove \"%s/%s\": %s", dir, tmp, strerror(errno));
		return false;
	}
	fd = rdr_create_at(dirfd, dir, tmp, mode, false);
	if (fd < 0)
		return false;
	if (fchmod(fd, mode) != 0 || !write_all(fd, data, len) || fsync(fd) != 0)
	{
		save_errno = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		rdr_log_error("could not write \"%s/%s\": %s", dir, tmp, strerror(save_errno));
		return false;
	}
	if (close(fd) != 0)
	{
		save_errno = errno;
		unlinkat(dirfd, tmp, 0);
		rdr_log_error("could not write \"%s/%s\": %s", dir, tmp, strerror(save_errno));
		return false;
	}
	if (renameat(dirfd, tmp, dirfd, name) != 0)
	{
		save_errno = errno;
		unlinkat(dirfd, tmp, 0);
		rdr_log_error("could not rename \"%s/%s\" to \"%s\": %s", dir, tmp, name,
					  strerror(save_errno));
		return false;
	}
	/* make the rename itself survive a crash */
	(void) fsync(dirfd);
	return true;
}

bool
rdr_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	const char *name;
	char		dir[4096];
	int			dirfd = rdr_open_parent(path, &name);
	bool		ok;

	if (dirfd < 0)
		return false;
	snprintf(dir, sizeof(dir), "%.*s", name > path ? (int) (name - path - 1) : 1,
			 name > path ? path : ".");
	if (dir[0] == '\0')
		snprintf(dir, sizeof(dir), "/");
	ok = rdr_write_file_atomic_at(dirfd, dir, name, data, len, mode);
	close(dirfd);
	return ok;
}
