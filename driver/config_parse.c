/*-------------------------------------------------------------------------
 *
 * config_parse.c
 *	  Reading rdr-failover's configuration: lines, words, and the module
 *	  each line's section belongs to.
 *
 * The format is the seed's read_cfg(): "TYPE KEY VALUE1 VALUE2 VALUE3",
 * whitespace separated, TYPE case-insensitive, lines starting with '#' or
 * ';' (after blanks) ignored.  Unlike read_cfg(), nothing is silently
 * dropped: an unknown type or key, a missing or extra value, a value of
 * the wrong form or a duplicate is an error naming file:line and what was
 * expected, and every error of the file is reported before giving up.
 *
 *-------------------------------------------------------------------------
 */
#include "config_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "conf_lex.h"
#include "xalloc.h"

#define MAX_LINE	4096
#define MAX_TOKENS	8

/*
 * The seed's read_cfg() splits on any white space and has no quoting: a
 * CONFIG engine_stop command keeps its quotes for the shell.  '#' and ';'
 * start comment lines only, so "#" may appear inside a value.
 */
static const RdrLexSyntax conf_syntax = {
	.blanks = RDR_LEX_ISSPACE,
	.comment_chars = "#;",
	.trailing_comment = false,
	.quotes = false,
};

/*
 * parse_line: one line, without its newline.  Words are split on a copy;
 * the rest of the original line after TYPE and KEY is kept for settings
 * that take a whole command line.
 */
static void
parse_line(Parser *p, const char *line)
{
	char		words[MAX_LINE];
	char	   *tok[MAX_TOKENS];
	int			ntok;
	const char *rest;
	char		restbuf[MAX_LINE];
	size_t		rlen;

	snprintf(words, sizeof(words), "%s", line);
	if (rdr_lex_split(words, &conf_syntax, tok, MAX_TOKENS, &ntok) != RDR_LEX_OK)
	{
		/* without quotes, too many words is the only error */
		cf_parse_error(p, "too many values (at most %d words per line)", MAX_TOKENS);
		return;
	}
	if (ntok == 0)
		return;
	if (ntok < 2)
	{
		cf_parse_error(p, "expected \"TYPE KEY VALUE...\", found only \"%s\"", tok[0]);
		return;
	}

	/* rest: the original line after its first two words, trimmed */
	rest = rdr_lex_skip_words(line, 2, conf_syntax.blanks);
	rlen = strlen(rest);
	while (rlen > 0 && isspace((unsigned char) rest[rlen - 1]))
		rlen--;
	snprintf(restbuf, sizeof(restbuf), "%.*s", (int) rlen, rest);

	for (int i = 0; i < N_SETTINGS; i++)
		if (strcasecmp(cf_settings[i].section, tok[0]) == 0)
		{
			cf_parse_scalar(p, tok, ntok, restbuf);
			return;
		}
	if (strcasecmp(tok[0], "Storage_Domain") == 0)
	{
		cf_parse_domain(p, tok, ntok);
		return;
	}
	for (int i = 1; i < N_LIST_SECTIONS; i++)
		if (strcasecmp(cf_list_sections[i].name, tok[0]) == 0)
		{
			cf_parse_list(p, &cf_list_sections[i], tok, ntok);
			return;
		}
	cf_parse_error(p, "unknown section \"%s\": expected API, DB, CONFIG, REHEARSAL, SITE_INFO, "
				   "Storage_Domain, VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO, "
				   "EXCLUDE_DOMAIN, EXCLUDE_VM or DIRECT_LUN", tok[0]);
}

bool
rdr_config_parse(const char *name, const char *buf, size_t len, RdrConfig *cfg)
{
	Parser		p = {
		.name = name,
		.cfg = cfg,
	};
	RdrLexLines lines;
	const char *text;
	size_t		llen;

	memset(cfg, 0, sizeof(*cfg));
	cfg->set_line = xcalloc(N_SETTINGS, sizeof(int));
	cfg->path = xstrdup(name);
	if (!cf_apply_defaults(cfg))
		return false;

	rdr_lex_lines_init(&lines, buf, len, true);
	while (rdr_lex_next_line(&lines, &text, &llen))
	{
		char		line[MAX_LINE];

		p.line = lines.lineno;
		if (llen >= MAX_LINE)
			cf_parse_error(&p, "line too long (more than %d bytes)", MAX_LINE - 1);
		else if (memchr(text, '\0', llen))
			cf_parse_error(&p, "unexpected NUL byte: this is not a text file");
		else
		{
			memcpy(line, text, llen);
			line[llen] = '\0';
			parse_line(&p, line);
		}
	}
	if (p.errors == 0)
		cf_check_whole(&p);
	cfg->has_secret = p.has_secret;
	return p.errors == 0;
}
