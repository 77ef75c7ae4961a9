/*-------------------------------------------------------------------------
 *
 * profile.c
 *	  The defaults of a manager generation (CONFIG manager).
 *
 * Every default of rdr was RHEV 3.0's, and stays so (CONFIG manager rhev3,
 * the default): the seed's configuration means what it meant.  oVirt
 * 4.x moved almost everything a failover touches:
 *
 *	- the API is on 443 under /ovirt-engine/api (Apache proxies it);
 *	- the CA is served over HTTP by the engine's PKI resource servlet,
 *	  /ovirt-engine/services/pki-resource?resource=ca-certificate&
 *	  format=X509-PEM-CA (ovirt-engine: backend/manager/modules/services,
 *	  PKIResourceServlet);
 *	- the database is "engine", owned by role "engine" (not a superuser),
 *	  with its settings in /etc/ovirt-engine/engine.conf.d/
 *	  10-setup-database.conf, written by engine-setup (ENGINE_DB_HOST,
 *	  _PORT, _USER, _PASSWORD, _DATABASE, shell syntax);
 *	- the engine is a systemd unit, ovirt-engine, and the Data Warehouse
 *	  (ovirt-engine-dwhd) is another client of its database, which
 *	  engine-setup itself stops around database work (packaging/setup/
 *	  plugins/ovirt-engine-common/base/system/hostile_services.py).
 *
 * CONFIG manager ovirt4 gives every one of these its 4.x default; any
 * setting of the file still wins.  auto picks ovirt4 when the engine's
 * setup file is there, rhev3 otherwise (RHEV 3.0 had no engine.conf.d).
 *
 *-------------------------------------------------------------------------
 */
#include "profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "log.h"
#include "xalloc.h"

typedef struct ProfileDefault
{
	const char *section;
	const char *key;
	const char *rhev3;			/* NULL: none (the table's own) */
	const char *ovirt4;
} ProfileDefault;

static const ProfileDefault defaults[] = {
	{"API", "port", "8443", "443"},
	{"API", "base", NULL, "ovirt-engine/api"},
	{"API", "cert", "ca.crt", "ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA"},
	{"API", "cert_port", "8080", "80"},
	{"DB", "dbname", "rhevm", "engine"},
	{"DB", "user", "postgres", "engine"},
	{"CONFIG", "engine_stop", "service jbossas stop", "systemctl stop ovirt-engine"},
	{"CONFIG", "engine_start", "service jbossas start", "systemctl start ovirt-engine"},
	{"CONFIG", "dwh_stop", NULL, "systemctl stop ovirt-engine-dwhd"},
	{"CONFIG", "dwh_start", NULL, "systemctl start ovirt-engine-dwhd"},
};

#define N_DEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

/* The keys of the setup file and the DB settings they stand for. */
static const struct
{
	const char *var;
	const char *key;
}			setup_keys[] = {
	{"ENGINE_DB_HOST", "host"},
	{"ENGINE_DB_PORT", "port"},
	{"ENGINE_DB_USER", "user"},
	{"ENGINE_DB_PASSWORD", "pass"},
	{"ENGINE_DB_DATABASE", "dbname"},
};

/*
 * unquote: the value of a shell assignment as engine-setup writes it:
 * "..." with \", \\ and \$ escaped, or a bare word.  In place.
 */
static void
unquote(char *v)
{
	char	   *o = v;
	size_t		len = strlen(v);

	if (len < 2 || v[0] != '"' || v[len - 1] != '"')
		return;
	v[len - 1] = '\0';
	for (char *i = v + 1; *i; i++)
	{
		if (*i == '\\' && i[1])
			i++;
		*o++ = *i;
	}
	*o = '\0';
}

/*
 * read_setup_file: the DB settings of the engine's setup file for every
 * DB key the configuration does not set.  A missing file is no error.
 */
bool
rdr_profile_read_setup(const char *path, RdrProfileSetter set, void *ctx)
{
	FILE	   *fp = fopen(path, "r");
	char		line[1024];
	int			lineno = 0;
	bool		ok = true;

	if (fp == NULL)
	{
		if (errno == ENOENT)
			return true;
		rdr_log_error("could not open the engine's database settings \"%s\": %s",
					  path, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), fp))
	{
		char	   *eq;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		unquote(eq + 1);
		for (size_t i = 0; i < sizeof(setup_keys) / sizeof(setup_keys[0]); i++)
		{
			const char *why = NULL;

			if (strcmp(line, setup_keys[i].var) != 0 || eq[1] == '\0')
				continue;
			if (!set(ctx, setup_keys[i].key, eq + 1, &why) && why)
			{
				/* the value is not shown: it may be the password */
				rdr_log_error("%s:%d: invalid %s: %s", path, lineno, line, why);
				ok = false;
			}
		}
	}
	explicit_bzero(line, sizeof(line));
	fclose(fp);
	return ok;
}

bool
rdr_profile_resolve(const char *manager, const char *root, int line,
					const char *path, char *setup, size_t size, bool *ovirt4)
{
	struct stat st;

	if (strcasecmp(manager, "rhev3") != 0 && strcasecmp(manager, "ovirt4") != 0 &&
		strcasecmp(manager, "auto") != 0)
	{
		rdr_log_error("%s:%d: invalid CONFIG manager \"%s\": expected rhev3, ovirt4 or auto",
					  path, line, manager);
		return false;
	}
	snprintf(setup, size, "%s%s%s", root,
			 root[0] && root[strlen(root) - 1] == '/' ? "" : "/", RDR_ENGINE_DB_CONF);
	if (strcasecmp(manager, "auto") == 0)
	{
		*ovirt4 = stat(setup, &st) == 0;
		rdr_log_verbose("CONFIG manager auto: %s (%s %s)", *ovirt4 ? "ovirt4" : "rhev3",
						setup, *ovirt4 ? "exists" : "does not exist");
	}
	else
		*ovirt4 = strcasecmp(manager, "ovirt4") == 0;
	return true;
}

size_t
rdr_profile_n_defaults(void)
{
	return N_DEFAULTS;
}

const char *
rdr_profile_default(bool ovirt4, size_t i, const char **section, const char **key)
{
	*section = defaults[i].section;
	*key = defaults[i].key;
	/* DB: rhev3's user and dbname are dbconn.c's fallbacks, not settings */
	if (!ovirt4 && strcmp(defaults[i].section, "DB") == 0)
		return NULL;
	return ovirt4 ? defaults[i].ovirt4 : defaults[i].rhev3;
}

void
rdr_profile_print_defaults(FILE *out)
{
	fprintf(out, "| setting | `manager rhev3` (default) | `manager ovirt4` |\n|---|---|---|\n");
	for (size_t i = 0; i < N_DEFAULTS; i++)
		fprintf(out, "| `%s %s` | %s%s%s | `%s` |\n", defaults[i].section, defaults[i].key,
				defaults[i].rhev3 ? "`" : "", defaults[i].rhev3 ? defaults[i].rhev3 : "(none)",
				defaults[i].rhev3 ? "`" : "", defaults[i].ovirt4);
}
