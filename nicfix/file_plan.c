/*-------------------------------------------------------------------------
 *
 * file_plan.c
 *	  Writing planned files: temp file, fsync, backup, rename.
 *
 *-------------------------------------------------------------------------
 */
#include "file_plan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "diff.h"
#include "log.h"

/*
 * file_plan_init: an empty plan.
 */
void
file_plan_init(FilePlan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

/*
 * file_plan_own_dir: the plan takes dirfd over and closes it when freed
 * (the files planned in it use it until then).
 */
bool
file_plan_own_dir(FilePlan *plan, int dirfd)
{
	if (plan->ndirs == FILE_PLAN_MAX_DIRS)
	{
		rdr_log_error("too many directories in one plan");
		close(dirfd);
		return false;
	}
	plan->dirfds[plan->ndirs++] = dirfd;
	return true;
}

/*
 * file_plan_free: release every planned file.
 */
void
file_plan_free(FilePlan *plan)
{
	size_t		i;

	for (i = 0; i < plan->n; i++)
	{
		free(plan->files[i].path);
		free(plan->files[i].backup);
		free(plan->files[i].name);
		free(plan->files[i].backup_name);
		text_free(&plan->files[i].old);
		text_free(&plan->files[i].new);
	}
	free(plan->files);
	for (i = 0; i < plan->ndirs; i++)
		close(plan->dirfds[i]);
	memset(plan, 0, sizeof(*plan));
}

/*
 * is_backup_or_temp_name: whether a directory entry is one of our own
 * backups or temp files, which rdr must never edit as an ifcfg file.
 */
bool
is_backup_or_temp_name(const char *name)
{
	size_t		len = strlen(name);
	size_t		sl = strlen(NICFIX_BACKUP_SUFFIX);

	if (len >= sl && strcmp(name + len - sl, NICFIX_BACKUP_SUFFIX) == 0)
		return true;
	return strstr(name, NICFIX_TEMP_INFIX) != NULL;
}

/*
 * new_entry: room for one more planned file, zeroed, with its directory,
 * names and paths set; path is the file's name for messages and ends in
 * "/NAME".
 */
static PlannedFile *
new_entry(FilePlan *plan, int dirfd, const char *name, const char *path)
{
	PlannedFile *f;

	if (plan->n == plan->cap)
	{
		size_t		cap = plan->cap ? plan->cap * 2 : 8;
		PlannedFile *files = realloc(plan->files, cap * sizeof(PlannedFile));

		if (files == NULL)
			goto oom;
		plan->files = files;
		plan->cap = cap;
	}
	f = &plan->files[plan->n];
	memset(f, 0, sizeof(*f));
	f->dirfd = dirfd;
	f->dirlen = strlen(path) - strlen(name);
	f->path = strdup(path);
	f->name = strdup(name);
	if (f->path == NULL || f->name == NULL ||
		asprintf(&f->backup, "%s%s", path, NICFIX_BACKUP_SUFFIX) < 0)
		f->backup = NULL;
	if (f->backup == NULL ||
		asprintf(&f->backup_name, "%s%s", name, NICFIX_BACKUP_SUFFIX) < 0)
	{
		free(f->path);
		free(f->name);
		free(f->backup);
		goto oom;
	}
	plan->n++;
	return f;
oom:
	rdr_log_error("out of memory");
	return NULL;
}

/*
 * file_plan_add_write: plan writing new over old->name.  The plan takes
 * both files over (the caller's are emptied).
 */
bool
file_plan_add_write(FilePlan *plan, int dirfd, const char *name,
					const struct stat *st, TextFile *old, TextFile *new)
{
	PlannedFile *f = new_entry(plan, dirfd, name, old->name);
	struct stat bst;

	if (f == NULL)
		return false;
	/* an existing backup is kept; it must be a file we could restore */
	if (fstatat(dirfd, f->backup_name, &bst, AT_SYMLINK_NOFOLLOW) == 0 &&
		!S_ISREG(bst.st_mode))
	{
		rdr_log_error("backup \"%s\" exists but is not a regular file",
					  f->backup);
		rdr_log_hint("Move it away, then run rdr-nicfix again.");
		return false;
	}
	f->kind = PLAN_WRITE;
	f->st = *st;
	f->exists = true;
	f->old = *old;
	f->new = *new;
	memset(old, 0, sizeof(*old));
	memset(new, 0, sizeof(*new));
	if (st->st_nlink > 1)
		rdr_log_warning("\"%s\" has %lu hard links; the other names keep the old contents",
						f->path, (unsigned long) st->st_nlink);
	return true;
}

/*
 * file_plan_add_restore: plan restoring file name of directory dirfd
 * (dirpath for messages) from its backup, if it has one (*added says
 * whether it had).
 */
bool
file_plan_add_restore(FilePlan *plan, int dirfd, const char *dirpath,
					  const char *name, bool *added)
{
	PlannedFile *f;
	struct stat bst;
	char	   *path;

	*added = false;
	if (asprintf(&path, "%s/%s", dirpath, name) < 0)
	{
		rdr_log_error("out of memory");
		return false;
	}
	f = new_entry(plan, dirfd, name, path);
	free(path);
	if (f == NULL)
		return false;
	if (fstatat(dirfd, f->backup_name, &bst, AT_SYMLINK_NOFOLLOW) != 0)
	{
		int			err = errno;

		/* not a file to restore after all: drop the entry again */
		plan->n--;
		free(f->path);
		free(f->backup);
		free(f->name);
		free(f->backup_name);
		if (err == ENOENT)
			return true;
		rdr_log_error("could not stat \"%s/%s%s\": %s", dirpath, name,
					  NICFIX_BACKUP_SUFFIX, strerror(err));
		return false;
	}
	f->kind = PLAN_RESTORE;
	if (!text_read_at(&f->new, dirfd, f->backup_name, f->backup, &bst))
		return false;
	if (!text_init(&f->old, f->path))
		return false;
	if (fstatat(dirfd, name, &f->st, AT_SYMLINK_NOFOLLOW) == 0)
	{
		f->exists = true;
		text_free(&f->old);
		if (!text_read_at(&f->old, dirfd, name, f->path, &f->st))
			return false;
	}
	else if (errno != ENOENT)
	{
		rdr_log_error("could not stat \"%s\": %s", f->path, strerror(errno));
		return false;
	}
	*added = true;
	return true;
}

/*
 * file_plan_diff: the unified diff of every planned file, with paths
 * relative to root ("a/etc/..."), for "patch -p1 -d ROOT".
 */
bool
file_plan_diff(const FilePlan *plan, FILE *out, const char *root)
{
	size_t		rl = strlen(root);
	size_t		i;

	for (i = 0; i < plan->n; i++)
	{
		const PlannedFile *f = &plan->files[i];
		const char *rel = f->path;
		char	   *a;
		char	   *b;
		bool		ok;

		if (rl > 0 && strncmp(rel, root, rl) == 0)
			rel += rl;
		if (asprintf(&a, "a%s%s", rel[0] == '/' ? "" : "/", rel) < 0)
			return false;
		if (asprintf(&b, "b%s%s", rel[0] == '/' ? "" : "/", rel) < 0)
		{
			free(a);
			return false;
		}
		ok = diff_unified(out, a, b, &f->old, &f->new);
		free(a);
		free(b);
		if (!ok)
			return false;
	}
	return fflush(out) == 0;
}

/*
 * write_all: write len bytes of buf to fd.
 */
static bool
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0)
	{
		ssize_t		n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		buf += n;
		len -= (size_t) n;
	}
	return true;
}

/*
 * create_temp: a new file ".NAME.rdr-tmp.XXXXXX" next to f, created with
 * O_EXCL | O_NOFOLLOW in f's directory (mkstemp has no *at() form); its
 * name in *tmp, its descriptor returned, -1 with errno on failure.
 */
static int
create_temp(const PlannedFile *f, char **tmp)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	int			tries;

	for (tries = 0; tries < 100; tries++)
	{
		unsigned char r[6];
		char		suffix[7];
		int			fd;
		int			k;

		if (getrandom(r, sizeof(r), 0) != (ssize_t) sizeof(r))
			return -1;
		for (k = 0; k < 6; k++)
			suffix[k] = chars[r[k] % (sizeof(chars) - 1)];
		suffix[6] = '\0';
		if (asprintf(tmp, ".%s%s%s", f->name, NICFIX_TEMP_INFIX, suffix) < 0)
		{
			*tmp = NULL;
			errno = ENOMEM;
			return -1;
		}
		fd = openat(f->dirfd, *tmp,
					O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;			/* on failure *tmp is kept for the message */
		free(*tmp);
		*tmp = NULL;
	}
	errno = EEXIST;
	return -1;
}

/*
 * write_temp: phase 1 for one file: its new contents in a fsynced temp
 * file next to it, with its mode and owner; the temp's name in *tmp.
 */
static bool
write_temp(const PlannedFile *f, char **tmp)
{
	char	   *buf = NULL;
	size_t		len;
	int			fd = -1;
	bool		ok = false;
	const char *step = "create";

	*tmp = NULL;
	buf = text_serialize(&f->new, &len);
	if (buf == NULL)
		goto done;
	fd = create_temp(f, tmp);
	if (fd < 0)
		goto fail;
	step = "write";
	if (!write_all(fd, buf, len))
		goto fail;
	step = "set the owner of";
	if (fchown(fd, f->st.st_uid, f->st.st_gid) != 0)
		goto fail;
	step = "set the mode of";
	if (fchmod(fd, f->st.st_mode & 07777) != 0)
		goto fail;
	step = "fsync";
	if (fsync(fd) != 0)
		goto fail;
	step = "close";
	if (close(fd) != 0)
	{
		fd = -1;
		goto fail;
	}
	ok = true;
	goto done;
fail:
	rdr_log_error("could not %s temp file \"%.*s%s\": %s", step,
				  (int) f->dirlen, f->path,
				  *tmp ? *tmp : f->name, strerror(errno));
	rdr_log_detail("No file has been changed.");
	if (errno == ENOSPC || errno == EDQUOT)
		rdr_log_hint("Free some space on the file system of \"%s\".", f->path);
	if (fd >= 0)
		close(fd);
	if (*tmp != NULL && strcmp(step, "create") != 0)
		unlinkat(f->dirfd, *tmp, 0);
	free(*tmp);
	*tmp = NULL;
done:
	free(buf);
	return ok;
}

/*
 * fsync_dir: make the renames in f's directory durable.
 */
static bool
fsync_dir(const PlannedFile *f)
{
	bool		ok = fsync(f->dirfd) == 0;

	if (!ok)
		rdr_log_warning("could not fsync directory of \"%s\": %s", f->path,
						strerror(errno));
	return ok;
}

/*
 * same_inode: whether the backup and the file are one inode.  That is the
 * case when a run failed after linking the backup and could not remove
 * it again (see unlink_leftover): rename() between two links of one
 * inode does nothing and succeeds, so the backup would stay for ever.
 */
static bool
same_inode(const PlannedFile *f)
{
	struct stat bst;

	return f->exists &&
		fstatat(f->dirfd, f->backup_name, &bst, AT_SYMLINK_NOFOLLOW) == 0 &&
		bst.st_dev == f->st.st_dev && bst.st_ino == f->st.st_ino;
}

/*
 * apply_restores: --undo: rename each backup over its file, in plan
 * order; the first error stops it.  The files restored so far stay
 * restored (their backups are gone), the others keep their backups, so
 * running --undo again finishes the work.
 */
static ApplyResult
apply_restores(const FilePlan *plan)
{
	size_t		i;

	for (i = 0; i < plan->n; i++)
	{
		const PlannedFile *f = &plan->files[i];
		bool		linked = same_inode(f);

		if (linked ? unlinkat(f->dirfd, f->backup_name, 0) != 0
			: renameat(f->dirfd, f->backup_name, f->dirfd, f->name) != 0)
		{
			if (linked)
				rdr_log_error("could not remove backup \"%s\": %s", f->backup,
							  strerror(errno));
			else
				rdr_log_error("could not rename \"%s\" to \"%s\": %s",
							  f->backup, f->path, strerror(errno));
			if (i > 0)
				rdr_log_detail("%zu of %zu files were restored before the error; the others keep their backups.",
							   i, plan->n);
			else
				rdr_log_detail("No file has been changed.");
			rdr_log_hint("Run rdr-nicfix --undo again once the cause is fixed.");
			return i > 0 ? APPLY_PARTIAL : APPLY_NOTHING_CHANGED;
		}
		fsync_dir(f);
		if (linked)
			rdr_log_info("%s is its backup %s already; removed the backup",
						 f->path, f->backup);
		else
			rdr_log_info("restored %s from %s", f->path, f->backup);
	}
	return APPLY_OK;
}

/*
 * unlink_leftover: remove a temp file or a backup of this run after an
 * error; a file that stays (say the directory is append-only) is named,
 * so that the admin knows what rdr left behind.
 */
static void
unlink_leftover(const PlannedFile *f, const char *name, const char *what)
{
	if (unlinkat(f->dirfd, name, 0) != 0 && errno != ENOENT)
		rdr_log_warning("could not remove %s \"%.*s%s\": %s", what,
						(int) f->dirlen, f->path, name, strerror(errno));
}

/*
 * file_plan_apply: carry the plan out (see file_plan.h for the phases).
 */
ApplyResult
file_plan_apply(const FilePlan *plan)
{
	char	  **tmp;
	bool	   *linked;
	size_t		i;
	ApplyResult result = APPLY_NOTHING_CHANGED;

	if (plan->n > 0 && plan->files[0].kind == PLAN_RESTORE)
		return apply_restores(plan);
	tmp = calloc(plan->n + 1, sizeof(char *));
	linked = calloc(plan->n + 1, sizeof(bool));
	if (tmp == NULL || linked == NULL)
	{
		rdr_log_error("out of memory");
		goto cleanup;
	}

	/* phase 1: every new content safely on disk, nothing changed yet */
	for (i = 0; i < plan->n; i++)
		if (!write_temp(&plan->files[i], &tmp[i]))
			goto cleanup;

	/* phase 2: backups of the originals, the first time only */
	for (i = 0; i < plan->n; i++)
	{
		const PlannedFile *f = &plan->files[i];

		if (linkat(f->dirfd, f->name, f->dirfd, f->backup_name, 0) == 0)
			linked[i] = true;
		else if (errno != EEXIST)
		{
			rdr_log_error("could not create backup \"%s\": %s", f->backup,
						  strerror(errno));
			rdr_log_detail("No file has been changed.");
			goto cleanup;
		}
	}

	/* phase 3: the renames */
	for (i = 0; i < plan->n; i++)
	{
		const PlannedFile *f = &plan->files[i];

		if (renameat(f->dirfd, tmp[i], f->dirfd, f->name) != 0)
		{
			rdr_log_error("could not rename \"%.*s%s\" to \"%s\": %s",
						  (int) f->dirlen, f->path, tmp[i], f->path,
						  strerror(errno));
			if (i > 0)
			{
				rdr_log_detail("%zu of %zu files were changed before the error; run rdr-nicfix --undo to restore them.",
							   i, plan->n);
				result = APPLY_PARTIAL;
				/* keep the backups of the files already changed */
				memset(linked, 0, i * sizeof(bool));
			}
			else
				rdr_log_detail("No file has been changed.");
			goto cleanup;
		}
		free(tmp[i]);
		tmp[i] = NULL;
		linked[i] = false;
		fsync_dir(f);
		rdr_log_info("updated %s (original kept as %s)", f->path, f->backup);
	}
	result = APPLY_OK;

cleanup:
	for (i = 0; tmp != NULL && i < plan->n; i++)
	{
		if (tmp[i] != NULL)
		{
			unlink_leftover(&plan->files[i], tmp[i], "temp file");
			free(tmp[i]);
		}
		if (linked != NULL && linked[i])
			unlink_leftover(&plan->files[i], plan->files[i].backup_name,
							"backup");
	}
	free(tmp);
	free(linked);
	return result;
}
