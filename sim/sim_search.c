/*-------------------------------------------------------------------------
 *
 * sim_search.c
 *	  search= and max= on collections, as the engine answers them.
 *
 * The engine (oVirt engine, backend/manager/modules): the REST layer
 * prefixes the query with the collection's search object ("Vms: ") and
 * runs SearchQuery (bll/SearchQuery.java), whose SyntaxChecker
 * (searchbackend/SyntaxChecker.java) accepts conditions FIELD OP VALUE
 * joined by "and" / "or" (or plain spaces, an implicit "and"), values
 * with '*' wildcards, compared case-insensitively by default.  A query it
 * cannot parse fails the query with the SyntaxError's name
 * (searchbackend/SyntaxError.java, e.g. INVALID_CONDITION_VALUE), which
 * BackendResource.backendFailure turns into 400 "Operation Failed" with
 * the message in brackets.  max= is read by ParametersHelper
 * .getIntegerParameter: empty or not an integer is ignored (no limit);
 * SearchQuery.initQueryData refuses a negative count other than the
 * REST layer's -1 ("Illegal max count value for query : N").
 *
 * Modelled here: "=" and "!=" on the fields each collection lists; any
 * other field, relation (<, >), free text, sortby or page is refused with
 * 400 "Not modelled by rdr-sim" naming what is, so a client relying on
 * it learns that the simulator, not the engine, refused it.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_search.h"

static void
engine_error(SimSearchError *err, const char *syntax_error)
{
	err->status = 400;
	snprintf(err->reason, sizeof(err->reason), "Operation Failed");
	snprintf(err->detail, sizeof(err->detail), "[%s]", syntax_error);
}

static void
not_modelled(SimSearchError *err, const char *collection,
			 const char *const *fields, const char *what)
{
	char		list[200] = "";

	for (int i = 0; fields[i]; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", fields[i]);
	err->status = 400;
	snprintf(err->reason, sizeof(err->reason), "Not modelled by rdr-sim");
	snprintf(err->detail, sizeof(err->detail),
			 "search on %s: %s is not modelled by rdr-sim (modelled: FIELD=VALUE and "
			 "FIELD!=VALUE joined by and/or, FIELD one of %s)", collection, what, list);
}

static bool
known_field(const char *const *fields, const char *f)
{
	for (int i = 0; fields[i]; i++)
		if (strcasecmp(fields[i], f) == 0)
			return true;
	return false;
}

/* parse_max: see the header comment */
static bool
parse_max(const char *max, long *out, SimSearchError *err)
{
	char	   *end;
	long		v;

	*out = -1;
	if (max == NULL || *max == '\0')
		return true;
	errno = 0;
	v = strtol(max, &end, 10);
	if (errno || end == max || *end || v < -2147483648L || v > 2147483647L)
		return true;			/* "isn't a valid integer, it will be ignored" */
	if (v < -1)
	{
		char		msg[80];

		snprintf(msg, sizeof(msg), "Illegal max count value for query : %ld", v);
		engine_error(err, msg);
		return false;
	}
	*out = v;
	return true;
}

/* next_word: the next whitespace-delimited word of *p into buf */
static bool
next_word(const char **p, char *buf, size_t size)
{
	size_t		n = 0;
	bool		quoted = false;

	while (isspace((unsigned char) **p))
		(*p)++;
	if (**p == '\0')
		return false;
	while (**p && (quoted || !isspace((unsigned char) **p)))
	{
		if (**p == '"')
			quoted = !quoted;
		else if (n + 1 < size)
			buf[n++] = **p;
		(*p)++;
	}
	buf[n] = '\0';
	return true;
}

/* parse_cond: one FIELD=VALUE / FIELD!=VALUE word into c */
static bool
parse_cond(const char *collection, const char *const *fields, const char *w,
		   SimSearchCond *c, SimSearchError *err)
{
	const char *op = strpbrk(w, "=!<>");
	size_t		flen;
	char		what[300];

	if (strncasecmp(w, "sortby", 6) == 0 || strncasecmp(w, "page", 4) == 0)
	{
		snprintf(what, sizeof(what), "\"%.40s\"", w);
		not_modelled(err, collection, fields, what);
		return false;
	}
	if (op == NULL)
	{
		snprintf(what, sizeof(what), "free text \"%.200s\"", w);
		not_modelled(err, collection, fields, what);
		return false;
	}
	flen = (size_t) (op - w);
	if (flen == 0)
	{
		engine_error(err, "INVALID_CONDITION_FILED_OR_SORTBY");
		return false;
	}
	if (flen >= sizeof(c->field))
		flen = sizeof(c->field) - 1;
	memcpy(c->field, w, flen);
	c->field[flen] = '\0';
	c->negated = op[0] == '!' && op[1] == '=';
	if (op[0] != '=' && !c->negated)
	{
		snprintf(what, sizeof(what), "the relation in \"%.200s\"", w);
		not_modelled(err, collection, fields, what);
		return false;
	}
	op += c->negated ? 2 : 1;
	if (*op == '\0' || *op == '=' || *op == '!')
	{
		engine_error(err, "INVALID_CONDITION_VALUE");
		return false;
	}
	if (!known_field(fields, c->field))
	{
		snprintf(what, sizeof(what), "field \"%s\"", c->field);
		not_modelled(err, collection, fields, what);
		return false;
	}
	snprintf(c->value, sizeof(c->value), "%s", op);
	return true;
}

bool
sim_search_parse(const char *collection, const char *const *fields,
				 const char *search, const char *max, SimSearch *q,
				 SimSearchError *err)
{
	const char *p = search ? search : "";
	char		w[300];
	bool		joined = true,	/* at the start, or after and/or */
				next_or = false;

	memset(q, 0, sizeof(*q));
	if (!parse_max(max, &q->max, err))
		return false;
	while (next_word(&p, w, sizeof(w)))
	{
		if (strcasecmp(w, "and") == 0 || strcasecmp(w, "or") == 0)
		{
			if (joined)
			{
				engine_error(err, "INVALID_POST_OR_AND_PHRASE");
				return false;
			}
			joined = true;
			next_or = strcasecmp(w, "or") == 0;
			continue;
		}
		if (q->n == SIM_SEARCH_MAX_CONDS)
		{
			not_modelled(err, collection, fields, "more than 16 conditions");
			return false;
		}
		if (!parse_cond(collection, fields, w, &q->conds[q->n], err))
			return false;
		q->conds[q->n].or_before = next_or;
		q->n++;
		joined = false;
		next_or = false;
	}
	if (joined && q->n > 0)
	{
		engine_error(err, "INVALID_POST_OR_AND_PHRASE");
		return false;
	}
	return true;
}

/*
 * wildcard: case-insensitive match of s against pattern with '*'.
 * Greedy with one backtrack point (the last star), so a pattern with many
 * stars stays linear in practice instead of exponential.
 */
static bool
wildcard(const char *pat, const char *s)
{
	const char *star = NULL,
			   *mark = NULL;

	while (*s)
	{
		if (*pat == '*')
		{
			star = pat++;
			mark = s;
		}
		else if (*pat && tolower((unsigned char) *pat) == tolower((unsigned char) *s))
		{
			pat++;
			s++;
		}
		else if (star)
		{
			pat = star + 1;
			s = ++mark;
		}
		else
			return false;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/*
 * sim_search_match: "and" binds tighter than "or", as in the engine's
 * generated SQL: the query is a disjunction of conjunctions.
 */
bool
sim_search_match(const SimSearch *q, SimSearchGetter get, void *ctx)
{
	bool		any = false,
				all = true;

	if (q->n == 0)
		return true;
	for (int i = 0; i < q->n; i++)
	{
		const SimSearchCond *c = &q->conds[i];
		const char *v;
		bool		hit;

		if (c->or_before)
		{
			any = any || all;
			all = true;
		}
		v = get(ctx, c->field);
		hit = v != NULL && wildcard(c->value, v);
		all = all && (c->negated ? !hit : hit);
	}
	return any || all;
}
