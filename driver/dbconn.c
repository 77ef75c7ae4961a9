/*-------------------------------------------------------------------------
 *
 * dbconn.c
 *	  The connection to the rhevm database, made the libpq way.
 *
 * rdr used to pass every DB setting, defaults included, to libpq: port
 * 5432 then beat PGPORT, and an administrator whose shell was set up for
 * psql reached another database than psql did.  Now only what the file
 * sets is passed, and libpq fills in the rest from its environment and
 * service file.  The seed's script always used user postgres and database
 * rhevm; those two remain the fallbacks when nothing else names them,
 * because libpq's own (the login name) would never be right on a manager.
 *
 *-------------------------------------------------------------------------
 */
#include "dbconn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "numparse.h"
#include "xalloc.h"

/* Given: set and not empty (libpq treats "" as unset). */
static bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* conninfo_value: keyword's value in a parsed connection string, or NULL. */
static const char *
conninfo_value(const PQconninfoOption *opts, const char *keyword)
{
	for (const PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, keyword) == 0)
			return o->val;
	return NULL;
}

static void
add(RdrDbParams *p, const char *key, const char *val)
{
	if (p->n >= RDR_DB_MAX_PARAMS)
		abort();				/* can't happen: fewer keys than slots */
	p->keys[p->n] = key;
	p->vals[p->n++] = val;
	p->keys[p->n] = NULL;
	p->vals[p->n] = NULL;
}

void
rdr_dbconn_params(const RdrConfig *cfg, RdrDbParams *p)
{
	PQconninfoOption *ci = NULL;
	bool		service;
	bool		user_known;
	bool		dbname_known;

	memset(p, 0, sizeof(*p));
	if (cfg->db_conninfo)
		ci = PQconninfoParse(cfg->db_conninfo, NULL);	/* errors: at connect */
	service = given(getenv("PGSERVICE")) || given(conninfo_value(ci, "service"));
	user_known = cfg->db_user || given(getenv("PGUSER")) || given(conninfo_value(ci, "user"));
	dbname_known = cfg->db_name || given(getenv("PGDATABASE")) ||
		given(conninfo_value(ci, "dbname"));
	PQconninfoFree(ci);

	/* lowest priority first: each later keyword overrides an earlier one */
	add(p, "fallback_application_name", "rdr-failover");
	if (!given(getenv("PGCONNECT_TIMEOUT")))
		add(p, "connect_timeout", "10");
	/* a service names what it names; the seed's fallbacks only without one */
	if (!user_known && !service)
		add(p, "user", "postgres");
	/* the first dbname is the one expanded: the connection string */
	if (cfg->db_conninfo)
		add(p, "dbname", cfg->db_conninfo);
	if (!dbname_known && !service)
		add(p, "dbname", "rhevm");
	if (cfg->db_host)
		add(p, "host", cfg->db_host);
	if (cfg->db_port > 0)
	{
		snprintf(p->port, sizeof(p->port), "%d", cfg->db_port);
		add(p, "port", p->port);
	}
	if (cfg->db_name)
		add(p, "dbname", cfg->db_name);
	if (cfg->db_user)
		add(p, "user", cfg->db_user);
	if (cfg->db_password)
		add(p, "password", cfg->db_password);
}

/*
 * notice_once: the first connection says where libpq's environment made
 * rdr connect differently from the seed's script (postgres, rhevm).
 */
static void
notice_once(const RdrConfig *cfg, PGconn *conn)
{
	static bool done;

	if (done)
		return;
	done = true;
	if (cfg->db_user == NULL && strcmp(PQuser(conn), "postgres") != 0)
		rdr_log_notice("DB user is not set in %s: connected as \"%s\" (from the environment or service), "
					   "where the seed's script used postgres", cfg->path, PQuser(conn));
	if (cfg->db_name == NULL && strcmp(PQdb(conn), "rhevm") != 0)
		rdr_log_notice("DB dbname is not set in %s: connected to database \"%s\" (from the environment or service), "
					   "where the seed's script used rhevm", cfg->path, PQdb(conn));
}

PGconn *
rdr_dbconn_open(const RdrConfig *cfg)
{
	RdrDbParams p;
	PGconn	   *conn;

	rdr_dbconn_params(cfg, &p);
	conn = PQconnectdbParams(p.keys, p.vals, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
	{
		char		msg[1024];
		char	   *red;
		const char *host = conn ? PQhost(conn) : NULL;
		const char *port = conn ? PQport(conn) : NULL;
		const char *db = conn ? PQdb(conn) : NULL;
		const char *user = conn ? PQuser(conn) : NULL;

		snprintf(msg, sizeof(msg), "%s", conn ? PQerrorMessage(conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		red = rdr_redact(msg, cfg->db_password);
		if (given(db))
			rdr_log_error("could not connect to database \"%s\" on %s%s port %s as \"%s\"",
						  db, given(host) && host[0] == '/' ? "the socket in " : "",
						  given(host) ? host : "the local socket",
						  given(port) ? port : "5432", given(user) ? user : "?");
		else
			rdr_log_error("could not connect to the database");
		rdr_log_detail("%s", red ? red : msg);
		rdr_log_hint("Check the DB lines of %s; what they leave unset comes from libpq's environment "
					 "(PGHOST, PGPORT, PGUSER, PGDATABASE, PGSERVICE, ~/.pgpass), as for psql.",
					 cfg->path);
		free(red);
		PQfinish(conn);
		return NULL;
	}
	notice_once(cfg, conn);
	return conn;
}

/* append_quoted: key='value' with ' and \ escaped, as libpq parses it. */
static void
append_quoted(char **buf, size_t *len, size_t *cap, const char *key, const char *val)
{
	size_t		need = strlen(key) + 2 * strlen(val) + 8;

	if (*len + need >= *cap)
	{
		*cap = (*cap + need) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	*len += (size_t) snprintf(*buf + *len, *cap - *len, "%s%s='", *len ? " " : "", key);
	for (const char *c = val; *c; c++)
	{
		if (*c == '\'' || *c == '\\')
			(*buf)[(*len)++] = '\\';
		(*buf)[(*len)++] = *c;
	}
	(*buf)[(*len)++] = '\'';
	(*buf)[*len] = '\0';
}

char *
rdr_dbconn_child_conninfo(PGconn *conn, char **password)
{
	PQconninfoOption *opts = PQconninfo(conn);
	const char *pass = PQpass(conn);
	char	   *buf = xstrdup("");
	size_t		len = 0;
	size_t		cap = 1;

	/* PQconninfo returns NULL only when out of memory */
	if (opts == NULL)
		rdr_out_of_memory();
	*password = given(pass) ? xstrdup(pass) : NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++)
	{
		if (!given(o->val) || strchr(o->dispchar, 'D') != NULL)
			continue;
		/* the password goes through a file; the service is already applied */
		if (strcmp(o->keyword, "password") == 0 || strcmp(o->keyword, "service") == 0 ||
			strcmp(o->keyword, "fallback_application_name") == 0)
			continue;
		/* a password file named here would beat the child's PGPASSFILE */
		if (strcmp(o->keyword, "passfile") == 0 && *password)
			continue;
		append_quoted(&buf, &len, &cap, o->keyword, o->val);
	}
	PQconninfoFree(opts);
	return buf;
}

bool
rdr_db_number(const PGresult *res, int row, int col, int64_t min, int64_t max,
			  const char *what, int64_t *out)
{
	const char *v = PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);

	if (rdr_parse_int64(v, min, max, out))
		return true;
	rdr_log_error("the database gave %s%s%s for %s, not a number from %lld to %lld",
				  v ? "\"" : "NULL", v ? v : "", v ? "\"" : "", what,
				  (long long) min, (long long) max);
	return false;
}
