/*-------------------------------------------------------------------------
 *
 * sim_scenario_line.c
 *	  A scenario line's words as the directives read them: key=value
 *	  options, positional arguments, ids, numbers, yes/no, and references
 *	  to entities defined above; each reports its error at the line.
 *
 *-------------------------------------------------------------------------
 */
#include "sim_scenario_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex.h"

void
line_report(Line *l, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rdr_lex_verror(l->file, l->lineno, fmt, ap);
	va_end(ap);
}

/* The value of key=VALUE among the line's tokens (marking it used), or NULL. */
const char *
line_opt(Line *l, const char *key)
{
	size_t		klen = strlen(key);
	int			i;

	for (i = 1; i < l->ntok; i++)
	{
		if (strncmp(l->tok[i], key, klen) == 0 && l->tok[i][klen] == '=')
		{
			l->used[i] = true;
			return l->tok[i] + klen + 1;
		}
	}
	return NULL;
}

/* The positional argument number pos (1-based, skipping key=value). */
const char *
line_arg(Line *l, int pos)
{
	int			i;

	for (i = 1; i < l->ntok; i++)
	{
		if (strchr(l->tok[i], '=') != NULL)
			continue;
		if (--pos == 0)
		{
			l->used[i] = true;
			return l->tok[i];
		}
	}
	return NULL;
}

/* Every token must have been used: catches misspelt keys. */
bool
line_all_used(Line *l)
{
	int			i;

	for (i = 1; i < l->ntok; i++)
		if (!l->used[i])
			return line_error(l, "%s: unexpected \"%s\"", l->tok[0], l->tok[i]);
	return true;
}

static bool
valid_id(const char *s)
{
	int			i;

	for (i = 0; i < SIM_ID_LEN; i++)
	{
		bool		dash = (i == 8 || i == 13 || i == 18 || i == 23);

		if (dash ? s[i] != '-' : !(isdigit((unsigned char) s[i]) ||
								   (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return s[SIM_ID_LEN] == '\0';
}

/* Set the id from id=, or a deterministic one. */
bool
line_set_id(Line *l, char *out, SimKind kind, int index)
{
	const char *id = line_opt(l, "id");

	if (id == NULL)
	{
		sim_model_make_id(kind, index, out);
		return true;
	}
	if (!valid_id(id))
		return line_error(l, "id \"%s\" is not a lower-case UUID", id);
	memcpy(out, id, SIM_ID_LEN + 1);
	return true;
}

bool
line_double(Line *l, const char *what, const char *s, double lo, double hi,
			double *out)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return line_error(l, "%s \"%s\" is not a number in [%g, %g]", what, s, lo, hi);
	*out = v;
	return true;
}

/* Look up a referenced entity by name: required. */
bool
line_ref(Line *l, SimKind kind, const char *key, int *out)
{
	const char *name = line_opt(l, key);

	if (name == NULL)
		return line_error(l, "%s needs %s=NAME", l->tok[0], key);
	*out = sim_model_find_name(l->m, kind, name);
	if (*out < 0)
		return line_error(l, "%s \"%s\" is not defined (define it above)", key, name);
	return true;
}

bool
line_yesno(Line *l, const char *key, bool *out)
{
	const char *v = line_opt(l, key);

	if (v == NULL)
		return true;
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
		*out = false;
	else
		return line_error(l, "%s must be yes or no, not \"%s\"", key, v);
	return true;
}

char *
line_dup_opt(Line *l, const char *key)
{
	const char *v = line_opt(l, key);

	return v ? strdup(v) : NULL;
}
