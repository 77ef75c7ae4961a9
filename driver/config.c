/*-------------------------------------------------------------------------
 *
 * config.c
 *	  The tables of rdr-failover's configuration file, and finding and
 *	  storing one setting.
 *
 * The scalar settings are one table, cf_settings[] below: section, key,
 * type, default, the steps that require it, where it lands in RdrConfig,
 * and its help text.  Loading, defaults, the required-check, --help and
 * the Markdown reference are all driven by that table.  The list
 * sections' usage and help are the second table, cf_list_sections[].
 * The other concerns of the configuration are config_*.c (the list is
 * in config_int.h).
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_lex.h"
#include "log.h"
#include "xalloc.h"

#define STEPS_REST (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS)

const Setting cf_settings[] = {
	/* API: seed Table 8.1 */
	{"API", "host", NULL, ST_STRING, NULL, STEPS_REST, OFF(api_host), 0, 0,
	"Host name of the RHEV Manager (its REST API)."},
	{"API", "port", NULL, ST_INT, "8443", 0, OFF(api_port), 1, 65535,
	"HTTPS port of the REST API."},
	{"API", "base", NULL, ST_STRING, NULL, 0, OFF(api_base), 0, 0,
	"Base path of the API: \"api\" (RHEV 3.0) or \"ovirt-engine/api\" (oVirt 4); unset: detected (ovirt-engine/api, then api)."},
	{"API", "user", NULL, ST_STRING, "admin@internal", 0, OFF(api_user), 0, 0,
	"User of the REST API, as USER@DOMAIN."},
	{"API", "pass", "password", ST_SECRET, NULL, STEPS_REST, OFF(api_password), 0, 0,
	"Password of the API user (the file must then be mode 0600 or stricter)."},
	{"API", "cert", NULL, ST_STRING, "ca.crt", 0, OFF(api_cert), 0, 0,
	"Name of the manager's CA certificate on its HTTP port."},
	{"API", "cert_port", NULL, ST_INT, "8080", 0, OFF(api_cert_port), 1, 65535,
	"HTTP port the CA certificate is fetched from."},
	{"API", "ca_file", NULL, ST_STRING, NULL, 0, OFF(api_ca_file), 0, 0,
	"Local CA file to verify the manager with, instead of fetching it."},
	{"API", "pinned_pubkey", NULL, ST_STRING, NULL, 0, OFF(api_pinned_pubkey), 0, 0,
	"Fingerprint of the manager's TLS public key, \"sha256//BASE64\"; protects the unauthenticated CA download."},
	{"API", "insecure", NULL, ST_BOOL, "no", 0, OFF(api_insecure), 0, 0,
	"yes: do not verify the manager's TLS certificate at all (loud warning)."},
	{"API", "tls_min", NULL, ST_STRING, "1.2", 0, OFF(api_tls_min), 0, 0,
	"Lowest TLS version accepted from the manager: 1.2 or 1.3; 1.0 or 1.1 only for a legacy RHEV 3.0 manager (JBoss on RHEL 6), with a warning."},
	{"API", "connect_timeout", NULL, ST_INT, "10", 0, OFF(api_connect_timeout), 1, 3600,
	"Seconds per connection attempt to the API."},
	{"API", "request_timeout", NULL, ST_INT, "60", 0, OFF(api_request_timeout), 1, 3600,
	"Seconds per API call."},
	{"API", "wait_timeout", NULL, ST_INT, "600", 0, OFF(api_wait_timeout), 1, 86400,
	"Seconds to wait for the API to answer after the engine is started."},

	/*
	 * DB: what is not set here is libpq's to decide (PGHOST, PGPORT, PGUSER,
	 * PGDATABASE, PGSERVICE, ~/.pgpass...), as for psql; see dbconn.c.  Hence
	 * no defaults in the table.
	 */
	{"DB", "user", NULL, ST_STRING, NULL, 0, OFF(db_user), 0, 0,
	"PostgreSQL user name for the rhevm database; unset: PGUSER, the service's, else postgres (the seed's default)."},
	{"DB", "pass", "password", ST_SECRET, NULL, 0, OFF(db_password), 0, 0,
	"Its password, if needed (the file must then be mode 0600 or stricter); unset: libpq's (PGPASSWORD, PGPASSFILE, ~/.pgpass)."},
	{"DB", "host", NULL, ST_STRING, NULL, 0, OFF(db_host), 0, 0,
	"Database host or socket directory; unset: libpq's (PGHOST, the service's, else the local socket)."},
	{"DB", "port", NULL, ST_INT, NULL, 0, OFF(db_port), 1, 65535,
	"Database port; unset: libpq's (PGPORT, the service's, else 5432)."},
	{"DB", "dbname", NULL, ST_STRING, NULL, 0, OFF(db_name), 0, 0,
	"Name of the manager's database; unset: PGDATABASE, the service's, else rhevm."},
	{"DB", "conninfo", NULL, ST_COMMAND, NULL, 0, OFF(db_conninfo), 0, 0,
	"A libpq connection string or URI (\"service=rhevm sslmode=verify-full\"); the other DB keys override it."},
	{"DB", "backup_file", NULL, ST_STRING, NULL, 0, OFF(db_backup_file), 0, 0,
	"Name of the pg_dump backup in working_dir (seed chapter 5: rhevm_db.pgdump); rdr inserts the date and time, so no backup is overwritten."},
	{"DB", "retries", NULL, ST_INT, "3", 0, OFF(db_retries), 0, 100,
	"Attempts of the storage transaction on a serialization failure or deadlock."},

	/* CONFIG */
	{"CONFIG", "logfile", NULL, ST_STRING, "rdr.log", 0, OFF(logfile), 0, 0,
	"Log file with timestamps; relative names are in working_dir."},
	{"CONFIG", "working_dir", NULL, ST_STRING, "/var/lib/rdr", 0, OFF(working_dir), 0, 0,
	"Directory for the log, the database backup and the run state; created mode 0700, it must belong to the user running rdr and be writable by no one else."},
	{"CONFIG", "quiet", NULL, ST_BOOL, "no", 0, OFF(quiet), 0, 0,
	"yes: as -q, errors, warnings and the report only on the terminal (the log file keeps everything)."},
	/* the seed's script keeps its command line in CONFIG[]: see seed_flags */
	{"CONFIG", "cfg_file", NULL, ST_STRING, NULL, 0, OFF(seed_cfg_file), 0, 0,
	"The seed's -c, kept in CONFIG[]; accepted and ignored (the file read is the one of -c)."},
	{"CONFIG", "fix_net", NULL, ST_STRING, NULL, 0, OFF(seed_fix_net), 0, 0,
	"The seed's -n flag: any value selects step -n, as it did in the seed's script."},
	{"CONFIG", "fix_db", NULL, ST_STRING, NULL, 0, OFF(seed_fix_db), 0, 0,
	"The seed's -d flag: any value selects step -d."},
	{"CONFIG", "fix_env", NULL, ST_STRING, NULL, 0, OFF(seed_fix_env), 0, 0,
	"The seed's -h flag: any value selects step -h."},
	{"CONFIG", "start_vms", NULL, ST_STRING, NULL, 0, OFF(seed_start_vms), 0, 0,
	"The seed's -s flag: any value selects step -s."},
	{"CONFIG", "engine_stop", NULL, ST_COMMAND, "service jbossas stop", 0, OFF(engine_stop), 0, 0,
	"Command that stops the engine (oVirt: systemctl stop ovirt-engine)."},
	{"CONFIG", "engine_start", NULL, ST_COMMAND, "service jbossas start", 0, OFF(engine_start), 0, 0,
	"Command that starts the engine (oVirt: systemctl start ovirt-engine)."},
	{"CONFIG", "manager", NULL, ST_STRING, "rhev3", 0, OFF(manager), 0, 0,
	"Manager generation whose defaults apply: rhev3 (the seed's), ovirt4, or auto (ovirt4 when the engine's etc/ovirt-engine/engine.conf.d/10-setup-database.conf exists under manager_root); see \"Manager profiles\"."},
	{"CONFIG", "manager_root", NULL, ST_STRING, "/", 0, OFF(manager_root), 0, 0,
	"Root directory under which the engine's setup files are read (tests, a copied /etc)."},
	{"CONFIG", "dwh_stop", NULL, ST_COMMAND, NULL, 0, OFF(dwh_stop), 0, 0,
	"Command that stops the other clients of the engine database, run after engine_stop (oVirt 4.x: systemctl stop ovirt-engine-dwhd, the Data Warehouse); unset: none."},
	{"CONFIG", "dwh_start", NULL, ST_COMMAND, NULL, 0, OFF(dwh_start), 0, 0,
	"Command that starts them again, after engine_start (oVirt 4.x: systemctl start ovirt-engine-dwhd); its failure is a warning."},
	{"CONFIG", "engine_timeout", NULL, ST_INT, "120", 0, OFF(engine_timeout), 1, 86400,
	"Seconds to wait for the engine's database sessions to end after the stop."},
	{"CONFIG", "host_timeout", NULL, ST_INT, "900", 0, OFF(host_timeout), 1, 86400,
	"Seconds for a host to reach its target state."},
	{"CONFIG", "install_retries", NULL, ST_INT, "2", 0, OFF(install_retries), 0, 100,
	"Approvals repeated after a backup-site host's installation failed (install_failed)."},
	{"CONFIG", "spm_timeout", NULL, ST_INT, "900", 0, OFF(spm_timeout), 1, 86400,
	"Seconds for a backup-cluster host to become SPM."},
	{"CONFIG", "vm_timeout", NULL, ST_INT, "600", 0, OFF(vm_timeout), 1, 86400,
	"Seconds for a VM move, start or (--planned) guest shutdown to complete."},
	{"CONFIG", "force_poweroff", NULL, ST_BOOL, "no", 0, OFF(force_poweroff), 0, 0,
	"--planned: yes powers off (stop) a source VM whose guest did not shut down within vm_timeout; no: such a VM stops the run before the storage switch."},
	{"CONFIG", "storage_switch_command", NULL, ST_COMMAND, NULL, 0, OFF(storage_switch_command), 0, 0,
	"--planned: command that swaps the array's replication roles (final sync, then site B's copies writable), run once the source VMs are down and its hosts in maintenance; exit status 0 lets the run go on, any other stops it before the database changes."},
	{"CONFIG", "storage_switch_timeout", NULL, ST_INT, "3600", 0, OFF(storage_switch_timeout), 1, 86400,
	"Seconds storage_switch_command may run before it is stopped and the run with it."},
	{"CONFIG", "on_vm_failure", NULL, ST_STRING, "stop", 0, OFF(on_vm_failure_s), 0, 0,
	"With START_VM groups: stop (a VM that fails stops the later groups) or continue (they start anyway)."},
	{"CONFIG", "poll_ms", NULL, ST_INT, "1000", 0, OFF(poll_ms), 10, 600000,
	"Milliseconds between two polls of the manager's states."},
	{"CONFIG", "delay_scale", NULL, ST_DOUBLE, "1", 0, OFF(delay_scale), 0, 0,
	"Factor applied to START_VM delays (tests and demos shrink them)."},
	{"CONFIG", "probe_timeout", NULL, ST_INT, "10", 0, OFF(probe_timeout), 1, 3600,
	"Seconds for each network step of a storage probe."},
	{"CONFIG", "probe_deadline", NULL, ST_INT, "120", 0, OFF(probe_deadline), 1, 86400,
	"Seconds for the whole probe of one fibre host (a host that never ends its output)."},
	{"CONFIG", "nfs_rpcbind_port", NULL, ST_INT, "111", 0, OFF(nfs_rpcbind_port), 1, 65535,
	"rpcbind port of the site-B NFS servers, asked for the mount daemon that lists their exports (the NFS port itself is 2049, or a CONNECT_TO line's)."},
	{"CONFIG", "failback_fc_host", NULL, ST_STRING, NULL, 0, OFF(failback_fc_host), 0, 0,
	"--failback: a hypervisor of site A that sees site A's fibre channel LUNs, probed over ssh (ssh_* keys, CONNECT_TO) as the fibre Storage_Domain lines' hosts are; needed to fail a fibre domain back."},
	{"CONFIG", "ssh_user", NULL, ST_STRING, "root", 0, OFF(ssh_user), 0, 0,
	"User for ssh to the fibre hypervisors."},
	{"CONFIG", "ssh_port", NULL, ST_INT, "22", 0, OFF(ssh_port), 1, 65535,
	"ssh port of the fibre hypervisors."},
	{"CONFIG", "ssh_key", NULL, ST_STRING, NULL, 0, OFF(ssh_key), 0, 0,
	"Private key for ssh (default: ~/.ssh/id_rsa)."},
	{"CONFIG", "ssh_known_hosts", NULL, ST_STRING, NULL, 0, OFF(ssh_known_hosts), 0, 0,
	"known_hosts file the hypervisors' host keys are checked against (default: ~/.ssh/known_hosts)."},
	{"CONFIG", "ssh_insecure", NULL, ST_BOOL, "no", 0, OFF(ssh_insecure), 0, 0,
	"yes: accept unknown ssh host keys (loud warning)."},
	{"CONFIG", "sysfs_root", NULL, ST_STRING, NULL, 0, OFF(sysfs_root), 0, 0,
	"Where the hypervisors' SCSI devices are listed (default: /sys/class/scsi_device)."},
	{"CONFIG", "chap_user", NULL, ST_STRING, NULL, 0, OFF(chap_user), 0, 0,
	"CHAP user for the iSCSI targets without a chap= of their own (also written to their connection rows), the seed's format."},
	{"CONFIG", "chap_password_file", NULL, ST_STRING, NULL, 0, OFF(chap_password_file), 0, 0,
	"File holding the CHAP password (mode 0600 or stricter)."},
	{"CONFIG", "iscsi_initiator", NULL, ST_STRING, NULL, 0, OFF(iscsi_initiator), 0, 0,
	"Initiator IQN used by the probe (default: iqn.2011-11.rdr.example:probe)."},
	{"CONFIG", "nicfix", NULL, ST_PATH, RDR_BINDIR "/rdr-nicfix", 0, OFF(nicfix_command), 0, 0,
		"The rdr-nicfix program run by -n, as root: an absolute path, never searched in PATH "
	"(default: where make install put it)."},
	{"CONFIG", "nicfix_root", NULL, ST_STRING, NULL, 0, OFF(nicfix_root), 0, 0,
	"Root directory rdr-nicfix works under (default: /)."},

	/*
	 * REHEARSAL: --rehearse's manager (rdr-sim --from-db on the copy). The
	 * defaults are the delays the seed observed (its sleeps: engine start 30
	 * s, approval 5 s, activation 20 + 40 s, SPM 180 s; a VM's launch and
	 * power-up).
	 */
	{"REHEARSAL", "startup_s", NULL, ST_INT, "30", 0, OFF(rh_startup_s), 0, 86400,
	"--rehearse: seconds the rehearsal manager answers 503 after it starts (the engine deploying)."},
	{"REHEARSAL", "approve_s", NULL, ST_INT, "5", 0, OFF(rh_approve_s), 0, 86400,
	"--rehearse: seconds a host installs after its approval."},
	{"REHEARSAL", "activate_s", NULL, ST_INT, "60", 0, OFF(rh_activate_s), 0, 86400,
	"--rehearse: seconds a host takes from activation to up."},
	{"REHEARSAL", "fence_release_s", NULL, ST_INT, "10", 0, OFF(rh_fence_release_s), 0, 86400,
	"--rehearse: seconds a fenced SPM takes to let go of the role."},
	{"REHEARSAL", "spm_contend_s", NULL, ST_INT, "180", 0, OFF(rh_spm_contend_s), 0, 86400,
	"--rehearse: seconds a site-B host contends before it is SPM."},
	{"REHEARSAL", "vm_launch_s", NULL, ST_INT, "5", 0, OFF(rh_vm_launch_s), 0, 86400,
	"--rehearse: seconds a started VM waits for launch."},
	{"REHEARSAL", "vm_powerup_s", NULL, ST_INT, "20", 0, OFF(rh_vm_powerup_s), 0, 86400,
	"--rehearse: seconds a VM powers up before it is up."},
	{"REHEARSAL", "time_scale", NULL, ST_DOUBLE, "1", 0, OFF(rh_time_scale), 0, 0,
	"--rehearse: factor applied to the delays above while rehearsing (the predicted RTO is scaled back); 1 rehearses in real time."},
	{"REHEARSAL", "pg_bindir", NULL, ST_PATH, NULL, 0, OFF(rh_pg_bindir), 0, 0,
	"--rehearse: directory of initdb, pg_ctl and pg_restore for the throwaway copy (the server must have the rdr extension); unset: PATH."},
	{"REHEARSAL", "pg_user", NULL, ST_STRING, "postgres", 0, OFF(rh_pg_user), 0, 0,
	"--rehearse as root: the user the throwaway copy's server runs as (initdb refuses root)."},
	{"REHEARSAL", "sim", NULL, ST_PATH, RDR_BINDIR "/rdr-sim", 0, OFF(rh_sim), 0, 0,
	"--rehearse: the rdr-sim program that plays the manager on the copy (an absolute path)."},

	/* SITE_INFO */
	{"SITE_INFO", "datacenter", NULL, ST_STRING, NULL, RDR_STEP_HOSTS | RDR_STEP_VMS,
	OFF(datacenter), 0, 0, "Name of the data center that fails over."},
	{"SITE_INFO", "main_site_cluster", NULL, ST_STRING, NULL, RDR_STEP_HOSTS,
	OFF(main_cluster), 0, 0, "Cluster of the main site (A)."},
	{"SITE_INFO", "bkup_site_cluster", NULL, ST_STRING, NULL, RDR_STEP_HOSTS,
	OFF(backup_cluster), 0, 0, "Cluster of the backup site (B)."},
};

const int	cf_n_settings = (int) (sizeof(cf_settings) / sizeof(cf_settings[0]));


const ListSection cf_list_sections[] = {
	{"Storage_Domain", "NAME nfs SERVER:/EXPORT | NAME iscsi PORTAL[:PORT][,TPGT] IQN [chap=USER:PASSWORD_FILE|chap=none] | NAME fibre HOST SCSI_SERIAL",
	"Where each storage domain lives at site B. The type is case-insensitive. chap=: this iSCSI domain's own CHAP (its probe and its connection row only; none: no CHAP); without it, CONFIG chap_user applies."},
	{"VIRT_NET", "HYPERVISOR MAC NETWORK",
	"Attach the hypervisor's NIC with that MAC address to the network."},
	{"RHEVM_NIC", "MAC IFNAME", "The manager's NIC with that MAC address is named IFNAME (-n)."},
	{"START_VM", "VM DELAY | VM [DELAY] [group=1..5] [after=VM,...] [ready=up|ip|tcp:PORT|cmd:COMMAND] [timeout=SECONDS]",
	"Start VM, DELAY seconds after the previous one, in file order (-s); with the words, a recovery plan: groups in order, each VM as soon as the VMs it comes after are ready."},
	{"CONNECT_TO", "NAME ADDRESS[:PORT]",
	"Contact the portal or host NAME at ADDRESS[:PORT]; NAME is still what goes into the database."},
	{"EXCLUDE_DOMAIN", "NAME",
	"A storage domain of the data center that deliberately stays as it is (no Storage_Domain line)."},
	{"EXCLUDE_VM", "NAME",
	"A VM of the main cluster that deliberately is not started (no START_VM line)."},
	{"DIRECT_LUN", "SITE_B_LUN_ID SITE_A_LUN_ID [SITE_A_PORTAL[:PORT][,TPGT] SITE_A_IQN]",
	"A direct-LUN disk's mirror LUNs: the failover moves the disk from SITE_A_LUN_ID to SITE_B_LUN_ID (probed on its domain's site-B target), --failback back (probed first on site A's iSCSI target, or for a fibre LUN on CONFIG failback_fc_host); name site A's iSCSI target when the disk's is not one the failover moved."},
};

const int	cf_n_list_sections =
(int) (sizeof(cf_list_sections) / sizeof(cf_list_sections[0]));

/* cf_parse_error: one error of the file at the current line; parsing goes on. */
void
cf_parse_error(Parser *p, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rdr_lex_verror(p->name, p->line, fmt, ap);
	va_end(ap);
	p->errors++;
}

/* cf_grow: make room for one more element of an array of size elem. */
void *
cf_grow(void *array, int count, size_t elem)
{
	void	   *n = xrealloc(array, (size_t) (count + 1) * elem);

	memset((char *) n + (size_t) count * elem, 0, elem);
	return n;
}

/* cf_find_setting: the table index of section/key, or -1. */
int
cf_find_setting(const char *section, const char *key)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		if (strcasecmp(cf_settings[i].section, section) != 0)
			continue;
		if (strcasecmp(cf_settings[i].key, key) == 0 ||
			(cf_settings[i].alias && strcasecmp(cf_settings[i].alias, key) == 0))
			return i;
	}
	return -1;
}

/*
 * store_setting: convert text for cf_settings[i] and store it in cfg.
 * Returns false with *why set when the text is not of the right form.
 */
static bool
store_setting(RdrConfig *cfg, int i, const char *text, const char **why)
{
	const Setting *s = &cf_settings[i];
	char	   *field = (char *) cfg + s->offset;

	switch (s->type)
	{
		case ST_PATH:
			*why = "an absolute path";
			if (text[0] != '/')
				return false;
			/* FALLTHROUGH */
		case ST_STRING:
		case ST_SECRET:
		case ST_COMMAND:
			free(*(char **) field);
			*(char **) field = xstrdup(text);
			return true;
		case ST_INT:
			*why = "an integer in range";
			return cf_parse_int(text, s->min, s->max, (int *) field);
		case ST_BOOL:
			*why = "yes or no";
			return cf_parse_bool(text, (bool *) field);
		case ST_DOUBLE:
			{
				char	   *end;
				double		v;

				*why = "a number between 0 and 1000";
				errno = 0;
				v = strtod(text, &end);
				if (errno != 0 || end == text || *end != '\0' ||
					!(v >= 0.0 && v <= 1000.0))
					return false;
				*(double *) field = v;
				return true;
			}
	}
	return false;
}

/*
 * cf_apply_defaults: every setting with a default gets it.  False after
 * logging when a default of the table is not of its setting's form (a
 * mistake in the table, which the tests load).
 */
bool
cf_apply_defaults(RdrConfig *cfg)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &cf_settings[i];
		const char *why = "";

		if (s->def && !store_setting(cfg, i, s->def, &why))
		{
			rdr_log_error("internal error: the default \"%s\" of %s %s is not %s",
						  s->def, s->section, s->key, why);
			return false;
		}
	}
	return true;
}

/* cf_parse_scalar: "SECTION KEY VALUE" of the table. */
void
cf_parse_scalar(Parser *p, char **tok, int ntok, const char *rest)
{
	int			i = cf_find_setting(tok[0], tok[1]);
	const Setting *s;
	const char *value;
	const char *why = "";

	if (i < 0)
	{
		/* "pass=Secret" (a typo) must not print the secret */
		cf_parse_error(p, "unknown key \"%.*s\" in section %s%s", (int) strcspn(tok[1], "=:"),
					   tok[1], tok[0], tok[1][strcspn(tok[1], "=:")] ? " (value not shown)" : "");
		return;
	}
	s = &cf_settings[i];
	if (s->type == ST_COMMAND)
		value = rest;
	else
	{
		if (ntok > 3)
		{
			cf_parse_error(p, "%s %s takes one value, found %d", s->section, s->key,
						   ntok - 2);
			return;
		}
		value = ntok == 3 ? tok[2] : "";
	}
	if (value[0] == '\0')
	{
		cf_parse_error(p, "%s %s needs a value", s->section, s->key);
		return;
	}
	if (p->cfg->set_line[i] != 0)
	{
		cf_parse_error(p, "%s %s is set twice (first at line %d)", s->section,
					   s->key, p->cfg->set_line[i]);
		return;
	}
	if (!store_setting(p->cfg, i, value, &why))
	{
		if (s->type == ST_INT)
			cf_parse_error(p, "invalid value \"%s\" for %s %s: expected an integer from %d to %d",
						   value, s->section, s->key, s->min, s->max);
		else
			cf_parse_error(p, "invalid value \"%s\" for %s %s: expected %s",
						   value, s->section, s->key, why);
		return;
	}
	if (s->type == ST_SECRET)
		p->has_secret = true;
	/* a connection string may carry a password too */
	if (s->offset == OFF(db_conninfo) && cf_conninfo_has_password(value))
		p->has_secret = true;
	p->cfg->set_line[i] = p->line;
}

bool
rdr_config_set_default(RdrConfig *cfg, const char *section, const char *key,
					   const char *value, const char **why)
{
	int			i = cf_find_setting(section, key);

	*why = NULL;
	if (i < 0)
	{
		/* a mistake of the caller's table (profile.c's), said as such */
		*why = "a setting of rdr-failover (internal error: no such setting)";
		return false;
	}
	if (cfg->set_line[i] != 0)
		return false;
	return store_setting(cfg, i, value, why);
}

/* setting_line: the line that set section/key, 0 if none did. */
int
rdr_config_line(const RdrConfig *cfg, const char *section, const char *key)
{
	int			i = cf_find_setting(section, key);

	return i >= 0 && cfg->set_line ? cfg->set_line[i] : 0;
}
