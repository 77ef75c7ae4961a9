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
rdr_lvm_pv_uuid(const uint8_t *buf, size_t len, uint64_t device_size,
				char *uuid, bool *found, char *err, size_t errlen)
{
	const char *type = NULL;
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

	/*
	 * libblkid checks the label against the size of the device (a PV header's
	 * device size larger than the device is no PV), so present the sectors as
	 * the start of a sparse file of the device's size; the rest reads as
	 * zeros and costs no memory.
	 */
	if (device_size < len)
		device_size = len;
	if (ftruncate(fd, (off_t) device_size) != 0)
	{
		snprintf(err, errlen, "could not size a memory file: %s", strerror(errno));
		goto out;
	}
	pr = blkid_new_probe();
	if (pr == NULL || blkid_probe_set_device(pr, fd, 0, 0) != 0)
	{
		snprintf(err, errlen, "libblkid could not set up a probe");
		goto out;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 0);

	rc = blkid_do_safeprobe(pr);
	if (rc == 0 &&
		blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0 &&
		type != NULL && strcmp(type, "LVM2_member") == 0 &&
		blkid_probe_lookup_value(pr, "UUID", &value, &value_len) == 0 &&
		value != NULL && strlen(value) == 38)
	{
		memcpy(uuid, value, 39);
		*found = true;
	}
	/* rc 1: nothing found; -2: several signatures, no sure answer */
	ok = true;

out:
	if (pr != NULL)
		blkid_free_probe(pr);
	close(fd);
	return ok;
}
