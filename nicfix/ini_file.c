/*-------------------------------------------------------------------------
 *
 * ini_file.c
 *	  Reading NetworkManager keyfiles and systemd .link files line by line.
 *
 * GLib (g_key_file_parse_line) and systemd (config_parse) both strip the
 * white space around a line before looking at it, take a line starting
 * with '[' as a group header and split other lines at the first '='.
 * A NUL byte is refused by text_read before we get here.
 *
 *-------------------------------------------------------------------------
 */
#include "ini_file.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/*
 * is_space: white space as GLib's g_ascii_isspace and systemd's
 * WHITESPACE see it on one line.
 */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * malformed: the error for line i of tf.
 */
static bool
malformed(const TextFile *tf, IniDialect d, size_t i, const char *what)
{
	rdr_log_error("%s:%zu: malformed %s: %s", tf->name, i + 1,
				  d == INI_GKEYFILE ? "NetworkManager keyfile" : "systemd .link file",
				  what);
	rdr_log_detail("Lines are \"[group]\" headers, \"key=value\" pairs, comments or blank.");
	rdr_log_hint("Fix or comment out the line, then run rdr-nicfix again.");
	return false;
}

/*
 * parse_line: line i, its white space already skipped to [b, e).
 */
static bool
parse_line(const TextFile *tf, IniDialect d, size_t i, size_t b, size_t e,
		   long *group, IniLine *l)
{
	const char *s = tf->lines[i].text;
	const char *eq;
	size_t		k;

	l->group = *group;
	if (b == e)
		l->kind = INI_BLANK;
	else if (s[b] == '#' || (d == INI_SYSTEMD && s[b] == ';'))
		l->kind = INI_COMMENT;
	else if (s[b] == '[')
	{
		/* GLib takes the name up to the last ']'; systemd wants it last */
		if (s[e - 1] != ']' || e - b < 3 ||
			memchr(s + b + 1, '[', e - b - 2) != NULL ||
			memchr(s + b + 1, ']', e - b - 2) != NULL)
			return malformed(tf, d, i, "a group header is \"[name]\" alone on its line");
		l->kind = INI_GROUP;
		l->name_col = b + 1;
		l->name_len = e - b - 2;
		*group = (long) i;
		l->group = *group;
	}
	else
	{
		eq = memchr(s + b, '=', e - b);
		if (eq == NULL)
			return malformed(tf, d, i, "the line is not a group, a key=value pair or a comment");
		if (*group < 0)
			return malformed(tf, d, i, "a key before the first [group]");
		k = (size_t) (eq - s);
		l->kind = INI_KEY;
		l->name_col = b;
		while (k > b && is_space(s[k - 1]))
			k--;
		if (k == b)
			return malformed(tf, d, i, "a key=value pair without a key");
		l->name_len = k - b;
		k = (size_t) (eq - s) + 1;
		while (k < e && is_space(s[k]))
			k++;
		l->value_col = k;
		l->value_len = e - k;
		l->continued = d == INI_SYSTEMD && e > k && s[e - 1] == '\\';
	}
	return true;
}

/*
 * ini_parse: the lines of tf in the given dialect into ini.  On error
 * (logged with file:line) ini is freed.
 */
bool
ini_parse(const TextFile *tf, IniDialect dialect, IniFile *ini)
{
	long		group = -1;
	bool		continuing = false;
	size_t		i;

	ini->n = tf->nlines;
	ini->lines = calloc(tf->nlines + 1, sizeof(IniLine));
	if (ini->lines == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < tf->nlines; i++)
	{
		const TextLine *t = &tf->lines[i];
		IniLine    *l = &ini->lines[i];
		size_t		b = 0;
		size_t		e = t->len;

		while (b < e && is_space(t->text[b]))
			b++;
		while (e > b && is_space(t->text[e - 1]))
			e--;
		if (continuing)
		{
			/* systemd skips comments inside a continued line */
			l->kind = INI_CONTINUATION;
			l->group = group;
			if (b < e && (t->text[b] == '#' || t->text[b] == ';'))
				l->kind = INI_COMMENT;
			else
				continuing = e > b && t->text[e - 1] == '\\';
			continue;
		}
		if (!parse_line(tf, dialect, i, b, e, &group, l))
		{
			ini_free(ini);
			return false;
		}
		continuing = l->kind == INI_KEY && l->continued;
	}
	return true;
}

void
ini_free(IniFile *ini)
{
	free(ini->lines);
	ini->lines = NULL;
	ini->n = 0;
}

/*
 * span_is: whether tf's line at [col, col + len) is exactly s.
 */
static bool
span_is(const TextFile *tf, size_t line, size_t col, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(tf->lines[line].text + col, s, len) == 0;
}

/*
 * ini_group_is: whether line i lies in a group called group.
 */
bool
ini_group_is(const TextFile *tf, const IniFile *ini, size_t i,
			 const char *group)
{
	long		g = ini->lines[i].group;

	return g >= 0 && span_is(tf, (size_t) g, ini->lines[g].name_col,
							 ini->lines[g].name_len, group);
}

/*
 * ini_key_is: whether line i sets key in group.  Keys and groups are
 * case-sensitive in both formats.
 */
bool
ini_key_is(const TextFile *tf, const IniFile *ini, size_t i,
		   const char *group, const char *key)
{
	const IniLine *l = &ini->lines[i];

	return l->kind == INI_KEY && ini_group_is(tf, ini, i, group) &&
		span_is(tf, i, l->name_col, l->name_len, key);
}

/*
 * ini_with_value: key line i with its value replaced by value: the key,
 * the white space around '=' and anything after the value stay as they
 * were.  The result is malloc'd.
 */
char *
ini_with_value(const TextFile *tf, const IniFile *ini, size_t i,
			   const char *value, size_t *len)
{
	const TextLine *t = &tf->lines[i];
	const IniLine *l = &ini->lines[i];
	size_t		vl = strlen(value);
	size_t		tail = t->len - l->value_col - l->value_len;
	char	   *buf = malloc(l->value_col + vl + tail + 1);

	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	memcpy(buf, t->text, l->value_col);
	memcpy(buf + l->value_col, value, vl);
	memcpy(buf + l->value_col + vl, t->text + l->value_col + l->value_len, tail);
	*len = l->value_col + vl + tail;
	buf[*len] = '\0';
	return buf;
}
