/*-------------------------------------------------------------------------
 *
 * config_check.c
 *	  The checks of a configuration as a whole: across lines once the file
 *	  is read, and the settings the selected steps need.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <string.h>

#include "log.h"
#include "rest_client.h"

/* cf_check_whole: checks across lines, after the whole file is read. */
void
cf_check_whole(Parser *p)
{
	RdrConfig  *cfg = p->cfg;

	p->line = 0;
	for (int i = 0; i < cfg->n_connect_to; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(cfg->connect_to[i].name, cfg->connect_to[j].name) == 0)
			{
				p->line = cfg->connect_to[i].line;
				cf_parse_error(p, "CONNECT_TO %s is set twice (first at line %d)",
							   cfg->connect_to[i].name, cfg->connect_to[j].line);
			}
	for (int i = 0; i < cfg->n_virt_net; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(cfg->virt_net[i].hypervisor, cfg->virt_net[j].hypervisor) == 0 &&
				strcmp(cfg->virt_net[i].mac, cfg->virt_net[j].mac) == 0)
			{
				p->line = cfg->virt_net[i].line;
				cf_parse_error(p, "VIRT_NET %s %s is set twice (first at line %d)",
							   cfg->virt_net[i].hypervisor, cfg->virt_net[i].mac,
							   cfg->virt_net[j].line);
			}
	if (cfg->api_tls_min && strcmp(cfg->api_tls_min, "1.0") != 0 &&
		strcmp(cfg->api_tls_min, "1.1") != 0 && strcmp(cfg->api_tls_min, "1.2") != 0 &&
		strcmp(cfg->api_tls_min, "1.3") != 0)
	{
		p->line = cfg->set_line[cf_find_setting("API", "tls_min")];
		cf_parse_error(p, "API tls_min must be 1.0, 1.1, 1.2 or 1.3, not \"%s\"", cfg->api_tls_min);
	}
	if (cfg->api_pinned_pubkey && !rdr_rest_pin_valid(cfg->api_pinned_pubkey))
	{
		p->line = cfg->set_line[cf_find_setting("API", "pinned_pubkey")];
		cf_parse_error(p, "API pinned_pubkey must be sha256//BASE64 of 44 characters "
					   "(several separated by \";\"), not \"%s\"", cfg->api_pinned_pubkey);
	}
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		for (int j = 0; j < cfg->n_domains; j++)
			if (strcmp(cfg->exclude_domain[i].name, cfg->domains[j].name) == 0)
			{
				p->line = cfg->exclude_domain[i].line;
				cf_parse_error(p, "storage domain \"%s\" is both excluded and configured (Storage_Domain at line %d)",
							   cfg->domains[j].name, cfg->domains[j].line);
			}
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		for (int j = 0; j < cfg->n_start_vm; j++)
			if (strcmp(cfg->exclude_vm[i].name, cfg->start_vm[j].vm) == 0)
			{
				p->line = cfg->exclude_vm[i].line;
				cf_parse_error(p, "VM \"%s\" is both excluded and started (START_VM at line %d)",
							   cfg->start_vm[j].vm, cfg->start_vm[j].line);
			}
	p->errors += rdr_start_plan_check(p->name, cfg->start_vm, cfg->n_start_vm,
									  &cfg->start_planned);
	p->line = cfg->set_line[cf_find_setting("CONFIG", "on_vm_failure")];
	if (!rdr_on_vm_failure_parse(cfg->on_vm_failure_s, &cfg->on_vm_failure))
		cf_parse_error(p, "CONFIG on_vm_failure must be stop or continue, not \"%s\"",
					   cfg->on_vm_failure_s);
	if ((cfg->chap_user == NULL) != (cfg->chap_password_file == NULL))
	{
		int			k = cf_find_setting("CONFIG", cfg->chap_user ? "chap_user" : "chap_password_file");

		p->line = cfg->set_line[k];
		cf_parse_error(p, "CONFIG chap_user and CONFIG chap_password_file go together");
	}
}

bool
rdr_config_check_steps(const RdrConfig *cfg, unsigned steps)
{
	int			missing = 0;

	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &cf_settings[i];

		if ((s->required & steps) == 0)
			continue;
		if (*(char *const *) ((const char *) cfg + s->offset) != NULL)
			continue;
		rdr_log_error("%s: %s %s is required by the selected steps", cfg->path,
					  s->section, s->key);
		missing++;
	}
	if ((steps & RDR_STEP_NIC) && cfg->n_nics == 0)
	{
		rdr_log_error("%s: -n needs at least one RHEVM_NIC line", cfg->path);
		missing++;
	}
	if ((steps & RDR_STEP_DB) && cfg->n_domains == 0)
	{
		rdr_log_error("%s: -d needs at least one Storage_Domain line", cfg->path);
		missing++;
	}
	return missing == 0;
}
