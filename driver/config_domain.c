/*-------------------------------------------------------------------------
 *
 * config_domain.c
 *	  Storage_Domain lines: where each storage domain lives at site B (NFS
 *	  export, iSCSI portal and target with its CHAP, fibre host and serial).
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

/*
 * parse_domain_chap: an iSCSI domain's own CHAP, "chap=USER:PASSWORD_FILE"
 * (the file is read with the global one's rules, mode 0600) or
 * "chap=none"; a password never appears in the file itself.
 */
static bool
parse_domain_chap(Parser *p, const char *tok, RdrConfDomain *d)
{
	const char *colon;

	if (strncasecmp(tok, "chap=", 5) != 0)
	{
		cf_parse_error(p, "unexpected \"%s\" after the target name: expected chap=USER:PASSWORD_FILE or chap=none",
					   tok);
		return false;
	}
	tok += 5;
	d->chap_given = true;
	if (strcasecmp(tok, "none") == 0)
		return true;
	colon = strchr(tok, ':');
	if (colon == NULL || colon == tok || colon[1] == '\0')
	{
		cf_parse_error(p, "invalid chap=%s: expected chap=USER:PASSWORD_FILE (the password in a file of mode 0600) or chap=none",
					   tok);
		return false;
	}
	d->chap_user = xstrndup(tok, (size_t) (colon - tok));
	d->chap_password_file = xstrdup(colon + 1);
	return true;
}

/*
 * cf_parse_iscsi_target: "ADDRESS[:PORT][,TPGT]" and a target name, as a
 * Storage_Domain iscsi line and a DIRECT_LUN line give them; *host is
 * malloc'd, *port and *tpgt keep their defaults when absent.  False after
 * the message.
 */
bool
cf_parse_iscsi_target(Parser *p, const char *portal, const char *iqn,
					  char **host, int *port, int *tpgt)
{
	char	   *buf = xstrdup(portal);
	char	   *comma = strchr(buf, ',');
	bool		ok = true;

	if (comma)
	{
		*comma = '\0';
		if (!cf_parse_int(comma + 1, 0, 65535, tpgt))
		{
			cf_parse_error(p, "invalid portal group \"%s\": expected an integer", comma + 1);
			ok = false;
		}
	}
	if (ok && !cf_split_host_port(buf, host, port))
	{
		cf_parse_error(p, "invalid iSCSI portal \"%s\": expected ADDRESS[:PORT][,TPGT]", buf);
		ok = false;
	}
	free(buf);
	if (!ok)
		return false;
	if (strncasecmp(iqn, "iqn.", 4) != 0 && strncasecmp(iqn, "eui.", 4) != 0 &&
		strncasecmp(iqn, "naa.", 4) != 0)
	{
		free(*host);
		*host = NULL;
		cf_parse_error(p, "invalid target name \"%s\": expected an iqn., eui. or naa. name", iqn);
		return false;
	}
	return true;
}

/* cf_parse_domain: "Storage_Domain NAME TYPE V1 [V2] [chap=...]". */
void
cf_parse_domain(Parser *p, char **tok, int ntok)
{
	RdrConfig  *cfg = p->cfg;
	RdrConfDomain d = {0};
	const char *type = ntok > 2 ? tok[2] : "";

	d.line = p->line;
	for (int i = 0; i < cfg->n_domains; i++)
		if (strcmp(cfg->domains[i].name, tok[1]) == 0)
		{
			cf_parse_error(p, "storage domain \"%s\" is configured twice (first at line %d)",
						   tok[1], cfg->domains[i].line);
			return;
		}
	if (strcasecmp(type, "nfs") == 0)
	{
		const char *colon;

		if (ntok != 4)
		{
			cf_parse_error(p, "expected \"Storage_Domain NAME nfs SERVER:/EXPORT\"");
			return;
		}
		colon = strchr(tok[3], ':');
		if (colon == NULL || colon == tok[3] || colon[1] != '/')
		{
			cf_parse_error(p, "invalid NFS export \"%s\": expected SERVER:/PATH", tok[3]);
			return;
		}
		d.type = RDR_STORAGE_NFS;
		d.export_path = xstrdup(tok[3]);
	}
	else if (strcasecmp(type, "iscsi") == 0)
	{
		char	   *portal = NULL;
		int			port = 3260;
		int			tpgt = 1;

		if (ntok != 5 && ntok != 6)
		{
			cf_parse_error(p, "expected \"Storage_Domain NAME iscsi PORTAL[:PORT][,TPGT] IQN [chap=USER:PASSWORD_FILE|chap=none]\"");
			return;
		}
		if (ntok == 6 && !parse_domain_chap(p, tok[5], &d))
			return;
		if (!cf_parse_iscsi_target(p, tok[3], tok[4], &portal, &port, &tpgt))
			return;
		d.type = RDR_STORAGE_ISCSI;
		d.portal_host = portal;
		d.portal_port = port;
		d.portal_tpgt = tpgt;
		d.iqn = xstrdup(tok[4]);
	}
	else if (strcasecmp(type, "fibre") == 0)
	{
		if (ntok != 5)
		{
			cf_parse_error(p, "expected \"Storage_Domain NAME fibre HOST SCSI_SERIAL\"");
			return;
		}
		d.type = RDR_STORAGE_FIBRE;
		d.fc_host = xstrdup(tok[3]);
		d.fc_serial = xstrdup(tok[4]);
	}
	else
	{
		cf_parse_error(p, "invalid storage type \"%s\" for domain \"%s\": expected nfs, iscsi or fibre",
					   type, tok[1]);
		return;
	}
	d.name = xstrdup(tok[1]);
	cfg->domains = cf_grow(cfg->domains, cfg->n_domains, sizeof(d));
	cfg->domains[cfg->n_domains++] = d;
}

void
rdr_config_domain_chap(const RdrConfig *cfg, const RdrConfDomain *d,
					   const char **user, const char **password)
{
	*user = d->chap_given ? d->chap_user : cfg->chap_user;
	*password = d->chap_given ? d->chap_password : cfg->chap_password;
}

const char *
rdr_config_storage_type_name(RdrStorageType type)
{
	switch (type)
	{
		case RDR_STORAGE_NFS:
			return "nfs";
		case RDR_STORAGE_ISCSI:
			return "iscsi";
		case RDR_STORAGE_FIBRE:
			return "fibre";
	}
	return "?";
}
