/*-------------------------------------------------------------------------
 *
 * probe_fc.c
 *	  Find a Fibre Channel LUN's site-B identity on a hypervisor over ssh.
 *
 * One remote shell command lists every SCSI device under
 * /sys/class/scsi_device with its raw vpd_pg80 / vpd_pg83 / inquiry
 * pages (hex, so binary bytes survive), vendor/model/rev, its block
 * device's size and the first sectors of the block device.  The pages
 * are decoded here with the same decoder as iSCSI, so the strings are
 * scsi_id's.  Where sysfs has no vpd pages (old kernels), scsi_id is run
 * remotely instead.  lun_mapping is L of the device's H:C:T:L.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "lvm_label.h"
#include "probe_fc.h"
#include "ssh_session.h"
#include "vpd_decode.h"

#define MAX_PAGE	4096

/* Raw: what the listing says about one device. */
typedef struct Raw
{
	char		hctl[32];
	char		block[64];
	uint8_t		inq[MAX_PAGE],
				p80[MAX_PAGE],
				p83[MAX_PAGE],
				label[RDR_LVM_LABEL_SCAN_BYTES];
	size_t		inq_len,
				p80_len,
				p83_len,
				label_len;
	bool		has_inq,
				has_p80,
				has_p83;
	char		vendor[16],
				model[32],
				rev[8];
	uint64_t	sectors;
	char		x80[RDR_ID_LEN],
				x83[RDR_ID_LEN];	/* remote scsi_id answers */
} Raw;

/*
 * The remote command.  %s is the sysfs root (checked to be harmless).
 * Lines: "D H:C:T:L", "F name hex", "B blockname sectors", "L hex", and
 * "X 0x80|0x83 ID_SERIAL" from the remote scsi_id when sysfs has no pages.
 */
static const char list_cmd[] =
"cd '%s' 2>/dev/null || exit 3\n"
"for d in *; do\n"
"  [ -e \"$d/device\" ] || continue\n"
"  printf 'D %%s\\n' \"$d\"\n"
"  for f in inquiry vpd_pg80 vpd_pg83 vendor model rev; do\n"
"    if [ -r \"$d/device/$f\" ]; then printf 'F %%s ' $f; od -An -v -tx1 \"$d/device/$f\" | tr -d ' \\n'; echo; fi\n"
"  done\n"
"  for b in \"$d\"/device/block/*; do\n"
"    [ -r \"$b/size\" ] || continue\n"
"    printf 'B %%s %%s\\n' \"${b##*/}\" \"$(cat \"$b/size\")\"\n"
"    if [ -r \"/dev/${b##*/}\" ]; then printf 'L '; dd if=\"/dev/${b##*/}\" bs=512 count=4 2>/dev/null | od -An -v -tx1 | tr -d ' \\n'; echo; fi\n"
"    if [ ! -r \"$d/device/vpd_pg83\" ] && [ ! -r \"$d/device/vpd_pg80\" ]; then\n"
"      for s in /lib/udev/scsi_id /usr/lib/udev/scsi_id /sbin/scsi_id; do\n"
"        [ -x $s ] || continue\n"
"        for p in 0x80 0x83; do printf 'X %%s ' $p; $s --whitelisted --replace-whitespace --page=$p --device=\"/dev/${b##*/}\" 2>/dev/null | head -n 1 | tr -d '\\n'; echo; done\n"
"        break\n"
"      done\n"
"    fi\n"
"    break\n"
"  done\n"
"done\n";

/* set_fail: record why the probe failed (h->fail is optional). */
static void
set_fail(const RdrFcHost *h, RdrProbeFail why)
{
	if (h->fail != NULL)
		*h->fail = why;
}

/* unhex: decode hex text into buf; false on odd length or a bad digit. */
static bool
unhex(const char *s, size_t slen, uint8_t *buf, size_t cap, size_t *len)
{
	size_t		n = 0;

	if (slen % 2 != 0)
		return false;
	for (size_t i = 0; i + 1 < slen + 1 && i < slen; i += 2)
	{
		int			hi,
					lo;
		char		c1 = s[i],
					c2 = s[i + 1];

		hi = c1 >= '0' && c1 <= '9' ? c1 - '0' : c1 >= 'a' && c1 <= 'f' ? c1 - 'a' + 10 : -1;
		lo = c2 >= '0' && c2 <= '9' ? c2 - '0' : c2 >= 'a' && c2 <= 'f' ? c2 - 'a' + 10 : -1;
		if (hi < 0 || lo < 0)
			return false;
		if (n < cap)
			buf[n++] = (uint8_t) (hi << 4 | lo);
	}
	*len = n;
	return true;
}

/* sysfs_text: a sysfs text attribute without its trailing newline. */
static void
sysfs_text(const uint8_t *b, size_t len, char *out, size_t cap)
{
	if (len > 0 && b[len - 1] == '\n')
		len--;
	if (len >= cap)
		len = cap - 1;
	memcpy(out, b, len);
	out[len] = '\0';
}

/*
 * raw_to_lun: decode one device.  Without an inquiry attribute the
 * standard INQUIRY is rebuilt from vendor/model/rev, which sysfs prints
 * from the same bytes, padding included.
 */
static bool
raw_to_lun(Raw *r, const char *host, RdrLun *l, char *err, size_t errlen)
{
	RdrVpdPages pages;
	RdrScsiIdent id80,
				id83;
	uint8_t		syn[36];
	unsigned	hh,
				cc,
				tt,
				ll;
	char		derr[256];

	memset(l, 0, sizeof(*l));
	if (sscanf(r->hctl, "%u:%u:%u:%u", &hh, &cc, &tt, &ll) != 4)
	{
		snprintf(err, errlen, "device \"%s\" is not named H:C:T:L", r->hctl);
		return false;
	}
	l->lun_mapping = (int) ll;
	snprintf(l->hctl, sizeof(l->hctl), "%s", r->hctl);
	snprintf(l->device, sizeof(l->device), "%s:%s", host, r->hctl);

	if (!r->has_inq)
	{
		memset(syn, ' ', sizeof(syn));
		syn[0] = 0;
		syn[1] = syn[2] = syn[3] = 0;
		syn[4] = 31;
		syn[5] = syn[6] = syn[7] = 0;
		memcpy(syn + 8, r->vendor, strnlen(r->vendor, 8));
		memcpy(syn + 16, r->model, strnlen(r->model, 16));
		memcpy(syn + 32, r->rev, strnlen(r->rev, 4));
		memcpy(r->inq, syn, sizeof(syn));
		r->inq_len = sizeof(syn);
	}
	pages.inquiry = r->inq;
	pages.inquiry_len = r->inq_len;
	pages.pg80 = r->has_p80 ? r->p80 : NULL;
	pages.pg80_len = r->p80_len;
	pages.pg83 = r->has_p83 ? r->p83 : NULL;
	pages.pg83_len = r->p83_len;
	if (!rdr_vpd_decode(&pages, 0x83, &id83, derr, sizeof(derr)) ||
		!rdr_vpd_decode(&pages, 0x80, &id80, derr, sizeof(derr)))
	{
		snprintf(err, errlen, "device %s of \"%s\": %s", r->hctl, host, derr);
		return false;
	}
	if (id83.has_serial)
		snprintf(l->lun_id, sizeof(l->lun_id), "%s", id83.serial);
	if (id80.has_serial)
		snprintf(l->serial, sizeof(l->serial), "%s", id80.serial);
	/* no vpd pages in sysfs (old kernel): the hypervisor's own scsi_id */
	if (!r->has_p80 && !r->has_p83)
	{
		snprintf(l->lun_id, sizeof(l->lun_id), "%s", r->x83);
		snprintf(l->serial, sizeof(l->serial), "%s", r->x80);
	}
	snprintf(l->vendor_id, sizeof(l->vendor_id), "%s", id83.vendor);
	snprintf(l->product_id, sizeof(l->product_id), "%s", id83.model);
	snprintf(l->revision, sizeof(l->revision), "%s", id83.revision);
	l->size_bytes = r->sectors * 512;
	l->size_gib = (int) (l->size_bytes >> 30);
	if (r->label_len > 0)
	{
		bool		found;

		if (!rdr_lvm_pv_uuid(r->label, r->label_len, l->size_bytes, l->pv_uuid, &found, derr, sizeof(derr)))
		{
			snprintf(err, errlen, "device %s of \"%s\": %s", r->hctl, host, derr);
			return false;
		}
	}
	return true;
}

/*
 * rdr_fc_parse_listing: see probe_fc.h.
 */
bool
rdr_fc_parse_listing(const char *text, const char *host, RdrLunList *out,
					 char *err, size_t errlen)
{
	Raw		   *r = calloc(1, sizeof(Raw));
	bool		have = false;
	const char *p = text;
	int			lineno = 0;

	if (r == NULL)
	{
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (;;)
	{
		const char *eol = strchr(p, '\n');
		size_t		len = eol ? (size_t) (eol - p) : strlen(p);
		bool		last = eol == NULL;

		lineno++;
		if (len == 0 || p[0] == 'D')
		{
			if (have)
			{
				RdrLun		l;

				if (!raw_to_lun(r, host, &l, err, errlen) || !rdr_lun_list_append(out, &l))
					goto bad;
				have = false;
			}
			if (len > 2 && p[0] == 'D' && p[1] == ' ')
			{
				memset(r, 0, sizeof(Raw));
				snprintf(r->hctl, sizeof(r->hctl), "%.*s", (int) (len - 2 < 31 ? len - 2 : 31), p + 2);
				have = true;
			}
			else if (len != 0)
				goto malformed;
		}
		else if (!have)
			goto malformed;
		else if (len > 2 && p[0] == 'F' && p[1] == ' ')
		{
			const char *name = p + 2;
			const char *sp = memchr(name, ' ', len - 2);
			size_t		nlen,
						hlen;
			uint8_t		tmp[MAX_PAGE];
			size_t		tlen;

			if (sp == NULL)
				goto malformed;
			nlen = (size_t) (sp - name);
			hlen = len - 2 - nlen - 1;
			if (!unhex(sp + 1, hlen, tmp, sizeof(tmp), &tlen))
				goto malformed;
#define IS(n) (nlen == strlen(n) && memcmp(name, n, nlen) == 0)
			if (IS("inquiry"))
			{
				memcpy(r->inq, tmp, tlen);
				r->inq_len = tlen;
				r->has_inq = true;
			}
			else if (IS("vpd_pg80"))
			{
				memcpy(r->p80, tmp, tlen);
				r->p80_len = tlen;
				r->has_p80 = true;
			}
			else if (IS("vpd_pg83"))
			{
				memcpy(r->p83, tmp, tlen);
				r->p83_len = tlen;
				r->has_p83 = true;
			}
			else if (IS("vendor"))
				sysfs_text(tmp, tlen, r->vendor, sizeof(r->vendor));
			else if (IS("model"))
				sysfs_text(tmp, tlen, r->model, sizeof(r->model));
			else if (IS("rev"))
				sysfs_text(tmp, tlen, r->rev, sizeof(r->rev));
#undef IS
		}
		else if (len > 2 && p[0] == 'B' && p[1] == ' ')
		{
			unsigned long long sectors;

			if (sscanf(p + 2, "%63s %llu", r->block, &sectors) != 2)
				goto malformed;
			r->sectors = sectors;
		}
		else if (len > 6 && p[0] == 'X' && p[1] == ' ' &&
				 (strncmp(p + 2, "0x80 ", 5) == 0 || strncmp(p + 2, "0x83 ", 5) == 0))
		{
			char	   *dst = p[5] == '0' ? r->x80 : r->x83;

			snprintf(dst, RDR_ID_LEN, "%.*s", (int) (len - 7), p + 7);
		}
		else if (len >= 2 && p[0] == 'L' && p[1] == ' ')
		{
			if (!unhex(p + 2, len - 2, r->label, sizeof(r->label), &r->label_len))
				goto malformed;
		}
		else
			goto malformed;
		if (last)
			break;
		p = eol + 1;
	}
	if (have)
	{
		RdrLun		l;

		if (!raw_to_lun(r, host, &l, err, errlen) || !rdr_lun_list_append(out, &l))
			goto bad;
	}
	free(r);
	return true;

malformed:
	snprintf(err, errlen, "line %d of the device listing from \"%s\" is malformed", lineno, host);
bad:
	free(r);
	return false;
}

/*
 * rdr_probe_fc_list: see probe.h.
 */
bool
rdr_probe_fc_list(const RdrFcHost *h, RdrLunList *out)
{
	const char *root = h->sysfs_root ? h->sysfs_root : RDR_DEFAULT_SYSFS_ROOT;
	RdrSsh	   *s = NULL;
	char		cmd[sizeof(list_cmd) + 4096];
	char	   *text = NULL;
	size_t		len;
	int			status = -1;
	char		err[512];
	size_t		first = out->count;
	bool		ok = false;

	if (h->fail != NULL)
		*h->fail = RDR_PROBE_OK;
	if (strspn(root, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_.:-") != strlen(root) ||
		strlen(root) > 4000)
	{
		rdr_log_error("invalid sysfs root \"%s\"", root);
		rdr_log_detail("Only letters, digits and /_.:- are allowed.");
		set_fail(h, RDR_PROBE_ERR_OTHER);
		return false;
	}
	snprintf(cmd, sizeof(cmd), list_cmd, root);
	if (!rdr_ssh_open(h, &s))
		return false;
	rdr_log_verbose("listing SCSI devices under %s on \"%s\"", root, h->host);
	if (!rdr_ssh_exec(s, cmd, &text, &len, &status))
		goto out;
	if (status == 3)
	{
		rdr_log_error("\"%s\" has no %s", h->host, root);
		rdr_log_hint("Is this the Fibre Channel hypervisor of site B?");
		set_fail(h, RDR_PROBE_ERR_NOT_FOUND);
		goto out;
	}
	if (status != 0 || strlen(text) != len)
	{
		rdr_log_error("listing the SCSI devices of \"%s\" failed (exit status %d)", h->host, status);
		set_fail(h, RDR_PROBE_ERR_OTHER);
		goto out;
	}
	if (!rdr_fc_parse_listing(text, h->host, out, err, sizeof(err)))
	{
		rdr_log_error("unusable SCSI identification data from \"%s\"", h->host);
		rdr_log_detail("%s.", err);
		set_fail(h, RDR_PROBE_ERR_BAD_DATA);
		out->count = first;
		goto out;
	}
	rdr_log_verbose("\"%s\" has %zu SCSI device(s)", h->host, out->count - first);
	ok = true;
out:
	free(text);
	rdr_ssh_close(s);
	return ok;
}

/*
 * rdr_probe_fc: see probe.h.  Several paths (H:C:T:L) of one LUN have
 * the same page 0x83 id and count as one; the lowest H:C:T:L is kept.
 */
bool
rdr_probe_fc(const RdrFcHost *h, const char *serial, RdrLun *out)
{
	RdrLunList	list = {0};
	const RdrLun *found = NULL;
	int			distinct = 0;

	memset(out, 0, sizeof(*out));
	if (!rdr_probe_fc_list(h, &list))
		return false;
	for (size_t i = 0; i < list.count; i++)
	{
		const RdrLun *l = &list.luns[i];

		if (strcmp(l->lun_id, serial) != 0 && strcmp(l->serial, serial) != 0)
			continue;
		if (found == NULL || strcmp(found->lun_id, l->lun_id) != 0 ||
			strcmp(found->serial, l->serial) != 0)
		{
			if (found != NULL)
				rdr_log_detail("%s and %s are different LUNs.", found->hctl, l->hctl);
			distinct++;
			if (found == NULL)
				found = l;
		}
	}
	if (distinct == 0)
	{
		rdr_log_error("no SCSI device of \"%s\" has the serial \"%s\"", h->host, serial);
		rdr_log_detail("%zu device(s) were examined (page 0x83 and page 0x80 identities).",
					   list.count);
		rdr_log_hint("Check SCSI_SERIAL in the configuration with \"rdr-probe fc %s --all\".",
					 h->host);
		set_fail(h, RDR_PROBE_ERR_NOT_FOUND);
		rdr_lun_list_free(&list);
		return false;
	}
	if (distinct > 1)
	{
		rdr_log_error("%d different SCSI devices of \"%s\" match the serial \"%s\", expected one",
					  distinct, h->host, serial);
		set_fail(h, RDR_PROBE_ERR_AMBIGUOUS);
		rdr_lun_list_free(&list);
		return false;
	}
	/* the lowest H:C:T:L among the paths */
	for (size_t i = 0; i < list.count; i++)
	{
		const RdrLun *l = &list.luns[i];

		if (strcmp(l->lun_id, found->lun_id) == 0 && strcmp(l->serial, found->serial) == 0 &&
			strverscmp(l->hctl, found->hctl) < 0)
			found = l;
	}
	*out = *found;
	rdr_lun_list_free(&list);
	return true;
}
