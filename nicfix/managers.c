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

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
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

/* scandir has no user pointer: the suffix being looked for */
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
scheme_filter(const struct dirent *d)
{
	return d->d_name[0] != '.' && ends_with(d->d_name, filter_suffix);
}

static int
backup_filter(const struct dirent *d)
{
	size_t		len = strlen(d->d_name);
	size_t		bl = strlen(NICFIX_BACKUP_SUFFIX);

	if (d->d_name[0] == '.' || len <= bl ||
		!ends_with(d->d_name, NICFIX_BACKUP_SUFFIX))
		return 0;
	return len - bl > strlen(filter_suffix) &&
		strncmp(d->d_name + len - bl - strlen(filter_suffix), filter_suffix,
				strlen(filter_suffix)) == 0;
}

/*
 * inside_root: whether directory dir really is inside root: a symbolic
 * link in the image (etc -> /etc) would make rdr rewrite the host's files.
 */
static bool
inside_root(const char *root, const char *dir)
{
	char	   *real = realpath(dir, NULL);
	size_t		rl = strlen(root);
	bool		inside;

	if (real == NULL)
	{
		rdr_log_error("could not resolve directory \"%s\": %s", dir,
					  strerror(errno));
		return false;
	}
	inside = rl == 0 ||
		(strncmp(real, root, rl) == 0 && (real[rl] == '/' || real[rl] == '\0'));
	if (!inside)
	{
		rdr_log_error("directory \"%s\" resolves to \"%s\", outside the root \"%s\"",
					  dir, real, root);
		rdr_log_detail("A symbolic link in the image points out of it.");
	}
	free(real);
	return inside;
}

/*
 * scan: the matching names of root + s->dir (backups when backups);
 * *n is 0 when the directory does not exist, -1 on error.
 */
static char *
scan(const char *root, const Scheme *s, bool backups, struct dirent ***names,
	 int *n)
{
	char	   *dir = NULL;
	struct stat st;

	*n = -1;
	if (asprintf(&dir, "%s%s", root, s->dir) < 0)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	if (lstat(dir, &st) != 0 && errno == ENOENT)
	{
		/* no such manager on this image; a dangling link is one too */
		*n = 0;
		return dir;
	}
	if (!inside_root(root, dir))
		return dir;
	filter_suffix = s->suffix;
	*n = scandir(dir, names, backups ? backup_filter : scheme_filter,
				 alphasort);
	if (*n < 0)
		rdr_log_error("could not read directory \"%s\": %s", dir,
					  strerror(errno));
	return dir;
}

/*
 * plan_file: plan path with s; nothing is planned when it needs no change.
 * named[e] is set when the file, as planned, names map entry e.
 */
static bool
plan_file(const Scheme *s, const char *path, const NicMap *map,
		  FilePlan *plan, bool *named)
{
	TextFile	old = {0};
	TextFile	new = {0};
	struct stat st;
	bool		ok;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
	{
		rdr_log_warning("\"%s\" is not a regular file, skipped", path);
		return true;
	}
	if (!text_read(&old, path, &st))
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
		ok = file_plan_add_write(plan, &st, &old, &new);
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
	struct dirent **names = NULL;
	int			n;
	int			i;
	bool		ok;
	char	   *dir = scan(root, s, false, &names, &n);

	ok = dir != NULL && n >= 0;
	for (i = 0; i < n; i++)
	{
		char	   *path;

		*found = true;
		if (ok && asprintf(&path, "%s/%s", dir, names[i]->d_name) >= 0)
		{
			ok = plan_file(s, path, map, plan, named);
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
		struct dirent **names = NULL;
		int			n;
		int			i;
		char	   *dir = scan(root, &schemes[s], true, &names, &n);

		ok = dir != NULL && n >= 0;
		for (i = 0; i < n; i++)
		{
			size_t		len = strlen(names[i]->d_name) -
				strlen(NICFIX_BACKUP_SUFFIX);
			char	   *file;
			bool		added;

			if (ok && asprintf(&file, "%s/%.*s", dir, (int) len,
							   names[i]->d_name) >= 0)
			{
				ok = file_plan_add_restore(plan, file, &added);
				free(file);
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
	}
	return ok;
}
