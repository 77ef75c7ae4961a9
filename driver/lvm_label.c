/*-------------------------------------------------------------------------
 *
 * lvm_label.c
 *	  LVM2 PV UUID from a buffer holding a LUN's first sectors, read with
 *	  libblkid's LVM2 prober (util-linux), not by a parser of our own.
 *
 * libblkid probes file descriptors, and the iSCSI prober has the sectors
 * in memory (read over the network), so they are handed to libblkid
 * through an anonymous memory file (memfd).  libblkid checks the label's
 * CRC and formats the UUID as LVM prints it (6-4-4-4-4-4-6).
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <blkid.h>

#include "lvm_label.h"

/*
 * rdr_lvm_pv_uuid: see lvm_label.h.
 */
bool
rdr_lvm_pv_uuid(const uint8_t *buf, size_t len, char *uuid, bool *found,
				char *err, size_t errlen)
{
	static const char *const only_lvm2[] = {"LVM2_member", NULL};
	blkid_probe pr = NULL;
	const char *value = NULL;
	size_t		value_len = 0;
	bool		ok = false;
	int			fd,
				rc;
	size_t		off = 0;

	uuid[0] = '\0';
	*found = false;
	fd = memfd_create("rdr-lvm-label", MFD_CLOEXEC);
	if (fd < 0)
	{
		snprintf(err, errlen, "could not create a memory file: %s", strerror(errno));
		return false;
	}
	while (off < len)
	{
		ssize_t		n = write(fd, buf + off, len - off);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "could not write a memory file: %s", strerror(errno));
			goto out;
		}
		off += (size_t) n;
	}

	pr = blkid_new_probe();
	if (pr == NULL || blkid_probe_set_device(pr, fd, 0, (blkid_loff_t) len) != 0)
	{
		snprintf(err, errlen, "libblkid could not set up a probe");
		goto out;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, (char **) only_lvm2);
	blkid_probe_enable_partitions(pr, 0);

	rc = blkid_do_safeprobe(pr);
	if (rc == 0 &&
		blkid_probe_lookup_value(pr, "UUID", &value, &value_len) == 0 &&
		value != NULL && strlen(value) == 38)
	{
		memcpy(uuid, value, 39);
		*found = true;
	}
	/* rc 1: nothing found; -2: ambiguous (impossible with one type) */
	ok = true;

out:
	if (pr != NULL)
		blkid_free_probe(pr);
	close(fd);
	return ok;
}
