/*-------------------------------------------------------------------------
 *
 * managers.c
 *	  Walking the keyfile and .link directories of a root.
 *
 * Only the names the programs read are planned: NetworkManager reads
 * every file of system-connections that nm_keyfile_utils_ignore_filename
 * does not skip (hidden files, "~", ".bak", ".rpmnew", ...), but writes
 * and documents "*.nmconnection"; systemd reads "*.link" only.  Our own
 * backups end in ".bak" and temp files start with '.', so neither program
 * reads them.
 *
 *-------------------------------------------------------------------------
 */
#include "managers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nicfix_dir.h"
#include "nm_keyfile.h"
#include "systemd_link.h"

typedef bool (*PlanFn) (const TextFile *in, const NicMap *map, TextFile *out);
typedef long (*NamesFn) (const TextFile *tf, const NicMap *map);

/* One scheme: where its files are and how each is planned. */
typedef struct Scheme
{
	const char *dir;
	const char *suffix;
	PlanFn		plan;
	NamesFn		names;			/* which wanted NIC a file names, or NULL */
	bool		root_only;		/* NetworkManager ignores other owners/modes */
} Scheme;

static const Scheme schemes[] = {
	/* keyfiles bind profiles to NICs, they do not name them */
	{NM_KEYFILE_DIR, NM_KEYFILE_SUFFIX, nm_keyfile_plan, NULL, true},
	{SYSTEMD_LINK_DIR, SYSTEMD_LINK_SUFFIX, systemd_link_plan,
	systemd_link_names, false},
};

/* the filters have no user pointer: the suffix being looked for */
static const char *filter_suffix;

/*
 * ends_with: whether name ends in suffix (and is longer).
 */
static bool
ends_with(const char *name, const char *suffix)
{
	size_t		len = strlen(name);
	size_t		sl = strlen(suffix);

	return len > sl && strcmp(name + len - sl, suffix) == 0;
}

static int
scheme_filter(const char *name)
{
	return name[0] != '.' && ends_with(name, filter_suffix);
}

static int
backup_filter(const char *name)
{
	size_t		len = strlen(name);
	size_t		bl = strlen(NICFIX_BACKUP_SUFFIX);
	size_t		sl = strlen(filter_suffix);

	return name[0] != '.' && ends_with(name, NICFIX_BACKUP_SUFFIX) &&
		len - bl > sl &&
		strncmp(name + len - bl - sl, filter_suffix, sl) == 0;
}

/*
 * scan: open root + s->dir (without following links, nicfix_open_dir) and
 * list its matching names (backups when backups).  *n is 0 when the
 * directory does not exist, -1 on error; *dirfd belongs to the plan.
 */
static char *
scan(const char *root, const Scheme *s, bool backups, FilePlan *plan,
	 int *dirfd, char ***names, int *n)
{
	char	   *dir = NULL;

	*n = -1;
	*names = NULL;
	if (asprintf(&dir, "%s%s", root, s->dir) < 0)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	*dirfd = nicfix_open_dir(root, s->dir, plan, true);
	if (*dirfd == NICFIX_DIR_ABSENT)
		*n = 0;					/* no such manager on this image */
	else if (*dirfd >= 0)
	{
		filter_suffix = s->suffix;
		*n = nicfix_list_dir(*dirfd, dir, backups ? backup_filter : scheme_filter,
							 names);
	}
	return dir;
}

/*
 * plan_file: plan file name of dirfd (path for messages) with s; nothing
 * is planned when it needs no change.  named[e] is set when the file, as
 * planned, names map entry e.
 */
static bool
plan_file(const Scheme *s, int dirfd, const char *name, const char *path,
		  const NicMap *map, FilePlan *plan, bool *named)
{
	TextFile	old = {0};
	TextFile	new = {0};
	struct stat st;
	bool		ok;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		!S_ISREG(st.st_mode))
	{
		rdr_log_warning("\"%s\" is not a regular file, skipped", path);
		return true;
	}
	if (!text_read_at(&old, dirfd, name, path, &st))
	{
		text_free(&old);
		return false;
	}
	if (s->root_only && (st.st_uid != 0 || (st.st_mode & 077) != 0))
		rdr_log_warning("\"%s\" is not owned by root with mode 600: NetworkManager ignores it",
						path);
	ok = text_init(&new, path) && s->plan(&old, map, &new);
	if (ok && s->names != NULL && named != NULL)
	{
		long		e = s->names(&new, map);

		if (e >= 0)
			named[e] = true;
	}
	if (ok && !text_same(&old, &new))
		ok = file_plan_add_write(plan, dirfd, name, &st, &old, &new);
	else if (ok)
		rdr_log_verbose("%s: nothing to change", path);
	text_free(&old);
	text_free(&new);
	return ok;
}

/*
 * plan_scheme: every file of s under root; *found is set when it has any.
 */
static bool
plan_scheme(const char *root, const Scheme *s, const NicMap *map,
			FilePlan *plan, bool *found, bool *named)
{
	char	  **names = NULL;
	int			dirfd = -1;
	int			n;
	int			i;
	bool		ok;
	char	   *dir = scan(root, s, false, plan, &dirfd, &names, &n);

	ok = dir != NULL && n >= 0;
	for (i = 0; i < n; i++)
	{
		char	   *path;

		*found = true;
		if (ok && asprintf(&path, "%s/%s", dir, names[i]) >= 0)
		{
			ok = plan_file(s, dirfd, names[i], path, map, plan, named);
			free(path);
		}
		else if (ok)
		{
			rdr_log_error("out of memory");
			ok = false;
		}
		free(names[i]);
	}
	free(names);
	free(dir);
	return ok;
}

/*
 * managers_plan: plan the keyfiles and .link files under root; *found is
 * set when there is any, and named[e] (unless named is NULL) when a .link
 * file names map entry e.
 */
bool
managers_plan(const char *root, const NicMap *map, FilePlan *plan,
			  bool *found, bool *named)
{
	size_t		i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (!plan_scheme(root, &schemes[i], map, plan, found, named))
			return false;
	return true;
}

/*
 * managers_plan_undo: plan restoring every keyfile and .link file that
 * has a backup, including one removed since.
 */
bool
managers_plan_undo(const char *root, FilePlan *plan)
{
	size_t		s;
	bool		ok = true;

	for (s = 0; s < sizeof(schemes) / sizeof(schemes[0]) && ok; s++)
	{
		char	  **names = NULL;
		int			dirfd = -1;
		int			n;
		int			i;
		bool		added;
		char	   *dir = scan(root, &schemes[s], true, plan, &dirfd, &names,
							   &n);

		ok = dir != NULL && n >= 0;
		for (i = 0; i < n; i++)
		{
			names[i][strlen(names[i]) - strlen(NICFIX_BACKUP_SUFFIX)] = '\0';
			ok = ok && file_plan_add_restore(plan, dirfd, dir, names[i], &added);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	return ok;
}
