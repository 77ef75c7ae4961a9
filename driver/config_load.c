/*-------------------------------------------------------------------------
 *
 * config_load.c
 *	  Loading a configuration file: who may have written it, the passwords
 *	  it holds or names, the manager profile's defaults; and freeing it.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"
#include "profile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "safe_file.h"
#include "xalloc.h"

#define MAX_CONFIG_SIZE (16 * 1024 * 1024)

static bool apply_profile(RdrConfig *cfg);

/* read_secret_file: the first line of a mode-0600 file. */
static bool
read_secret_file(const char *path, const char *what, char **out)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char		buf[1024];
	ssize_t		n;

	if (fd < 0)
	{
		rdr_log_error("could not open %s \"%s\": %s", what, path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0)
	{
		rdr_log_error("%s \"%s\" is readable by group or others", what, path);
		rdr_log_hint("Run: chmod 600 %s", path);
		close(fd);
		return false;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
	{
		rdr_log_error("could not read %s \"%s\": %s", what, path, strerror(errno));
		return false;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0')
	{
		rdr_log_error("%s \"%s\" is empty", what, path);
		return false;
	}
	*out = xstrdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return true;
}

bool
rdr_config_load(const char *path, RdrConfig *cfg)
{
	int			fd;
	struct stat st;
	char	   *buf;
	size_t		len = 0;
	bool		ok;

	memset(cfg, 0, sizeof(*cfg));
	/* O_NONBLOCK: a FIFO given as -c must be refused, not waited on */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
	{
		rdr_log_error("could not open configuration file \"%s\": %s", path,
					  strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_CONFIG_SIZE)
	{
		rdr_log_error("configuration file \"%s\" is not a regular file of at most 16 MB", path);
		close(fd);
		return false;
	}

	/*
	 * The file names commands run as root (CONFIG nicfix, engine_stop,
	 * engine_start): only its owner, the user running rdr, may have written
	 * it, with or without a password inside.
	 */
	if (!rdr_check_owner(&st, path, "configuration file"))
	{
		close(fd);
		return false;
	}
	if (!rdr_lex_read_fd(fd, MAX_CONFIG_SIZE, &buf, &len))
	{
		rdr_log_error("could not read configuration file \"%s\": %s", path, strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	ok = rdr_config_parse(path, buf, len, cfg);
	explicit_bzero(buf, len);
	free(buf);
	if (!ok)
		return false;

	if (!apply_profile(cfg))
		return false;

	/* A password in a file others can read is a leaked password. */
	if (cfg->has_secret && (st.st_mode & 077) != 0)
	{
		rdr_log_error("configuration file \"%s\" holds a password and is readable by group or others",
					  path);
		rdr_log_detail("Its mode is %04o.", (unsigned) (st.st_mode & 07777));
		rdr_log_hint("Run: chmod 600 %s", path);
		return false;
	}
	if (cfg->chap_password_file &&
		!read_secret_file(cfg->chap_password_file, "CHAP password file",
						  &cfg->chap_password))
		return false;
	for (int i = 0; i < cfg->n_domains; i++)
	{
		RdrConfDomain *d = &cfg->domains[i];

		if (d->chap_password_file &&
			!read_secret_file(d->chap_password_file, "CHAP password file",
							  &d->chap_password))
		{
			rdr_log_detail("It is named by chap= of storage domain \"%s\" at %s:%d.",
						   d->name, path, d->line);
			return false;
		}
	}
	return true;
}

/* set_db_default: a DB setting from the engine's setup file */
static bool
set_db_default(void *ctx, const char *key, const char *value, const char **why)
{
	return rdr_config_set_default(ctx, "DB", key, value, why);
}

/*
 * apply_profile: CONFIG manager's defaults for every setting the file
 * does not set, and for ovirt4 the engine's setup file (profile.c).
 */
static bool
apply_profile(RdrConfig *cfg)
{
	char		setup[4096];
	bool		ovirt4;

	if (!rdr_profile_resolve(cfg->manager, cfg->manager_root ? cfg->manager_root : "/",
							 rdr_config_line(cfg, "CONFIG", "manager"), cfg->path,
							 setup, sizeof(setup), &ovirt4))
		return false;
	cfg->manager_ovirt4 = ovirt4;
	for (size_t i = 0; i < rdr_profile_n_defaults(); i++)
	{
		const char *section,
				   *key,
				   *why = NULL;
		const char *v = rdr_profile_default(ovirt4, i, &section, &key);

		if (v && !rdr_config_set_default(cfg, section, key, v, &why) && why)
		{
			/* a mistake in profile.c's table, which the tests load */
			rdr_log_error("internal error: manager %s's default \"%s\" for %s %s is not %s",
						  ovirt4 ? "ovirt4" : "rhev3", v, section, key, why);
			return false;
		}
	}
	return ovirt4 ? rdr_profile_read_setup(setup, set_db_default, cfg) : true;
}

void
rdr_config_free(RdrConfig *cfg)
{
	for (int i = 0; i < N_SETTINGS && cfg->set_line; i++)
	{
		SettingType t = cf_settings[i].type;

		if (t == ST_STRING || t == ST_SECRET || t == ST_COMMAND || t == ST_PATH)
		{
			char	  **f = (char **) ((char *) cfg + cf_settings[i].offset);

			if (*f && t == ST_SECRET)
				explicit_bzero(*f, strlen(*f));
			free(*f);
		}
	}
	for (int i = 0; i < cfg->n_domains; i++)
	{
		RdrConfDomain *d = &cfg->domains[i];

		free(d->name);
		free(d->export_path);
		free(d->fc_host);
		free(d->fc_serial);
		free(d->portal_host);
		free(d->iqn);
		free(d->chap_user);
		free(d->chap_password_file);
		if (d->chap_password)
		{
			explicit_bzero(d->chap_password, strlen(d->chap_password));
			free(d->chap_password);
		}
	}
	for (int i = 0; i < cfg->n_virt_net; i++)
	{
		free(cfg->virt_net[i].hypervisor);
		free(cfg->virt_net[i].mac);
		free(cfg->virt_net[i].network);
	}
	for (int i = 0; i < cfg->n_nics; i++)
	{
		free(cfg->nics[i].mac);
		free(cfg->nics[i].ifname);
	}
	for (int i = 0; i < cfg->n_start_vm; i++)
		rdr_start_vm_free(&cfg->start_vm[i]);
	for (int i = 0; i < cfg->n_connect_to; i++)
	{
		free(cfg->connect_to[i].name);
		free(cfg->connect_to[i].address);
	}
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		free(cfg->exclude_domain[i].name);
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		free(cfg->exclude_vm[i].name);
	for (int i = 0; i < cfg->n_direct_lun; i++)
	{
		free(cfg->direct_lun[i].b_lun_id);
		free(cfg->direct_lun[i].a_lun_id);
		free(cfg->direct_lun[i].a_portal_host);
		free(cfg->direct_lun[i].a_iqn);
	}
	free(cfg->exclude_domain);
	free(cfg->exclude_vm);
	free(cfg->direct_lun);
	if (cfg->chap_password)
	{
		explicit_bzero(cfg->chap_password, strlen(cfg->chap_password));
		free(cfg->chap_password);
	}
	free(cfg->domains);
	free(cfg->virt_net);
	free(cfg->nics);
	free(cfg->start_vm);
	free(cfg->connect_to);
	free(cfg->set_line);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}
