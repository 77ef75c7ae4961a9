/*-------------------------------------------------------------------------
 *
 * mac.c
 *	  Validation of MAC addresses and network interface names.
 *
 * These are pure predicates: they never log, because only the caller knows
 * where the text came from (an option, a config line, a rules file line)
 * and the message must name that place.
 *
 *-------------------------------------------------------------------------
 */
#include "mac.h"

#include <ctype.h>
#include <string.h>

/*
 * mac_parse: parse s[0..len) as "xx:xx:xx:xx:xx:xx" (hex digits in any
 * case) into its canonical lower-case form.  Other spellings that some
 * tools accept (dashes, dots, single digits) are refused: udev rules and
 * ifcfg files always use the colon form, and guessing would risk renaming
 * the wrong NIC.
 */
bool
mac_parse(const char *s, size_t len, Mac *mac)
{
	size_t		i;

	if (len != MAC_TEXT_LEN - 1)
		return false;
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (i % 3 == 2)
		{
			if (c != ':')
				return false;
			mac->text[i] = ':';
		}
		else
		{
			if (!isxdigit(c))
				return false;
			mac->text[i] = (char) tolower(c);
		}
	}
	mac->text[len] = '\0';
	return true;
}

/*
 * mac_equal: whether two parsed MACs are the same address.
 */
bool
mac_equal(const Mac *a, const Mac *b)
{
	return strcmp(a->text, b->text) == 0;
}

/*
 * ifname_valid: whether s[0..len) can be a Linux interface name, with the
 * reason in *why when it cannot.  The kernel's dev_valid_name() refuses
 * empty names, names of IFNAMSIZ or more, "." and "..", '/', ':' and
 * whitespace; we also refuse '"', '\\' and control characters because the
 * name is written inside a quoted udev value and into ifcfg files.
 */
bool
ifname_valid(const char *s, size_t len, const char **why)
{
	size_t		i;

	if (len == 0)
	{
		*why = "the name is empty";
		return false;
	}
	if (len > IFNAME_MAX_LEN)
	{
		*why = "the name is longer than 15 characters";
		return false;
	}
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
	{
		*why = "\".\" and \"..\" are not interface names";
		return false;
	}
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':' || c == '"' ||
			c == '\\' || c == '\'' || c == '*' || c == '?' || c == '[')
		{
			*why = "the name contains a character that is not allowed "
				"(whitespace, quotes, '/', ':', '\\' or a glob character)";
			return false;
		}
	}
	return true;
}
