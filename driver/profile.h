/*-------------------------------------------------------------------------
 *
 * profile.h
 *	  CONFIG manager rhev3|ovirt4|auto: the defaults of a manager
 *	  generation, and the engine's own database settings.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROFILE_H
#define RDR_PROFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

/* libpq's, declared here: the configuration fuzzer builds without libpq */
typedef struct pg_conn PGconn;

/* Where engine-setup (oVirt >= 3.3) keeps the engine database's settings. */
#define RDR_ENGINE_DB_CONF "etc/ovirt-engine/engine.conf.d/10-setup-database.conf"

/*
 * rdr_profile_apply: resolve CONFIG manager (auto: ovirt4 when the
 * engine's setup file exists under CONFIG manager_root, else rhev3), give
 * every setting of the profile that the file does not set the profile's
 * default, and, for ovirt4, the DB settings the file does not set from
 * the setup file (host, port, user, password, database).  False after
 * logging, with file:line, a setup file that cannot be read.
 */
extern bool rdr_profile_apply(RdrConfig *cfg);

/*
 * rdr_profile_check_database: warn when the engine database's
 * schema_version (conn's search_path must reach the engine's schema) is
 * of another generation than the profile.
 */
extern void rdr_profile_check_database(const RdrConfig *cfg, PGconn *conn);

/* rdr_profile_print_defaults: the table of defaults side by side (markdown). */
extern void rdr_profile_print_defaults(FILE *out);

#endif							/* RDR_PROFILE_H */
