/*-------------------------------------------------------------------------
 *
 * udev_rules.c
 *	  Parsing udev rules files into rules and their NAME/MAC keys.
 *
 * The grammar mirrors systemd's udev-rules.c (and RHEL 6's udev 147):
 *	- leading white space of every physical line is skipped;
 *	- a line starting with '#' is a comment, even inside a continuation;
 *	- a line ending in '\' continues on the next one, the backslash removed;
 *	- a rule is a list of KEY[{attr}] OP "value", separated by ',' and/or
 *	  white space, OP one of == != = += -= :=, and a value in double quotes
 *	  in which \" does not end it (systemd also allows e"..." escapes).
 * Anything else is a malformed rule: udev would skip it with a warning, but
 * rdr must not rewrite a file it does not understand, so it stops there
 * and names the file and line.
 *
 *-------------------------------------------------------------------------
 */
#include "udev_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* A logical line with, for each byte, where it came from. */
typedef struct Logical
{
	char	   *buf;
	size_t	   *line;			/* physical line of each byte */
	size_t	   *col;			/* column in that line */
	size_t		len;
	size_t		cap;
} Logical;

/*
 * logical_add: append s[0..n), which sits at column col of physical line
 * line, to the logical line.
 */
static bool
logical_add(Logical *lg, const char *s, size_t n, size_t line, size_t col)
{
	size_t		i;

	if (lg->len + n > lg->cap)
	{
		size_t		cap = (lg->len + n) * 2 + 64;
		char	   *buf = realloc(lg->buf, cap);
		size_t	   *l;
		size_t	   *c;

		if (buf == NULL)
			goto oom;
		lg->buf = buf;
		l = realloc(lg->line, cap * sizeof(size_t));
		if (l == NULL)
			goto oom;
		lg->line = l;
		c = realloc(lg->col, cap * sizeof(size_t));
		if (c == NULL)
			goto oom;
		lg->col = c;
		lg->cap = cap;
	}
	for (i = 0; i < n; i++)
	{
		lg->buf[lg->len] = s[i];
		lg->line[lg->len] = line;
		lg->col[lg->len] = col + i;
		lg->len++;
	}
	return true;
oom:
	rdr_log_error("out of memory");
	return false;
}

/*
 * logical_free: release the logical line's buffers.
 */
static void
logical_free(Logical *lg)
{
	free(lg->buf);
	free(lg->line);
	free(lg->col);
}

/*
 * malformed: report a malformed rule at the physical line of logical
 * position pos (or the rule's last line when pos is at its end).
 */
static void
malformed(const TextFile *tf, const Logical *lg, size_t pos, const char *what,
		  const char *key, size_t keylen)
{
	size_t		line = lg->line[pos < lg->len ? pos : lg->len - 1];

	if (key != NULL)
		rdr_log_error("%s:%zu: malformed udev rule: %s \"%.*s\"", tf->name,
					  line + 1, what, (int) keylen, key);
	else
		rdr_log_error("%s:%zu: malformed udev rule: %s", tf->name, line + 1,
					  what);
	rdr_log_detail("Rules are lists of KEY==\"value\" or KEY=\"value\" separated by commas.");
	rdr_log_hint("Fix or comment out the rule, then run rdr-nicfix again.");
}

/*
 * is_blank: udev's white space between tokens.
 */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * value_at: the physical position of logical value [start, start+len).
 * NAME and ATTR{address} values are rewritten in place on their line, so
 * one split by a line continuation is refused.
 */
static bool
value_at(const TextFile *tf, const Logical *lg, size_t start, size_t len,
		 const char *key, size_t keylen, UdevValue *at)
{
	size_t		endpos = start + len;	/* the closing quote */

	if (lg->line[start - 1] != lg->line[endpos] ||
		lg->col[endpos] - lg->col[start - 1] != len + 1)
	{
		malformed(tf, lg, start, "value split by a line continuation in key",
				  key, keylen);
		return false;
	}
	at->line = lg->line[start];
	at->col = lg->col[start];
	at->len = len;
	if (len == 0)
	{
		/* an empty value: its position is just after the opening quote */
		at->line = lg->line[start - 1];
		at->col = lg->col[start - 1] + 1;
	}
	return true;
}

/*
 * parse_logical: tokenize one logical line into rule r.
 */
static bool
parse_logical(const TextFile *tf, const Logical *lg, UdevRule *r)
{
	const char *s = lg->buf;
	size_t		n = lg->len;
	size_t		p = 0;

	while (p < n && is_blank(s[p]))
		p++;
	while (p < n)
	{
		size_t		key = p;
		size_t		keylen;
		size_t		op;
		size_t		oplen;
		size_t		val;
		size_t		vallen;

		if (!isalpha((unsigned char) s[p]))
		{
			malformed(tf, lg, p, "expected a key", NULL, 0);
			return false;
		}
		while (p < n && (isalnum((unsigned char) s[p]) || s[p] == '_'))
			p++;
		if (p < n && s[p] == '{')
		{
			while (p < n && s[p] != '}' && s[p] != '"')
				p++;
			if (p == n || s[p] != '}')
			{
				malformed(tf, lg, p, "unterminated \"{\" in key",
						  s + key, p - key);
				return false;
			}
			p++;
		}
		keylen = p - key;
		while (p < n && is_blank(s[p]))
			p++;
		op = p;
		if (p + 1 < n && s[p + 1] == '=' && strchr("=!+-:", s[p]) != NULL)
			p += 2;
		else if (p < n && s[p] == '=')
			p++;
		else
		{
			malformed(tf, lg, p, "expected an operator after key",
					  s + key, keylen);
			return false;
		}
		oplen = p - op;
		while (p < n && is_blank(s[p]))
			p++;
		if (p + 1 < n && s[p] == 'e' && s[p + 1] == '"')
			p++;
		if (p == n || s[p] != '"')
		{
			malformed(tf, lg, p, "expected a quoted value after key",
					  s + key, keylen);
			return false;
		}
		val = ++p;
		while (p < n && s[p] != '"')
		{
			if (s[p] == '\\' && p + 1 < n)
				p++;
			p++;
		}
		if (p == n)
		{
			malformed(tf, lg, p, "unterminated quoted value of key",
					  s + key, keylen);
			return false;
		}
		vallen = p - val;
		p++;

		if (keylen == 13 && memcmp(s + key, "ATTR{address}", 13) == 0 &&
			oplen == 2 && s[op] == '=')
		{
			if (r->has_mac)
			{
				malformed(tf, lg, key, "more than one match of key",
						  s + key, keylen);
				return false;
			}
			if (!value_at(tf, lg, val, vallen, s + key, keylen, &r->mac_at))
				return false;
			r->has_mac = true;
			r->mac_valid = mac_parse(s + val, vallen, &r->mac);
		}
		else if (keylen == 4 && memcmp(s + key, "NAME", 4) == 0 &&
				 !(oplen == 2 && (s[op] == '=' || s[op] == '!' || s[op] == '-')))
		{
			/* =, := and (tolerated) += assign the name; == and != match */
			if (r->has_name)
			{
				malformed(tf, lg, key, "more than one assignment of key",
						  s + key, keylen);
				return false;
			}
			if (!value_at(tf, lg, val, vallen, s + key, keylen, &r->name_at))
				return false;
			r->has_name = true;
		}

		/* separator: white space and/or one comma, or the end */
		if (p < n && !is_blank(s[p]) && s[p] != ',')
		{
			malformed(tf, lg, p, "missing \",\" after the value of key",
					  s + key, keylen);
			return false;
		}
		while (p < n && is_blank(s[p]))
			p++;
		if (p < n && s[p] == ',')
			p++;
		while (p < n && is_blank(s[p]))
			p++;
	}
	return true;
}

/*
 * add_rule: append r to rules.
 */
static bool
add_rule(UdevRules *rules, const UdevRule *r)
{
	if (rules->n == rules->cap)
	{
		size_t		cap = rules->cap ? rules->cap * 2 : 16;
		UdevRule   *a = realloc(rules->rules, cap * sizeof(UdevRule));

		if (a == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		rules->rules = a;
		rules->cap = cap;
	}
	rules->rules[rules->n++] = *r;
	return true;
}

/*
 * udev_rules_parse: find every rule of tf.  On error (logged with
 * file:line) rules is left empty.
 */
bool
udev_rules_parse(const TextFile *tf, UdevRules *rules)
{
	Logical		lg = {0};
	UdevRule	r;
	bool		in_rule = false;
	bool		ok = true;
	size_t		i;

	memset(rules, 0, sizeof(*rules));
	for (i = 0; ok && i < tf->nlines; i++)
	{
		const TextLine *l = &tf->lines[i];
		size_t		skip = 0;
		size_t		len = l->len;
		bool		cont = false;

		while (skip < len && is_blank(l->text[skip]))
			skip++;
		if (skip < len && l->text[skip] == '#')
			continue;			/* a comment, even inside a continuation */
		if (!in_rule && skip == len)
			continue;			/* an empty line */
		if (!in_rule)
		{
			memset(&r, 0, sizeof(r));
			r.first = i;
			lg.len = 0;
			in_rule = true;
		}
		if (len > skip && l->text[len - 1] == '\\')
		{
			len--;
			cont = true;
		}
		if (!logical_add(&lg, l->text + skip, len - skip, i, skip))
		{
			ok = false;
			break;
		}
		if (cont)
			continue;
		r.last = i;
		in_rule = false;
		if (lg.len == 0)
			continue;			/* continuations of nothing */
		if (!parse_logical(tf, &lg, &r) || !add_rule(rules, &r))
			ok = false;
	}
	if (ok && in_rule)
	{
		rdr_log_error("%s:%zu: malformed udev rule: the file ends in a line continuation",
					  tf->name, tf->nlines);
		rdr_log_hint("Remove the trailing backslash of the last rule.");
		ok = false;
	}
	logical_free(&lg);
	if (!ok)
		udev_rules_free(rules);
	return ok;
}

/*
 * udev_rules_free: release the rules found by udev_rules_parse.
 */
void
udev_rules_free(UdevRules *rules)
{
	free(rules->rules);
	memset(rules, 0, sizeof(*rules));
}
