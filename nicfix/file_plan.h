/*-------------------------------------------------------------------------
 *
 * file_plan.h
 *	  All file changes of a run, planned in memory, then written safely.
 *
 * rdr-nicfix first plans every file (parsing errors stop the run before
 * anything is written), then writes them in three phases:
 *	1. each new content goes to a temp file in the file's own directory,
 *	   with the original's mode and owner, and is fsynced (a full disk is
 *	   found here, when nothing has been changed yet);
 *	2. the original gets its backup, once: FILE.rdr.bak, a hard link to
 *	   the original inode, so the backup is the untouched original file;
 *	3. the temp files are renamed over the originals and the directories
 *	   fsynced.
 * An error in phase 1 or 2 removes what was created and leaves every file
 * as it was.  An error in phase 3 leaves the files renamed before it
 * changed, with their backups (APPLY_PARTIAL: --undo restores them), and
 * the others as they were; the temp files and this run's new backups of
 * those others are removed, and any that cannot be is named in a warning.
 * --undo plans renames of the backups over the files; it stops at its
 * first error, and running it again finishes the work.
 *
 * Every file is reached through its directory's descriptor (opened once,
 * without following links, see beneath.h) and its name there: reads,
 * temp files (O_EXCL | O_NOFOLLOW), backups, renames and fsyncs all use
 * the *at() calls, so a directory swapped for a symbolic link after
 * planning changes nothing about where rdr writes.  The paths are for
 * messages and the diff only.
 *
 * The backup suffix is ".rdr.bak" rather than ".rdr-bak": initscripts
 * (is_ignored_file) and NetworkManager's ifcfg-rh skip ifcfg files ending
 * in ".bak", but would bring up "ifcfg-eth0.rdr-bak" as one more
 * interface, pinned to the old MAC.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_FILE_PLAN_H
#define RDR_NICFIX_FILE_PLAN_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "text_file.h"

#define NICFIX_BACKUP_SUFFIX ".rdr.bak"
#define NICFIX_TEMP_INFIX ".rdr-tmp."

typedef enum PlanKind
{
	PLAN_WRITE,					/* write new over the file */
	PLAN_RESTORE				/* rename the backup over the file */
} PlanKind;

typedef struct PlannedFile
{
	PlanKind	kind;
	int			dirfd;			/* the file's directory (the plan's) */
	char	   *name;			/* the file's name in dirfd */
	char	   *backup_name;	/* its backup's name in dirfd */
	char	   *path;			/* for messages: the file */
	char	   *backup;			/* for messages: its backup */
	size_t		dirlen;			/* path[0..dirlen) is the directory + '/' */
	struct stat st;				/* the file's status when planned */
	bool		exists;			/* the file exists (PLAN_RESTORE) */
	TextFile	old;
	TextFile	new;
} PlannedFile;

#define FILE_PLAN_MAX_DIRS 8	/* rules, ifcfg, keyfiles, .link files */

typedef struct FilePlan
{
	PlannedFile *files;
	size_t		n;
	size_t		cap;
	int			dirfds[FILE_PLAN_MAX_DIRS]; /* closed by file_plan_free */
	size_t		ndirs;
} FilePlan;

typedef enum ApplyResult
{
	APPLY_OK,					/* every planned file changed */
	APPLY_NOTHING_CHANGED,		/* an error; every file as it was */
	APPLY_PARTIAL				/* an error after some files changed */
} ApplyResult;

extern void file_plan_init(FilePlan *plan);
extern void file_plan_free(FilePlan *plan);
extern bool file_plan_own_dir(FilePlan *plan, int dirfd);
extern bool file_plan_add_write(FilePlan *plan, int dirfd, const char *name,
								const struct stat *st, TextFile *old,
								TextFile *new);
extern bool file_plan_add_restore(FilePlan *plan, int dirfd,
								  const char *dirpath, const char *name,
								  bool *added);
extern bool file_plan_diff(const FilePlan *plan, FILE *out, const char *root);
extern ApplyResult file_plan_apply(const FilePlan *plan);
extern bool is_backup_or_temp_name(const char *name);

#endif							/* RDR_NICFIX_FILE_PLAN_H */
