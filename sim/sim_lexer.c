/*-------------------------------------------------------------------------
 *
 * sim_lexer.c
 *	  Splitting scenario lines and --fault options into words, and
 *	  expanding ${NAME} references to the environment.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex.h"
#include "sim_scenario.h"
#include "xalloc.h"

/*
 * The scenario syntax: blanks are spaces and tabs (and the '\r' of a CRLF
 * file), "..." groups a value with blanks, '#' starts a comment at any
 * word.  Unlike rdr.conf, ';' is an ordinary character and a comment may
 * follow the last word.
 */
static const RdrLexSyntax scenario_syntax = {
	.blanks = " \t\r",
	.comment_chars = "#",
	.trailing_comment = true,
	.quotes = true,
};

/*
 * sim_tokenize
 *		Split line in place into whitespace-separated tokens; "..." groups
 *		(also inside key="a b") with \" and \\ escapes.  Returns the token
 *		count, or -1 with a message in err.
 */
int
sim_tokenize(char *line, char **tok, int max, char *err, size_t errlen)
{
	int			n;

	switch (rdr_lex_split(line, &scenario_syntax, tok, max, &n))
	{
		case RDR_LEX_OK:
			return n;
		case RDR_LEX_TOO_MANY:
			snprintf(err, errlen, "too many words (at most %d)", max);
			break;
		case RDR_LEX_UNTERMINATED:
			snprintf(err, errlen, "unterminated quote");
			break;
	}
	return -1;
}

/*
 * sim_expand_env
 *		Replace ${NAME} and ${NAME:-default} by the environment variable
 *		NAME (or the default when it is unset or empty), so one scenario
 *		can take values only known at test time (a probed LUN id, a port).
 *		An unset variable without a default is an error.
 */
char *
sim_expand_env(const char *in, char *err, size_t errlen)
{
	size_t		cap = strlen(in) + 1,
				len = 0;
	char	   *out = xmalloc(cap);
	const char *p = in;

	while (*p)
	{
		const char *val = NULL;
		size_t		vlen;
		char		name[128];

		if (p[0] == '$' && p[1] == '{')
		{
			const char *end = strchr(p, '}');
			const char *def = NULL;
			size_t		nlen;

			if (end == NULL)
			{
				snprintf(err, errlen, "unterminated ${");
				free(out);
				return NULL;
			}
			nlen = (size_t) (end - p - 2);
			{
				const char *dash = memchr(p + 2, ':', nlen);

				if (dash && dash[1] == '-')
				{
					def = dash + 2;
					nlen = (size_t) (dash - p - 2);
				}
			}
			if (nlen == 0 || nlen >= sizeof(name))
			{
				snprintf(err, errlen, "invalid variable name in ${...}");
				free(out);
				return NULL;
			}
			memcpy(name, p + 2, nlen);
			name[nlen] = '\0';
			val = getenv(name);
			if (val == NULL || *val == '\0')
			{
				if (def == NULL)
				{
					snprintf(err, errlen, "environment variable %s is not set", name);
					free(out);
					return NULL;
				}
				val = def;
				vlen = (size_t) (end - def);
			}
			else
				vlen = strlen(val);
			p = end + 1;
		}
		else
		{
			val = p++;
			vlen = 1;
		}
		if (len + vlen + 1 > cap)
		{
			char	   *nb;

			cap = (len + vlen + 1) * 2;
			nb = xrealloc(out, cap);
			out = nb;
		}
		memcpy(out + len, val, vlen);
		len += vlen;
	}
	out[len] = '\0';
	return out;
}
