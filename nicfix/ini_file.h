/*-------------------------------------------------------------------------
 *
 * ini_file.h
 *	  The .ini-style files of the newer managers: NetworkManager keyfiles
 *	  (GLib's GKeyFile format) and systemd .link files (systemd.syntax(7)).
 *
 * Both are "[group]" headers, "key=value" lines, comments and blank
 * lines, with white space around keys and values ignored.  They differ in
 * details that decide what a line means:
 *	- GKeyFile: only '#' starts a comment; any other line that is neither
 *	  a group nor holds '=' makes GLib refuse the whole file;
 *	- systemd: '#' and ';' start comments, and a line ending in '\'
 *	  continues on the next one.
 * rdr refuses, with the file and line, what either program would refuse
 * or skip (a line without '=', a key before the first group, an
 * unterminated "[group"): a file we cannot read exactly is not edited.
 * The parser only records positions; the planners copy every line they
 * do not change byte for byte.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_INI_FILE_H
#define RDR_NICFIX_INI_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "text_file.h"

typedef enum IniDialect
{
	INI_GKEYFILE,				/* NetworkManager keyfiles */
	INI_SYSTEMD					/* systemd .link files */
} IniDialect;

typedef enum IniKind
{
	INI_BLANK,
	INI_COMMENT,
	INI_GROUP,
	INI_KEY,
	INI_CONTINUATION			/* systemd: part of the line before */
} IniKind;

typedef struct IniLine
{
	IniKind		kind;
	long		group;			/* line of the group header, -1 before one */
	size_t		name_col;		/* INI_GROUP: the name; INI_KEY: the key */
	size_t		name_len;
	size_t		value_col;		/* INI_KEY: the value, white space trimmed */
	size_t		value_len;
	bool		continued;		/* INI_KEY: ends in '\' (systemd) */
} IniLine;

typedef struct IniFile
{
	IniLine    *lines;			/* one per line of the TextFile */
	size_t		n;
} IniFile;

extern bool ini_parse(const TextFile *tf, IniDialect dialect, IniFile *ini);
extern void ini_free(IniFile *ini);
extern bool ini_key_is(const TextFile *tf, const IniFile *ini, size_t i,
					   const char *group, const char *key);
extern bool ini_group_is(const TextFile *tf, const IniFile *ini, size_t i,
						 const char *group);
extern char *ini_with_value(const TextFile *tf, const IniFile *ini, size_t i,
							const char *value, size_t *len);

#endif							/* RDR_NICFIX_INI_FILE_H */
