/*-------------------------------------------------------------------------
 *
 * systemd_link.c
 *	  Planning the new [Match] addresses of a systemd .link file.
 *
 * As systemd.link(5) defines them: [Match] MACAddress= and
 * PermanentMACAddress= take a white-space separated list of addresses
 * (colon-, hyphen- or dot-delimited); repeated lines add to the list and
 * an empty value resets it.  Every match key given must match.  [Link]
 * Name= is the name (an empty value unsets it); NamePolicy=, when set,
 * takes precedence over Name=, which is then only a fallback.
 *
 * For a file that names a wanted name, the first line of each MAC key
 * present gets the wanted MAC (canonical lower case, the form the man
 * page shows) and the key's later lines are commented out, so the list
 * is exactly that MAC.  A file that already says so is left alone.
 *
 *-------------------------------------------------------------------------
 */
#include "systemd_link.h"

#include <stdlib.h>
#include <string.h>

#include "hwaddr.h"
#include "ini_file.h"
#include "log.h"

static const char *const mac_keys[] = {"MACAddress", "PermanentMACAddress"};

#define N_MAC_KEYS 2

/* Per MAC key: its lines and whether its list is exactly one MAC. */
typedef struct MacKey
{
	long		first;			/* first line of the key, or -1 */
	Mac			list[64];		/* the list after its last reset */
	size_t		n;				/* may exceed 64: then only counted */
} MacKey;

/* What one .link file says. */
typedef struct LinkFacts
{
	long		name;			/* line of the effective Name=, or -1 */
	long		policy;			/* line of a non-empty NamePolicy=, or -1 */
	MacKey		keys[N_MAC_KEYS];
} LinkFacts;

/*
 * add_macs: the addresses of MAC key line i into k; an address we cannot
 * read is an error, as a continued line is (systemd would join it).
 */
static bool
add_macs(const TextFile *tf, const IniFile *ini, size_t i, MacKey *k)
{
	const IniLine *l = &ini->lines[i];
	const char *s = tf->lines[i].text + l->value_col;
	size_t		p = 0;

	if (k->first < 0)
		k->first = (long) i;
	if (l->continued)
	{
		rdr_log_error("%s:%zu: a MAC address list continued on the next line is not supported",
					  tf->name, i + 1);
		rdr_log_hint("Put the list on one line, then run rdr-nicfix again.");
		return false;
	}
	if (l->value_len == 0)
		k->n = 0;
	while (p < l->value_len)
	{
		size_t		len = strcspn(s + p, " \t");
		Mac			m;

		if (len > l->value_len - p)
			len = l->value_len - p;
		if (len > 0)
		{
			if (!hwaddr_parse_link(s + p, len, &m))
			{
				rdr_log_error("%s:%zu: \"%.*s\" is not a MAC address",
							  tf->name, i + 1, (int) len, s + p);
				rdr_log_detail("systemd.link takes 01:23:45:67:89:ab, 01-23-45-67-89-ab or 0123.4567.89ab.");
				rdr_log_hint("Fix the line, then run rdr-nicfix again.");
				return false;
			}
			if (k->n < 64)
				k->list[k->n] = m;
			k->n++;
		}
		p += len;
		p += strspn(s + p, " \t");
	}
	return true;
}

/*
 * gather: the facts of tf.
 */
static bool
gather(const TextFile *tf, const IniFile *ini, LinkFacts *f)
{
	size_t		i;
	int			k;

	f->name = f->policy = -1;
	for (k = 0; k < N_MAC_KEYS; k++)
	{
		f->keys[k].first = -1;
		f->keys[k].n = 0;
	}
	for (i = 0; i < tf->nlines; i++)
	{
		const IniLine *l = &ini->lines[i];

		if (ini_key_is(tf, ini, i, "Link", "Name"))
			f->name = l->value_len > 0 ? (long) i : -1;
		if (ini_key_is(tf, ini, i, "Link", "NamePolicy"))
			f->policy = l->value_len > 0 ? (long) i : -1;
		for (k = 0; k < N_MAC_KEYS; k++)
			if (ini_key_is(tf, ini, i, "Match", mac_keys[k]) &&
				!add_macs(tf, ini, i, &f->keys[k]))
				return false;
	}
	return true;
}

/*
 * key_of: which MAC key line i sets, or -1.
 */
static int
key_of(const TextFile *tf, const IniFile *ini, size_t i)
{
	int			k;

	for (k = 0; k < N_MAC_KEYS; k++)
		if (ini_key_is(tf, ini, i, "Match", mac_keys[k]))
			return k;
	return -1;
}

/*
 * is_exactly: whether key k's list is exactly mac (lines other than the
 * first would be rewritten too, so they must not exist).
 */
static bool
is_exactly(const MacKey *k, const Mac *mac)
{
	return k->n == 1 && mac_equal(&k->list[0], mac);
}

/*
 * rebind: out is in with each MAC key's list set to e's MAC.
 */
static bool
rebind(const TextFile *in, const IniFile *ini, const LinkFacts *f,
	   const NicMapEntry *e, TextFile *out)
{
	bool		change[N_MAC_KEYS];
	size_t		i;
	int			k;

	for (k = 0; k < N_MAC_KEYS; k++)
		change[k] = f->keys[k].first >= 0 && !is_exactly(&f->keys[k], &e->mac);
	for (i = 0; i < in->nlines; i++)
	{
		bool		ok;

		k = key_of(in, ini, i);
		if (k >= 0 && change[k] && (long) i == f->keys[k].first)
		{
			size_t		len;
			char	   *line = ini_with_value(in, ini, i, e->mac.text, &len);

			if (line == NULL)
				return false;
			rdr_log_verbose("%s:%zu: %s set to %s for \"%s\"", in->name,
							i + 1, mac_keys[k], e->mac.text, e->name);
			ok = text_append(out, line, len, in->lines[i].eol, -1);
			free(line);
		}
		else if (k >= 0 && change[k])
		{
			rdr_log_verbose("%s:%zu: commenting out %s", in->name, i + 1,
							mac_keys[k]);
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
 * check_other: a file that does not name a wanted name must not match a
 * wanted MAC.
 */
static bool
check_other(const TextFile *in, const IniFile *ini, const LinkFacts *f,
			const NicMap *map)
{
	int			k;
	size_t		j;

	for (k = 0; k < N_MAC_KEYS; k++)
		for (j = 0; j < f->keys[k].n && j < 64; j++)
		{
			const NicMapEntry *e = nic_map_by_mac(map, &f->keys[k].list[j]);
			const IniLine *l;

			if (e == NULL)
				continue;
			if (f->name < 0)
				rdr_log_error("%s:%ld: [Match] %s= matches %s, which is to be named \"%s\", but the file gives it no name",
							  in->name, f->keys[k].first + 1, mac_keys[k],
							  e->mac.text, e->name);
			else
			{
				l = &ini->lines[f->name];
				rdr_log_error("%s:%ld: [Match] %s= matches %s, which is to be named \"%s\", but the file names it \"%.*s\"",
							  in->name, f->keys[k].first + 1, mac_keys[k],
							  e->mac.text, e->name, (int) l->value_len,
							  in->lines[f->name].text + l->value_col);
			}
			rdr_log_detail("Only the first .link file that matches a NIC applies to it.");
			rdr_log_hint("Remove the address from this file or name it \"%s\" here, then run rdr-nicfix again.",
						 e->name);
			return false;
		}
	return true;
}

/*
 * systemd_link_plan: out (initialised by the caller) is in with its MAC
 * match set to the wanted MAC of the name it gives.
 */
bool
systemd_link_plan(const TextFile *in, const NicMap *map, TextFile *out)
{
	IniFile		ini = {0};
	LinkFacts	f;
	const NicMapEntry *e = NULL;
	bool		ok = false;
	size_t		i;

	if (!ini_parse(in, INI_SYSTEMD, &ini))
		return false;
	if (!gather(in, &ini, &f))
		goto done;
	if (f.name >= 0)
	{
		const IniLine *l = &ini.lines[f.name];

		e = nic_map_by_name(map, in->lines[f.name].text + l->value_col,
							l->value_len);
	}
	if (e == NULL)
	{
		if (!check_other(in, &ini, &f, map))
			goto done;
		ok = true;
		for (i = 0; i < in->nlines && ok; i++)
			ok = text_append_copy(out, in, i);
		goto done;
	}
	if (f.keys[0].first < 0 && f.keys[1].first < 0)
		rdr_log_warning("%s:%ld: the file names \"%s\" without matching a MAC address: check that its [Match] fits site B's NIC",
						in->name, f.name + 1, e->name);
	if (f.policy >= 0)
		rdr_log_warning("%s:%ld: NamePolicy= takes precedence over Name=\"%s\"",
						in->name, f.policy + 1, e->name);
	ok = rebind(in, &ini, &f, e, out);
done:
	ini_free(&ini);
	return ok;
}

/*
 * systemd_link_names: the index in map of the NIC that tf (as planned)
 * names for certain: its Name= is wanted and every MAC key it has lists
 * exactly that NIC's MAC, or -1.  Used to tell which wanted names nothing
 * on the image pins.
 */
long
systemd_link_names(const TextFile *tf, const NicMap *map)
{
	IniFile		ini = {0};
	LinkFacts	f;
	const NicMapEntry *e = NULL;
	long		found = -1;
	int			k;

	if (!ini_parse(tf, INI_SYSTEMD, &ini))
		return -1;
	if (gather(tf, &ini, &f) && f.name >= 0)
	{
		const IniLine *l = &ini.lines[f.name];

		e = nic_map_by_name(map, tf->lines[f.name].text + l->value_col,
							l->value_len);
	}
	if (e != NULL && (f.keys[0].first >= 0 || f.keys[1].first >= 0))
	{
		found = e - map->entries;
		for (k = 0; k < N_MAC_KEYS; k++)
			if (f.keys[k].first >= 0 && !is_exactly(&f.keys[k], &e->mac))
				found = -1;
	}
	ini_free(&ini);
	return found;
}
