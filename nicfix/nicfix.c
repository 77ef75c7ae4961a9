/*-------------------------------------------------------------------------
 *
 * nicfix.c
 *	  Finding the files to fix under a root and planning their changes.
 *
 * Every file is read, parsed and planned before anything is written, so a
 * malformed rule or an unreadable ifcfg file stops the run with nothing
 * changed.
 *
 *-------------------------------------------------------------------------
 */
#include "nicfix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beneath.h"
#include "ifcfg.h"
#include "log.h"
#include "managers.h"
#include "nicfix_dir.h"
#include "nm_keyfile.h"
#include "systemd_link.h"
#include "udev_rules.h"

/*
 * add_if_changed: hand old/new to the plan when they differ; free them.
 */
static bool
add_if_changed(FilePlan *plan, int dirfd, const char *name,
			   const struct stat *st, TextFile *old, TextFile *new)
{
	bool		ok = true;

	if (!text_same(old, new))
		ok = file_plan_add_write(plan, dirfd, name, st, old, new);
	else
		rdr_log_verbose("%s: nothing to change", old->name);
	text_free(old);
	text_free(new);
	return ok;
}

/*
 * old_macs_for: the MACs that rules of the file gave to name (before rdr
 * changes them), other than the wanted one: a MACADDR= set to one of them
 * pins the interface to site A's hardware.
 */
static Mac *
old_macs_for(const TextFile *tf, const UdevRules *rules,
			 const NicMapEntry *e, size_t *n)
{
	Mac		   *macs = calloc(rules->n + 1, sizeof(Mac));
	size_t		i;

	*n = 0;
	if (macs == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	for (i = 0; i < rules->n; i++)
	{
		const UdevRule *r = &rules->rules[i];

		if (r->has_name && r->mac_valid &&
			r->name_at.len == strlen(e->name) &&
			memcmp(tf->lines[r->name_at.line].text + r->name_at.col, e->name,
				   r->name_at.len) == 0 &&
			!mac_equal(&r->mac, &e->mac))
			macs[(*n)++] = r->mac;
	}
	return macs;
}

/*
 * ifcfg_filter: ifcfg-* files, not our own backups.
 */
static int
ifcfg_filter(const char *name)
{
	return strncmp(name, "ifcfg-", 6) == 0 && !is_backup_or_temp_name(name);
}

/*
 * not_regular: a non-regular ifcfg file (st from lstat).  One that names
 * a wanted NIC stops the run, as the docs promise: skipping it would
 * leave the old MAC pinned with exit 0.  Another is skipped.
 */
static bool
not_regular(const char *path, const char *name, const struct stat *st,
			const NicMap *map)
{
	const char *dev = name + 6;
	const char *what = S_ISLNK(st->st_mode) ? "a symbolic link"
	: S_ISFIFO(st->st_mode) ? "a FIFO"
	: S_ISDIR(st->st_mode) ? "a directory" : "not a regular file";
	const NicMapEntry *e = nic_map_by_name(map, dev, strcspn(dev, ":"));

	if (e == NULL)
	{
		rdr_log_warning("\"%s\" is not a regular file, skipped", path);
		return true;
	}
	rdr_log_error("\"%s\" is %s, not a regular file", path, what);
	rdr_log_detail("It configures \"%s\", a NIC to be renamed; rdr-nicfix cannot rewrite it safely, and skipping it would leave the old MAC pinned.",
				   e->name);
	rdr_log_hint("Replace it by a regular file with its settings, then run rdr-nicfix again.");
	return false;
}

/*
 * plan_ifcfg_el7: plan ifcfg file old (freed here), name in dirfd, of
 * device on a manager without a rules file.  There initscripts'
 * rename_device names a NIC after the DEVICE of the ifcfg file whose
 * HWADDR is its MAC: a wanted device gets the wanted MAC as HWADDR;
 * another device's file whose HWADDR is a wanted MAC would claim that NIC
 * too, so its HWADDR is commented out.  *found is set when a file has an
 * HWADDR, named[e] when it names map entry e.
 */
static bool
plan_ifcfg_el7(const NicMap *map, const char *device, int dirfd,
			   const char *name, const struct stat *st, TextFile *old,
			   FilePlan *plan, bool *found, bool *named)
{
	const NicMapEntry *e = nic_map_by_name(map, device, strlen(device));
	TextFile	new = {0};
	Mac			hw;
	bool		has_hw;
	bool		ok;

	ok = ifcfg_hwaddr(old, &hw, &has_hw) && text_init(&new, old->name);
	*found = *found || has_hw;
	if (ok && e != NULL)
	{
		/* named when the file, as planned, has the wanted HWADDR */
		ok = ifcfg_plan_hwaddr(old, &e->mac, &new) &&
			ifcfg_hwaddr(&new, &hw, &has_hw);
		named[e - map->entries] |= has_hw && mac_equal(&hw, &e->mac);
	}
	else if (ok && has_hw && nic_map_by_mac(map, &hw) != NULL)
		ok = ifcfg_plan(old, NULL, 0, &new);
	else if (ok)
	{
		rdr_log_verbose("%s: device \"%s\" is not wanted, skipped", old->name,
						device);
		text_free(&new);
		text_free(old);
		return true;
	}
	if (ok)
		return add_if_changed(plan, dirfd, name, st, old, &new);
	text_free(&new);
	text_free(old);
	return false;
}

/*
 * plan_ifcfg: plan the ifcfg-* files of dir whose device is wanted; rules
 * is NULL on a manager without a rules file (EL7 and later).
 */
static bool
plan_ifcfg(int dirfd, const char *dir, const TextFile *rules_tf,
		   const UdevRules *rules, const NicMap *map, FilePlan *plan,
		   bool *found, bool *named)
{
	char	  **names;
	int			n;
	int			i;
	bool		ok = true;

	n = nicfix_list_dir(dirfd, dir, ifcfg_filter, &names);
	if (n < 0)
		return false;
	for (i = 0; i < n; i++)
	{
		char	   *path = NULL;
		TextFile	old;
		TextFile	new;
		struct stat st;
		char		device[IFCFG_VALUE_MAX + 1];
		const NicMapEntry *e;
		Mac		   *old_macs = NULL;
		size_t		n_old = 0;

		if (!ok)
			goto next;
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
		{
			path = NULL;
			rdr_log_error("out of memory");
			ok = false;
			goto next;
		}
		if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			!S_ISREG(st.st_mode))
		{
			ok = not_regular(path, names[i], &st, map);
			goto next;
		}
		if (!text_read_at(&old, dirfd, names[i], path, &st))
		{
			text_free(&old);
			ok = false;
			goto next;
		}
		if (!ifcfg_device(&old, names[i] + 6, device, sizeof(device)))
		{
			text_free(&old);
			ok = false;
			goto next;
		}
		if (rules == NULL)
		{
			/* EL7: no rules file, HWADDR names the NIC (ifcfg_plan_hwaddr) */
			ok = plan_ifcfg_el7(map, device, dirfd, names[i], &st, &old,
								plan, found, named);
			goto next;
		}
		e = nic_map_by_name(map, device, strlen(device));
		if (e == NULL)
		{
			rdr_log_verbose("%s: device \"%s\" is not wanted, skipped", path,
							device);
			text_free(&old);
			goto next;
		}
		old_macs = old_macs_for(rules_tf, rules, e, &n_old);
		ok = old_macs != NULL && text_init(&new, path);
		if (ok)
		{
			ok = ifcfg_plan(&old, old_macs, n_old, &new) &&
				add_if_changed(plan, dirfd, names[i], &st, &old, &new);
			text_free(&new);
		}
		text_free(&old);
		free(old_macs);
next:
		free(path);
		free(names[i]);
	}
	free(names);
	return ok;
}

/*
 * plan_without_rules: an EL7-EL9 manager: ifcfg HWADDR (in dir_fd, or
 * NICFIX_DIR_ABSENT), keyfiles and .link files, whichever the image has;
 * none of them is an error.
 */
static bool
plan_without_rules(const char *root, int dir_fd, const char *dir,
				   const NicMap *map, FilePlan *plan)
{
	bool		found = false;
	bool	   *named = calloc(map->n + 1, sizeof(bool));
	bool		ok;
	size_t		e;

	if (named == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	ok = (dir_fd == NICFIX_DIR_ABSENT ||
		  plan_ifcfg(dir_fd, dir, NULL, NULL, map, plan, &found, named)) &&
		managers_plan(root, map, plan, &found, named);
	/* a keyfile binds a profile to a name, but nothing pins the name */
	for (e = 0; ok && found && e < map->n; e++)
		if (!named[e])
			rdr_log_warning("nothing under \"%s\" names %s \"%s\" (no ifcfg HWADDR, no .link file): udev or the kernel chooses its name on site B",
							root[0] ? root : "/", map->entries[e].mac.text,
							map->entries[e].name);
	free(named);
	if (!ok)
		return false;
	if (!found)
	{
		rdr_log_error("no NIC naming found under \"%s\"", root[0] ? root : "/");
		rdr_log_detail("rdr-nicfix looks for " NICFIX_RULES_FILE " (RHEL 6), ifcfg files with HWADDR in " NICFIX_SCRIPTS_DIR " (EL7), NetworkManager keyfiles in " NM_KEYFILE_DIR " (EL8, EL9) and .link files in " SYSTEMD_LINK_DIR ".");
		rdr_log_hint("Check --root; on RHEL 6, udev writes the rules file at the first boot.");
		return false;
	}
	return true;
}

/*
 * nicfix_plan: plan the rules file and the ifcfg files under root for
 * map; stamp goes into the rules' marker lines.
 */
bool
nicfix_plan(const char *root, const NicMap *map, const char *stamp,
			FilePlan *plan)
{
	char	   *rules_path = NULL;
	char	   *dir = NULL;
	TextFile	in = {0};
	TextFile	out = {0};
	UdevRules	rules = {0};
	struct stat st;
	int			rules_fd;
	int			dir_fd;
	bool		found = true;
	bool		ok = false;

	if (asprintf(&rules_path, "%s%s", root, NICFIX_RULES_FILE) < 0 ||
		asprintf(&dir, "%s%s", root, NICFIX_SCRIPTS_DIR) < 0)
	{
		rdr_log_error("out of memory");
		goto done;
	}
	if ((rules_fd = nicfix_open_dir(root, NICFIX_RULES_DIR, plan, true)) == -1 ||
		(dir_fd = nicfix_open_dir(root, NICFIX_SCRIPTS_DIR, plan, true)) == -1)
		goto done;
	if (rules_fd == NICFIX_DIR_ABSENT ||
		(fstatat(rules_fd, NICFIX_RULES_NAME, &st, AT_SYMLINK_NOFOLLOW) != 0 &&
		 errno == ENOENT))
	{
		ok = plan_without_rules(root, dir_fd, dir, map, plan);
		goto done;
	}
	if (!text_read_at(&in, rules_fd, NICFIX_RULES_NAME, rules_path, &st))
		goto done;
	if (!udev_rules_parse(&in, &rules))
		goto done;
	if (!text_init(&out, rules_path) ||
		!udev_rules_plan(&in, &rules, map, stamp, &out))
		goto done;
	/* the plan takes "in" over, and plan_ifcfg still needs it: rules last */
	if (dir_fd == NICFIX_DIR_ABSENT)
	{
		rdr_log_error("directory \"%s\" does not exist", dir);
		rdr_log_detail("A RHEL 6 manager (it has %s) keeps its NIC settings there.",
					   NICFIX_RULES_FILE);
		goto done;
	}
	if (!plan_ifcfg(dir_fd, dir, &in, &rules, map, plan, &found, NULL) ||
		!managers_plan(root, map, plan, &found, NULL))
		goto done;
	ok = add_if_changed(plan, rules_fd, NICFIX_RULES_NAME, &st, &in, &out);
done:
	text_free(&in);
	text_free(&out);
	udev_rules_free(&rules);
	free(rules_path);
	free(dir);
	return ok;
}

/*
 * backup_filter: backups of ifcfg-* files.
 */
static int
backup_filter(const char *name)
{
	size_t		len = strlen(name);
	size_t		sl = strlen(NICFIX_BACKUP_SUFFIX);

	return strncmp(name, "ifcfg-", 6) == 0 && len > sl &&
		strcmp(name + len - sl, NICFIX_BACKUP_SUFFIX) == 0;
}

/*
 * nicfix_plan_undo: plan restoring every file under root that has a
 * backup, including an ifcfg file that was removed since.
 */
bool
nicfix_plan_undo(const char *root, FilePlan *plan)
{
	char	   *rules_dir = NULL;
	char	   *path = NULL;
	char	  **names = NULL;
	int			n = 0;
	int			i;
	int			rules_fd;
	int			dir_fd;
	bool		added;
	bool		ok = false;

	if (asprintf(&rules_dir, "%s%s", root, NICFIX_RULES_DIR) < 0 ||
		asprintf(&path, "%s%s", root, NICFIX_SCRIPTS_DIR) < 0)
	{
		rdr_log_error("out of memory");
		goto done;
	}
	if ((rules_fd = nicfix_open_dir(root, NICFIX_RULES_DIR, plan, true)) == -1 ||
		(dir_fd = nicfix_open_dir(root, NICFIX_SCRIPTS_DIR, plan, true)) == -1)
		goto done;
	if (rules_fd != NICFIX_DIR_ABSENT &&
		!file_plan_add_restore(plan, rules_fd, rules_dir, NICFIX_RULES_NAME,
							   &added))
		goto done;
	n = dir_fd == NICFIX_DIR_ABSENT ? 0 :
		nicfix_list_dir(dir_fd, path, backup_filter, &names);
	if (n < 0)
	{
		n = 0;
		goto done;
	}
	ok = true;
	for (i = 0; i < n && ok; i++)
	{
		names[i][strlen(names[i]) - strlen(NICFIX_BACKUP_SUFFIX)] = '\0';
		ok = file_plan_add_restore(plan, dir_fd, path, names[i], &added);
	}
	ok = ok && managers_plan_undo(root, plan);
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
	free(rules_dir);
	return ok;
}
