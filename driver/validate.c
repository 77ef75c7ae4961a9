/*-------------------------------------------------------------------------
 *
 * validate.c
 *	  The configuration's names checked against the engine's database and
 *	  its files checked for form, before anything changes.
 *
 * A typo in a Storage_Domain name used to be found by the storage step,
 * after the backup and the engine stop; a domain of the data center that
 * no line named silently stayed at site A.  Here both are found by the
 * preflight (and by --validate), with the names that do exist, and every
 * problem is listed before the run gives up.  Only SELECTs: the engine
 * may be running.
 *
 *-------------------------------------------------------------------------
 */
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dbfix.h"
#include "known_hosts.h"
#include "log.h"
#include "xalloc.h"

/* distance: Levenshtein distance of a and b, case-insensitive, capped. */
static int
distance(const char *a, const char *b)
{
	size_t		la = strlen(a);
	size_t		lb = strlen(b);
	int			row[256];

	if (la > 250 || lb > 250)
		return 1000;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int) j;
	for (size_t i = 1; i <= la; i++)
	{
		int			prev = row[0];

		row[0] = (int) i;
		for (size_t j = 1; j <= lb; j++)
		{
			int			cur = row[j];
			int			cost = tolower((unsigned char) a[i - 1]) != tolower((unsigned char) b[j - 1]);
			int			best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/*
 * near_names: into buf, the names of list close to name ("a", "b"), or
 * all of them when none is close.  Returns whether some were close.
 */
static bool
near_names(const char *name, char *const *list, int n, char *buf, size_t size)
{
	size_t		len = 0;
	bool		close = false;
	int			limit = strlen(name) > 8 ? 3 : 2;

	/* the closest names only, if close enough */
	for (int i = 0; i < n; i++)
	{
		int			d = distance(name, list[i]);

		if (d < limit)
			limit = d;
	}
	buf[0] = '\0';
	for (int pass = 0; pass < 2 && len == 0; pass++)
		for (int i = 0; i < n; i++)
		{
			if (pass == 0 && distance(name, list[i]) > limit)
				continue;
			close = pass == 0;
			len += (size_t) snprintf(buf + len, len < size ? size - len : 0, "%s\"%s\"",
									 len ? ", " : "", list[i]);
			if (len >= size)
				len = size - 1;
		}
	if (n == 0)
		snprintf(buf, size, "none");
	return close;
}

/* query_names: the first column of sql ($1 = param) as a malloc'd array. */
static bool
query_names(PGconn *conn, const char *sql, const char *param, char ***out, int *n)
{
	const char *params[1] = {param};
	PGresult   *res = PQexecParams(conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);

	*out = NULL;
	*n = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read the engine's tables: %s", PQresultErrorMessage(res));
		rdr_log_detail("SQLSTATE %s.", PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
					   PQresultErrorField(res, PG_DIAG_SQLSTATE) : "none");
		PQclear(res);
		return false;
	}
	*n = PQntuples(res);
	*out = xcalloc((size_t) *n + 1, sizeof(char *));
	for (int i = 0; i < *n; i++)
		(*out)[i] = xstrdup(PQgetvalue(res, i, 0));
	PQclear(res);
	return true;
}

static void
free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool
in_list(const char *name, char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

int
rdr_validate_storage(const RdrConfig *cfg, PGconn *conn)
{
	RdrDbDomains dbd;
	char	  **all = NULL;
	char	  **dc_names = NULL;
	char	  **dcs = NULL;
	int			n_all = 0;
	int			n_dc = 0;
	int			n_dcs = 0;
	bool		dc_known = false;
	int			problems = 0;
	char		near[1024];

	if (!rdr_db_read_domains(conn, &dbd))
		return 1;
	all = xcalloc((size_t) dbd.count + 1, sizeof(char *));
	for (int i = 0; i < dbd.count; i++)
		all[n_all++] = dbd.items[i].name;

	if (cfg->datacenter)
	{
		if (!query_names(conn, "SELECT name FROM storage_pool ORDER BY name", NULL, &dcs, &n_dcs))
			problems++;
		else if (!in_list(cfg->datacenter, dcs, n_dcs))
		{
			near_names(cfg->datacenter, dcs, n_dcs, near, sizeof(near));
			rdr_log_error("data center \"%s\" (%s:%d) does not exist in the database",
						  cfg->datacenter, cfg->path, rdr_config_line(cfg, "SITE_INFO", "datacenter"));
			rdr_log_detail("The data centers are: %s.", near);
			rdr_log_hint("Correct SITE_INFO datacenter.");
			problems++;
		}
		else if (query_names(conn,
							 "SELECT s.storage_name FROM storage_domain_static s "
							 "JOIN storage_pool_iso_map m ON m.storage_id = s.id "
							 "JOIN storage_pool p ON p.id = m.storage_pool_id "
							 "WHERE p.name = $1 ORDER BY 1", cfg->datacenter, &dc_names, &n_dc))
			dc_known = true;
		else
			problems++;
	}

	for (int i = 0; i < cfg->n_domains; i++)
	{
		const RdrConfDomain *d = &cfg->domains[i];
		const RdrDbDomain *found = NULL;
		const char *want = rdr_config_storage_type_name(d->type);

		for (int j = 0; j < dbd.count && !found; j++)
			if (strcmp(dbd.items[j].name, d->name) == 0)
				found = &dbd.items[j];
		if (found == NULL)
		{
			bool		close = near_names(d->name, dc_known ? dc_names : all,
										   dc_known ? n_dc : n_all, near, sizeof(near));

			rdr_log_error("storage domain \"%s\" (%s:%d) does not exist in the database",
						  d->name, cfg->path, d->line);
			if (close)
				rdr_log_detail("Near names: %s.", near);
			else
				rdr_log_detail("The storage domains%s%s are: %s.", dc_known ? " of data center " : "",
							   dc_known ? cfg->datacenter : "", near);
			rdr_log_hint("Correct the name in the Storage_Domain line (names are case-sensitive).");
			problems++;
			continue;
		}
		if (strcmp(found->storage_type, want) != 0)
		{
			rdr_log_error("storage domain \"%s\" (%s:%d) is configured as %s but is %s in the database",
						  d->name, cfg->path, d->line, want, found->storage_type);
			rdr_log_hint("A domain keeps its storage type in a failover: give it a Storage_Domain line of type %s.",
						 found->storage_type);
			problems++;
		}
		if (dc_known && !in_list(d->name, dc_names, n_dc))
		{
			rdr_log_error("storage domain \"%s\" (%s:%d) is not attached to data center \"%s\"",
						  d->name, cfg->path, d->line, cfg->datacenter);
			rdr_log_hint("Remove the line, or check SITE_INFO datacenter.");
			problems++;
		}
	}

	/* every domain of the data center: configured or deliberately excluded */
	for (int j = 0; dc_known && j < n_dc; j++)
	{
		bool		covered = false;

		for (int i = 0; i < cfg->n_domains && !covered; i++)
			covered = strcmp(cfg->domains[i].name, dc_names[j]) == 0;
		for (int i = 0; i < cfg->n_exclude_domain && !covered; i++)
			covered = strcmp(cfg->exclude_domain[i].name, dc_names[j]) == 0;
		/* a misspelt line or exclusion of it is reported already */
		for (int i = 0; i < cfg->n_domains && !covered; i++)
			covered = !in_list(cfg->domains[i].name, all, n_all) &&
				distance(cfg->domains[i].name, dc_names[j]) <= (strlen(dc_names[j]) > 8 ? 3 : 2);
		for (int i = 0; i < cfg->n_exclude_domain && !covered; i++)
			covered = !in_list(cfg->exclude_domain[i].name, all, n_all) &&
				distance(cfg->exclude_domain[i].name, dc_names[j]) <= (strlen(dc_names[j]) > 8 ? 3 : 2);
		if (covered)
			continue;
		rdr_log_error("storage domain \"%s\" of data center \"%s\" has no Storage_Domain line in %s",
					  dc_names[j], cfg->datacenter, cfg->path);
		rdr_log_detail("It would stay pointed at its site-A storage.");
		rdr_log_hint("Add \"Storage_Domain %s TYPE ...\" for its site-B storage, or \"EXCLUDE_DOMAIN %s\" to leave it as it is.",
					 dc_names[j], dc_names[j]);
		problems++;
	}
	for (int i = 0; i < cfg->n_exclude_domain; i++)
	{
		const RdrConfExclude *e = &cfg->exclude_domain[i];

		if (in_list(e->name, all, n_all))
			continue;
		near_names(e->name, all, n_all, near, sizeof(near));
		rdr_log_error("excluded storage domain \"%s\" (%s:%d) does not exist in the database",
					  e->name, cfg->path, e->line);
		rdr_log_detail("The storage domains are: %s.", near);
		rdr_log_hint("Correct the name in the EXCLUDE_DOMAIN line.");
		problems++;
	}

	free_names(dc_names, n_dc);
	free_names(dcs, n_dcs);
	free(all);
	rdr_db_domains_free(&dbd);
	return problems;
}

/* read_text: the first size-1 bytes of path into buf; logs failure. */
static bool
read_text(const char *path, const char *what, const char *key, const RdrConfig *cfg,
		  char *buf, size_t size)
{
	FILE	   *f = fopen(path, "r");
	size_t		n;

	if (f == NULL)
	{
		int			line = rdr_config_line(cfg, key[0] == 'A' ? "API" : "CONFIG",
										   strchr(key, ' ') + 1);
		char		where[4200];

		if (line > 0)
			snprintf(where, sizeof(where), "%s, %s:%d", key, cfg->path, line);
		else
			snprintf(where, sizeof(where), "the default of %s", key);
		rdr_log_error("could not open %s \"%s\" (%s): %s", what, path, where, strerror(errno));
		rdr_log_hint("Correct %s, or create the file.", key);
		return false;
	}
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return true;
}

int
rdr_validate_files(const RdrConfig *cfg)
{
	static char buf[65536];
	int			problems = 0;
	bool		fibre = false;
	char		path[4096];
	const char *home = getenv("HOME");

	if (cfg->api_ca_file)
	{
		if (!read_text(cfg->api_ca_file, "CA file", "API ca_file", cfg, buf, sizeof(buf)))
			problems++;
		else if (strstr(buf, "-----BEGIN CERTIFICATE-----") == NULL ||
				 strstr(buf, "-----END CERTIFICATE-----") == NULL)
		{
			rdr_log_error("CA file \"%s\" (API ca_file, %s:%d) holds no PEM certificate",
						  cfg->api_ca_file, cfg->path, rdr_config_line(cfg, "API", "ca_file"));
			rdr_log_hint("Give the manager's CA certificate in PEM form (-----BEGIN CERTIFICATE-----).");
			problems++;
		}
	}
	for (int i = 0; i < cfg->n_domains; i++)
		fibre |= cfg->domains[i].type == RDR_STORAGE_FIBRE;
	if (fibre)
	{
		const char *key = cfg->ssh_key;

		if (key == NULL && home)
			snprintf(path, sizeof(path), "%s/.ssh/id_rsa", home), key = path;
		if (key && !read_text(key, "ssh key", "CONFIG ssh_key", cfg, buf, sizeof(buf)))
			problems++;
		else if (key && strstr(buf, "PRIVATE KEY-----") == NULL)
		{
			rdr_log_error("ssh key \"%s\" (CONFIG ssh_key) holds no private key", key);
			rdr_log_hint("Give the private key (not the .pub file) the fibre hypervisors accept.");
			problems++;
		}
	}
	if (fibre && !cfg->ssh_insecure)
	{
		const char *kh = cfg->ssh_known_hosts;

		if (kh == NULL && home)
			snprintf(path, sizeof(path), "%s/.ssh/known_hosts", home), kh = path;

		/*
		 * a line rdr-probe would skip is warned about with file:line, as it
		 * will be
		 */
		if (kh && !read_text(kh, "known_hosts file", "CONFIG ssh_known_hosts", cfg, buf, sizeof(buf)))
			problems++;
		else if (kh && rdr_known_hosts_lint(kh) < 0)
			problems++;
	}
	return problems;
}

/*
 * check_names: each wanted name (with its line) is in have; else one
 * problem each, with the near names.
 */
static int
check_name(const RdrConfig *cfg, const char *what, const char *name, int line,
		   char *const *have, int n_have, const char *fix)
{
	char		near[1024];
	bool		close;

	if (in_list(name, have, n_have))
		return 0;
	close = near_names(name, have, n_have, near, sizeof(near));
	rdr_log_error("%s \"%s\" (%s:%d) does not exist in the database", what, name, cfg->path, line);
	rdr_log_detail("%s %s.", close ? "Near names:" : "The names are:", near);
	rdr_log_hint("%s", fix);
	return 1;
}

/* has_column: whether table.column exists (the engine's schema varies). */
static bool
has_column(PGconn *conn, const char *table, const char *column)
{
	const char *params[2] = {table, column};
	PGresult   *res = PQexecParams(conn,
								   "SELECT 1 FROM pg_catalog.pg_attribute "
								   "WHERE attrelid = pg_catalog.to_regclass($1) AND attname = $2 "
								   "AND NOT attisdropped", 2, NULL, params, NULL, NULL, 0);
	bool		yes = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;

	PQclear(res);
	return yes;
}

int
rdr_validate_inventory(const RdrConfig *cfg, PGconn *conn)
{
	const char *cl_table;
	const char *cl_id;
	char		sql[1024];
	char	  **names = NULL;
	int			n = 0;
	int			problems = 0;
	bool		vm_filter;

	/* RHEV 3.x: vds_groups; oVirt 4: cluster */
	if (has_column(conn, "vds_groups", "vds_group_id"))
		cl_table = "vds_groups", cl_id = "vds_group_id";
	else if (has_column(conn, "cluster", "cluster_id"))
		cl_table = "cluster", cl_id = "cluster_id";
	else
	{
		rdr_log_verbose("clusters, networks and VMs not checked: the database has no cluster table");
		return 0;
	}

	snprintf(sql, sizeof(sql), "SELECT name FROM %s ORDER BY 1", cl_table);
	if (!query_names(conn, sql, NULL, &names, &n))
		return 1;
	if (cfg->main_cluster)
		problems += check_name(cfg, "cluster", cfg->main_cluster,
							   rdr_config_line(cfg, "SITE_INFO", "main_site_cluster"), names, n,
							   "Correct SITE_INFO main_site_cluster.");
	if (cfg->backup_cluster)
		problems += check_name(cfg, "cluster", cfg->backup_cluster,
							   rdr_config_line(cfg, "SITE_INFO", "bkup_site_cluster"), names, n,
							   "Correct SITE_INFO bkup_site_cluster.");
	free_names(names, n);

	if (cfg->datacenter && has_column(conn, "network", "storage_pool_id"))
	{
		if (!query_names(conn, "SELECT n.name FROM network n JOIN storage_pool p "
						 "ON p.id = n.storage_pool_id WHERE p.name = $1 ORDER BY 1",
						 cfg->datacenter, &names, &n))
			return problems + 1;
		for (int i = 0; i < cfg->n_virt_net; i++)
			problems += check_name(cfg, "network", cfg->virt_net[i].network, cfg->virt_net[i].line,
								   names, n, "Correct the network in the VIRT_NET line (a network of SITE_INFO datacenter).");
		free_names(names, n);
	}

	if (!has_column(conn, "vm_static", "vm_name"))
		return problems;
	/* oVirt keeps templates in vm_static too */
	vm_filter = has_column(conn, "vm_static", "entity_type");
	snprintf(sql, sizeof(sql), "SELECT vm_name FROM vm_static %s ORDER BY 1",
			 vm_filter ? "WHERE entity_type = 'VM'" : "");
	if (!query_names(conn, sql, NULL, &names, &n))
		return problems + 1;
	for (int i = 0; i < cfg->n_start_vm; i++)
		problems += check_name(cfg, "VM", cfg->start_vm[i].vm, cfg->start_vm[i].line, names, n,
							   "Correct the name in the START_VM line (names are case-sensitive).");
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		problems += check_name(cfg, "excluded VM", cfg->exclude_vm[i].name, cfg->exclude_vm[i].line,
							   names, n, "Correct the name in the EXCLUDE_VM line.");
	free_names(names, n);

	/* every VM the failover moves is started or deliberately left stopped */
	if (cfg->main_cluster && cfg->n_start_vm > 0)
	{
		snprintf(sql, sizeof(sql),
				 "SELECT s.vm_name FROM vm_static s JOIN %s c ON c.%s = s.%s "
				 "WHERE c.name = $1 %s ORDER BY 1", cl_table, cl_id, cl_id,
				 vm_filter ? "AND s.entity_type = 'VM'" : "");
		if (!query_names(conn, sql, cfg->main_cluster, &names, &n))
			return problems + 1;
		for (int j = 0; j < n; j++)
		{
			bool		covered = false;

			for (int i = 0; i < cfg->n_start_vm && !covered; i++)
				covered = strcmp(cfg->start_vm[i].vm, names[j]) == 0;
			for (int i = 0; i < cfg->n_exclude_vm && !covered; i++)
				covered = strcmp(cfg->exclude_vm[i].name, names[j]) == 0;
			if (covered)
				continue;
			rdr_log_error("VM \"%s\" of cluster \"%s\" has no START_VM line in %s",
						  names[j], cfg->main_cluster, cfg->path);
			rdr_log_detail("-h moves it to cluster \"%s\"; -s would never start it.",
						   cfg->backup_cluster ? cfg->backup_cluster : "?");
			rdr_log_hint("Add \"START_VM %s DELAY\", or \"EXCLUDE_VM %s\" to leave it stopped.",
						 names[j], names[j]);
			problems++;
		}
		free_names(names, n);
	}
	return problems;
}
