/*-------------------------------------------------------------------------
 *
 * nic_map.c
 *	  Building the MAC -> interface name map from options and the config.
 *
 * The configuration reader here only looks at RHEVM_NIC lines; the full
 * parser of rdr's configuration lives with rdr-failover, which passes the
 * mappings to rdr-nicfix as --map options.  Both follow the seed's
 * read_cfg(): whitespace-separated fields, the type first and compared
 * case-insensitively, "#" and ";" lines are comments.
 *
 *-------------------------------------------------------------------------
 */
#include "nic_map.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "log.h"
#include "text_file.h"

/*
 * nic_map_init: an empty map.
 */
void
nic_map_init(NicMap *map)
{
	memset(map, 0, sizeof(*map));
}

/*
 * nic_map_free: release the map's entries.
 */
void
nic_map_free(NicMap *map)
{
	size_t		i;

	for (i = 0; i < map->n; i++)
		free(map->entries[i].origin);
	free(map->entries);
	memset(map, 0, sizeof(*map));
}

/*
 * nic_map_by_mac: the entry for mac, or NULL.
 */
const NicMapEntry *
nic_map_by_mac(const NicMap *map, const Mac *mac)
{
	size_t		i;

	for (i = 0; i < map->n; i++)
		if (mac_equal(&map->entries[i].mac, mac))
			return &map->entries[i];
	return NULL;
}

/*
 * nic_map_by_name: the entry whose name is name[0..len), or NULL.
 * Interface names are case-sensitive, like the kernel's.
 */
const NicMapEntry *
nic_map_by_name(const NicMap *map, const char *name, size_t len)
{
	size_t		i;

	/* entries exists once n > 0 (clang's analyzer loses that in loops) */
	assert(map->n == 0 || map->entries != NULL);
	for (i = 0; i < map->n; i++)
		if (strlen(map->entries[i].name) == len &&
			memcmp(map->entries[i].name, name, len) == 0)
			return &map->entries[i];
	return NULL;
}

/*
 * nic_map_add: add mac -> name (already validated).  The same pair twice
 * is accepted once; a MAC with two names or a name wanted by two MACs is
 * an error, because rdr cannot know which one the administrator meant.
 */
bool
nic_map_add(NicMap *map, const Mac *mac, const char *name, const char *origin)
{
	const NicMapEntry *e;
	NicMapEntry *n;

	e = nic_map_by_mac(map, mac);
	if (e != NULL)
	{
		if (strcmp(e->name, name) == 0)
			return true;
		rdr_log_error("%s: MAC %s is mapped to two names", origin, mac->text);
		rdr_log_detail("%s maps it to \"%s\", %s to \"%s\".",
					   e->origin, e->name, origin, name);
		rdr_log_hint("Give each MAC address exactly one interface name.");
		return false;
	}
	e = nic_map_by_name(map, name, strlen(name));
	if (e != NULL)
	{
		rdr_log_error("%s: name \"%s\" is wanted by two MACs", origin, name);
		rdr_log_detail("%s wants it for %s, %s for %s.",
					   e->origin, e->mac.text, origin, mac->text);
		rdr_log_hint("Give each interface name to exactly one MAC address.");
		return false;
	}
	if (map->n == map->cap)
	{
		size_t		cap = map->cap ? map->cap * 2 : 8;
		NicMapEntry *entries = realloc(map->entries, cap * sizeof(NicMapEntry));

		if (entries == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		map->entries = entries;
		map->cap = cap;
	}
	n = &map->entries[map->n];
	n->mac = *mac;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->origin = strdup(origin);
	if (n->origin == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	map->n++;
	return true;
}

/*
 * add_checked: validate the MAC and name texts, then add them.
 */
static bool
add_checked(NicMap *map, const char *mactext, size_t maclen,
			const char *name, size_t namelen, const char *origin)
{
	Mac			mac;
	const char *why;
	char		namebuf[IFNAME_MAX_LEN + 1];

	if (!mac_parse(mactext, maclen, &mac))
	{
		rdr_log_error("%s: invalid MAC address \"%.*s\"", origin,
					  (int) maclen, mactext);
		rdr_log_hint("Write MAC addresses as six colon-separated hex octets, like 00:25:b3:a9:b0:01.");
		return false;
	}
	if (!ifname_valid(name, namelen, &why))
	{
		rdr_log_error("%s: invalid interface name \"%.*s\"", origin,
					  (int) namelen, name);
		rdr_log_detail("%c%s.", toupper((unsigned char) why[0]), why + 1);
		return false;
	}
	memcpy(namebuf, name, namelen);
	namebuf[namelen] = '\0';
	return nic_map_add(map, &mac, namebuf, origin);
}

/*
 * nic_map_add_arg: add the value of a "--map MAC=IFNAME" option.
 */
bool
nic_map_add_arg(NicMap *map, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL)
	{
		rdr_log_error("--map: \"%s\" is not MAC=IFNAME", arg);
		rdr_log_hint("For example: --map 00:25:b3:a9:b0:01=eth0");
		return false;
	}
	return add_checked(map, arg, (size_t) (eq - arg), eq + 1, strlen(eq + 1),
					   "--map");
}

/*
 * next_field: the next whitespace-separated field of line[*pos..len).
 */
static bool
next_field(const char *line, size_t len, size_t *pos,
		   const char **field, size_t *flen)
{
	size_t		p = *pos;
	size_t		start;

	while (p < len && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (p == len)
	{
		*pos = p;
		return false;
	}
	start = p;
	while (p < len && line[p] != ' ' && line[p] != '\t')
		p++;
	*field = line + start;
	*flen = p - start;
	*pos = p;
	return true;
}

/*
 * nic_map_parse_config: add the RHEVM_NIC lines of a configuration file's
 * contents (name is used in messages).  Other entry types belong to
 * rdr-failover and are skipped without a look.
 */
bool
nic_map_parse_config(NicMap *map, const char *name, const char *buf,
					 size_t len)
{
	TextFile	tf;
	size_t		i;
	bool		ok = true;

	if (!text_init(&tf, name))
		return false;
	if (!text_parse(&tf, buf, len))
	{
		text_free(&tf);
		return false;
	}
	for (i = 0; ok && i < tf.nlines; i++)
	{
		const char *line = tf.lines[i].text;
		size_t		llen = tf.lines[i].len;
		size_t		pos = 0;
		const char *type,
				   *mac,
				   *ifname,
				   *extra;
		size_t		tlen,
					mlen,
					ilen,
					elen;
		char		origin[4200];

		/* a lone '\r' (old Mac line ending) counts as white space */
		while (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (!next_field(line, llen, &pos, &type, &tlen))
			continue;
		if (type[0] == '#' || type[0] == ';')
			continue;
		if (tlen != 9 || strncasecmp(type, "rhevm_nic", 9) != 0)
			continue;
		snprintf(origin, sizeof(origin), "%s:%zu", name, i + 1);
		if (!next_field(line, llen, &pos, &mac, &mlen) ||
			!next_field(line, llen, &pos, &ifname, &ilen))
		{
			rdr_log_error("%s: RHEVM_NIC needs a MAC address and an interface name",
						  origin);
			rdr_log_hint("Write it as: RHEVM_NIC 00:25:b3:a9:b0:01 eth0");
			ok = false;
			break;
		}
		if (next_field(line, llen, &pos, &extra, &elen))
		{
			rdr_log_error("%s: unexpected value \"%.*s\" after RHEVM_NIC's interface name",
						  origin, (int) elen, extra);
			rdr_log_hint("Write it as: RHEVM_NIC 00:25:b3:a9:b0:01 eth0");
			ok = false;
			break;
		}
		ok = add_checked(map, mac, mlen, ifname, ilen, origin);
	}
	text_free(&tf);
	return ok;
}

/*
 * nic_map_read_config: read the RHEVM_NIC lines of the configuration file
 * at path.  The file also holds the API and database passwords, so like
 * libpq with ~/.pgpass we refuse it when group or others have access.
 */
bool
nic_map_read_config(NicMap *map, const char *path)
{
	TextFile	tf;
	struct stat st;
	char	   *buf;
	size_t		len;
	bool		ok;

	if (!text_read(&tf, path, &st))
	{
		text_free(&tf);
		return false;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
	{
		rdr_log_error("configuration file \"%s\" has group or world access",
					  path);
		rdr_log_detail("It holds passwords; its mode is %04o.",
					   (unsigned) (st.st_mode & 07777));
		rdr_log_hint("Run: chmod 600 %s", path);
		text_free(&tf);
		return false;
	}
	buf = text_serialize(&tf, &len);
	text_free(&tf);
	if (buf == NULL)
		return false;
	ok = nic_map_parse_config(map, path, buf, len);
	free(buf);
	return ok;
}
