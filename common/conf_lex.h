/*-------------------------------------------------------------------------
 *
 * conf_lex.h
 *	  Lines and words of rdr's line-based text formats.
 *
 * rdr-failover's configuration file (config.c) and rdr-sim's scenarios
 * (test/sim/sim_scenario.c) are both "one directive per line, words
 * separated by blanks, comment lines, every error as file:line".  This
 * module is that common part: walking a buffer line by line, splitting a
 * line into words, reading a whole file and printing a file:line error.
 *
 * Where the two formats differ on purpose, the difference is a field of
 * RdrLexSyntax, spelt out by each caller:
 *	- rdr.conf follows the seed's read_cfg(): any white space separates,
 *	  '#' or ';' starts a comment line, no quoting (a CONFIG engine_stop
 *	  command keeps its own quotes);
 *	- scenarios allow "..." around a value with blanks and a '#' comment
 *	  after the last word.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CONF_LEX_H
#define RDR_CONF_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* How a line is split into words. */
typedef struct RdrLexSyntax
{
	const char *blanks;			/* the characters that separate words */
	const char *comment_chars;	/* a line whose first word starts with one of
								 * these is a comment */
	bool		trailing_comment;	/* a later word starting with one of
									 * comment_chars ends the line too */
	bool		quotes;			/* "..." groups blanks into a word, with \"
								 * and \\ escapes inside */
} RdrLexSyntax;

/* The blanks of isspace() in the C locale. */
#define RDR_LEX_ISSPACE " \t\n\v\f\r"

typedef enum RdrLexStatus
{
	RDR_LEX_OK,
	RDR_LEX_TOO_MANY,			/* more than max words */
	RDR_LEX_UNTERMINATED		/* a '"' without its closing one */
} RdrLexStatus;

/* Walking a buffer line by line (see rdr_lex_next_line). */
typedef struct RdrLexLines
{
	const char *buf;
	size_t		len;
	size_t		pos;
	int			lineno;			/* number of the line last returned */
	bool		strip_cr;		/* drop one '\r' before each '\n' (CRLF) */
} RdrLexLines;

extern void rdr_lex_lines_init(RdrLexLines *it, const char *buf, size_t len,
							   bool strip_cr);
extern bool rdr_lex_next_line(RdrLexLines *it, const char **line,
							  size_t *len);

extern RdrLexStatus rdr_lex_split(char *line, const RdrLexSyntax *syntax,
								  char **words, int max, int *n);
extern const char *rdr_lex_skip_words(const char *line, int n,
									  const char *blanks);

extern bool rdr_lex_read_fd(int fd, size_t max, char **buf, size_t *len);

extern void rdr_lex_error(const char *file, int line, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
extern void rdr_lex_verror(const char *file, int line, const char *fmt,
						   va_list ap) __attribute__((format(printf, 3, 0)));

#endif							/* RDR_CONF_LEX_H */
