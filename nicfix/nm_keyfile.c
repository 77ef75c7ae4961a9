/*-------------------------------------------------------------------------
 *
 * nm_keyfile.c
 *	  Planning the new mac-address of a NetworkManager keyfile.
 *
 * The keys, as nm-settings-keyfile(5) and nm-settings-nmcli(5) define
 * them:
 *	- [connection] interface-name=NAME binds the profile to a name;
 *	- [ethernet] mac-address=MAC binds it to the device whose permanent
 *	  MAC is MAC ("802-3-ethernet" is the setting's full name, which old
 *	  keyfiles use as the group);
 *	- [ethernet] cloned-mac-address=MAC|preserve|permanent|random|stable
 *	  sets the address the device uses; a MAC there that was site A's
 *	  hardware address would carry site A's address over to site B.
 * GKeyFile keeps the last of duplicate keys, so the last line decides;
 * rdr rewrites every mac-address line, so none can disagree.  The MAC is
 * written the way NetworkManager writes it (upper case, colons).
 *
 *-------------------------------------------------------------------------
 */
#include "nm_keyfile.h"

#include <stdlib.h>
#include <string.h>

#include "hwaddr.h"
#include "ini_file.h"
#include "log.h"

/* What one keyfile says about its binding. */
typedef struct KeyfileFacts
{
	long		ifname;			/* line of the last interface-name, or -1 */
	Mac		   *macs;			/* per line: the parsed mac-address */
	bool	   *is_mac;			/* per line: a non-empty mac-address line */
	long		last_mac;		/* line of the last one, or -1 */
} KeyfileFacts;

/*
 * is_ethernet_key: whether line i sets key in the ethernet setting.
 */
static bool
is_ethernet_key(const TextFile *tf, const IniFile *ini, size_t i,
				const char *key)
{
	return ini_key_is(tf, ini, i, "ethernet", key) ||
		ini_key_is(tf, ini, i, "802-3-ethernet", key);
}

/*
 * gather: the facts of tf; a mac-address we cannot read is an error.
 */
static bool
gather(const TextFile *tf, const IniFile *ini, KeyfileFacts *f)
{
	size_t		i;

	f->ifname = -1;
	f->last_mac = -1;
	f->macs = calloc(tf->nlines + 1, sizeof(Mac));
	f->is_mac = calloc(tf->nlines + 1, sizeof(bool));
	if (f->macs == NULL || f->is_mac == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < tf->nlines; i++)
	{
		const IniLine *l = &ini->lines[i];
		const char *v = tf->lines[i].text + l->value_col;

		if (ini_key_is(tf, ini, i, "connection", "interface-name"))
			f->ifname = l->value_len > 0 ? (long) i : -1;
		if (!is_ethernet_key(tf, ini, i, "mac-address"))
			continue;
		if (l->value_len == 0)
		{
			f->last_mac = -1;
			continue;
		}
		if (!hwaddr_parse_nm(v, l->value_len, &f->macs[i]))
		{
			rdr_log_error("%s:%zu: mac-address value \"%.*s\" is not a MAC address",
						  tf->name, i + 1, (int) l->value_len, v);
			rdr_log_detail("NetworkManager writes \"00:25:B3:A9:B0:01\"; old keyfiles have six decimal bytes such as \"0;37;179;169;176;1;\".");
			rdr_log_hint("Fix the line, then run rdr-nicfix again.");
			return false;
		}
		f->is_mac[i] = true;
		f->last_mac = (long) i;
	}
	return true;
}

/*
 * pins_old: whether cloned-mac-address line i sets one of the profile's
 * old mac-address values (not the wanted one).
 */
static bool
pins_old(const TextFile *tf, const IniFile *ini, const KeyfileFacts *f,
		 size_t i, const Mac *want)
{
	const IniLine *l = &ini->lines[i];
	Mac			m;
	size_t		j;

	if (!is_ethernet_key(tf, ini, i, "cloned-mac-address") ||
		!hwaddr_parse_nm(tf->lines[i].text + l->value_col, l->value_len, &m) ||
		mac_equal(&m, want))
		return false;
	for (j = 0; j < tf->nlines; j++)
		if (f->is_mac[j] && mac_equal(&m, &f->macs[j]))
			return true;
	return false;
}

/*
 * rebind: out is in with every mac-address set to want and cloned
 * addresses that pin an old MAC commented out.
 */
static bool
rebind(const TextFile *in, const IniFile *ini, const KeyfileFacts *f,
	   const NicMapEntry *e, TextFile *out)
{
	char		upper[MAC_TEXT_LEN];
	size_t		i;

	hwaddr_upper(&e->mac, upper);
	for (i = 0; i < in->nlines; i++)
	{
		bool		ok;

		if (f->is_mac[i] && !mac_equal(&f->macs[i], &e->mac))
		{
			size_t		len;
			char	   *line = ini_with_value(in, ini, i, upper, &len);

			if (line == NULL)
				return false;
			rdr_log_verbose("%s:%zu: mac-address set to %s for \"%s\"",
							in->name, i + 1, upper, e->name);
			ok = text_append(out, line, len, in->lines[i].eol, -1);
			free(line);
		}
		else if (pins_old(in, ini, f, i, &e->mac))
		{
			rdr_log_verbose("%s:%zu: commenting out cloned-mac-address",
							in->name, i + 1);
			ok = text_append_commented(out, in, i);
		}
		else
			ok = text_append_copy(out, in, i);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * warn_unbound: a profile rdr leaves alone that will not come up on the
 * wanted NIC; said, because the manager may lose that network.
 */
static void
warn_unbound(const TextFile *in, const IniFile *ini, const KeyfileFacts *f,
			 const NicMap *map)
{
	const Mac  *m = &f->macs[f->last_mac];
	const NicMapEntry *by_mac = nic_map_by_mac(map, m);

	if (by_mac != NULL && f->ifname >= 0)
	{
		const IniLine *l = &ini->lines[f->ifname];

		rdr_log_warning("%s:%ld: the profile is for interface \"%.*s\", but %s is to be named \"%s\": NetworkManager will not use it for that NIC",
						in->name, f->ifname + 1, (int) l->value_len,
						in->lines[f->ifname].text + l->value_col, m->text,
						by_mac->name);
	}
	else if (by_mac == NULL && f->ifname < 0)
		rdr_log_warning("%s:%ld: the profile is bound to %s, which no mapping names: it will not come up on site B",
						in->name, f->last_mac + 1, m->text);
}

/*
 * nm_keyfile_plan: out (initialised by the caller) is in re-bound to the
 * wanted MAC of its interface name.
 */
bool
nm_keyfile_plan(const TextFile *in, const NicMap *map, TextFile *out)
{
	IniFile		ini = {0};
	KeyfileFacts f = {0};
	const NicMapEntry *e = NULL;
	bool		ok = false;
	size_t		i;

	if (!ini_parse(in, INI_GKEYFILE, &ini))
		return false;
	if (!gather(in, &ini, &f))
		goto done;
	if (f.ifname >= 0)
	{
		const IniLine *l = &ini.lines[f.ifname];

		e = nic_map_by_name(map, in->lines[f.ifname].text + l->value_col,
							l->value_len);
	}
	if (e != NULL && f.last_mac >= 0)
		ok = rebind(in, &ini, &f, e, out);
	else
	{
		if (e == NULL && f.last_mac >= 0)
			warn_unbound(in, &ini, &f, map);
		ok = true;
		for (i = 0; i < in->nlines && ok; i++)
			ok = text_append_copy(out, in, i);
	}
done:
	free(f.macs);
	free(f.is_mac);
	ini_free(&ini);
	return ok;
}
