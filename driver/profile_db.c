/*-------------------------------------------------------------------------
 *
 * profile_db.c
 *	  Does the engine database say the same generation as CONFIG manager?
 *	  (Apart from profile.c, which the configuration fuzzer builds without
 *	  libpq.)
 *
 *-------------------------------------------------------------------------
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "log.h"
#include "numparse.h"

/*
 * The engine's schema_version table: one row per upgrade script, the
 * version as MMmmSSSS ("04050330": upgrade/04_05_0330_*.sql; ovirt-engine
 * packaging/dbscripts/data/00000_insert_schema_version.sql); the newest
 * row tells the generation.  RHEV 3.x wrote "03...".
 */
#define SCHEMA_VERSION_QUERY \
	"SELECT CASE WHEN pg_catalog.to_regclass('schema_version') IS NULL THEN NULL " \
	"ELSE (SELECT pg_catalog.replace(version::pg_catalog.text, '_', '') " \
	"      FROM schema_version ORDER BY id DESC LIMIT 1) END"

void
rdr_profile_check_database(const RdrConfig *cfg, PGconn *conn)
{
	PGresult   *res = PQexec(conn, SCHEMA_VERSION_QUERY);
	const char *v;
	bool		v4;
	int			major;
	char		major_text[3];

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
		PQgetisnull(res, 0, 0) || strlen(v = PQgetvalue(res, 0, 0)) < 2)
	{
		/* no such table (a partial copy, a test) or unreadable: no opinion */
		PQclear(res);
		return;
	}
	/* the major version: the first two characters ("03" of 03_00_0010) */
	major_text[0] = v[0];
	major_text[1] = v[1];
	major_text[2] = '\0';
	v4 = rdr_parse_int(major_text, 0, 99, &major) && major >= 4;
	rdr_log_verbose("the engine database's schema_version is %s (%s)", v,
					v4 ? "oVirt 4.x" : "RHEV 3.x");
	if (v4 != cfg->manager_ovirt4)
	{
		rdr_log_warning("the engine database's schema is %s (schema_version %s), but CONFIG manager is %s%s",
						v4 ? "oVirt 4.x" : "RHEV 3.x", v, cfg->manager,
						strcasecmp(cfg->manager, "auto") == 0 ?
						(cfg->manager_ovirt4 ? " (ovirt4)" : " (rhev3)") : "");
		rdr_log_hint("Set CONFIG manager %s in %s, or set the settings it changes yourself (configuration.md, \"Manager profiles\").",
					 v4 ? "ovirt4" : "rhev3", cfg->path);
	}
	PQclear(res);
}
