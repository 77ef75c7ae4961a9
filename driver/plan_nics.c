/*-------------------------------------------------------------------------
 *
 * plan_nics.c
 *	  Reading the manager's NICs from sysfs (see plan_nics.h).
 *
 *-------------------------------------------------------------------------
 */
#include "plan_nics.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "xalloc.h"

static int
cmp_nic(const void *a, const void *b)
{
	return strcmp(((const PlanManagerNic *) a)->name, ((const PlanManagerNic *) b)->name);
}

/* is_mac: an Ethernet address as sysfs prints it, xx:xx:xx:xx:xx:xx. */
static bool
is_mac(const char *s)
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char) s[i]))
			return false;
	return true;
}

/*
 * plan_nics_read: the physical NICs under root/sys/class/net, sorted by
 * name.  False (logged) when the directory cannot be read.
 */
bool
plan_nics_read(const char *root, PlanManagerNic **nics, int *n)
{
	char		dir[4096];
	DIR		   *d;
	struct dirent *e;

	*nics = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/sys/class/net", strcmp(root, "/") == 0 ? "" : root);
	if ((d = opendir(dir)) == NULL)
	{
		rdr_log_error("could not read the manager's NICs in \"%s\": %s", dir, strerror(errno));
		rdr_log_hint("Give --manager-nics the root of the site-B manager's file system (\"/\" on the manager itself).");
		return false;
	}
	while ((e = readdir(d)) != NULL)
	{
		char		path[4400];
		char		mac[64] = "";
		struct stat st;
		FILE	   *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/device", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;			/* virtual: lo, bridges, bonds, VLANs */
		snprintf(path, sizeof(path), "%s/%s/address", dir, e->d_name);
		if ((f = fopen(path, "r")) == NULL || fgets(mac, sizeof(mac), f) == NULL)
		{
			rdr_log_warning("NIC %s of the manager has no readable address (%s): left out",
							e->d_name, path);
			if (f)
				fclose(f);
			continue;
		}
		fclose(f);
		mac[strcspn(mac, "\r\n")] = '\0';
		if (!is_mac(mac))
		{
			rdr_log_warning("NIC %s of the manager has address \"%s\", not an Ethernet MAC: left out",
							e->d_name, mac);
			continue;
		}
		*nics = xreallocarray(*nics, (size_t) *n + 1, sizeof(PlanManagerNic));
		(*nics)[*n].name = xstrdup(e->d_name);
		(*nics)[*n].mac = xstrdup(mac);
		for (char *p = (*nics)[*n].mac; *p; p++)
			*p = (char) tolower((unsigned char) *p);
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(*nics, (size_t) *n, sizeof(PlanManagerNic), cmp_nic);
	if (*n == 0)
		rdr_log_warning("no physical NIC found in \"%s\": no RHEVM_NIC line written", dir);
	return true;
}

void
plan_nics_free(PlanManagerNic *nics, int n)
{
	for (int i = 0; i < n; i++)
	{
		free(nics[i].name);
		free(nics[i].mac);
	}
	free(nics);
}
