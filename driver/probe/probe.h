/*-------------------------------------------------------------------------
 *
 * probe.h
 *	  Public API of rdr's storage probing: the site-B identity of every
 *	  iSCSI and Fibre Channel LUN, as the driver feeds it to
 *	  rdr_fix_iscsi() / rdr_fix_fibre().
 *
 * Every identity string is byte-for-byte what udev's
 *		scsi_id --whitelisted --replace-whitespace --export --page=0x8x
 * prints for the same device (see vpd_decode.h and docs/probing.md).
 *
 * iSCSI is probed in user space with libiscsi (no kernel login); Fibre
 * Channel over ssh (libssh2) on a site-B hypervisor, from its sysfs.
 * All functions log their errors once (common/log.h) and return false;
 * nothing here exits.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROBE_H
#define RDR_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for any ID_SERIAL scsi_id can print (its MAX_SERIAL_LEN is 256). */
#define RDR_ID_LEN			256
/* "yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC" plus NUL */
#define RDR_PV_UUID_LEN		39

/* Default bound of every network step (connect, login, each command). */
#define RDR_PROBE_DEFAULT_TIMEOUT	10
/* Default bound of one fibre host's whole probe (all its devices). */
#define RDR_PROBE_DEFAULT_DEADLINE	120
/* Most a fibre host may print for one listing (a few KB per device). */
#define RDR_PROBE_MAX_SSH_OUTPUT	((size_t) 16 * 1024 * 1024)

/*
 * RdrProbeFail: why a probe failed, for callers that map it to an exit code
 * or a retry decision (the message itself is already logged).
 */
typedef enum RdrProbeFail
{
	RDR_PROBE_OK = 0,
	RDR_PROBE_ERR_OTHER,		/* internal / resource error */
	RDR_PROBE_ERR_UNREACHABLE,	/* connect refused, no route, timeout */
	RDR_PROBE_ERR_AUTH,			/* CHAP / ssh authentication refused */
	RDR_PROBE_ERR_HOSTKEY,		/* ssh host key unknown or changed */
	RDR_PROBE_ERR_NOT_FOUND,	/* no such IQN / no LUN matches */
	RDR_PROBE_ERR_AMBIGUOUS,	/* several targets / LUNs match */
	RDR_PROBE_ERR_BAD_DATA		/* malformed INQUIRY / VPD / label data */
} RdrProbeFail;

/* RdrLun: one LUN's site-B identity; the columns of a "luns" row. */
typedef struct RdrLun
{
	int			lun_mapping;	/* SCSI LUN number (L of H:C:T:L) */
	char		lun_id[RDR_ID_LEN]; /* page 0x83 ID_SERIAL ("" if none) */
	char		serial[RDR_ID_LEN]; /* page 0x80 ID_SERIAL ("" if none) */
	char		vendor_id[64];	/* ID_VENDOR */
	char		product_id[64]; /* ID_MODEL */
	char		revision[16];	/* ID_REVISION */
	uint64_t	size_bytes;		/* capacity; 0 if unknown */
	int			size_gib;		/* size_bytes / 2^30 (luns.device_size) */
	char		pv_uuid[RDR_PV_UUID_LEN];	/* LVM2 PV UUID, "" if no label */
	char		hctl[32];		/* FC: "1:0:0:26"; iSCSI: "" */
	char		device[512];	/* where it was found, for messages:
								 * "iscsi://127.0.0.1:3260/iqn.../8" or
								 * "host:/sys/class/scsi_device/1:0:0:26" */
} RdrLun;

/* RdrLunList: a growable array of LUNs, sorted by lun_mapping / hctl. */
typedef struct RdrLunList
{
	RdrLun	   *luns;
	size_t		count;
	size_t		alloc;
} RdrLunList;

/* RdrIscsiTarget: what the configuration says about an iSCSI target. */
typedef struct RdrIscsiTarget
{
	const char *portal;			/* "IP[:PORT]", port 3260 if absent */
	const char *iqn;			/* target IQN; NULL: the only one discovered */
	const char *initiator_iqn;	/* NULL: "iqn.2011-11.rdr.example:probe" */
	const char *chap_user;		/* NULL: no CHAP */
	const char *chap_password;	/* required with chap_user; never logged */
	int			timeout_s;		/* bound of each step; <= 0: the default */
	RdrProbeFail *fail;			/* optional: set to why a call failed */
} RdrIscsiTarget;

/* RdrFcHost: the site-B hypervisor that sees the Fibre Channel LUNs. */
typedef struct RdrFcHost
{
	const char *host;			/* name or address */
	int			port;			/* <= 0: 22 */
	const char *user;			/* NULL: "root" */
	const char *key_file;		/* private key; NULL: password auth */
	const char *key_passphrase; /* NULL: none */
	const char *password;		/* password auth; never logged */
	const char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	bool		accept_unknown_host_key;	/* loud opt-out of the check */
	const char *accept_option;	/* its name in messages; NULL: the rdr-probe
								 * option */
	int			timeout_s;		/* bound of each step; <= 0: the default */
	int			deadline_s;		/* bound of the whole probe of the host; <= 0:
								 * RDR_PROBE_DEFAULT_DEADLINE */
	const char *sysfs_root;		/* NULL: "/sys/class/scsi_device" */
	RdrProbeFail *fail;			/* optional: set to why a call failed */
} RdrFcHost;

/*
 * rdr_probe_iscsi: discover t->portal (SendTargets), log in to the target
 * (with CHAP if configured), and append every LUN it reports to *out with
 * its identity, size and PV UUID.
 */
extern bool rdr_probe_iscsi(const RdrIscsiTarget *t, RdrLunList *out);

/*
 * rdr_probe_fc_list: every SCSI device the hypervisor h sees, with its
 * identity (from sysfs vpd pages, or remote scsi_id where they are absent).
 */
extern bool rdr_probe_fc_list(const RdrFcHost *h, RdrLunList *out);

/*
 * rdr_probe_fc: the one device of h whose page 0x83 or 0x80 identity is
 * `serial` (SCSI_SERIAL of the configuration); error if none or several
 * (multipath: several H:C:T:L paths of one LUN count as one, the lowest
 * H:C:T:L is reported).
 */
extern bool rdr_probe_fc(const RdrFcHost *h, const char *serial, RdrLun *out);

/*
 * rdr_lun_find: the one LUN of list whose lun_id, serial or pv_uuid equals
 * key.  Logs an error naming `where` (portal or host) and key when none or
 * more than one matches.
 */
extern bool rdr_lun_find(const RdrLunList *list, const char *key,
						 const char *where, const RdrLun **out,
						 RdrProbeFail *fail);

/* rdr_lun_find_by_pv: like rdr_lun_find, matching pv_uuid only. */
extern bool rdr_lun_find_by_pv(const RdrLunList *list, const char *pv_uuid,
							   const char *where, const RdrLun **out,
							   RdrProbeFail *fail);

extern bool rdr_lun_list_append(RdrLunList *list, const RdrLun *lun);
extern void rdr_lun_list_free(RdrLunList *list);

#endif							/* RDR_PROBE_H */
