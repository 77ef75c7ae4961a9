/*-------------------------------------------------------------------------
 *
 * config_print.c
 *	  The settings table as text: --help-config, the Markdown of
 *	  docs/configuration.md, and the effective configuration (passwords
 *	  hidden).
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"
#include "profile.h"

#include <stdio.h>
#include <string.h>

static const char *
type_name(SettingType t)
{
	switch (t)
	{
		case ST_STRING:
			return "text";
		case ST_SECRET:
			return "password";
		case ST_COMMAND:
			return "command";
		case ST_PATH:
			return "path";
		case ST_INT:
			return "integer";
		case ST_BOOL:
			return "yes/no";
		case ST_DOUBLE:
			return "number";
	}
	return "?";
}

static void
required_text(unsigned req, char *buf, size_t size)
{
	buf[0] = '\0';
	if (req == 0)
		return;
	snprintf(buf, size, "required by%s%s%s",
			 (req & RDR_STEP_DB) ? " -d" : "",
			 (req & RDR_STEP_HOSTS) ? " -h" : "",
			 (req & RDR_STEP_VMS) ? " -s" : "");
}

void
rdr_config_print_help(FILE *out)
{
	const char *section = "";

	fprintf(out, "Configuration file: lines \"TYPE KEY VALUE...\"; '#' or ';' starts a comment line.\n");
	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &cf_settings[i];
		char		req[64];

		if (strcmp(section, s->section) != 0)
			fprintf(out, "\n%s\n", section = s->section);
		required_text(s->required, req, sizeof(req));
		fprintf(out, "  %-20s %-8s %s%s%s%s%s\n", s->key, type_name(s->type), s->help,
				s->def ? " Default: " : "", s->def ? s->def : "",
				req[0] ? "; " : "", req);
	}
	fprintf(out, "\nLists (one line each, in file order)\n");
	for (int i = 0; i < N_LIST_SECTIONS; i++)
		fprintf(out, "  %s %s\n      %s\n", cf_list_sections[i].name,
				cf_list_sections[i].usage, cf_list_sections[i].help);
	fprintf(out, "\nManager profiles (CONFIG manager): the defaults that differ; a setting of the file wins\n");
	rdr_profile_print_defaults(out);
}

void
rdr_config_print_markdown(FILE *out)
{
	const char *section = "";

	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &cf_settings[i];
		char		req[64];

		if (strcmp(section, s->section) != 0)
		{
			fprintf(out, "%s### `%s`\n\n| key | type | default | required | meaning |\n|---|---|---|---|---|\n",
					section[0] ? "\n" : "", s->section);
			section = s->section;
		}
		required_text(s->required, req, sizeof(req));
		fprintf(out, "| `%s`%s%s%s | %s | %s%s%s | %s | %s |\n", s->key,
				s->alias ? " (`" : "", s->alias ? s->alias : "", s->alias ? "`)" : "",
				type_name(s->type), s->def ? "`" : "", s->def ? s->def : "",
				s->def ? "`" : "", req, s->help);
	}
	fprintf(out, "\n### Lists\n\n| section | values | meaning |\n|---|---|---|\n");
	for (int i = 0; i < N_LIST_SECTIONS; i++)
		fprintf(out, "| `%s` | `%s` | %s |\n", cf_list_sections[i].name,
				cf_list_sections[i].usage, cf_list_sections[i].help);
	fprintf(out, "\n### Manager profiles\n\n");
	rdr_profile_print_defaults(out);
}

void
rdr_config_print(const RdrConfig *cfg, FILE *out)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &cf_settings[i];
		const char *f = (const char *) cfg + s->offset;

		fprintf(out, "%-10s %-20s ", s->section, s->key);
		switch (s->type)
		{
			case ST_STRING:
			case ST_COMMAND:
			case ST_PATH:
				if (*(char *const *) f && s->offset == OFF(db_conninfo) &&
					cf_conninfo_has_password(*(char *const *) f))
					fprintf(out, "(set, holds a password)\n");
				else
					fprintf(out, "%s\n", *(char *const *) f ? *(char *const *) f : "(unset)");
				break;
			case ST_SECRET:
				fprintf(out, "%s\n", *(char *const *) f ? "********" : "(unset)");
				break;
			case ST_INT:
				fprintf(out, "%d\n", *(const int *) f);
				break;
			case ST_BOOL:
				fprintf(out, "%s\n", *(const bool *) f ? "yes" : "no");
				break;
			case ST_DOUBLE:
				fprintf(out, "%g\n", *(const double *) f);
				break;
		}
	}
	for (int i = 0; i < cfg->n_domains; i++)
	{
		const RdrConfDomain *d = &cfg->domains[i];

		if (d->type == RDR_STORAGE_NFS)
			fprintf(out, "Storage_Domain %s nfs %s\n", d->name, d->export_path);
		else if (d->type == RDR_STORAGE_ISCSI)
			fprintf(out, "Storage_Domain %s iscsi %s:%d,%d %s%s%s%s%s\n", d->name,
					d->portal_host, d->portal_port, d->portal_tpgt, d->iqn,
					d->chap_given ? " chap=" : "",
					d->chap_given ? (d->chap_user ? d->chap_user : "none") : "",
					d->chap_user ? ":" : "", d->chap_user ? d->chap_password_file : "");
		else
			fprintf(out, "Storage_Domain %s fibre %s %s\n", d->name, d->fc_host,
					d->fc_serial);
	}
	for (int i = 0; i < cfg->n_connect_to; i++)
		fprintf(out, "CONNECT_TO %s %s%s%.0d\n", cfg->connect_to[i].name,
				cfg->connect_to[i].address, cfg->connect_to[i].port ? ":" : "",
				cfg->connect_to[i].port);
	for (int i = 0; i < cfg->n_virt_net; i++)
		fprintf(out, "VIRT_NET %s %s %s\n", cfg->virt_net[i].hypervisor,
				cfg->virt_net[i].mac, cfg->virt_net[i].network);
	for (int i = 0; i < cfg->n_nics; i++)
		fprintf(out, "RHEVM_NIC %s %s\n", cfg->nics[i].mac, cfg->nics[i].ifname);
	for (int i = 0; i < cfg->n_start_vm; i++)
		rdr_start_vm_write(out, &cfg->start_vm[i]);
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		fprintf(out, "EXCLUDE_DOMAIN %s\n", cfg->exclude_domain[i].name);
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		fprintf(out, "EXCLUDE_VM %s\n", cfg->exclude_vm[i].name);
	for (int i = 0; i < cfg->n_direct_lun; i++)
	{
		const RdrConfDirectLun *d = &cfg->direct_lun[i];

		fprintf(out, "DIRECT_LUN %s %s", d->b_lun_id, d->a_lun_id);
		if (d->a_iqn)
			fprintf(out, strchr(d->a_portal_host, ':') ? " [%s]:%d,%d %s" : " %s:%d,%d %s",
					d->a_portal_host, d->a_port, d->a_tpgt, d->a_iqn);
		fputc('\n', out);
	}
}
