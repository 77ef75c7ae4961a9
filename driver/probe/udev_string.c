/*-------------------------------------------------------------------------
 *
 * udev_string.c
 *	  The string rules of udev's scsi_id (systemd src/udev/scsi_id and
 *	  src/shared/udev-util.c, device-nodes.c, utf8.c), rewritten for rdr.
 *
 * The rules are subtle and rdr's identities must match scsi_id's output
 * byte for byte, so each function says which udev rule it mirrors; the
 * tests compare against the real /lib/udev/scsi_id.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "udev_string.h"

/*
 * is_c_space: isspace() in the C locale.  scsi_id never calls setlocale(),
 * so bytes >= 0x80 are never whitespace for it.
 */
static bool
is_c_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
		c == '\f' || c == '\r';
}

/*
 * is_devnode_char: udev's allow_listed_char_for_devnode() without extra
 * characters: plain ASCII letters and digits and "#+-.:=@_".
 */
static bool
is_devnode_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z') || (c != '\0' && strchr("#+-.:=@_", c));
}

/*
 * rdr_udev_replace_whitespace: mirrors udev_replace_whitespace().  Note
 * the asymmetry kept from udev: leading whitespace is only " \t\n\r",
 * while inner runs use isspace() and so also include '\v' and '\f'.
 */
size_t
rdr_udev_replace_whitespace(const char *str, char *to, size_t len)
{
	bool		is_space = false;
	size_t		i,
				j;

	i = strspn(str, " \t\n\r");
	for (j = 0; j < len && i < len && str[i] != '\0'; i++)
	{
		if (is_c_space(str[i]))
		{
			is_space = true;
			continue;
		}
		if (is_space)
		{
			if (j + 1 >= len)
				break;
			to[j++] = '_';
			is_space = false;
		}
		to[j++] = str[i];
	}
	to[j] = '\0';
	return j;
}

/*
 * rdr_udev_utf8_len: mirrors utf8_encoded_valid_unichar(): 1 for ASCII,
 * 2..4 for a well-formed, shortest-form, valid code point, else 0.
 */
int
rdr_udev_utf8_len(const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	uint32_t	ch;
	int			len,
				i,
				need;

	if (u[0] < 0x80)
		return 1;
	if ((u[0] & 0xe0) == 0xc0)
	{
		len = 2;
		ch = u[0] & 0x1f;
	}
	else if ((u[0] & 0xf0) == 0xe0)
	{
		len = 3;
		ch = u[0] & 0x0f;
	}
	else if ((u[0] & 0xf8) == 0xf0)
	{
		len = 4;
		ch = u[0] & 0x07;
	}
	else
		return 0;				/* continuation byte, or 5/6-byte forms */

	for (i = 1; i < len; i++)
	{
		if ((u[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		ch = (ch << 6) | (u[i] & 0x3f);
	}

	/* shortest form only (udev compares the re-encoded length) */
	need = ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4;
	if (need != len)
		return 0;
	/* udev's unichar_is_valid() */
	if (ch >= 0x110000 || (ch & 0xfffff800) == 0xd800 ||
		(ch >= 0xfdd0 && ch <= 0xfdef) || (ch & 0xfffe) == 0xfffe)
		return 0;
	return len;
}

/*
 * rdr_udev_replace_chars: mirrors udev_replace_chars(str, NULL).
 */
size_t
rdr_udev_replace_chars(char *str)
{
	size_t		i = 0,
				replaced = 0;

	while (str[i] != '\0')
	{
		int			len;

		if (is_devnode_char(str[i]))
		{
			i++;
			continue;
		}
		/* an "\x" escape is accepted as it is */
		if (str[i] == '\\' && str[i + 1] == 'x')
		{
			i += 2;
			continue;
		}
		len = rdr_udev_utf8_len(str + i);
		if (len > 1)
		{
			i += len;
			continue;
		}
		str[i++] = '_';
		replaced++;
	}
	return replaced;
}

/*
 * rdr_udev_encode: mirrors encode_devnode_name(), used for ID_VENDOR_ENC
 * and ID_MODEL_ENC.
 */
bool
rdr_udev_encode(const char *str, char *to, size_t len)
{
	size_t		i,
				j;

	if (len == 0)
		return false;
	for (i = 0, j = 0; str[i] != '\0'; i++)
	{
		int			seqlen = rdr_udev_utf8_len(str + i);

		if (seqlen > 1)
		{
			if (len - j < (size_t) seqlen + 1)
				goto too_small;
			memcpy(to + j, str + i, seqlen);
			j += seqlen;
			i += seqlen - 1;
		}
		else if (str[i] == '\\' || !is_devnode_char(str[i]))
		{
			if (len - j < 5)
				goto too_small;
			static const char hex[] = "0123456789abcdef";
			unsigned char c = (unsigned char) str[i];

			to[j++] = '\\';
			to[j++] = 'x';
			to[j++] = hex[c >> 4];
			to[j++] = hex[c & 15];
		}
		else
		{
			if (len - j < 2)
				goto too_small;
			to[j++] = str[i];
		}
	}
	to[j] = '\0';
	return true;

too_small:
	to[0] = '\0';
	return false;
}

/*
 * rdr_utf8_valid: whether s is entirely valid UTF-8 by udev's rules.
 */
bool
rdr_utf8_valid(const char *s)
{
	while (*s != '\0')
	{
		int			len = rdr_udev_utf8_len(s);

		if (len == 0)
			return false;
		s += len;
	}
	return true;
}
