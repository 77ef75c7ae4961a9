/*-------------------------------------------------------------------------
 *
 * safe_file.c
 *	  Ownership checks of the configuration and working_dir, and creating
 *	  files by name inside a directory held open.
 *
 *-------------------------------------------------------------------------
 */
#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* user_name: the running user's name, or its number. */
static const char *
user_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned) uid);
	return buf;
}

bool
rdr_check_owner(const struct stat *st, const char *path, const char *what)
{
	uid_t		me = geteuid();
	bool		foreign = st->st_uid != me;
	bool		writable = (st->st_mode & (S_IWGRP | S_IWOTH)) != 0;
	char		mine[64];
	char		theirs[64];

	if (!foreign && !writable)
		return true;
	user_name(me, mine, sizeof(mine));
	if (foreign)
		rdr_log_error("%s \"%s\" belongs to user %s, not to %s who runs rdr",
					  what, path, user_name(st->st_uid, theirs, sizeof(theirs)), mine);
	else
		rdr_log_error("%s \"%s\" can be written by %s", what, path,
					  (st->st_mode & S_IWOTH) ? "every user" : "its group");
	rdr_log_detail("Its mode is %04o.  Whoever can write it can run commands as %s.",
				   (unsigned) (st->st_mode & 07777), mine);
	if (foreign && writable)
		rdr_log_hint("Check its content, then run: chown %s %s && chmod go-w %s",
					 mine, path, path);
	else if (foreign)
		rdr_log_hint("Check its content, then run: chown %s %s", mine, path);
	else
		rdr_log_hint("Check its content, then run: chmod go-w %s", path);
	return false;
}

/* mkdir_parents: create the missing directories of path, mode 0700. */
static bool
mkdir_parents(const char *path)
{
	char		buf[4096];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int) sizeof(buf))
	{
		rdr_log_error("directory name too long: \"%s\"", path);
		return false;
	}
	for (char *p = buf + 1;; p++)
	{
		if (*p == '/' || *p == '\0')
		{
			char		c = *p;

			*p = '\0';
			if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			{
				rdr_log_error("could not create directory \"%s\": %s", buf, strerror(errno));
				return false;
			}
			*p = c;
			if (c == '\0')
				return true;
		}
	}
}

int
rdr_open_dir_safe(const char *path, bool create, const char *what)
{
	char		dir[4096];
	size_t		len;
	struct stat st;
	int			fd;

	/* "dir/" would follow a symlink named dir */
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 0 || len >= sizeof(dir))
	{
		rdr_log_error("invalid %s \"%s\"", what, path);
		return -1;
	}
	memcpy(dir, path, len);
	dir[len] = '\0';
	if (create && !mkdir_parents(dir))
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
	{
		int			save_errno = errno;

		if (save_errno == ELOOP || (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)))
		{
			rdr_log_error("%s \"%s\" is a symbolic link", what, dir);
			rdr_log_hint("Name the directory itself, or remove the link.");
		}
		else
			rdr_log_error("could not open %s \"%s\": %s", what, dir, strerror(save_errno));
		return -1;
	}
	if (fstat(fd, &st) != 0)
	{
		rdr_log_error("could not stat %s \"%s\": %s", what, dir, strerror(errno));
		close(fd);
		return -1;
	}
	if (!rdr_check_owner(&st, dir, what))
	{
		close(fd);
		return -1;
	}
	return fd;
}

int
rdr_open_parent(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char		dir[4096];
	int			fd;

	*name = slash ? slash + 1 : path;
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if (snprintf(dir, sizeof(dir), "%.*s", (int) (slash - path), path) >= (int) sizeof(dir))
	{
		rdr_log_error("file name too long: \"%s\"", path);
		return -1;
	}
	if (**name == '\0')
	{
		rdr_log_error("\"%s\" names a directory, not a file", path);
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		rdr_log_error("could not open directory \"%s\": %s", dir, strerror(errno));
	return fd;
}

int
rdr_create_at(int dirfd, const char *dir, const char *name, mode_t mode, bool quiet_exists)
{
	int			fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
							mode);

	if (fd < 0 && !(quiet_exists && errno == EEXIST))
	{
		int			save_errno = errno;

		rdr_log_error("could not create \"%s/%s\": %s", dir, name, strerror(save_errno));
		if (save_errno == EEXIST)
			rdr_log_detail("rdr never writes over an existing file or through a symbolic link.");
		errno = save_errno;
	}
	return fd;
}
