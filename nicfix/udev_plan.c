/*-------------------------------------------------------------------------
 *
 * udev_plan.c
 *	  Planning the new persistent-net rules file for the wanted NIC names.
 *
 * For each rule with a NAME assignment:
 *	- wanted MAC and wanted name: kept (a second such rule is a duplicate
 *	  and is disabled, so the wanted rule is present exactly once);
 *	- wanted MAC, another name: disabled, and a copy with the wanted name
 *	  is inserted right after it, so the other match keys of the rule that
 *	  write_net_rules generated for this very NIC (SUBSYSTEM, ACTION,
 *	  DRIVERS, ATTR{dev_id}, ATTR{type}, KERNEL, ...) are kept;
 *	- another MAC (or no MAC match at all), wanted name: disabled, or two
 *	  NICs would race for the name and udev would leave one "renameN";
 *	- anything else: untouched.
 * A wanted MAC without any rule gets a new rule in write_net_rules' format
 * at the end of the file.  Disabled lines get "# " in front, behind a
 * marker line saying rdr-nicfix did it, when and why; a second run finds
 * the wanted rules in place and plans no change at all.
 *
 *-------------------------------------------------------------------------
 */
#include "udev_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define MARKER_PREFIX "# rdr-nicfix "

typedef enum RuleAction
{
	RULE_KEEP = 0,
	RULE_DISABLE
} RuleAction;

typedef struct RulePlan
{
	RuleAction	action;
	char		reason[128];
	long		template_for;	/* map entry whose new rule follows, or -1 */
} RulePlan;

/*
 * emit: append a new line, first giving the previous line a terminator if
 * it was the file's unterminated last line.
 */
static bool
emit(TextFile *out, const char *text, size_t len, const char *eol)
{
	if (out->nlines > 0 && out->lines[out->nlines - 1].eol[0] == '\0')
	{
		out->lines[out->nlines - 1].eol = eol;
		out->lines[out->nlines - 1].orig = -1;
	}
	return text_append(out, text, len, eol, -1);
}

/*
 * emit_marker: append "# rdr-nicfix STAMP: what".
 */
static bool
emit_marker(TextFile *out, const char *stamp, const char *what,
			const char *eol)
{
	char		buf[256];
	int			n;

	n = snprintf(buf, sizeof(buf), MARKER_PREFIX "%s: %s", stamp, what);
	if (n < 0 || (size_t) n >= sizeof(buf))
	{
		rdr_log_error("marker line too long");
		return false;
	}
	return emit(out, buf, (size_t) n, eol);
}

/*
 * emit_disabled: the lines of rule r behind "# "; comment lines inside a
 * continued rule are copied as they are.
 */
static bool
emit_disabled(TextFile *out, const TextFile *in, const UdevRule *r)
{
	size_t		i;

	for (i = r->first; i <= r->last; i++)
	{
		const TextLine *l = &in->lines[i];
		size_t		skip = strspn(l->text, " \t");

		if (skip < l->len && l->text[skip] == '#')
		{
			if (!text_append_copy(out, in, i))
				return false;
		}
		else if (!text_append_commented(out, in, i))
			return false;
	}
	return true;
}

/*
 * replace_value: line text with [at->col, at->col + at->len) replaced by
 * repl; the result is malloc'd.
 */
static char *
replace_value(const char *text, size_t len, const UdevValue *at,
			  const char *repl, size_t *outlen)
{
	size_t		rl = strlen(repl);
	char	   *buf = malloc(len - at->len + rl + 1);

	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	memcpy(buf, text, at->col);
	memcpy(buf + at->col, repl, rl);
	memcpy(buf + at->col + rl, text + at->col + at->len,
		   len - at->col - at->len);
	*outlen = len - at->len + rl;
	buf[*outlen] = '\0';
	return buf;
}

/*
 * emit_renamed: a copy of template rule r with NAME set to e's name and
 * ATTR{address} to e's canonical MAC: sysfs prints addresses in lower case
 * and udev compares case-sensitively, so an upper-case copy never matches.
 */
static bool
emit_renamed(TextFile *out, const TextFile *in, const UdevRule *r,
			 const NicMapEntry *e, const char *eol)
{
	size_t		i;

	for (i = r->first; i <= r->last; i++)
	{
		const TextLine *l = &in->lines[i];
		char	   *text = NULL;
		char	   *t2 = NULL;
		size_t		len = l->len;
		bool		ok;
		const char *src = l->text;

		/* both values on one line: replace the later one first */
		if (i == r->mac_at.line && i == r->name_at.line &&
			r->mac_at.col > r->name_at.col)
		{
			text = replace_value(src, len, &r->mac_at, e->mac.text, &len);
			if (text == NULL)
				return false;
			t2 = replace_value(text, len, &r->name_at, e->name, &len);
		}
		else
		{
			if (i == r->name_at.line)
			{
				text = replace_value(src, len, &r->name_at, e->name, &len);
				if (text == NULL)
					return false;
				src = text;
			}
			if (i == r->mac_at.line)
				t2 = replace_value(src, len, &r->mac_at, e->mac.text, &len);
			else
			{
				t2 = malloc(len + 1);
				if (t2 != NULL)
				{
					memcpy(t2, src, len);
					t2[len] = '\0';
				}
			}
		}
		free(text);
		if (t2 == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		/* a copy of an unterminated last line still gets a terminator */
		ok = emit(out, t2, len, l->eol[0] ? l->eol : eol);
		free(t2);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * emit_generated: a new rule in the format of RHEL 6's write_net_rules.
 */
static bool
emit_generated(TextFile *out, const NicMapEntry *e, const char *eol)
{
	char		buf[256];
	int			n;

	n = snprintf(buf, sizeof(buf),
				 "SUBSYSTEM==\"net\", ACTION==\"add\", DRIVERS==\"?*\", "
				 "ATTR{address}==\"%s\", ATTR{type}==\"1\", KERNEL==\"eth*\", "
				 "NAME=\"%s\"", e->mac.text, e->name);
	return emit(out, buf, (size_t) n, eol);
}

/*
 * decide: what happens to each rule, and which rules are the wanted ones
 * (kept[e]) or the templates of the wanted ones (templ[e]).
 */
static bool
decide(const TextFile *in, const UdevRules *rules, const NicMap *map,
	   RulePlan *plan, long *kept, long *templ)
{
	size_t		i;

	for (i = 0; i < rules->n; i++)
	{
		const UdevRule *r = &rules->rules[i];
		const char *name;
		size_t		namelen;
		const NicMapEntry *by_mac = NULL;
		const NicMapEntry *by_name;
		const TextLine *ml = NULL;

		plan[i].action = RULE_KEEP;
		plan[i].template_for = -1;
		if (!r->has_name)
			continue;
		name = in->lines[r->name_at.line].text + r->name_at.col;
		namelen = r->name_at.len;
		by_name = nic_map_by_name(map, name, namelen);
		if (r->has_mac)
		{
			ml = &in->lines[r->mac_at.line];
			if (!r->mac_valid)
			{
				rdr_log_error("%s:%zu: ATTR{address} value \"%.*s\" is not a MAC address",
							  in->name, r->mac_at.line + 1, (int) r->mac_at.len,
							  ml->text + r->mac_at.col);
				rdr_log_detail("rdr-nicfix only understands naming rules that match one exact MAC address.");
				rdr_log_hint("Fix or comment out the rule, then run rdr-nicfix again.");
				return false;
			}
			by_mac = nic_map_by_mac(map, &r->mac);
		}
		if (by_mac != NULL && by_mac == by_name)
		{
			long		e = by_mac - map->entries;

			if (kept[e] < 0)
			{
				kept[e] = (long) i;
				if (memcmp(ml->text + r->mac_at.col, r->mac.text,
						   MAC_TEXT_LEN - 1) != 0)
					rdr_log_warning("%s:%zu: ATTR{address}==\"%.*s\" is not in lower case; udev compares it case-sensitively",
									in->name, r->mac_at.line + 1,
									(int) r->mac_at.len, ml->text + r->mac_at.col);
				continue;
			}
			plan[i].action = RULE_DISABLE;
			snprintf(plan[i].reason, sizeof(plan[i].reason),
					 "disabled: duplicate of the rule at line %zu",
					 rules->rules[kept[e]].first + 1);
		}
		else if (by_mac != NULL)
		{
			long		e = by_mac - map->entries;

			plan[i].action = RULE_DISABLE;
			snprintf(plan[i].reason, sizeof(plan[i].reason),
					 "disabled: %s is to be named \"%s\"",
					 by_mac->mac.text, by_mac->name);
			if (templ[e] < 0)
				templ[e] = (long) i;
		}
		else if (by_name != NULL)
		{
			plan[i].action = RULE_DISABLE;
			snprintf(plan[i].reason, sizeof(plan[i].reason),
					 "disabled: name \"%s\" is wanted for %s",
					 by_name->name, by_name->mac.text);
		}
	}
	for (i = 0; i < map->n; i++)
		if (kept[i] < 0 && templ[i] >= 0)
			plan[templ[i]].template_for = (long) i;
	return true;
}

/*
 * udev_rules_plan: build in out (initialised by the caller) the rules file
 * rdr wants.  stamp is the time for the marker lines.
 */
bool
udev_rules_plan(const TextFile *in, const UdevRules *rules, const NicMap *map,
				const char *stamp, TextFile *out)
{
	RulePlan   *plan = calloc(rules->n + 1, sizeof(RulePlan));
	long	   *kept = malloc((map->n + 1) * sizeof(long));
	long	   *templ = malloc((map->n + 1) * sizeof(long));
	const char *eol = text_eol_style(in);
	bool		ok = false;
	bool		separated = false;
	size_t		line = 0;
	size_t		ri = 0;
	size_t		e;

	if (plan == NULL || kept == NULL || templ == NULL)
	{
		rdr_log_error("out of memory");
		goto done;
	}
	for (e = 0; e < map->n; e++)
		kept[e] = templ[e] = -1;
	if (!decide(in, rules, map, plan, kept, templ))
		goto done;

	while (line < in->nlines)
	{
		const UdevRule *r = ri < rules->n ? &rules->rules[ri] : NULL;

		if (r == NULL || line < r->first)
		{
			if (!text_append_copy(out, in, line))
				goto done;
			line++;
			continue;
		}
		if (plan[ri].action == RULE_KEEP)
		{
			for (; line <= r->last; line++)
				if (!text_append_copy(out, in, line))
					goto done;
		}
		else
		{
			rdr_log_verbose("%s:%zu: %s", in->name, r->first + 1,
							plan[ri].reason);
			if (!emit_marker(out, stamp, plan[ri].reason, eol) ||
				!emit_disabled(out, in, r))
				goto done;
			line = r->last + 1;
		}
		if (plan[ri].template_for >= 0)
		{
			const NicMapEntry *me = &map->entries[plan[ri].template_for];
			char		what[128];

			snprintf(what, sizeof(what), "added: %s named \"%s\"",
					 me->mac.text, me->name);
			rdr_log_verbose("%s:%zu: %s", in->name, r->first + 1, what);
			if (!emit_marker(out, stamp, what, eol) ||
				!emit_renamed(out, in, r, me, eol))
				goto done;
		}
		ri++;
	}

	for (e = 0; e < map->n; e++)
	{
		const NicMapEntry *me = &map->entries[e];
		char		what[128];

		if (kept[e] >= 0 || templ[e] >= 0)
			continue;
		/* one empty line between the old rules and rdr's new ones */
		if (!separated && out->nlines > 0 &&
			out->lines[out->nlines - 1].len > 0)
		{
			if (!emit(out, "", 0, eol))
				goto done;
		}
		separated = true;
		snprintf(what, sizeof(what), "added: %s named \"%s\"",
				 me->mac.text, me->name);
		rdr_log_verbose("%s: %s", in->name, what);
		if (!emit_marker(out, stamp, what, eol) ||
			!emit_generated(out, me, eol))
			goto done;
	}
	ok = true;
done:
	free(plan);
	free(kept);
	free(templ);
	return ok;
}
