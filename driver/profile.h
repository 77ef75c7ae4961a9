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
 * rdr_profile_resolve: check CONFIG manager (set at path:line) and say
 * whether it means ovirt4 (auto: the engine's setup file exists under
 * root); the setup file's path goes to setup.  False after logging.
 */
extern bool rdr_profile_resolve(const char *manager, const char *root, int line,
								const char *path, char *setup, size_t size,
								bool *ovirt4);

/* rdr_profile_default: the i-th default of the profile, NULL: none. */
extern size_t rdr_profile_n_defaults(void);
extern const char *rdr_profile_default(bool ovirt4, size_t i,
									   const char **section, const char **key);

/*
 * rdr_profile_read_setup: each DB setting of the engine's setup file
 * (host, port, user, pass, dbname) given to set; a missing file is no
 * error; a value set refuses is logged with path:line (value not shown).
 */
typedef bool (*RdrProfileSetter) (void *ctx, const char *key, const char *value,
								  const char **why);
extern bool rdr_profile_read_setup(const char *path, RdrProfileSetter set, void *ctx);

/*
 * rdr_profile_check_database: warn when the engine database's
 * schema_version (conn's search_path must reach the engine's schema) is
 * of another generation than the profile.
 */
extern void rdr_profile_check_database(const RdrConfig *cfg, PGconn *conn);

/* rdr_profile_print_defaults: the table of defaults side by side (markdown). */
extern void rdr_profile_print_defaults(FILE *out);

#endif							/* RDR_PROFILE_H */
