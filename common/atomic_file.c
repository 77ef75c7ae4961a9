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

/* fsync_parent: make the rename itself survive a crash. */
static void
fsync_parent(const char *path)
{
	char		dir[4096];
	char	   *slash;
	int			fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
	{
		(void) fsync(fd);
		close(fd);
	}
}

bool
rdr_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	char		tmp[4200];
	int			fd;
	int			save_errno;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int) sizeof(tmp))
	{
		rdr_log_error("file name too long: \"%s\"", path);
		return false;
	}
	/* a leftover temp file of a killed run is simply replaced */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
	{
		rdr_log_error("could not create \"%s\": %s", tmp, strerror(errno));
		return false;
	}
	if (fchmod(fd, mode) != 0 || !write_all(fd, data, len) || fsync(fd) != 0)
	{
		save_errno = errno;
		close(fd);
		unlink(tmp);
		rdr_log_error("could not write \"%s\": %s", tmp, strerror(save_errno));
		return false;
	}
	if (close(fd) != 0)
	{
		save_errno = errno;
		unlink(tmp);
		rdr_log_error("could not write \"%s\": %s", tmp, strerror(save_errno));
		return false;
	}
	if (rename(tmp, path) != 0)
	{
		save_errno = errno;
		unlink(tmp);
		rdr_log_error("could not rename \"%s\" to \"%s\": %s", tmp, path, strerror(save_errno));
		return false;
	}
	fsync_parent(path);
	return true;
}
