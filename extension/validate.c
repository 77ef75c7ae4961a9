/*-------------------------------------------------------------------------
 *
 * validate.c
 *	  Check the arguments of the rdr functions before anything changes.
 *
 * The values come from a probe of site B's storage or from an
 * administrator's configuration file: a NULL, an empty string, a negative
 * LUN number or a value wider than its column is a mistake upstream that
 * must stop the failover with a clear message (SQLSTATE 22023,
 * invalid_parameter_value) naming the parameter, not a half-understood
 * error from deep inside an INSERT.  Anything else, including quotes,
 * backslashes, semicolons and any Unicode text, is a legitimate value and
 * is stored verbatim: it is always bound as a parameter, never pasted
 * into SQL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "catalog.h"
#include "validate.h"

/*
 * refuse_char: ERROR 22023 for the character code at byte offset pos of
 * argument argname.
 */
static void
refuse_char(const char *argname, pg_wchar code, int pos)
{
	if (code < 0x80)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"%s\" contains a control character", argname),
				 errdetail("Character 0x%02x is at byte %d.", (unsigned int) code, pos),
				 errhint("Storage names and identities are printable text.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("parameter \"%s\" contains a control character", argname),
			 errdetail("Character U+%04X%s is at byte %d.", (unsigned int) code,
					   code == 0x85 ? " (next line)" :
					   code == 0x2028 ? " (line separator)" :
					   code == 0x2029 ? " (paragraph separator)" : "", pos),
			 errhint("Storage names and identities are printable text.")));
}

/*
 * rdr_arg_text: argument argno as a C string.  NULL is returned only for
 * an optional argument that is NULL; a required one that is NULL, any
 * empty or all-blank value, and control characters (which no host name,
 * path, iqn or SCSI identity contains, and which would make logs and
 * reports lie) are refused.  Control characters are C0 and DEL, and in a
 * UTF-8 database (an engine's is) also C1 (U+0080 to U+009F, NEL among
 * them) and the line and paragraph separators U+2028 and U+2029, which
 * break a line as surely as a newline does for many a log reader.
 */
char *
rdr_arg_text(FunctionCallInfo fcinfo, int argno, const char *argname,
			 bool required)
{
	char	   *value;
	const char *p;
	bool		blank = true;
	bool		utf8 = GetDatabaseEncoding() == PG_UTF8;

	if (PG_ARGISNULL(argno))
	{
		if (!required)
			return NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"%s\" must not be NULL", argname),
				 errhint("Pass the site-B value of \"%s\".", argname)));
	}

	value = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	for (p = value; *p; p += utf8 ? pg_utf_mblen((const unsigned char *) p) : 1)
	{
		unsigned char c = (unsigned char) *p;
		int			pos = (int) (p - value) + 1;

		if (c < 0x20 || c == 0x7f)
			refuse_char(argname, c, pos);
		if (utf8 && c >= 0x80)
		{
			/* the server has checked the encoding: a whole character */
			pg_wchar	code = utf8_to_unicode((const unsigned char *) p);

			if ((code >= 0x80 && code <= 0x9f) || code == 0x2028 || code == 0x2029)
				refuse_char(argname, code, pos);
		}
		if (c != ' ')
			blank = false;
	}
	if (blank)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"%s\" must not be empty", argname),
				 errhint(required ? "Pass the site-B value of \"%s\"." :
						 "Pass NULL to leave \"%s\" as it is.", argname)));
	return value;
}

/*
 * rdr_arg_int: integer argument argno, which must not be NULL and must lie
 * in [min, max].
 */
int32
rdr_arg_int(FunctionCallInfo fcinfo, int argno, const char *argname,
			int32 min, int32 max)
{
	int32		value;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"%s\" must not be NULL", argname),
				 errhint("Pass the site-B value of \"%s\".", argname)));
	value = PG_GETARG_INT32(argno);
	if (value < min || value > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"%s\" is out of range", argname),
				 errdetail("The value %d is not between %d and %d.", value, min, max)));
	return value;
}

/*
 * rdr_check_length: value must fit the declared width of table.column
 * (read from the catalog, since it differs between RHEV 3.0 and oVirt).
 */
void
rdr_check_length(const char *argname, const char *value, Oid relid,
				 const char *table, const char *column)
{
	int			max = rdr_column_maxlen(relid, column);
	int			len;

	if (max < 0 || value == NULL)
		return;
	len = pg_mbstrlen(value);
	if (len > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value of parameter \"%s\" is too long", argname),
				 errdetail("The value has %d characters; column %s.%s holds at most %d.",
						   len, table, column, max)));
}

/*
 * rdr_check_nfs_path: an NFS connection is "server:/path", like the
 * engine stores it and mount(8) takes it.
 */
void
rdr_check_nfs_path(const char *connection)
{
	const char *colon = strchr(connection, ':');

	if (colon == NULL || colon == connection || colon[1] != '/')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid NFS connection \"%s\"", connection),
				 errdetail("An NFS connection is written server:/path."),
				 errhint("For example rdr-nfs.siteb.example:/exports/DATA.")));
}
