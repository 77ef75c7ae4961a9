/*-------------------------------------------------------------------------
 *
 * ifcfg.c
 *	  Reading and un-pinning ifcfg-* files (shell variable assignments).
 *
 * initscripts source these files with the shell, so a value may be bare,
 * "double-quoted" or 'single-quoted', or a mix of those.  We only need to
 * understand DEVICE, HWADDR and MACADDR; a line we do not understand is
 * none of our business and stays as it is, but one of those three keys
 * with an unterminated quote is an error: we cannot tell what it says.
 *
 *-------------------------------------------------------------------------
 */
#include "ifcfg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwaddr.h"
#include "log.h"

typedef struct Assignment
{
	const char *key;
	size_t		keylen;
	char		value[IFCFG_VALUE_MAX + 1]; /* unquoted, maybe truncated */
	size_t		len;			/* full unquoted length */
	size_t		vstart;			/* the value as written: [vstart, vend) */
	size_t		vend;
} Assignment;

/*
 * parse_assignment: whether line l is KEY=VALUE; *bad is set when it is
 * but the value has an unterminated quote.
 */
static bool
parse_assignment(const TextLine *l, Assignment *a, bool *bad)
{
	const char *s = l->text;
	size_t		n = l->len;
	size_t		p = strspn(s, " \t");
	size_t		key;

	*bad = false;
	if (p >= n || !(isalpha((unsigned char) s[p]) || s[p] == '_'))
		return false;
	key = p;
	while (p < n && (isalnum((unsigned char) s[p]) || s[p] == '_'))
		p++;
	if (p >= n || s[p] != '=')
		return false;
	a->key = s + key;
	a->keylen = p - key;
	a->len = 0;
	p++;
	a->vstart = p;
	while (p < n && s[p] != ' ' && s[p] != '\t')
	{
		char		q = s[p];
		char		c;

		if (q == '"' || q == '\'')
		{
			p++;
			while (p < n && s[p] != q)
			{
				c = s[p];
				if (q == '"' && c == '\\' && p + 1 < n)
					c = s[++p];
				if (a->len < IFCFG_VALUE_MAX)
					a->value[a->len] = c;
				a->len++;
				p++;
			}
			if (p >= n)
			{
				*bad = true;
				break;
			}
			p++;
			continue;
		}
		c = s[p];
		if (c == '\\' && p + 1 < n)
			c = s[++p];
		if (a->len < IFCFG_VALUE_MAX)
			a->value[a->len] = c;
		a->len++;
		p++;
	}
	a->value[a->len < IFCFG_VALUE_MAX ? a->len : IFCFG_VALUE_MAX] = '\0';
	a->vend = p < n ? p : n;
	return true;
}

/*
 * key_is: whether assignment a sets the variable key.
 */
static bool
key_is(const Assignment *a, const char *key)
{
	return a->keylen == strlen(key) && memcmp(a->key, key, a->keylen) == 0;
}

/*
 * checked_assignment: parse_assignment, plus an error for an unreadable
 * value of one of the keys rdr acts on.  Returns false on that error;
 * *is_assign says whether the line is an assignment at all.
 */
static bool
checked_assignment(const TextFile *in, size_t i, Assignment *a,
				   bool *is_assign)
{
	bool		bad;

	*is_assign = parse_assignment(&in->lines[i], a, &bad);
	if (*is_assign && bad &&
		(key_is(a, "DEVICE") || key_is(a, "HWADDR") || key_is(a, "MACADDR")))
	{
		rdr_log_error("%s:%zu: unterminated quote in the value of %.*s",
					  in->name, i + 1, (int) a->keylen, a->key);
		rdr_log_hint("Fix the line, then run rdr-nicfix again.");
		return false;
	}
	return true;
}

/*
 * ifcfg_device: the device the file configures into device[size].  Like
 * the shell, the last DEVICE= wins; without one initscripts use the part
 * of the file name after "ifcfg-", given as file_device.
 */
bool
ifcfg_device(const TextFile *in, const char *file_device, char *device,
			 size_t size)
{
	size_t		i;
	bool		found = false;

	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;

		if (!checked_assignment(in, i, &a, &is_assign))
			return false;
		if (!is_assign || !key_is(&a, "DEVICE"))
			continue;
		found = true;
		if (a.len >= size || a.len > IFCFG_VALUE_MAX)
			device[0] = '\0';	/* too long to be an interface name */
		else
			memcpy(device, a.value, a.len + 1);
	}
	if (!found)
		snprintf(device, size, "%s", file_device);
	return true;
}

/*
 * ifcfg_plan: out (initialised by the caller) is in with HWADDR= lines
 * commented out, and MACADDR= lines too when they set the HWADDR of the
 * file or one of old_macs (the MACs the udev rules gave this name).
 */
bool
ifcfg_plan(const TextFile *in, const Mac *old_macs, size_t n_old,
		   TextFile *out)
{
	Mac		   *hw = calloc(in->nlines + 1, sizeof(Mac));
	size_t		nhw = 0;
	size_t		i;
	bool		ok = false;

	if (hw == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;

		if (!checked_assignment(in, i, &a, &is_assign))
			goto done;
		if (is_assign && key_is(&a, "HWADDR") &&
			mac_parse(a.value, a.len, &hw[nhw]))
			nhw++;
	}
	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;
		bool		disable = false;
		Mac			m;
		size_t		j;

		if (!checked_assignment(in, i, &a, &is_assign))
			goto done;
		if (is_assign && key_is(&a, "HWADDR"))
			disable = true;
		else if (is_assign && key_is(&a, "MACADDR") &&
				 mac_parse(a.value, a.len, &m))
		{
			for (j = 0; j < nhw && !disable; j++)
				disable = mac_equal(&m, &hw[j]);
			for (j = 0; j < n_old && !disable; j++)
				disable = mac_equal(&m, &old_macs[j]);
		}
		if (disable)
		{
			rdr_log_verbose("%s:%zu: commenting out %.*s", in->name, i + 1,
							(int) a.keylen, a.key);
			if (!text_append_commented(out, in, i))
				goto done;
		}
		else if (!text_append_copy(out, in, i))
			goto done;
	}
	ok = true;
done:
	free(hw);
	return ok;
}

/*
 * ifcfg_hwaddr: the file's HWADDR (the last one, as the shell reads it)
 * into *mac; *found says whether there is one that is a MAC.
 */
bool
ifcfg_hwaddr(const TextFile *in, Mac *mac, bool *found)
{
	size_t		i;

	*found = false;
	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;

		if (!checked_assignment(in, i, &a, &is_assign))
			return false;
		if (is_assign && key_is(&a, "HWADDR"))
			*found = mac_parse(a.value, a.len, mac);
	}
	return true;
}

/*
 * append_with_hwaddr: line l with the value of its assignment a replaced by
 * want, in the old value's quotes and letter case (anaconda writes upper
 * case); the rest of the line stays.
 */
static bool
append_with_hwaddr(TextFile *out, const TextLine *l, const Assignment *a,
				   const Mac *want)
{
	char		mac[MAC_TEXT_LEN];
	char	   *buf = malloc(l->len + MAC_TEXT_LEN + 3);
	char		q = l->text[a->vstart];
	bool		lower = false;
	size_t		n = 0;
	size_t		i;
	bool		ok;

	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (i = a->vstart; i < a->vend; i++)
		lower |= l->text[i] >= 'a' && l->text[i] <= 'f';
	if (lower)
		memcpy(mac, want->text, MAC_TEXT_LEN);
	else
		hwaddr_upper(want, mac);
	if (q != '"' && q != '\'')
		q = '\0';
	memcpy(buf, l->text, a->vstart);
	n = a->vstart;
	if (q)
		buf[n++] = q;
	memcpy(buf + n, mac, MAC_TEXT_LEN - 1);
	n += MAC_TEXT_LEN - 1;
	if (q)
		buf[n++] = q;
	memcpy(buf + n, l->text + a->vend, l->len - a->vend);
	n += l->len - a->vend;
	ok = text_append(out, buf, n, l->eol, -1);
	free(buf);
	return ok;
}

/*
 * ifcfg_plan_hwaddr: for an EL7 manager, where initscripts' rename_device
 * (udev's 60-net.rules) names a NIC after the DEVICE of the ifcfg file
 * whose HWADDR is the NIC's MAC: out (initialised by the caller) is in
 * with every HWADDR= set to want, and MACADDR= lines that pin one of the
 * old HWADDRs commented out.  A file without HWADDR stays as it is.
 */
bool
ifcfg_plan_hwaddr(const TextFile *in, const Mac *want, TextFile *out)
{
	Mac		   *hw = calloc(in->nlines + 1, sizeof(Mac));
	size_t		nhw = 0;
	size_t		i;
	bool		ok = false;

	if (hw == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;

		if (!checked_assignment(in, i, &a, &is_assign))
			goto done;
		if (is_assign && key_is(&a, "HWADDR") &&
			mac_parse(a.value, a.len, &hw[nhw]) && !mac_equal(&hw[nhw], want))
			nhw++;
	}
	for (i = 0; i < in->nlines; i++)
	{
		Assignment	a;
		bool		is_assign;
		bool		pins = false;
		Mac			m;
		size_t		j;

		if (!checked_assignment(in, i, &a, &is_assign))
			goto done;
		if (is_assign && key_is(&a, "HWADDR") &&
			!(mac_parse(a.value, a.len, &m) && mac_equal(&m, want)))
		{
			rdr_log_verbose("%s:%zu: HWADDR set to %s", in->name, i + 1,
							want->text);
			if (!append_with_hwaddr(out, &in->lines[i], &a, want))
				goto done;
			continue;
		}
		if (is_assign && key_is(&a, "MACADDR") && mac_parse(a.value, a.len, &m))
			for (j = 0; j < nhw && !pins; j++)
				pins = mac_equal(&m, &hw[j]);
		if (pins)
		{
			rdr_log_verbose("%s:%zu: commenting out MACADDR", in->name, i + 1);
			if (!text_append_commented(out, in, i))
				goto done;
		}
		else if (!text_append_copy(out, in, i))
			goto done;
	}
	ok = true;
done:
	free(hw);
	return ok;
}
