/*-------------------------------------------------------------------------
 *
 * utf8.c
 *	  Well-formed UTF-8, for text that other machines and files hand rdr.
 *
 *-------------------------------------------------------------------------
 */
#include "utf8.h"

#include <string.h>

#include "xalloc.h"

size_t
rdr_utf8_seq_len(const unsigned char *p, size_t n)
{
	size_t		len;
	unsigned	lo = 0x80;
	unsigned	hi = 0xbf;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
	{
		len = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;			/* no overlong form */
		else if (p[0] == 0xed)
			hi = 0x9f;			/* no surrogate */
	}
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
	{
		len = 4;
		if (p[0] == 0xf0)
			lo = 0x90;			/* no overlong form */
		else if (p[0] == 0xf4)
			hi = 0x8f;			/* nothing above U+10FFFF */
	}
	else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

char *
rdr_utf8_json_fix(const char *text, size_t *len)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t		n = strlen(text);
	char	   *out = xmalloc(n * 6 + 1);
	size_t		o = 0;

	for (size_t i = 0; i < n;)
	{
		size_t		l = rdr_utf8_seq_len(p + i, n - i);

		if (l == 0)
		{
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
			i++;
			continue;
		}
		memcpy(out + o, p + i, l);
		o += l;
		i += l;
	}
	out[o] = '\0';
	*len = o;
	return out;
}
