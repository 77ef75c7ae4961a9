/*-------------------------------------------------------------------------
 *
 * scsi_id_shim.c
 *	  LD_PRELOAD library that lets the real /lib/udev/scsi_id run against
 *	  recorded INQUIRY / VPD pages instead of a SCSI device.
 *
 * It makes /lib/udev/scsi_id the oracle of rdr's VPD decoder: the tests
 * run both on the same pages and compare every output byte.
 *
 *	RDR_SHIM_DEVICE=/some/path	the device name given to scsi_id; opening
 *								it opens /dev/null instead
 *	RDR_SHIM_DIR=DIR			pages: DIR/inquiry, DIR/vpd_pgXX
 *
 * SG_IO INQUIRY on that descriptor is answered from the files: a missing
 * file is answered CHECK CONDITION / ILLEGAL REQUEST, as a device that
 * does not support the page; page 0x00 is built from the files present
 * unless DIR/vpd_pg00 exists.  SG v4 (bsg) requests get EINVAL, so
 * scsi_id falls back to SG v3 as it does on a plain sd device.
 *
 *-------------------------------------------------------------------------
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <scsi/sg.h>
#include <unistd.h>

static int	shim_fd = -1;

static bool
is_shim_path(const char *path)
{
	const char *dev = getenv("RDR_SHIM_DEVICE");

	return dev != NULL && path != NULL && strcmp(path, dev) == 0;
}

static int
real_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	int			(*fn) (int, const char *, int,...);

	fn = (int (*) (int, const char *, int,...)) dlsym(RTLD_NEXT, "openat");
	if (is_shim_path(path))
	{
		int			fd = fn(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);

		shim_fd = fd;
		return fd;
	}
	return fn(dirfd, path, flags, mode);
}

int			open(const char *path, int flags,...);
int			open64(const char *path, int flags,...);
int			openat(int dirfd, const char *path, int flags,...);
int			openat64(int dirfd, const char *path, int flags,...);
int			__open_2(const char *path, int flags);
int			__open64_2(const char *path, int flags);
int			ioctl(int fd, unsigned long req,...);

#define MODE_ARG(flags, mode) \
	do { \
		if ((flags) & (O_CREAT | O_TMPFILE)) { \
			va_list ap; va_start(ap, flags); \
			mode = va_arg(ap, mode_t); va_end(ap); \
		} \
	} while (0)

int
open(const char *path, int flags,...)
{
	mode_t		mode = 0;

	MODE_ARG(flags, mode);
	return real_openat(AT_FDCWD, path, flags, mode);
}

int
open64(const char *path, int flags,...)
{
	mode_t		mode = 0;

	MODE_ARG(flags, mode);
	return real_openat(AT_FDCWD, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags,...)
{
	mode_t		mode = 0;

	MODE_ARG(flags, mode);
	return real_openat(dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags,...)
{
	mode_t		mode = 0;

	MODE_ARG(flags, mode);
	return real_openat(dirfd, path, flags, mode);
}

int
__open_2(const char *path, int flags)
{
	return real_openat(AT_FDCWD, path, flags, 0);
}

int
__open64_2(const char *path, int flags)
{
	return real_openat(AT_FDCWD, path, flags, 0);
}

/* read_page: contents of DIR/name into buf; -1 if there is no such file. */
static ssize_t
read_page(const char *name, unsigned char *buf, size_t len)
{
	char		path[4096];
	const char *dir = getenv("RDR_SHIM_DIR");
	FILE	   *f;
	size_t		n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, len, f);
	fclose(f);
	return (ssize_t) n;
}

static int
answer_inquiry(struct sg_io_hdr *io)
{
	unsigned char page[4096];
	unsigned char *cdb = io->cmdp;
	ssize_t		n;
	char		name[32];

	if ((cdb[1] & 1) == 0)
		snprintf(name, sizeof(name), "inquiry");
	else
		snprintf(name, sizeof(name), "vpd_pg%02x", cdb[2]);
	memset(page, 0, sizeof(page));
	n = read_page(name, page, sizeof(page));
	if (n < 0 && (cdb[1] & 1) && cdb[2] == 0)
	{
		/* page 0x00: the list of pages there are files for */
		static const int codes[] = {0x00, 0x80, 0x83};
		unsigned char tmp[8];

		n = 4;
		page[1] = 0;
		for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		{
			snprintf(name, sizeof(name), "vpd_pg%02x", codes[i]);
			if (codes[i] == 0 || read_page(name, tmp, sizeof(tmp)) >= 0)
				page[n++] = codes[i];
		}
		page[3] = n - 4;
	}
	io->status = 0;
	io->masked_status = 0;
	io->host_status = 0;
	io->driver_status = 0;
	io->sb_len_wr = 0;
	io->resid = 0;
	if (n < 0)
	{
		/* CHECK CONDITION, fixed sense: ILLEGAL REQUEST, INVALID FIELD IN CDB */
		unsigned char sense[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0};

		io->status = 0x02;
		io->masked_status = 0x01;
		io->driver_status = 0x08;
		if (io->sbp && io->mx_sb_len > 0)
		{
			size_t		k = io->mx_sb_len < sizeof(sense) ? io->mx_sb_len : sizeof(sense);

			memcpy(io->sbp, sense, k);
			io->sb_len_wr = k;
		}
		io->resid = io->dxfer_len;
		return 0;
	}
	if ((size_t) n > io->dxfer_len)
		n = io->dxfer_len;
	memcpy(io->dxferp, page, n);
	io->resid = io->dxfer_len - n;
	return 0;
}

int
ioctl(int fd, unsigned long req,...)
{
	va_list		ap;
	void	   *arg;
	int			(*fn) (int, unsigned long,...);

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd == shim_fd && fd >= 0 && req == SG_IO)
	{
		struct sg_io_hdr *io = arg;

		if (io->interface_id != 'S')
		{
			errno = EINVAL;		/* SG v4: not a bsg device */
			return -1;
		}
		if (io->cmd_len < 6 || io->cmdp[0] != 0x12)
		{
			errno = EINVAL;
			return -1;
		}
		return answer_inquiry(io);
	}
	fn = (int (*) (int, unsigned long,...)) dlsym(RTLD_NEXT, "ioctl");
	return fn(fd, req, arg);
}
