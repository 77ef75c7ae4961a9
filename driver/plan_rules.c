/*-------------------------------------------------------------------------
 *
 * plan_rules.c
 *	  rdr-plan's rewrite rules (see plan_rules.h) and their map file.
 *
 * A map file holds the same rules as the command line, one a line:
 *
 *		# site A -> site B
 *		rewrite  sitea.example         siteb.example
 *		portal   192.168.200.32        192.168.201.32
 *		serial   000069b89d4e          000085b89d4e
 *
 * with rdr.conf's lexical rules ('#' or ';' comment lines, any blanks
 * between words, CRLF accepted), so an administrator who writes one can
 * write the other.  Every error names FILE:LINE, and every error of the
 * file is reported before the load fails.
 *
 *-------------------------------------------------------------------------
 */
#include "plan_rules.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "xalloc.h"

/* A map file is a handful of lines; more than this is not one. */
#define PLAN_MAP_MAX_BYTES	(1024 * 1024)

static const RdrLexSyntax map_syntax = {
	.blanks = RDR_LEX_ISSPACE,
	.comment_chars = "#;",
	.trailing_comment = false,
	.quotes = false
};

/* plan_rule_kind_name: the word of a kind, as in the map file. */
const char *
plan_rule_kind_name(PlanRuleKind kind)
{
	switch (kind)
	{
		case PLAN_RULE_REWRITE:
			return "rewrite";
		case PLAN_RULE_PORTAL:
			return "portal";
		case PLAN_RULE_SERIAL:
			return "serial";
	}
	return "?";
}

/*
 * bad_text: why s cannot be one side of a rule, or NULL.  Both sides end
 * up inside one word of rdr.conf, so blanks and control characters are
 * refused here rather than producing a file rdr-failover cannot read.
 */
static const char *
bad_text(const char *s)
{
	if (*s == '\0')
		return "is empty";
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return "contains a blank or control character";
	return NULL;
}

static void
add_rule(PlanRules *rules, PlanRuleKind kind, const char *old, const char *new,
		 const char *origin)
{
	PlanRule   *r;

	rules->rules = xreallocarray(rules->rules, (size_t) rules->count + 1, sizeof(PlanRule));
	r = &rules->rules[rules->count++];
	r->kind = kind;
	r->old = xstrdup(old);
	r->new = xstrdup(new);
	r->origin = xstrdup(origin);
	r->hits = 0;
}

/*
 * plan_rules_add_arg: a rule from the command line, "OLD=NEW" (split at
 * the first '=').  Logs and returns false when it is not of that form.
 */
bool
plan_rules_add_arg(PlanRules *rules, PlanRuleKind kind, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char	   *old;
	char		origin[32];
	const char *why;
	const char *side = NULL;

	if (eq == NULL)
	{
		rdr_log_error("invalid --%s \"%s\": expected OLD=NEW", plan_rule_kind_name(kind), arg);
		return false;
	}
	old = xstrndup(arg, (size_t) (eq - arg));
	if ((why = bad_text(old)) != NULL)
		side = "OLD";
	else if ((why = bad_text(eq + 1)) != NULL)
		side = "NEW";
	if (why != NULL)
	{
		rdr_log_error("invalid --%s \"%s\": %s %s", plan_rule_kind_name(kind), arg,
					  side, why);
		free(old);
		return false;
	}
	snprintf(origin, sizeof(origin), "--%s", plan_rule_kind_name(kind));
	add_rule(rules, kind, old, eq + 1, origin);
	free(old);
	return true;
}

/*
 * plan_rules_parse_map: the rules of a map file's len bytes (buf need not
 * be NUL-terminated), name being the file's name for messages.  All
 * errors are logged; false if there was any (no rule of the file is kept
 * then).
 */
bool
plan_rules_parse_map(PlanRules *rules, const char *name, const char *buf, size_t len)
{
	RdrLexLines it;
	const char *line;
	size_t		n;
	int			before = rules->count;
	bool		ok = true;

	rdr_lex_lines_init(&it, buf, len, true);
	while (rdr_lex_next_line(&it, &line, &n))
	{
		char	   *copy;
		char	   *words[3];
		int			nw;
		RdrLexStatus st;
		PlanRuleKind kind;
		const char *why;
		char		origin[300];

		if (memchr(line, '\0', n) != NULL)
		{
			rdr_lex_error(name, it.lineno, "line contains a NUL byte");
			ok = false;
			continue;
		}
		copy = xstrndup(line, n);
		st = rdr_lex_split(copy, &map_syntax, words, 3, &nw);
		if (st == RDR_LEX_OK && nw == 0)
		{
			free(copy);
			continue;
		}
		if (strcasecmp(words[0], "rewrite") == 0)
			kind = PLAN_RULE_REWRITE;
		else if (strcasecmp(words[0], "portal") == 0)
			kind = PLAN_RULE_PORTAL;
		else if (strcasecmp(words[0], "serial") == 0)
			kind = PLAN_RULE_SERIAL;
		else
		{
			rdr_lex_error(name, it.lineno, "unknown rule \"%.64s\": expected rewrite, portal or serial",
						  words[0]);
			ok = false;
			free(copy);
			continue;
		}
		if (st != RDR_LEX_OK || nw != 3)
		{
			rdr_lex_error(name, it.lineno, "%s rule needs exactly two values, OLD and NEW",
						  plan_rule_kind_name(kind));
			ok = false;
			free(copy);
			continue;
		}
		if ((why = bad_text(words[1])) != NULL || (why = bad_text(words[2])) != NULL)
		{
			/* only a control character can make a word "bad" here */
			rdr_lex_error(name, it.lineno, "%s rule: %s", plan_rule_kind_name(kind), why);
			ok = false;
			free(copy);
			continue;
		}
		snprintf(origin, sizeof(origin), "%s:%d", name, it.lineno);
		add_rule(rules, kind, words[1], words[2], origin);
		free(copy);
	}
	if (!ok)
	{
		/* keep nothing of a broken file */
		for (int i = before; i < rules->count; i++)
		{
			free(rules->rules[i].old);
			free(rules->rules[i].new);
			free(rules->rules[i].origin);
		}
		rules->count = before;
	}
	return ok;
}

/* plan_rules_load_map: plan_rules_parse_map of the file at path. */
bool
plan_rules_load_map(PlanRules *rules, const char *path)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	char	   *buf;
	size_t		len;
	bool		ok;

	if (fd < 0)
	{
		rdr_log_error("could not open map file \"%s\": %s", path, strerror(errno));
		return false;
	}
	if (!rdr_lex_read_fd(fd, PLAN_MAP_MAX_BYTES, &buf, &len))
	{
		rdr_log_error("could not read map file \"%s\": %s", path,
					  errno == EFBIG ? "larger than 1 MB" : strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	ok = plan_rules_parse_map(rules, path, buf, len);
	free(buf);
	return ok;
}

/* replace_all: s with every non-overlapping old replaced by new (xmalloc'd). */
static char *
replace_all(const char *s, const char *old, const char *new)
{
	size_t		lo = strlen(old),
				ln = strlen(new),
				count = 0;
	char	   *out,
			   *w;

	for (const char *p = strstr(s, old); p; p = strstr(p + lo, old))
		count++;
	out = xmalloc(strlen(s) + count * ln + 1);
	w = out;
	for (const char *p = s;;)
	{
		const char *hit = strstr(p, old);

		if (hit == NULL)
		{
			memcpy(w, p, strlen(p) + 1);
			break;
		}
		memcpy(w, p, (size_t) (hit - p));
		w += hit - p;
		memcpy(w, new, ln);
		w += ln;
		p = hit + lo;
	}
	return out;
}

/*
 * plan_rules_apply: the site-B value of a site-A value of the given kind
 * (malloc'd; equal to value when no rule changed it).  Counts the hits.
 */
char *
plan_rules_apply(PlanRules *rules, PlanValueKind kind, const char *value)
{
	char	   *cur = xstrdup(value);

	if (kind == PLAN_VALUE_PORTAL)
	{
		/* an exact portal rule wins over text rewrites */
		for (int i = 0; i < rules->count; i++)
		{
			PlanRule   *r = &rules->rules[i];

			if (r->kind == PLAN_RULE_PORTAL && strcmp(cur, r->old) == 0)
			{
				free(cur);
				r->hits++;
				return xstrdup(r->new);
			}
		}
	}
	for (int i = 0; i < rules->count; i++)
	{
		PlanRule   *r = &rules->rules[i];
		char	   *next;

		if (kind == PLAN_VALUE_SERIAL ? r->kind != PLAN_RULE_SERIAL
			: r->kind != PLAN_RULE_REWRITE)
			continue;
		if (strstr(cur, r->old) == NULL)
			continue;
		next = replace_all(cur, r->old, r->new);
		free(cur);
		cur = next;
		r->hits++;
	}
	return cur;
}

void
plan_rules_free(PlanRules *rules)
{
	for (int i = 0; i < rules->count; i++)
	{
		free(rules->rules[i].old);
		free(rules->rules[i].new);
		free(rules->rules[i].origin);
	}
	free(rules->rules);
	rules->rules = NULL;
	rules->count = 0;
}
