/*-------------------------------------------------------------------------
 *
 * config_seed.c
 *	  The seed's keys that rdr-failover honours differently from the seed's
 *	  script: the steps its CONFIG selects, the backup file's name, and a
 *	  notice for each.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

unsigned
rdr_config_seed_steps(const RdrConfig *cfg)
{
	/* the seed tested [ "${CONFIG[fix_db]}" ]: any value */
	return (cfg->seed_fix_net ? RDR_STEP_NIC : 0) |
		(cfg->seed_fix_db ? RDR_STEP_DB : 0) |
		(cfg->seed_fix_env ? RDR_STEP_HOSTS : 0) |
		(cfg->seed_start_vms ? RDR_STEP_VMS : 0);
}

void
rdr_config_backup_name(const RdrConfig *cfg, const char *dbname, const char *stamp,
					   int seq, char *buf, size_t size)
{
	char		suffix[48];
	const char *dir = cfg->working_dir;

	if (seq > 1)
		snprintf(suffix, sizeof(suffix), "-%s-%d", stamp, seq);
	else
		snprintf(suffix, sizeof(suffix), "-%s", stamp);
	if (cfg->db_backup_file)
	{
		const char *name = cfg->db_backup_file;
		const char *base = strrchr(name, '/');
		const char *dot = strrchr(base ? base + 1 : name, '.');

		/* "rhevm_db.pgdump" -> "rhevm_db-STAMP.pgdump"; absolute: as is */
		if (dot == NULL || dot == (base ? base + 1 : name))
			dot = name + strlen(name);
		snprintf(buf, size, "%s%s%.*s%s%s", name[0] == '/' ? "" : dir,
				 name[0] == '/' ? "" : "/", (int) (dot - name), name, suffix, dot);
	}
	else
		snprintf(buf, size, "%s/%s%s.dump", dir, dbname, suffix);
}

void
rdr_config_log_notices(const RdrConfig *cfg)
{
	static const char *const flags[][2] = {
		{"fix_net", "-n"}, {"fix_db", "-d"}, {"fix_env", "-h"}, {"start_vms", "-s"}
	};
	int			line;

	if ((line = rdr_config_line(cfg, "DB", "backup_file")) > 0)
	{
		char		example[4096];

		rdr_config_backup_name(cfg, "rhevm", "YYYYMMDD-HHMMSS", 1, example, sizeof(example));
		rdr_log_notice("%s:%d: DB backup_file: the backup goes to %s, a new file for each run, "
					   "verified with pg_restore --list (the seed's script overwrote %s%s%s)",
					   cfg->path, line, example,
					   cfg->db_backup_file[0] == '/' ? "" : cfg->working_dir,
					   cfg->db_backup_file[0] == '/' ? "" : "/", cfg->db_backup_file);
	}
	if ((line = rdr_config_line(cfg, "CONFIG", "quiet")) > 0)
	{
		if (cfg->quiet)
			rdr_log_notice("%s:%d: CONFIG quiet: as -q, errors, warnings and the report still reach the terminal "
						   "(the seed's script printed nothing); the log file has everything",
						   cfg->path, line);
		else
			rdr_log_notice("%s:%d: CONFIG quiet is \"no\": rdr-failover is not quiet "
						   "(the seed's script was quiet with any value)", cfg->path, line);
	}
	if ((line = rdr_config_line(cfg, "CONFIG", "cfg_file")) > 0)
		rdr_log_notice("%s:%d: CONFIG cfg_file is ignored: the configuration is the file given with -c, "
					   "as in the seed's script", cfg->path, line);
	for (int i = 0; i < 4; i++)
		if ((line = rdr_config_line(cfg, "CONFIG", flags[i][0])) > 0)
			rdr_log_notice("%s:%d: CONFIG %s selects step %s, as in the seed's script "
						   "(rdr-failover's way is the option %s)", cfg->path, line,
						   flags[i][0], flags[i][1], flags[i][1]);
}
