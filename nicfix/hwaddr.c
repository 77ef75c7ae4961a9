/*-------------------------------------------------------------------------
 *
 * hwaddr.c
 *	  Parsing the MAC spellings of systemd .link files and NetworkManager
 *	  keyfiles into the canonical form of mac.h.
 *
 * Only six-octet Ethernet addresses are accepted: a NIC that rdr renames
 * is an Ethernet NIC, and an address we cannot read exactly is refused
 * rather than guessed (guessing could rename the wrong NIC).
 *
 *-------------------------------------------------------------------------
 */
#include "hwaddr.h"

#include <ctype.h>
#include <string.h>

/*
 * hex_octets: s[0..len) as six octets of two hex digits, with sep between
 * them (two octets per group when dotted, as in "0123.4567.89ab").
 */
static bool
hex_octets(const char *s, size_t len, char sep, size_t group, Mac *mac)
{
	size_t		digits = 0;
	size_t		o = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (isxdigit(c))
		{
			if (digits == 12)
				return false;
			mac->text[o++] = (char) tolower(c);
			digits++;
			if (digits % 2 == 0 && digits < 12)
				mac->text[o++] = ':';
			continue;
		}
		/* a separator only between groups */
		if (c != sep || digits == 0 || digits % (2 * group) != 0 ||
			i + 1 == len || s[i + 1] == sep)
			return false;
	}
	if (digits != 12)
		return false;
	mac->text[o] = '\0';
	return true;
}

/*
 * hwaddr_parse_link: a MAC as systemd.link(5) lists it in [Match]
 * MACAddress= / PermanentMACAddress=: colon-, hyphen- or dot-delimited.
 */
bool
hwaddr_parse_link(const char *s, size_t len, Mac *mac)
{
	if (len == 17 && s[2] == ':')
		return hex_octets(s, len, ':', 1, mac);
	if (len == 17 && s[2] == '-')
		return hex_octets(s, len, '-', 1, mac);
	if (len == 14 && s[4] == '.')
		return hex_octets(s, len, '.', 2, mac);
	return false;
}

/*
 * hwaddr_parse_nm: a keyfile's [ethernet] mac-address: the colon form
 * NetworkManager writes (it also reads hyphens), or the obsolete list of
 * six decimal bytes, each followed by ';' (the last ';' optional).
 */
bool
hwaddr_parse_nm(const char *s, size_t len, Mac *mac)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i = 0;
	int			o;

	if (len == 17 && (s[2] == ':' || s[2] == '-'))
		return hex_octets(s, len, s[2], 1, mac);
	for (o = 0; o < 6; o++)
	{
		unsigned	v = 0;
		size_t		start = i;

		while (i < len && isdigit((unsigned char) s[i]) && i - start < 3)
			v = v * 10 + (unsigned) (s[i++] - '0');
		if (i == start || v > 255)
			return false;
		if (i < len && s[i] == ';')
			i++;
		else if (!(o == 5 && i == len))
			return false;
		mac->text[o * 3] = hex[v >> 4];
		mac->text[o * 3 + 1] = hex[v & 15];
		mac->text[o * 3 + 2] = o == 5 ? '\0' : ':';
	}
	return i == len;
}

/*
 * hwaddr_upper: mac in upper case, the way NetworkManager and anaconda
 * write it into keyfiles and ifcfg files.
 */
void
hwaddr_upper(const Mac *mac, char out[MAC_TEXT_LEN])
{
	size_t		i;

	for (i = 0; i < MAC_TEXT_LEN; i++)
		out[i] = (char) toupper((unsigned char) mac->text[i]);
}
