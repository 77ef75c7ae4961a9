/*-------------------------------------------------------------------------
 *
 * beneath.c
 *	  Opening a directory of an image without ever leaving the image.
 *
 *-------------------------------------------------------------------------
 */
#include "beneath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* struct open_how and the flags of <linux/openat2.h>, not in older headers */
struct beneath_open_how
{
	uint64_t	flags;
	uint64_t	mode;
	uint64_t	resolve;
};

#define BENEATH_RESOLVE_NO_SYMLINKS 0x04
#define BENEATH_RESOLVE_BENEATH 0x08

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/*
 * open_root_dir: the root directory ("" is "/") as a descriptor.
 */
int
open_root_dir(const char *root)
{
	const char *path = root[0] ? root : "/";
	int			fd = open(path, DIR_FLAGS);

	if (fd < 0)
		rdr_log_error("could not open root directory \"%s\": %s", path,
					  strerror(errno));
	return fd;
}

/*
 * try_openat2: rel opened beneath rootfd by the kernel; -1 with errno
 * ENOSYS where the kernel or the environment says there is no openat2.
 */
static int
try_openat2(int rootfd, const char *rel)
{
	struct beneath_open_how how;
	const char *off = getenv(BENEATH_NO_OPENAT2_ENV);

	if (off != NULL && off[0] != '\0')
	{
		errno = ENOSYS;
		return -1;
	}
	memset(&how, 0, sizeof(how));
	how.flags = DIR_FLAGS;
	how.resolve = BENEATH_RESOLVE_BENEATH | BENEATH_RESOLVE_NO_SYMLINKS;
	return (int) syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
}

/*
 * walk: rel opened one component at a time below rootfd, never following
 * a link.  On failure, errno is set (ELOOP for a link) and *bad is the
 * length of the prefix of rel that names the component that failed.
 */
static int
walk(int rootfd, const char *rel, size_t *bad)
{
	int			fd = dup(rootfd);
	size_t		pos = 0;

	*bad = 0;
	if (fd < 0)
		return -1;
	while (rel[pos] != '\0')
	{
		size_t		len = strcspn(rel + pos, "/");
		char		comp[NAME_MAX + 1];
		struct stat st;
		int			next;

		if (len == 0)
		{
			pos++;
			continue;
		}
		*bad = pos + len;
		if (len > NAME_MAX)
		{
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, rel + pos, len);
		comp[len] = '\0';
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0)
		{
			close(fd);
			errno = EXDEV;
			return -1;
		}
		next = openat(fd, comp, DIR_FLAGS | O_NOFOLLOW);
		if (next < 0)
		{
			int			err = errno;

			/* a link is ENOTDIR with O_DIRECTORY on some kernels: say ELOOP */
			if (fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				S_ISLNK(st.st_mode))
				err = ELOOP;
			close(fd);
			errno = err;
			return -1;
		}
		close(fd);
		fd = next;
		pos += len;
	}
	return fd;
}

/*
 * open_dir_beneath: directory rel (relative, "etc/...") of the image
 * rootfd opened at root (for messages), or -1 after an error message.
 */
int
open_dir_beneath(int rootfd, const char *root, const char *rel)
{
	int			fd = try_openat2(rootfd, rel);
	size_t		bad;

	if (fd >= 0)
		return fd;
	if (errno != ENOSYS && errno != ELOOP && errno != EXDEV && errno != EAGAIN)
	{
		rdr_log_error("could not open directory \"%s/%s\": %s", root, rel,
					  strerror(errno));
		return -1;
	}
	/* no openat2, or a link on the way: walk (and name the link) */
	fd = walk(rootfd, rel, &bad);
	if (fd >= 0)
		return fd;
	if (errno == ELOOP)
	{
		rdr_log_error("directory \"%s/%s\" is not inside the root \"%s\": \"%s/%.*s\" is a symbolic link",
					  root, rel, root, root, (int) bad, rel);
		rdr_log_detail("rdr-nicfix never follows a symbolic link in the image: it could lead out of it to the host's own files.");
	}
	else
		rdr_log_error("could not open directory \"%s/%.*s\": %s", root,
					  (int) bad, rel, strerror(errno));
	return -1;
}
