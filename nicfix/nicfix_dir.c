/*-------------------------------------------------------------------------
 *
 * nicfix_dir.c
 *	  Opening and listing the image's directories for the planners.
 *
 * nicfix.c (rules and ifcfg files) and managers.c (keyfiles and .link
 * files) reach every file through a directory descriptor opened here
 * without following links (beneath.h); this module sits below both so
 * that neither depends on the other's internals.
 *
 *-------------------------------------------------------------------------
 */
#include "nicfix_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beneath.h"
#include "log.h"

/*
 * cmp_names: qsort order of a name list, that of alphasort in "C".
 */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * nicfix_list_dir: the sorted names in directory dirfd (dirpath for messages)
 * that filter accepts, read through a duplicate of the descriptor so the
 * directory read is the one opened, whatever its path now leads to.
 * Returns the count, -1 after an error message.
 */
int
nicfix_list_dir(int dirfd, const char *dirpath, NameFilter filter,
				char ***names)
{
	int			fd = dup(dirfd);
	DIR		   *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	size_t		n = 0;
	size_t		cap = 0;

	*names = NULL;
	if (d == NULL)
		goto fail;
	rewinddir(d);
	errno = 0;
	while ((de = readdir(d)) != NULL)
	{
		if (!filter(de->d_name))
			continue;
		if (n == cap)
		{
			char	  **more;

			cap = cap ? cap * 2 : 16;
			more = realloc(*names, cap * sizeof(char *));
			if (more == NULL)
				goto fail;
			*names = more;
		}
		if (((*names)[n] = strdup(de->d_name)) == NULL)
			goto fail;
		n++;
		errno = 0;
	}
	if (errno != 0)
		goto fail;
	closedir(d);
	if (n > 1)
		qsort(*names, n, sizeof(char *), cmp_names);
	return (int) n;
fail:
	rdr_log_error("could not read directory \"%s\": %s", dirpath,
				  strerror(errno ? errno : ENOMEM));
	if (d != NULL)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	while (n > 0)
		free((*names)[--n]);
	free(*names);
	*names = NULL;
	return -1;
}

/*
 * nicfix_open_dir: directory rel ("/etc/...") of root, handed to the plan.
 * In an image no symbolic link is followed (beneath.h); on the running
 * system ("" root) the directory is opened as the system has it.  When
 * optional, a directory that is not there is no error: NICFIX_DIR_ABSENT
 * (an EL9 manager has no network-scripts, a RHEL 6 one no keyfiles);
 * nothing is read from it then, so the path check may follow links.
 */
int
nicfix_open_dir(const char *root, const char *rel, FilePlan *plan,
				bool optional)
{
	int			fd;
	char	   *path;
	struct stat st;

	if (optional)
	{
		if (asprintf(&path, "%s%s", root, rel) < 0)
		{
			rdr_log_error("out of memory");
			return -1;
		}
		fd = lstat(path, &st) != 0 && errno == ENOENT ? NICFIX_DIR_ABSENT : 0;
		free(path);
		if (fd == NICFIX_DIR_ABSENT)
			return fd;
	}
	if (root[0] == '\0')
	{
		fd = open(rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			rdr_log_error("could not open directory \"%s\": %s", rel,
						  strerror(errno));
	}
	else
	{
		int			rootfd = open_root_dir(root);

		if (rootfd < 0)
			return -1;
		fd = open_dir_beneath(rootfd, root, rel + 1);
		close(rootfd);
	}
	if (fd >= 0 && !file_plan_own_dir(plan, fd))
		return -1;
	return fd;
}
