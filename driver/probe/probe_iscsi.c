/*-------------------------------------------------------------------------
 *
 * probe_iscsi.c
 *	  Probe the LUNs of an iSCSI target with libiscsi: SendTargets
 *	  discovery, login (CHAP if configured), REPORT LUNS, and per LUN
 *	  INQUIRY (standard, VPD 0x80, 0x83), READ CAPACITY(16) and the LVM
 *	  label sectors.
 *
 * Everything runs in user space: the manager host gets no kernel iSCSI
 * session and no new block devices, unlike the seed's iscsiadm login.
 *
 * libiscsi's *_sync calls have no bound on the TCP connect, so each step
 * is started asynchronously and driven by our own poll loop with a
 * deadline: an unreachable or silent portal fails after timeout_s.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include "interrupt.h"
#include "log.h"
#include "lvm_label.h"
#include "probe_iscsi.h"
#include "vpd_decode.h"

#define MAX_TARGETS		64
/* the LUN number of a first-level LUN address (peripheral or flat) */
#define LUN_NO(addr)	((addr) & 0x3fff)
#define INQ_ALLOC		255
#define REPORT_LUNS_ALLOC (16 + 8 * 4096)

/* Wait: the completion of one asynchronous libiscsi call. */
typedef struct Wait
{
	bool		done;
	int			status;
	/* discovery only: the target names, copied in the callback */
	char	   *targets[MAX_TARGETS];
	int			ntargets;
} Wait;

/* Session: one connection to the portal and what messages need. */
typedef struct Session
{
	struct iscsi_context *iscsi;
	const RdrIscsiTarget *t;
	const char *target;			/* IQN, or NULL for discovery */
	int			timeout_s;
	bool		logged_in;
} Session;

/* set_fail: record why the probe failed (t->fail is optional). */
static void
set_fail(const RdrIscsiTarget *t, RdrProbeFail why)
{
	if (t->fail != NULL)
		*t->fail = why;
}

/* now_s: monotonic time in seconds, for step deadlines. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* wait_cb: libiscsi callback that marks a Wait done with its status. */
static void
wait_cb(struct iscsi_context *iscsi, int status, void *data, void *priv)
{
	Wait	   *w = priv;

	(void) iscsi;
	(void) data;
	w->done = true;
	w->status = status;
}

/*
 * discovery_cb: like wait_cb, and copies the target names, which libiscsi
 * frees when the callback returns.
 */
static void
discovery_cb(struct iscsi_context *iscsi, int status, void *data, void *priv)
{
	Wait	   *w = priv;

	(void) iscsi;
	w->done = true;
	w->status = status;
	if (status != SCSI_STATUS_GOOD)
		return;
	for (struct iscsi_discovery_address *a = data; a != NULL; a = a->next)
		if (w->ntargets < MAX_TARGETS && a->target_name != NULL)
			w->targets[w->ntargets++] = strdup(a->target_name);
}

/*
 * run_until_done: drive libiscsi until w completes or the step's deadline
 * passes.  what names the step for the message.
 */
static bool
run_until_done(Session *s, Wait *w, const char *what)
{
	double		deadline = now_s() + s->timeout_s;

	while (!w->done)
	{
		struct pollfd pfd;
		double		left = deadline - now_s();
		int			rc;

		if (left <= 0)
		{
			rdr_log_error("timed out after %d s while %s on iSCSI portal \"%s\"",
						  s->timeout_s, what, s->t->portal);
			rdr_log_detail("The portal did not answer in time.");
			rdr_log_hint("Check that the portal is reachable, or raise the timeout.");
			set_fail(s->t, RDR_PROBE_ERR_UNREACHABLE);
			return false;
		}
		if (rdr_interrupted())
		{
			/* Ctrl-C in rdr-failover (interrupt.h): no wait to the deadline */
			rdr_log_error("interrupted by %s while %s on iSCSI portal \"%s\"",
						  rdr_signal_name(rdr_interrupted()), what, s->t->portal);
			set_fail(s->t, RDR_PROBE_ERR_OTHER);
			return false;
		}
		pfd.fd = iscsi_get_fd(s->iscsi);
		pfd.events = iscsi_which_events(s->iscsi);
		pfd.revents = 0;
		rc = poll(&pfd, 1, left > 0.2 ? 200 : (int) (left * 1000) + 1);
		if (rc < 0 && errno != EINTR)
		{
			rdr_log_error("poll failed while %s: %s", what, strerror(errno));
			set_fail(s->t, RDR_PROBE_ERR_OTHER);
			return false;
		}
		if (iscsi_service(s->iscsi, rc > 0 ? pfd.revents : 0) < 0)
		{
			rdr_log_error("iSCSI failure while %s on portal \"%s\"", what, s->t->portal);
			rdr_log_detail("%s", iscsi_get_error(s->iscsi));
			set_fail(s->t, RDR_PROBE_ERR_UNREACHABLE);
			return false;
		}
	}
	return true;
}

/*
 * session_open: connect to the portal and log in, as a discovery session
 * (target NULL) or to the named target.
 */
static bool
session_open(Session *s, const RdrIscsiTarget *t, const char *target)
{
	Wait		w = {0};
	const char *err;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->target = target;
	s->timeout_s = t->timeout_s > 0 ? t->timeout_s : RDR_PROBE_DEFAULT_TIMEOUT;
	s->iscsi = iscsi_create_context(t->initiator_iqn ? t->initiator_iqn :
									RDR_DEFAULT_INITIATOR);
	if (s->iscsi == NULL)
	{
		rdr_log_error("could not create an iSCSI context");
		set_fail(t, RDR_PROBE_ERR_OTHER);
		return false;
	}
	iscsi_set_session_type(s->iscsi, target ? ISCSI_SESSION_NORMAL : ISCSI_SESSION_DISCOVERY);
	iscsi_set_header_digest(s->iscsi, ISCSI_HEADER_DIGEST_NONE_CRC32C);
	iscsi_set_noautoreconnect(s->iscsi, 1);
	if (target != NULL)
		iscsi_set_targetname(s->iscsi, target);
	if (t->chap_user != NULL &&
		iscsi_set_initiator_username_pwd(s->iscsi, t->chap_user,
										 t->chap_password ? t->chap_password : "") != 0)
	{
		rdr_log_error("could not set the CHAP user: %s", iscsi_get_error(s->iscsi));
		set_fail(t, RDR_PROBE_ERR_OTHER);
		return false;
	}

	if (iscsi_connect_async(s->iscsi, t->portal, wait_cb, &w) != 0)
	{
		rdr_log_error("could not connect to iSCSI portal \"%s\"", t->portal);
		rdr_log_detail("%s", iscsi_get_error(s->iscsi));
		set_fail(t, RDR_PROBE_ERR_UNREACHABLE);
		return false;
	}
	if (!run_until_done(s, &w, "connecting"))
		return false;
	if (w.status != SCSI_STATUS_GOOD)
	{
		rdr_log_error("could not connect to iSCSI portal \"%s\"", t->portal);
		rdr_log_detail("%s", iscsi_get_error(s->iscsi));
		rdr_log_hint("Check the portal address and port, and that the target daemon runs.");
		set_fail(t, RDR_PROBE_ERR_UNREACHABLE);
		return false;
	}

	memset(&w, 0, sizeof(w));
	if (iscsi_login_async(s->iscsi, wait_cb, &w) != 0)
	{
		rdr_log_error("could not start the iSCSI login on portal \"%s\": %s",
					  t->portal, iscsi_get_error(s->iscsi));
		set_fail(t, RDR_PROBE_ERR_OTHER);
		return false;
	}
	if (!run_until_done(s, &w, target ? "logging in" : "logging in for discovery"))
		return false;
	if (w.status != SCSI_STATUS_GOOD)
	{
		err = iscsi_get_error(s->iscsi);

		/*
		 * libiscsi reports the login status class/detail only in its message,
		 * as "...(513)": 0x0201 authentication failure, 0x0202 authorization
		 * failure, 0x0203 target not found.
		 */
		if (err != NULL && (strstr(err, "(513)") || strstr(err, "(514)")))
		{
			rdr_log_error("iSCSI login to \"%s\" on portal \"%s\" was refused: authentication failed",
						  target ? target : "discovery", t->portal);
			rdr_log_detail("%s", err);
			rdr_log_hint(t->chap_user ? "Check the CHAP user and password of the storage domain."
						 : "The target requires CHAP: configure a user and password.");
			set_fail(t, RDR_PROBE_ERR_AUTH);
		}
		else if (err != NULL && strstr(err, "(515)"))
		{
			rdr_log_error("iSCSI target \"%s\" does not exist on portal \"%s\"",
						  target, t->portal);
			rdr_log_detail("%s", err);
			set_fail(t, RDR_PROBE_ERR_NOT_FOUND);
		}
		else
		{
			rdr_log_error("iSCSI login to \"%s\" on portal \"%s\" failed",
						  target ? target : "discovery", t->portal);
			rdr_log_detail("%s", err ? err : "no reason given");
			set_fail(t, RDR_PROBE_ERR_UNREACHABLE);
		}
		return false;
	}
	s->logged_in = true;
	return true;
}

/* session_close: log out if logged in (bounded), and free the context. */
static void
session_close(Session *s)
{
	if (s->iscsi == NULL)
		return;
	if (s->logged_in)
	{
		Wait		w = {0};

		/* bounded and silent: a failed logout is not the probe's failure */
		if (iscsi_logout_async(s->iscsi, wait_cb, &w) == 0)
		{
			double		deadline = now_s() + 2;

			while (!w.done && now_s() < deadline)
			{
				struct pollfd pfd = {iscsi_get_fd(s->iscsi), (short) iscsi_which_events(s->iscsi), 0};
				int			rc = poll(&pfd, 1, 100);

				if (iscsi_service(s->iscsi, rc > 0 ? pfd.revents : 0) < 0)
					break;
			}
		}
	}
	iscsi_destroy_context(s->iscsi);
	s->iscsi = NULL;
}

/*
 * discover: the target names the portal reports to SendTargets; the
 * caller frees them.
 */
static bool
discover(const RdrIscsiTarget *t, Wait *w)
{
	Session		s;
	bool		ok = false;

	memset(w, 0, sizeof(*w));
	if (!session_open(&s, t, NULL))
		goto out;
	if (iscsi_discovery_async(s.iscsi, discovery_cb, w) != 0)
	{
		rdr_log_error("could not start discovery on portal \"%s\": %s",
					  t->portal, iscsi_get_error(s.iscsi));
		set_fail(t, RDR_PROBE_ERR_OTHER);
		goto out;
	}
	if (!run_until_done(&s, w, "discovering targets"))
		goto out;
	if (w->status != SCSI_STATUS_GOOD)
	{
		rdr_log_error("SendTargets discovery on portal \"%s\" failed", t->portal);
		rdr_log_detail("%s", iscsi_get_error(s.iscsi));
		set_fail(t, RDR_PROBE_ERR_OTHER);
		goto out;
	}
	ok = true;
out:
	session_close(&s);
	return ok;
}

/*
 * scsi_cmd: run one task to completion.  *task is NULL on transport
 * failure (logged); otherwise the caller checks its status and frees it.
 */
static bool
scsi_cmd(Session *s, struct scsi_task *task, Wait *w, const char *what, int lun)
{
	char		step[128];

	if (task == NULL)
	{
		rdr_log_error("could not send %s to LUN %d of \"%s\": %s", what, LUN_NO(lun),
					  s->target, iscsi_get_error(s->iscsi));
		set_fail(s->t, RDR_PROBE_ERR_OTHER);
		return false;
	}
	snprintf(step, sizeof(step), "waiting for %s of LUN %d", what, LUN_NO(lun));
	if (!run_until_done(s, w, step))
		return false;
	if (w->status == SCSI_STATUS_GOOD || w->status == SCSI_STATUS_CHECK_CONDITION)
		return true;
	rdr_log_error("%s of LUN %d of \"%s\" on portal \"%s\" failed", what, LUN_NO(lun),
				  s->target, s->t->portal);
	rdr_log_detail("%s", iscsi_get_error(s->iscsi));
	set_fail(s->t, RDR_PROBE_ERR_OTHER);
	return false;
}

/*
 * inquiry: raw INQUIRY data (evpd/page) of lun into buf; *len = 0 when the
 * device rejects the page (ILLEGAL REQUEST), as scsi_id treats it.
 */
static bool
inquiry(Session *s, int lun, int evpd, int page, uint8_t *buf, size_t *len)
{
	Wait		w = {0};
	struct scsi_task *task;
	char		what[48];

	snprintf(what, sizeof(what), evpd ? "INQUIRY VPD 0x%02x" : "INQUIRY", page);
	task = iscsi_inquiry_task(s->iscsi, lun, evpd, page, INQ_ALLOC, wait_cb, &w);
	if (!scsi_cmd(s, task, &w, what, lun))
	{
		if (task != NULL && w.done)
			scsi_free_scsi_task(task);
		return false;
	}
	*len = 0;
	if (w.status == SCSI_STATUS_CHECK_CONDITION)
	{
		bool		unsupported = task->sense.key == SCSI_SENSE_ILLEGAL_REQUEST;

		if (!unsupported || !evpd)
		{
			rdr_log_error("%s of LUN %d of \"%s\" failed: %s", what, LUN_NO(lun), s->target,
						  iscsi_get_error(s->iscsi));
			set_fail(s->t, RDR_PROBE_ERR_OTHER);
			scsi_free_scsi_task(task);
			return false;
		}
		scsi_free_scsi_task(task);
		return true;
	}
	if (task->datain.size > 0)
	{
		*len = (size_t) task->datain.size < INQ_ALLOC ? (size_t) task->datain.size : INQ_ALLOC;
		memcpy(buf, task->datain.data, *len);
	}
	scsi_free_scsi_task(task);
	return true;
}

/* capacity: READ CAPACITY(16) of lun. */
static bool
capacity(Session *s, int lun, uint64_t *bytes, uint32_t *block)
{
	Wait		w = {0};
	struct scsi_task *task;
	const uint8_t *d;

	/*
	 * The first command after login that is not INQUIRY reports the target's
	 * power-on / reset UNIT ATTENTION; it is cleared by being reported, so
	 * retry.
	 */
	for (int attempt = 0;; attempt++)
	{
		memset(&w, 0, sizeof(w));
		task = iscsi_readcapacity16_task(s->iscsi, lun, wait_cb, &w);
		if (!scsi_cmd(s, task, &w, "READ CAPACITY(16)", lun))
			return false;
		if (w.status != SCSI_STATUS_CHECK_CONDITION ||
			task->sense.key != SCSI_SENSE_UNIT_ATTENTION || attempt == 3)
			break;
		scsi_free_scsi_task(task);
	}
	/* parameter data: 8-byte last LBA, 4-byte block length, big-endian */
	d = task->datain.data;
	if (w.status != SCSI_STATUS_GOOD || task->datain.size < 12 ||
		(*block = (uint32_t) d[8] << 24 | d[9] << 16 | d[10] << 8 | d[11]) == 0)
	{
		rdr_log_error("READ CAPACITY(16) of LUN %d of \"%s\" returned no usable capacity",
					  LUN_NO(lun), s->target);
		rdr_log_detail("SCSI status 0x%x, %d bytes of data: %s", w.status,
					   task->datain.size, iscsi_get_error(s->iscsi));
		set_fail(s->t, RDR_PROBE_ERR_BAD_DATA);
		scsi_free_scsi_task(task);
		return false;
	}
	*bytes = 0;
	for (int i = 0; i < 8; i++)
		*bytes = *bytes << 8 | d[i];
	*bytes = (*bytes + 1) * *block;
	scsi_free_scsi_task(task);
	return true;
}

/* pv_label: the LVM2 PV UUID of lun ("" if it has no label). */
static bool
pv_label(Session *s, int lun, uint64_t bytes, uint32_t block, char *uuid)
{
	Wait		w = {0};
	struct scsi_task *task;
	uint32_t	want = RDR_LVM_LABEL_SCAN_BYTES;
	bool		found;
	char		err[256];

	uuid[0] = '\0';
	if (want % block != 0)
		want = (want / block + 1) * block;
	if (want > bytes)
		want = (uint32_t) (bytes / block) * block;
	if (want == 0)
		return true;
	task = iscsi_read16_task(s->iscsi, lun, 0, want, (int) block, 0, 0, 0, 0, 0,
							 wait_cb, &w);
	if (!scsi_cmd(s, task, &w, "READ(16) of the LVM label", lun))
		return false;
	if (w.status != SCSI_STATUS_GOOD || task->datain.size <= 0)
	{
		rdr_log_error("could not read the LVM label of LUN %d of \"%s\": %s", LUN_NO(lun),
					  s->target, iscsi_get_error(s->iscsi));
		set_fail(s->t, RDR_PROBE_ERR_OTHER);
		scsi_free_scsi_task(task);
		return false;
	}
	if (!rdr_lvm_pv_uuid(task->datain.data, (size_t) task->datain.size, bytes, uuid,
						 &found, err, sizeof(err)))
	{
		rdr_log_error("could not examine the LVM label of LUN %d of \"%s\": %s",
					  LUN_NO(lun), s->target, err);
		set_fail(s->t, RDR_PROBE_ERR_OTHER);
		scsi_free_scsi_task(task);
		return false;
	}
	scsi_free_scsi_task(task);
	return true;
}

/* log_hex: a raw page at debug level, for diagnosing odd devices. */
static void
log_hex(int lun, const char *name, const uint8_t *b, size_t len)
{
	char		hex[2 * INQ_ALLOC + 1];

	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[2 * len] = '\0';
	rdr_log_debug("LUN %d %s: %s", LUN_NO(lun), name, hex);
}

/*
 * probe_lun: fill l with the identity of lun; *skip when it is no disk
 * (tgtd's LUN 0 is its controller, type 0x0c).  lun is the first-level
 * LUN address as REPORT LUNS gave it (libiscsi sends it as is): LUNs
 * from 256 use flat addressing (0x4000 | n), and lun_mapping is n.
 */
static bool
probe_lun(Session *s, int lun, RdrLun *l, bool *skip)
{
	uint8_t		inq[INQ_ALLOC],
				p80[INQ_ALLOC],
				p83[INQ_ALLOC];
	size_t		inq_len,
				p80_len,
				p83_len;
	RdrVpdPages pages;
	RdrScsiIdent id80,
				id83;
	char		err[256];
	uint32_t	block = 512;

	*skip = false;
	memset(l, 0, sizeof(*l));
	l->lun_mapping = lun & 0x3fff;
	snprintf(l->device, sizeof(l->device), "iscsi://%s/%s/%d", s->t->portal, s->target, lun & 0x3fff);

	if (!inquiry(s, lun, 0, 0, inq, &inq_len))
		return false;
	if (inq_len >= 1 && (inq[0] & 0xe0) == 0 && (inq[0] & 0x1f) != 0)
	{
		rdr_log_verbose("skipping LUN %d of \"%s\": peripheral device type 0x%02x is no disk",
						LUN_NO(lun), s->target, inq[0] & 0x1f);
		*skip = true;
		return true;
	}
	if (!inquiry(s, lun, 1, 0x80, p80, &p80_len) ||
		!inquiry(s, lun, 1, 0x83, p83, &p83_len))
		return false;

	if (rdr_log_get_level() >= RDR_LOG_DEBUG)
	{
		log_hex(lun, "vpd_pg80", p80, p80_len);
		log_hex(lun, "vpd_pg83", p83, p83_len);
	}
	pages.inquiry = inq;
	pages.inquiry_len = inq_len;
	pages.pg80 = p80_len ? p80 : NULL;
	pages.pg80_len = p80_len;
	pages.pg83 = p83_len ? p83 : NULL;
	pages.pg83_len = p83_len;
	if (!rdr_vpd_decode(&pages, 0x83, &id83, err, sizeof(err)) ||
		!rdr_vpd_decode(&pages, 0x80, &id80, err, sizeof(err)))
	{
		rdr_log_error("LUN %d of \"%s\" on portal \"%s\" returned unusable identification data",
					  LUN_NO(lun), s->target, s->t->portal);
		rdr_log_detail("%s.", err);
		set_fail(s->t, RDR_PROBE_ERR_BAD_DATA);
		return false;
	}
	if (id83.has_serial)
		snprintf(l->lun_id, sizeof(l->lun_id), "%s", id83.serial);
	if (id80.has_serial)
		snprintf(l->serial, sizeof(l->serial), "%s", id80.serial);
	snprintf(l->vendor_id, sizeof(l->vendor_id), "%s", id83.vendor);
	snprintf(l->product_id, sizeof(l->product_id), "%s", id83.model);
	snprintf(l->revision, sizeof(l->revision), "%s", id83.revision);

	if (!capacity(s, lun, &l->size_bytes, &block))
		return false;
	l->size_gib = (int) (l->size_bytes >> 30);
	return pv_label(s, lun, l->size_bytes, block, l->pv_uuid);
}

/*
 * report_luns: the LUN numbers the target reports.
 */
static bool
report_luns(Session *s, int **luns, int *nluns)
{
	Wait		w = {0};
	struct scsi_task *task;
	struct scsi_reportluns_list *list;

	task = iscsi_reportluns_task(s->iscsi, 0, REPORT_LUNS_ALLOC, wait_cb, &w);
	if (!scsi_cmd(s, task, &w, "REPORT LUNS", 0))
		return false;
	list = w.status == SCSI_STATUS_GOOD ? scsi_datain_unmarshall(task) : NULL;
	if (list == NULL)
	{
		rdr_log_error("REPORT LUNS of \"%s\" on portal \"%s\" failed: %s",
					  s->target, s->t->portal, iscsi_get_error(s->iscsi));
		set_fail(s->t, RDR_PROBE_ERR_BAD_DATA);
		scsi_free_scsi_task(task);
		return false;
	}
	*luns = calloc(list->num + 1, sizeof(int));
	if (*luns == NULL)
	{
		scsi_free_scsi_task(task);
		rdr_log_error("out of memory");
		return false;
	}
	*nluns = (int) list->num;
	for (uint32_t i = 0; i < list->num; i++)
		(*luns)[i] = list->luns[i]; /* first level LUN, as addressed */
	scsi_free_scsi_task(task);
	return true;
}

/* cmp_lun: qsort order of LUNs, by LUN number. */
static int
cmp_lun(const void *a, const void *b)
{
	return ((const RdrLun *) a)->lun_mapping - ((const RdrLun *) b)->lun_mapping;
}

/*
 * rdr_probe_iscsi: see probe.h.
 */
bool
rdr_probe_iscsi(const RdrIscsiTarget *t, RdrLunList *out)
{
	Wait		disc;
	Session		s = {0};
	const char *target = NULL;
	int		   *luns = NULL;
	int			nluns = 0;
	size_t		first = out->count;
	bool		ok = false;

	set_fail(t, RDR_PROBE_OK);
	if (t->portal == NULL || t->portal[0] == '\0')
	{
		rdr_log_error("no iSCSI portal given");
		set_fail(t, RDR_PROBE_ERR_OTHER);
		return false;
	}
	if (t->chap_user != NULL && t->chap_password == NULL)
	{
		rdr_log_error("CHAP user \"%s\" for portal \"%s\" has no password",
					  t->chap_user, t->portal);
		set_fail(t, RDR_PROBE_ERR_OTHER);
		return false;
	}

	rdr_log_verbose("discovering targets on iSCSI portal \"%s\"", t->portal);
	if (!discover(t, &disc))
		goto out;
	for (int i = 0; i < disc.ntargets; i++)
	{
		rdr_log_debug("portal \"%s\" offers target \"%s\"", t->portal, disc.targets[i]);
		if (t->iqn == NULL || strcmp(t->iqn, disc.targets[i]) == 0)
		{
			if (target != NULL)
			{
				rdr_log_error("iSCSI portal \"%s\" offers %d targets, expected one",
							  t->portal, disc.ntargets);
				rdr_log_hint("Give the target IQN.");
				set_fail(t, RDR_PROBE_ERR_AMBIGUOUS);
				goto out;
			}
			target = disc.targets[i];
		}
	}
	if (target == NULL)
	{
		const char *who = t->initiator_iqn ? t->initiator_iqn : RDR_DEFAULT_INITIATOR;

		/*
		 * A target whose initiator ACL does not admit us is not offered, and
		 * a login to it fails as "target not found" (tgtd, LIO), as for a
		 * wrong IQN.  A portal that offers no target at all is an ACL, not a
		 * typo: said so.  With other targets offered, either.
		 */
		if (disc.ntargets == 0)
		{
			rdr_log_error("iSCSI portal \"%s\" offers no target to initiator \"%s\": "
						  "the initiator ACL of its targets does not admit it", t->portal, who);
			rdr_log_detail("SendTargets discovery returned no target; a target hides itself from initiators its ACL does not admit.");
			rdr_log_hint("On the site-B array, admit initiator \"%s\" to target \"%s\" "
						 "(tgtd: tgtadm --mode target --op bind --initiator-name %s), "
						 "or use an initiator it admits (CONFIG iscsi_initiator; rdr-probe --initiator).",
						 who, t->iqn ? t->iqn : "(the target)", who);
			set_fail(t, RDR_PROBE_ERR_NOT_FOUND);
			goto out;
		}
		if (t->iqn != NULL)
			rdr_log_error("iSCSI portal \"%s\" does not offer target \"%s\"",
						  t->portal, t->iqn);
		else
			rdr_log_error("iSCSI portal \"%s\" offers no target", t->portal);
		for (int i = 0; i < disc.ntargets; i++)
			rdr_log_detail("It offers \"%s\".", disc.targets[i]);
		rdr_log_hint("Check the IQN of the storage domain; if it is right, the target's ACL does not admit initiator \"%s\" "
					 "(CONFIG iscsi_initiator): a target hides itself from initiators it does not admit.",
					 who);
		set_fail(t, RDR_PROBE_ERR_NOT_FOUND);
		goto out;
	}

	rdr_log_verbose("logging in to \"%s\" on portal \"%s\"", target, t->portal);
	if (!session_open(&s, t, target))
		goto out;
	if (!report_luns(&s, &luns, &nluns))
		goto out;
	for (int i = 0; i < nluns; i++)
	{
		RdrLun		l;
		bool		skip;

		if (!probe_lun(&s, luns[i], &l, &skip))
			goto out;
		if (!skip && !rdr_lun_list_append(out, &l))
			goto out;
	}
	qsort(out->luns + first, out->count - first, sizeof(RdrLun), cmp_lun);
	rdr_log_verbose("probed %zu LUN(s) of \"%s\"", out->count - first, target);
	ok = true;

out:
	if (!ok)
		out->count = first;
	free(luns);
	session_close(&s);
	for (int i = 0; i < disc.ntargets; i++)
		free(disc.targets[i]);
	return ok;
}
