/*-------------------------------------------------------------------------
 *
 * config.h
 *	  rdr-failover's configuration: the seed's file format (Table 8.1 of
 *	  the reference architecture) plus rdr's own keys.
 *
 * Every line is "TYPE KEY VALUE...", '#' or ';' starts a comment line.
 * The scalar sections (API, DB, CONFIG, SITE_INFO) are described by one
 * table (config.c: settings[]) that drives loading, validation, the
 * "--help-config" text and docs/configuration.md; the list sections
 * (Storage_Domain, VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO) have
 * positional values and their own small parsers in the same file.
 *
 * A file written for the seed's rhevm-failover.sh loads unchanged.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CONFIG_H
#define RDR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "start_plan.h"

/* The seed's steps, as bits: -n, -d, -h, -s. */
#define RDR_STEP_NIC		0x01
#define RDR_STEP_DB			0x02
#define RDR_STEP_HOSTS		0x04
#define RDR_STEP_VMS		0x08
#define RDR_STEP_ALL		0x0f

typedef enum RdrStorageType
{
	RDR_STORAGE_NFS,
	RDR_STORAGE_ISCSI,
	RDR_STORAGE_FIBRE
} RdrStorageType;

/* A Storage_Domain line. */
typedef struct RdrConfDomain
{
	char	   *name;			/* storage domain name in rhevm */
	RdrStorageType type;
	char	   *export_path;	/* nfs: "server:/path" written to the DB */
	char	   *fc_host;		/* fibre: hypervisor that sees the LUN */
	char	   *fc_serial;		/* fibre: SCSI serial (or part of it) */
	char	   *portal_host;	/* iscsi: address written to the DB */
	int			portal_port;	/* iscsi: port written to the DB (3260) */
	int			portal_tpgt;	/* iscsi: portal group written (1) */
	char	   *iqn;			/* iscsi: target IQN */
	bool		chap_given;		/* iscsi: chap= on the line (else CONFIG's) */
	char	   *chap_user;		/* iscsi: NULL with chap_given: chap=none */
	char	   *chap_password_file;
	char	   *chap_password;	/* read from chap_password_file */
	int			line;
} RdrConfDomain;

/* A VIRT_NET line: NIC mac of hypervisor goes to network. */
typedef struct RdrConfVirtNet
{
	char	   *hypervisor;
	char	   *mac;
	char	   *network;
	int			line;
} RdrConfVirtNet;

/* A RHEVM_NIC line: the manager's NIC mac gets the name ifname. */
typedef struct RdrConfNic
{
	char	   *mac;
	char	   *ifname;
	int			line;
} RdrConfNic;

/* A START_VM line: RdrConfStartVm in start_plan.h */

/*
 * A CONNECT_TO line (rdr's own): contact `name` at address:port instead.
 * The name is still what goes into the database; this is how a portal
 * whose site-B address is only reachable through a NAT or a tunnel, or a
 * test target on 127.0.0.1, is probed.
 */
typedef struct RdrConfConnectTo
{
	char	   *name;
	char	   *address;
	int			port;			/* 0: keep the original port */
	int			line;
} RdrConfConnectTo;

/*
 * A DIRECT_LUN line (rdr's own): the direct-LUN disk whose LUN is b_lun_id
 * at site B fails back to site A's mirror LUN a_lun_id (--failback).
 */
typedef struct RdrConfDirectLun
{
	char	   *b_lun_id;
	char	   *a_lun_id;
	/* site A's iSCSI target when the line names it (a_iqn NULL: it does not) */
	char	   *a_portal_host;
	int			a_port;
	int			a_tpgt;
	char	   *a_iqn;
	int			line;
} RdrConfDirectLun;

/* An EXCLUDE_DOMAIN or EXCLUDE_VM line (rdr's own): deliberately left out. */
typedef struct RdrConfExclude
{
	char	   *name;
	int			line;
} RdrConfExclude;

typedef struct RdrConfig
{
	char	   *path;			/* the file it was read from */

	/* API: the manager's REST API */
	char	   *api_host;
	int			api_port;
	char	   *api_base;
	char	   *api_user;
	char	   *api_password;
	char	   *api_cert;
	int			api_cert_port;
	char	   *api_ca_file;
	char	   *api_pinned_pubkey;
	bool		api_insecure;
	char	   *api_tls_min;	/* "1.0" .. "1.3" */
	int			api_connect_timeout;
	int			api_request_timeout;
	int			api_wait_timeout;

	/* DB: the rhevm database */
	char	   *db_user;
	char	   *db_password;
	char	   *db_host;
	int			db_port;
	char	   *db_name;
	char	   *db_conninfo;	/* libpq connection string or URI */
	char	   *db_backup_file; /* the seed's DB backup_file */
	int			db_retries;

	/* CONFIG: the run itself */
	char	   *logfile;
	char	   *working_dir;
	bool		quiet;			/* the seed's CONFIG quiet */
	/* the seed's command line, which its script keeps in CONFIG[] */
	char	   *seed_cfg_file;
	char	   *seed_fix_net;
	char	   *seed_fix_db;
	char	   *seed_fix_env;
	char	   *seed_start_vms;
	char	   *engine_stop;
	char	   *engine_start;
	char	   *manager;		/* rhev3, ovirt4 or auto (profile.c) */
	char	   *manager_root;	/* where the engine's setup file is looked for */
	bool		manager_ovirt4; /* the profile resolved */
	char	   *dwh_stop;		/* NULL: none */
	char	   *dwh_start;
	int			engine_timeout;
	int			install_retries;
	int			host_timeout;
	int			spm_timeout;
	int			vm_timeout;
	bool		force_poweroff; /* --planned: stop a VM the guest did not shut
								 * down */
	char	   *storage_switch_command; /* --planned: NULL: none */
	int			storage_switch_timeout;
	char	   *on_vm_failure_s;	/* CONFIG on_vm_failure, as written */
	RdrOnVmFailure on_vm_failure;
	int			poll_ms;
	double		delay_scale;
	/* REHEARSAL: --rehearse (rehearse.c) */
	int			rh_startup_s;	/* the manager's delays, seconds */
	int			rh_approve_s;
	int			rh_activate_s;
	int			rh_fence_release_s;
	int			rh_spm_contend_s;
	int			rh_vm_launch_s;
	int			rh_vm_powerup_s;
	double		rh_time_scale;
	char	   *rh_pg_bindir;	/* initdb, pg_ctl, pg_restore; NULL: PATH */
	char	   *rh_pg_user;		/* the copy's server runs as this user under
								 * root */
	char	   *rh_sim;			/* the rdr-sim program */
	int			probe_timeout;
	int			nfs_rpcbind_port;	/* CONFIG nfs_rpcbind_port: 111 */
	int			probe_deadline;
	char	   *ssh_user;
	int			ssh_port;
	char	   *ssh_key;
	char	   *ssh_known_hosts;
	bool		ssh_insecure;
	char	   *sysfs_root;
	char	   *failback_fc_host;	/* --failback: site A's fibre hypervisor */
	char	   *chap_user;
	char	   *chap_password_file;
	char	   *chap_password;	/* read from chap_password_file */
	char	   *iscsi_initiator;
	char	   *nicfix_command;
	char	   *nicfix_root;

	/* SITE_INFO */
	char	   *datacenter;
	char	   *main_cluster;
	char	   *backup_cluster;

	/* list sections, in file order */
	RdrConfDomain *domains;
	int			n_domains;
	RdrConfVirtNet *virt_net;
	int			n_virt_net;
	RdrConfNic *nics;
	int			n_nics;
	RdrConfStartVm *start_vm;
	int			n_start_vm;
	bool		start_planned;	/* START_VM lines use groups (start_plan.h) */
	RdrConfConnectTo *connect_to;
	int			n_connect_to;
	RdrConfExclude *exclude_domain;
	int			n_exclude_domain;
	RdrConfExclude *exclude_vm;
	int			n_exclude_vm;
	RdrConfDirectLun *direct_lun;
	int			n_direct_lun;

	bool		has_secret;		/* the file sets a password */
	bool		failback;		/* set by rdr-failover --failback, not the
								 * file */

	/* private: line of each scalar setting (0: default), by table index */
	int		   *set_line;
} RdrConfig;

/*
 * rdr_config_load: read and check path into *cfg (zeroed first).  Refuses
 * a file that holds a password and is readable by group or others.  On
 * error, logs "path:line: ..." and returns false; *cfg must still be
 * freed with rdr_config_free.
 */
extern bool rdr_config_load(const char *path, RdrConfig *cfg);

/*
 * rdr_config_parse: the same from a buffer (no file checks, no password
 * file); name is used in messages.  The fuzz target's entry point.
 */
extern bool rdr_config_parse(const char *name, const char *buf, size_t len,
							 RdrConfig *cfg);

/*
 * rdr_config_check_steps: the settings that the given steps need are all
 * there.  Lists every missing one, then returns false.
 */
extern bool rdr_config_check_steps(const RdrConfig *cfg, unsigned steps);

extern void rdr_config_free(RdrConfig *cfg);

/*
 * rdr_config_direct_lun: the DIRECT_LUN line naming lun_id as its site-A
 * LUN (site_a) or its site-B LUN, or NULL.
 */
extern const RdrConfDirectLun *rdr_config_direct_lun(const RdrConfig *cfg,
													 const char *lun_id, bool site_a);

/*
 * rdr_config_connect_to: where to contact name (a portal or host as
 * configured): its CONNECT_TO override, else itself.  *port is replaced
 * when the override names one.
 */
extern const char *rdr_config_connect_to(const RdrConfig *cfg,
										 const char *name, int *port);

/*
 * rdr_config_domain_chap: the CHAP credentials of iSCSI domain d, for its
 * probe and its connection row: its own chap= (chap=none: none), else the
 * seed's global CONFIG chap_user / chap_password_file.  NULL: no CHAP.
 */
extern void rdr_config_domain_chap(const RdrConfig *cfg, const RdrConfDomain *d,
								   const char **user, const char **password);

/*
 * rdr_config_set_default: section/key gets value unless the file set it
 * (a profile's default); false with *why when value is invalid, false
 * with *why NULL when the file set it.
 */
extern bool rdr_config_set_default(RdrConfig *cfg, const char *section,
								   const char *key, const char *value,
								   const char **why);

/* rdr_config_line: the line that set section/key, 0: its default. */
extern int	rdr_config_line(const RdrConfig *cfg, const char *section, const char *key);

/* rdr_config_domain_type_name: "nfs", "iscsi" or "fibre". */
extern const char *rdr_config_storage_type_name(RdrStorageType type);

/*
 * rdr_config_seed_steps: the steps the seed's CONFIG fix_net, fix_db,
 * fix_env and start_vms select (its script keeps -n -d -h -s there, so a
 * file setting them selected the step).
 */
extern unsigned rdr_config_seed_steps(const RdrConfig *cfg);

/*
 * rdr_config_backup_name: the backup file of a run: DB backup_file (in
 * working_dir unless absolute) with "-STAMP" (and "-SEQ" when seq > 1)
 * before its extension, else working_dir/DBNAME-STAMP.dump.
 */
extern void rdr_config_backup_name(const RdrConfig *cfg, const char *dbname,
								   const char *stamp, int seq, char *buf,
								   size_t size);

/*
 * rdr_config_log_notices: one notice for each seed key that rdr-failover
 * honours differently from the seed's script (docs/configuration.md).
 */
extern void rdr_config_log_notices(const RdrConfig *cfg);

/* rdr_config_print_help: the settings table as text (for --help-config). */
extern void rdr_config_print_help(FILE *out);

/* rdr_config_print_markdown: the settings table as Markdown (for docs). */
extern void rdr_config_print_markdown(FILE *out);

/* rdr_config_print: the effective configuration, passwords hidden. */
extern void rdr_config_print(const RdrConfig *cfg, FILE *out);

#endif							/* RDR_CONFIG_H */
