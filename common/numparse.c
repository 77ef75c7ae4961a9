/*-------------------------------------------------------------------------
 *
 * numparse.c
 *	  Checked parsing of decimal numbers (see numparse.h).
 *
 *-------------------------------------------------------------------------
 */
#include "numparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

bool
rdr_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	char	   *end;
	long long	v;

	if (s == NULL)
		return false;
	/* strtoll would skip leading space and take "0x" as 0 + text */
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char) *p))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = (int64_t) v;
	return true;
}

bool
rdr_parse_int(const char *s, int min, int max, int *out)
{
	int64_t		v;

	if (!rdr_parse_int64(s, min, max, &v))
		return false;
	*out = (int) v;
	return true;
}
