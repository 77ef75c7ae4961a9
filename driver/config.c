/*-------------------------------------------------------------------------
 *
 * config.c
 *	  Loading and checking rdr-failover's configuration file.
 *
 * The format is the seed's read_cfg(): "TYPE KEY VALUE1 VALUE2 VALUE3",
 * whitespace separated, TYPE case-insensitive, lines starting with '#' or
 * ';' (after blanks) ignored.  Unlike read_cfg(), nothing is silently
 * dropped: an unknown type or key, a missing or extra value, a value of
 * the wrong form or a duplicate is an error naming file:line and what was
 * expected, and every error of the file is reported before giving up.
 *
 * The scalar settings are one table, settings[] below: section, key,
 * type, default, the steps that require it, where it lands in RdrConfig,
 * and its help text.  Loading, defaults, the required-check, --help and
 * the Markdown reference are all driven by that table.
 *
 *-------------------------------------------------------------------------
 */
#include "config.h"
#include "profile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "rest_client.h"
#include "safe_file.h"
#include "xalloc.h"

#define MAX_LINE	4096
#define MAX_TOKENS	8
#define MAX_CONFIG_SIZE (16 * 1024 * 1024)

/*
 * The seed's read_cfg() splits on any white space and has no quoting: a
 * CONFIG engine_stop command keeps its quotes for the shell.  '#' and ';'
 * start comment lines only, so "#" may appear inside a value.
 */
static const RdrLexSyntax conf_syntax = {
	.blanks = RDR_LEX_ISSPACE,
	.comment_chars = "#;",
	.trailing_comment = false,
	.quotes = false,
};

typedef enum SettingType
{
	ST_STRING,					/* one word */
	ST_SECRET,					/* one word, never printed or logged */
	ST_COMMAND,					/* the rest of the line (may have blanks) */
	ST_PATH,					/* one word, an absolute path */
	ST_INT,
	ST_BOOL,
	ST_DOUBLE
} SettingType;

/* One scalar setting: the "config as a table" of the house style. */
typedef struct Setting
{
	const char *section;		/* API, DB, CONFIG, SITE_INFO */
	const char *key;
	const char *alias;			/* another accepted key, or NULL */
	SettingType type;
	const char *def;			/* default as text, NULL: none */
	unsigned	required;		/* RDR_STEP_* bits that need it */
	size_t		offset;			/* in RdrConfig */
	int			min;			/* ST_INT bounds */
	int			max;
	const char *help;
} Setting;

#define OFF(f) offsetof(RdrConfig, f)
#define STEPS_REST (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS)

static const Setting settings[] = {
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
	 * DB: what is not set here is libpq's to decide (PGHOST, PGPORT,
	 * PGUSER, PGDATABASE, PGSERVICE, ~/.pgpass...), as for psql; see
	 * dbconn.c.  Hence no defaults in the table.
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
	 * REHEARSAL: --rehearse's manager (rdr-sim --from-db on the copy).
	 * The defaults are the delays the seed observed (its sleeps: engine
	 * start 30 s, approval 5 s, activation 20 + 40 s, SPM 180 s; a VM's
	 * launch and power-up).
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

#define N_SETTINGS ((int) (sizeof(settings) / sizeof(settings[0])))

/* The list sections and the values each line takes. */
typedef struct ListSection
{
	const char *name;
	const char *usage;
	const char *help;
} ListSection;

static const ListSection list_sections[] = {
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
};

#define N_LIST_SECTIONS ((int) (sizeof(list_sections) / sizeof(list_sections[0])))

/* Parser state of one file. */
typedef struct Parser
{
	const char *name;
	int			line;
	int			errors;
	bool		has_secret;
	RdrConfig  *cfg;
} Parser;

static void parse_error(Parser *p, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* parse_error: one error of the file at the current line; parsing goes on. */
static void
parse_error(Parser *p, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rdr_lex_verror(p->name, p->line, fmt, ap);
	va_end(ap);
	p->errors++;
}

/* grow: make room for one more element of an array of size elem. */
static void *
grow(void *array, int count, size_t elem)
{
	void	   *n = xrealloc(array, (size_t) (count + 1) * elem);

	memset((char *) n + (size_t) count * elem, 0, elem);
	return n;
}

/* parse_int: a whole decimal integer within [min, max]. */
static bool
parse_int(const char *s, int min, int max, int *out)
{
	char	   *end;
	long		v;

	if (*s == '\0' || isspace((unsigned char) *s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = (int) v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "on", "true", "1"};
	static const char *const no[] = {"no", "off", "false", "0"};

	for (int i = 0; i < 4; i++)
	{
		if (strcasecmp(s, yes[i]) == 0)
			return (*out = true);
		if (strcasecmp(s, no[i]) == 0)
			return !(*out = false);
	}
	return false;
}

/*
 * parse_mac: "00:25:b3:a9:b0:02", any case; stored in lower case, the
 * form the manager and udev print.
 */
static bool
parse_mac(const char *s, char **out)
{
	char		buf[18];

	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
	{
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char) s[i]))
			return false;
		buf[i] = (char) tolower((unsigned char) s[i]);
	}
	buf[17] = '\0';
	*out = xstrdup(buf);
	return true;
}

/*
 * split_host_port: "host", "host:port", "[v6]:port" into host (malloc'd)
 * and port (unchanged when absent).  False when the port is not a port.
 */
static bool
split_host_port(const char *s, char **host, int *port)
{
	const char *colon;
	size_t		hlen;

	if (s[0] == '[')
	{
		const char *close = strchr(s, ']');

		if (close == NULL || close == s + 1)
			return false;
		if (close[1] != '\0' && close[1] != ':')
			return false;
		colon = close[1] == ':' ? close + 1 : NULL;
		*host = xstrndup(s + 1, (size_t) (close - s - 1));
	}
	else
	{
		colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL;		/* a bare IPv6 address: no port */
		hlen = colon ? (size_t) (colon - s) : strlen(s);
		if (hlen == 0)
			return false;
		*host = xstrndup(s, hlen);
	}
	if (colon && !parse_int(colon + 1, 1, 65535, port))
	{
		free(*host);
		*host = NULL;
		return false;
	}
	return true;
}

/* find_setting: the table index of section/key, or -1. */
static int
find_setting(const char *section, const char *key)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		if (strcasecmp(settings[i].section, section) != 0)
			continue;
		if (strcasecmp(settings[i].key, key) == 0 ||
			(settings[i].alias && strcasecmp(settings[i].alias, key) == 0))
			return i;
	}
	return -1;
}

/*
 * store_setting: convert text for settings[i] and store it in cfg.
 * Returns false with *why set when the text is not of the right form.
 */
static bool
store_setting(RdrConfig *cfg, int i, const char *text, const char **why)
{
	const Setting *s = &settings[i];
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
			return parse_int(text, s->min, s->max, (int *) field);
		case ST_BOOL:
			*why = "yes or no";
			return parse_bool(text, (bool *) field);
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
 * conninfo_has_password: whether a libpq connection string or URI may
 * hold a password ("password=", or "user:secret@" in a URI).  Erring on
 * the side of "yes" only makes the file's mode checked and the value
 * hidden.
 */
static bool
conninfo_has_password(const char *s)
{
	const char *at = strchr(s, '@');
	const char *scheme = strstr(s, "://");

	if (strcasestr(s, "password"))
		return true;
	return scheme && at && memchr(scheme + 3, ':', (size_t) (at - scheme - 3)) != NULL;
}

/* apply_defaults: every setting with a default gets it. */
static void
apply_defaults(RdrConfig *cfg)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		const char *why;

		if (settings[i].def && !store_setting(cfg, i, settings[i].def, &why))
			abort();			/* can't happen: the table is checked by tests */
	}
}

/* parse_scalar: "SECTION KEY VALUE" of the table. */
static void
parse_scalar(Parser *p, char **tok, int ntok, const char *rest)
{
	int			i = find_setting(tok[0], tok[1]);
	const Setting *s;
	const char *value;
	const char *why = "";

	if (i < 0)
	{
		/* "pass=Secret" (a typo) must not print the secret */
		parse_error(p, "unknown key \"%.*s\" in section %s%s", (int) strcspn(tok[1], "=:"),
					tok[1], tok[0], tok[1][strcspn(tok[1], "=:")] ? " (value not shown)" : "");
		return;
	}
	s = &settings[i];
	if (s->type == ST_COMMAND)
		value = rest;
	else
	{
		if (ntok > 3)
		{
			parse_error(p, "%s %s takes one value, found %d", s->section, s->key,
						ntok - 2);
			return;
		}
		value = ntok == 3 ? tok[2] : "";
	}
	if (value[0] == '\0')
	{
		parse_error(p, "%s %s needs a value", s->section, s->key);
		return;
	}
	if (p->cfg->set_line[i] != 0)
	{
		parse_error(p, "%s %s is set twice (first at line %d)", s->section,
					s->key, p->cfg->set_line[i]);
		return;
	}
	if (!store_setting(p->cfg, i, value, &why))
	{
		if (s->type == ST_INT)
			parse_error(p, "invalid value \"%s\" for %s %s: expected an integer from %d to %d",
						value, s->section, s->key, s->min, s->max);
		else
			parse_error(p, "invalid value \"%s\" for %s %s: expected %s",
						value, s->section, s->key, why);
		return;
	}
	if (s->type == ST_SECRET)
		p->has_secret = true;
	/* a connection string may carry a password too */
	if (s->offset == OFF(db_conninfo) && conninfo_has_password(value))
		p->has_secret = true;
	p->cfg->set_line[i] = p->line;
}

static bool apply_profile(RdrConfig *cfg);

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
		parse_error(p, "unexpected \"%s\" after the target name: expected chap=USER:PASSWORD_FILE or chap=none",
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
		parse_error(p, "invalid chap=%s: expected chap=USER:PASSWORD_FILE (the password in a file of mode 0600) or chap=none",
					tok);
		return false;
	}
	d->chap_user = xstrndup(tok, (size_t) (colon - tok));
	d->chap_password_file = xstrdup(colon + 1);
	return true;
}

/* parse_domain: "Storage_Domain NAME TYPE V1 [V2] [chap=...]". */
static void
parse_domain(Parser *p, char **tok, int ntok)
{
	RdrConfig  *cfg = p->cfg;
	RdrConfDomain d = {0};
	const char *type = ntok > 2 ? tok[2] : "";

	d.line = p->line;
	for (int i = 0; i < cfg->n_domains; i++)
		if (strcmp(cfg->domains[i].name, tok[1]) == 0)
		{
			parse_error(p, "storage domain \"%s\" is configured twice (first at line %d)",
						tok[1], cfg->domains[i].line);
			return;
		}
	if (strcasecmp(type, "nfs") == 0)
	{
		const char *colon;

		if (ntok != 4)
		{
			parse_error(p, "expected \"Storage_Domain NAME nfs SERVER:/EXPORT\"");
			return;
		}
		colon = strchr(tok[3], ':');
		if (colon == NULL || colon == tok[3] || colon[1] != '/')
		{
			parse_error(p, "invalid NFS export \"%s\": expected SERVER:/PATH", tok[3]);
			return;
		}
		d.type = RDR_STORAGE_NFS;
		d.export_path = xstrdup(tok[3]);
	}
	else if (strcasecmp(type, "iscsi") == 0)
	{
		char	   *portal = NULL;
		char	   *comma;
		int			port = 3260;
		int			tpgt = 1;

		if (ntok != 5 && ntok != 6)
		{
			parse_error(p, "expected \"Storage_Domain NAME iscsi PORTAL[:PORT][,TPGT] IQN [chap=USER:PASSWORD_FILE|chap=none]\"");
			return;
		}
		if (ntok == 6 && !parse_domain_chap(p, tok[5], &d))
			return;
		comma = strchr(tok[3], ',');
		if (comma)
		{
			*comma = '\0';
			if (!parse_int(comma + 1, 0, 65535, &tpgt))
			{
				parse_error(p, "invalid portal group \"%s\": expected an integer", comma + 1);
				return;
			}
		}
		if (!split_host_port(tok[3], &portal, &port))
		{
			parse_error(p, "invalid iSCSI portal \"%s\": expected ADDRESS[:PORT][,TPGT]", tok[3]);
			return;
		}
		if (strncasecmp(tok[4], "iqn.", 4) != 0 && strncasecmp(tok[4], "eui.", 4) != 0 &&
			strncasecmp(tok[4], "naa.", 4) != 0)
		{
			free(portal);
			parse_error(p, "invalid target name \"%s\": expected an iqn., eui. or naa. name", tok[4]);
			return;
		}
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
			parse_error(p, "expected \"Storage_Domain NAME fibre HOST SCSI_SERIAL\"");
			return;
		}
		d.type = RDR_STORAGE_FIBRE;
		d.fc_host = xstrdup(tok[3]);
		d.fc_serial = xstrdup(tok[4]);
	}
	else
	{
		parse_error(p, "invalid storage type \"%s\" for domain \"%s\": expected nfs, iscsi or fibre",
					type, tok[1]);
		return;
	}
	d.name = xstrdup(tok[1]);
	cfg->domains = grow(cfg->domains, cfg->n_domains, sizeof(d));
	cfg->domains[cfg->n_domains++] = d;
}

/* parse_start_vm: a START_VM line, its words read by start_plan.c */
static void
parse_start_vm(Parser *p, char **tok, int ntok)
{
	RdrConfStartVm v = {.line = p->line};
	char		err[512];

	if (!rdr_start_vm_parse(tok, ntok, &v, err, sizeof(err)))
	{
		parse_error(p, "%s", err);
		rdr_start_vm_free(&v);
		return;
	}
	p->cfg->start_vm = grow(p->cfg->start_vm, p->cfg->n_start_vm, sizeof(v));
	p->cfg->start_vm[p->cfg->n_start_vm++] = v;
}

/* parse_list: VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO lines. */
static void
parse_list(Parser *p, const ListSection *ls, char **tok, int ntok)
{
	RdrConfig  *cfg = p->cfg;
	int			want = 2;

	if (strcmp(ls->name, "START_VM") == 0)
	{
		parse_start_vm(p, tok, ntok);
		return;
	}
	for (const char *u = ls->usage; *u; u++)
		want += (*u == ' ');
	if (ntok != want)
	{
		parse_error(p, "expected \"%s %s\"", ls->name, ls->usage);
		return;
	}
	if (strcmp(ls->name, "VIRT_NET") == 0)
	{
		RdrConfVirtNet v = {.line = p->line};

		if (!parse_mac(tok[2], &v.mac))
		{
			parse_error(p, "invalid MAC address \"%s\": expected six hex pairs like 00:17:a4:77:24:3a", tok[2]);
			return;
		}
		v.hypervisor = xstrdup(tok[1]);
		v.network = xstrdup(tok[3]);
		cfg->virt_net = grow(cfg->virt_net, cfg->n_virt_net, sizeof(v));
		cfg->virt_net[cfg->n_virt_net++] = v;
	}
	else if (strcmp(ls->name, "RHEVM_NIC") == 0)
	{
		RdrConfNic	n = {.line = p->line};

		if (!parse_mac(tok[1], &n.mac))
		{
			parse_error(p, "invalid MAC address \"%s\": expected six hex pairs like 00:25:b3:a9:b0:02", tok[1]);
			return;
		}
		for (int i = 0; i < cfg->n_nics; i++)
			if (strcmp(cfg->nics[i].mac, n.mac) == 0 ||
				strcmp(cfg->nics[i].ifname, tok[2]) == 0)
			{
				parse_error(p, "RHEVM_NIC %s %s conflicts with line %d", tok[1], tok[2],
							cfg->nics[i].line);
				free(n.mac);
				return;
			}
		if (strlen(tok[2]) > 15 || strchr(tok[2], '/'))
		{
			parse_error(p, "invalid interface name \"%s\": expected at most 15 characters, no '/'", tok[2]);
			free(n.mac);
			return;
		}
		n.ifname = xstrdup(tok[2]);
		cfg->nics = grow(cfg->nics, cfg->n_nics, sizeof(n));
		cfg->nics[cfg->n_nics++] = n;
	}
	else if (strncmp(ls->name, "EXCLUDE_", 8) == 0)
	{
		bool		vm = strcmp(ls->name, "EXCLUDE_VM") == 0;
		RdrConfExclude **list = vm ? &cfg->exclude_vm : &cfg->exclude_domain;
		int		   *n = vm ? &cfg->n_exclude_vm : &cfg->n_exclude_domain;
		RdrConfExclude e = {.line = p->line};

		for (int i = 0; i < *n; i++)
			if (strcmp((*list)[i].name, tok[1]) == 0)
			{
				parse_error(p, "%s %s is given twice (first at line %d)", ls->name, tok[1],
							(*list)[i].line);
				return;
			}
		e.name = xstrdup(tok[1]);
		*list = grow(*list, *n, sizeof(e));
		(*list)[(*n)++] = e;
	}
	else
	{
		RdrConfConnectTo c = {.line = p->line};

		if (!split_host_port(tok[2], &c.address, &c.port))
		{
			parse_error(p, "invalid address \"%s\": expected ADDRESS[:PORT]", tok[2]);
			return;
		}
		c.name = xstrdup(tok[1]);
		cfg->connect_to = grow(cfg->connect_to, cfg->n_connect_to, sizeof(c));
		cfg->connect_to[cfg->n_connect_to++] = c;
	}
}

/*
 * parse_line: one line, without its newline.  Words are split on a copy;
 * the rest of the original line after TYPE and KEY is kept for settings
 * that take a whole command line.
 */
static void
parse_line(Parser *p, const char *line)
{
	char		words[MAX_LINE];
	char	   *tok[MAX_TOKENS];
	int			ntok;
	const char *rest;
	char		restbuf[MAX_LINE];
	size_t		rlen;

	snprintf(words, sizeof(words), "%s", line);
	if (rdr_lex_split(words, &conf_syntax, tok, MAX_TOKENS, &ntok) != RDR_LEX_OK)
	{
		/* without quotes, too many words is the only error */
		parse_error(p, "too many values (at most %d words per line)", MAX_TOKENS);
		return;
	}
	if (ntok == 0)
		return;
	if (ntok < 2)
	{
		parse_error(p, "expected \"TYPE KEY VALUE...\", found only \"%s\"", tok[0]);
		return;
	}

	/* rest: the original line after its first two words, trimmed */
	rest = rdr_lex_skip_words(line, 2, conf_syntax.blanks);
	rlen = strlen(rest);
	while (rlen > 0 && isspace((unsigned char) rest[rlen - 1]))
		rlen--;
	snprintf(restbuf, sizeof(restbuf), "%.*s", (int) rlen, rest);

	for (int i = 0; i < N_SETTINGS; i++)
		if (strcasecmp(settings[i].section, tok[0]) == 0)
		{
			parse_scalar(p, tok, ntok, restbuf);
			return;
		}
	if (strcasecmp(tok[0], "Storage_Domain") == 0)
	{
		parse_domain(p, tok, ntok);
		return;
	}
	for (int i = 1; i < N_LIST_SECTIONS; i++)
		if (strcasecmp(list_sections[i].name, tok[0]) == 0)
		{
			parse_list(p, &list_sections[i], tok, ntok);
			return;
		}
	parse_error(p, "unknown section \"%s\": expected API, DB, CONFIG, REHEARSAL, SITE_INFO, "
				"Storage_Domain, VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO, "
				"EXCLUDE_DOMAIN or EXCLUDE_VM", tok[0]);
}

/* check_whole: checks across lines, after the whole file is read. */
static void
check_whole(Parser *p)
{
	RdrConfig  *cfg = p->cfg;

	p->line = 0;
	for (int i = 0; i < cfg->n_connect_to; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(cfg->connect_to[i].name, cfg->connect_to[j].name) == 0)
			{
				p->line = cfg->connect_to[i].line;
				parse_error(p, "CONNECT_TO %s is set twice (first at line %d)",
							cfg->connect_to[i].name, cfg->connect_to[j].line);
			}
	for (int i = 0; i < cfg->n_virt_net; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(cfg->virt_net[i].hypervisor, cfg->virt_net[j].hypervisor) == 0 &&
				strcmp(cfg->virt_net[i].mac, cfg->virt_net[j].mac) == 0)
			{
				p->line = cfg->virt_net[i].line;
				parse_error(p, "VIRT_NET %s %s is set twice (first at line %d)",
							cfg->virt_net[i].hypervisor, cfg->virt_net[i].mac,
							cfg->virt_net[j].line);
			}
	if (cfg->api_tls_min && strcmp(cfg->api_tls_min, "1.0") != 0 &&
		strcmp(cfg->api_tls_min, "1.1") != 0 && strcmp(cfg->api_tls_min, "1.2") != 0 &&
		strcmp(cfg->api_tls_min, "1.3") != 0)
	{
		p->line = cfg->set_line[find_setting("API", "tls_min")];
		parse_error(p, "API tls_min must be 1.0, 1.1, 1.2 or 1.3, not \"%s\"", cfg->api_tls_min);
	}
	if (cfg->api_pinned_pubkey && !rdr_rest_pin_valid(cfg->api_pinned_pubkey))
	{
		p->line = cfg->set_line[find_setting("API", "pinned_pubkey")];
		parse_error(p, "API pinned_pubkey must be sha256//BASE64 of 44 characters "
					"(several separated by \";\"), not \"%s\"", cfg->api_pinned_pubkey);
	}
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		for (int j = 0; j < cfg->n_domains; j++)
			if (strcmp(cfg->exclude_domain[i].name, cfg->domains[j].name) == 0)
			{
				p->line = cfg->exclude_domain[i].line;
				parse_error(p, "storage domain \"%s\" is both excluded and configured (Storage_Domain at line %d)",
							cfg->domains[j].name, cfg->domains[j].line);
			}
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		for (int j = 0; j < cfg->n_start_vm; j++)
			if (strcmp(cfg->exclude_vm[i].name, cfg->start_vm[j].vm) == 0)
			{
				p->line = cfg->exclude_vm[i].line;
				parse_error(p, "VM \"%s\" is both excluded and started (START_VM at line %d)",
							cfg->start_vm[j].vm, cfg->start_vm[j].line);
			}
	p->errors += rdr_start_plan_check(p->name, cfg->start_vm, cfg->n_start_vm,
									  &cfg->start_planned);
	p->line = cfg->set_line[find_setting("CONFIG", "on_vm_failure")];
	if (!rdr_on_vm_failure_parse(cfg->on_vm_failure_s, &cfg->on_vm_failure))
		parse_error(p, "CONFIG on_vm_failure must be stop or continue, not \"%s\"",
					cfg->on_vm_failure_s);
	if ((cfg->chap_user == NULL) != (cfg->chap_password_file == NULL))
	{
		int			k = find_setting("CONFIG", cfg->chap_user ? "chap_user" : "chap_password_file");

		p->line = cfg->set_line[k];
		parse_error(p, "CONFIG chap_user and CONFIG chap_password_file go together");
	}
}

bool
rdr_config_parse(const char *name, const char *buf, size_t len, RdrConfig *cfg)
{
	Parser		p = {.name = name, .cfg = cfg};
	RdrLexLines lines;
	const char *text;
	size_t		llen;

	memset(cfg, 0, sizeof(*cfg));
	cfg->set_line = xcalloc(N_SETTINGS, sizeof(int));
	cfg->path = xstrdup(name);
	apply_defaults(cfg);

	rdr_lex_lines_init(&lines, buf, len, true);
	while (rdr_lex_next_line(&lines, &text, &llen))
	{
		char		line[MAX_LINE];

		p.line = lines.lineno;
		if (llen >= MAX_LINE)
			parse_error(&p, "line too long (more than %d bytes)", MAX_LINE - 1);
		else if (memchr(text, '\0', llen))
			parse_error(&p, "unexpected NUL byte: this is not a text file");
		else
		{
			memcpy(line, text, llen);
			line[llen] = '\0';
			parse_line(&p, line);
		}
	}
	if (p.errors == 0)
		check_whole(&p);
	cfg->has_secret = p.has_secret;
	return p.errors == 0;
}

/* read_secret_file: the first line of a mode-0600 file. */
static bool
read_secret_file(const char *path, const char *what, char **out)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char		buf[1024];
	ssize_t		n;

	if (fd < 0)
	{
		rdr_log_error("could not open %s \"%s\": %s", what, path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0)
	{
		rdr_log_error("%s \"%s\" is readable by group or others", what, path);
		rdr_log_hint("Run: chmod 600 %s", path);
		close(fd);
		return false;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
	{
		rdr_log_error("could not read %s \"%s\": %s", what, path, strerror(errno));
		return false;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0')
	{
		rdr_log_error("%s \"%s\" is empty", what, path);
		return false;
	}
	*out = xstrdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return true;
}

bool
rdr_config_load(const char *path, RdrConfig *cfg)
{
	int			fd;
	struct stat st;
	char	   *buf;
	size_t		len = 0;
	bool		ok;

	memset(cfg, 0, sizeof(*cfg));
	/* O_NONBLOCK: a FIFO given as -c must be refused, not waited on */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
	{
		rdr_log_error("could not open configuration file \"%s\": %s", path,
					  strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_CONFIG_SIZE)
	{
		rdr_log_error("configuration file \"%s\" is not a regular file of at most 16 MB", path);
		close(fd);
		return false;
	}

	/*
	 * The file names commands run as root (CONFIG nicfix, engine_stop,
	 * engine_start): only its owner, the user running rdr, may have
	 * written it, with or without a password inside.
	 */
	if (!rdr_check_owner(&st, path, "configuration file"))
	{
		close(fd);
		return false;
	}
	if (!rdr_lex_read_fd(fd, MAX_CONFIG_SIZE, &buf, &len))
	{
		rdr_log_error("could not read configuration file \"%s\": %s", path, strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	ok = rdr_config_parse(path, buf, len, cfg);
	explicit_bzero(buf, len);
	free(buf);
	if (!ok)
		return false;

	if (!apply_profile(cfg))
		return false;

	/* A password in a file others can read is a leaked password. */
	if (cfg->has_secret && (st.st_mode & 077) != 0)
	{
		rdr_log_error("configuration file \"%s\" holds a password and is readable by group or others",
					  path);
		rdr_log_detail("Its mode is %04o.", (unsigned) (st.st_mode & 07777));
		rdr_log_hint("Run: chmod 600 %s", path);
		return false;
	}
	if (cfg->chap_password_file &&
		!read_secret_file(cfg->chap_password_file, "CHAP password file",
						  &cfg->chap_password))
		return false;
	for (int i = 0; i < cfg->n_domains; i++)
	{
		RdrConfDomain *d = &cfg->domains[i];

		if (d->chap_password_file &&
			!read_secret_file(d->chap_password_file, "CHAP password file",
							  &d->chap_password))
		{
			rdr_log_detail("It is named by chap= of storage domain \"%s\" at %s:%d.",
						   d->name, path, d->line);
			return false;
		}
	}
	return true;
}

/* set_db_default: a DB setting from the engine's setup file */
static bool
set_db_default(void *ctx, const char *key, const char *value, const char **why)
{
	return rdr_config_set_default(ctx, "DB", key, value, why);
}

/*
 * apply_profile: CONFIG manager's defaults for every setting the file
 * does not set, and for ovirt4 the engine's setup file (profile.c).
 */
static bool
apply_profile(RdrConfig *cfg)
{
	char		setup[4096];
	bool		ovirt4;

	if (!rdr_profile_resolve(cfg->manager, cfg->manager_root ? cfg->manager_root : "/",
							 rdr_config_line(cfg, "CONFIG", "manager"), cfg->path,
							 setup, sizeof(setup), &ovirt4))
		return false;
	cfg->manager_ovirt4 = ovirt4;
	for (size_t i = 0; i < rdr_profile_n_defaults(); i++)
	{
		const char *section,
				   *key,
				   *why = NULL;
		const char *v = rdr_profile_default(ovirt4, i, &section, &key);

		if (v && !rdr_config_set_default(cfg, section, key, v, &why) && why)
			abort();			/* can't happen: the table is tested */
	}
	return ovirt4 ? rdr_profile_read_setup(setup, set_db_default, cfg) : true;
}

bool
rdr_config_set_default(RdrConfig *cfg, const char *section, const char *key,
					   const char *value, const char **why)
{
	int			i = find_setting(section, key);

	*why = NULL;
	if (i < 0)
		abort();				/* can't happen: profile.c's table is tested */
	if (cfg->set_line[i] != 0)
		return false;
	return store_setting(cfg, i, value, why);
}

void
rdr_config_domain_chap(const RdrConfig *cfg, const RdrConfDomain *d,
					   const char **user, const char **password)
{
	*user = d->chap_given ? d->chap_user : cfg->chap_user;
	*password = d->chap_given ? d->chap_password : cfg->chap_password;
}

bool
rdr_config_check_steps(const RdrConfig *cfg, unsigned steps)
{
	int			missing = 0;

	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &settings[i];

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

const char *
rdr_config_connect_to(const RdrConfig *cfg, const char *name, int *port)
{
	for (int i = 0; i < cfg->n_connect_to; i++)
		if (strcmp(cfg->connect_to[i].name, name) == 0)
		{
			if (cfg->connect_to[i].port > 0 && port)
				*port = cfg->connect_to[i].port;
			return cfg->connect_to[i].address;
		}
	return name;
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

void
rdr_config_free(RdrConfig *cfg)
{
	for (int i = 0; i < N_SETTINGS && cfg->set_line; i++)
	{
		SettingType t = settings[i].type;

		if (t == ST_STRING || t == ST_SECRET || t == ST_COMMAND || t == ST_PATH)
		{
			char	  **f = (char **) ((char *) cfg + settings[i].offset);

			if (*f && t == ST_SECRET)
				explicit_bzero(*f, strlen(*f));
			free(*f);
		}
	}
	for (int i = 0; i < cfg->n_domains; i++)
	{
		RdrConfDomain *d = &cfg->domains[i];

		free(d->name);
		free(d->export_path);
		free(d->fc_host);
		free(d->fc_serial);
		free(d->portal_host);
		free(d->iqn);
		free(d->chap_user);
		free(d->chap_password_file);
		if (d->chap_password)
		{
			explicit_bzero(d->chap_password, strlen(d->chap_password));
			free(d->chap_password);
		}
	}
	for (int i = 0; i < cfg->n_virt_net; i++)
	{
		free(cfg->virt_net[i].hypervisor);
		free(cfg->virt_net[i].mac);
		free(cfg->virt_net[i].network);
	}
	for (int i = 0; i < cfg->n_nics; i++)
	{
		free(cfg->nics[i].mac);
		free(cfg->nics[i].ifname);
	}
	for (int i = 0; i < cfg->n_start_vm; i++)
		rdr_start_vm_free(&cfg->start_vm[i]);
	for (int i = 0; i < cfg->n_connect_to; i++)
	{
		free(cfg->connect_to[i].name);
		free(cfg->connect_to[i].address);
	}
	for (int i = 0; i < cfg->n_exclude_domain; i++)
		free(cfg->exclude_domain[i].name);
	for (int i = 0; i < cfg->n_exclude_vm; i++)
		free(cfg->exclude_vm[i].name);
	free(cfg->exclude_domain);
	free(cfg->exclude_vm);
	if (cfg->chap_password)
	{
		explicit_bzero(cfg->chap_password, strlen(cfg->chap_password));
		free(cfg->chap_password);
	}
	free(cfg->domains);
	free(cfg->virt_net);
	free(cfg->nics);
	free(cfg->start_vm);
	free(cfg->connect_to);
	free(cfg->set_line);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

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
		const Setting *s = &settings[i];
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
		fprintf(out, "  %s %s\n      %s\n", list_sections[i].name,
				list_sections[i].usage, list_sections[i].help);
	fprintf(out, "\nManager profiles (CONFIG manager): the defaults that differ; a setting of the file wins\n");
	rdr_profile_print_defaults(out);
}

void
rdr_config_print_markdown(FILE *out)
{
	const char *section = "";

	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &settings[i];
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
		fprintf(out, "| `%s` | `%s` | %s |\n", list_sections[i].name,
				list_sections[i].usage, list_sections[i].help);	fprintf(out, "\n### Manager profiles\n\n");
	rdr_profile_print_defaults(out);
}

void
rdr_config_print(const RdrConfig *cfg, FILE *out)
{
	for (int i = 0; i < N_SETTINGS; i++)
	{
		const Setting *s = &settings[i];
		const char *f = (const char *) cfg + s->offset;

		fprintf(out, "%-10s %-20s ", s->section, s->key);
		switch (s->type)
		{
			case ST_STRING:
			case ST_COMMAND:
			case ST_PATH:
				if (*(char *const *) f && s->offset == OFF(db_conninfo) &&
					conninfo_has_password(*(char *const *) f))
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
}

/* setting_line: the line that set section/key, 0 if none did. */
int
rdr_config_line(const RdrConfig *cfg, const char *section, const char *key)
{
	int			i = find_setting(section, key);

	return i >= 0 && cfg->set_line ? cfg->set_line[i] : 0;
}

unsigned
rdr_config_seed_steps(const RdrConfig *cfg)
{
	/* the seed tested [ "${CONFIG[fix_db]}" ]: any value */
	return (cfg->seed_fix_net ? RDR_STEP_NIC : 0) |
		(cfg->seed_fix_db ? RDR_STEP_DB : 0) |
		(cfg->seed_fix_env ? RDR_STEP_HOSTS : 0) |
		(cfg->seed_start_vms ? RDR_STEP_VMS : 0);
}

void
rdr_config_backup_name(const RdrConfig *cfg, const char *dbname, const char *stamp,
					   int seq, char *buf, size_t size)
{
	char		suffix[48];
	const char *dir = cfg->working_dir;

	if (seq > 1)
		snprintf(suffix, sizeof(suffix), "-%s-%d", stamp, seq);
	else
		snprintf(suffix, sizeof(suffix), "-%s", stamp);
	if (cfg->db_backup_file)
	{
		const char *name = cfg->db_backup_file;
		const char *base = strrchr(name, '/');
		const char *dot = strrchr(base ? base + 1 : name, '.');

		/* "rhevm_db.pgdump" -> "rhevm_db-STAMP.pgdump"; absolute: as is */
		if (dot == NULL || dot == (base ? base + 1 : name))
			dot = name + strlen(name);
		snprintf(buf, size, "%s%s%.*s%s%s", name[0] == '/' ? "" : dir,
				 name[0] == '/' ? "" : "/", (int) (dot - name), name, suffix, dot);
	}
	else
		snprintf(buf, size, "%s/%s%s.dump", dir, dbname, suffix);
}

void
rdr_config_log_notices(const RdrConfig *cfg)
{
	static const char *const flags[][2] = {
		{"fix_net", "-n"}, {"fix_db", "-d"}, {"fix_env", "-h"}, {"start_vms", "-s"}
	};
	int			line;

	if ((line = rdr_config_line(cfg, "DB", "backup_file")) > 0)
	{
		char		example[4096];

		rdr_config_backup_name(cfg, "rhevm", "YYYYMMDD-HHMMSS", 1, example, sizeof(example));
		rdr_log_notice("%s:%d: DB backup_file: the backup goes to %s, a new file for each run, "
					   "verified with pg_restore --list (the seed's script overwrote %s%s%s)",
					   cfg->path, line, example,
					   cfg->db_backup_file[0] == '/' ? "" : cfg->working_dir,
					   cfg->db_backup_file[0] == '/' ? "" : "/", cfg->db_backup_file);
	}
	if ((line = rdr_config_line(cfg, "CONFIG", "quiet")) > 0)
	{
		if (cfg->quiet)
			rdr_log_notice("%s:%d: CONFIG quiet: as -q, errors, warnings and the report still reach the terminal "
						   "(the seed's script printed nothing); the log file has everything",
						   cfg->path, line);
		else
			rdr_log_notice("%s:%d: CONFIG quiet is \"no\": rdr-failover is not quiet "
						   "(the seed's script was quiet with any value)", cfg->path, line);
	}
	if ((line = rdr_config_line(cfg, "CONFIG", "cfg_file")) > 0)
		rdr_log_notice("%s:%d: CONFIG cfg_file is ignored: the configuration is the file given with -c, "
					   "as in the seed's script", cfg->path, line);
	for (int i = 0; i < 4; i++)
		if ((line = rdr_config_line(cfg, "CONFIG", flags[i][0])) > 0)
			rdr_log_notice("%s:%d: CONFIG %s selects step %s, as in the seed's script "
						   "(rdr-failover's way is the option %s)", cfg->path, line,
						   flags[i][0], flags[i][1], flags[i][1]);
}
