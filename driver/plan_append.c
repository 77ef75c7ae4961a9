/*-------------------------------------------------------------------------
 *
 * plan_append.c
 *	  Checking the file rdr-plan generate --append copies (plan_append.h).
 *
 * Only the first two words of a line matter (section and key); the rest
 * is rdr-failover's to check, with its own file:line messages, when it
 * reads the whole configuration.  The words are split as rdr.conf's are.
 *
 *-------------------------------------------------------------------------
 */
#include "plan_append.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "xalloc.h"

/* A configuration's own part is a few dozen lines; 1 MB is plenty. */
#define PLAN_APPEND_MAX_BYTES	(1024 * 1024)

static const RdrLexSyntax conf_syntax = {
	.blanks = RDR_LEX_ISSPACE,
	.comment_chars = "#;",
	.trailing_comment = false,
	.quotes = false
};

/* The sections rdr-plan generate always writes. */
static const char *const generated_sections[] = {
	"SITE_INFO", "Storage_Domain", "VIRT_NET", "START_VM", NULL
};

/*
 * plan_append_check: every line of the len bytes of buf (the file name)
 * that sets something the generated part sets is logged as an error;
 * false if there was one.  A NUL byte is refused too: rdr.conf has none.
 */
bool
plan_append_check(const char *name, const char *buf, size_t len,
				  const PlanAppendGenerated *gen)
{
	RdrLexLines it;
	const char *line;
	size_t		n;
	bool		ok = true;

	rdr_lex_lines_init(&it, buf, len, true);
	while (rdr_lex_next_line(&it, &line, &n))
	{
		char	   *copy;
		char	   *w[2];
		int			nw;
		const char *clash = NULL;

		if (memchr(line, '\0', n) != NULL)
		{
			rdr_lex_error(name, it.lineno, "line contains a NUL byte");
			ok = false;
			continue;
		}
		copy = xstrndup(line, n);
		/* two words are all we look at: more is not an error here */
		if (rdr_lex_split(copy, &conf_syntax, w, 2, &nw) == RDR_LEX_TOO_MANY)
			nw = 2;
		if (nw >= 1)
		{
			for (int i = 0; generated_sections[i]; i++)
				if (strcasecmp(w[0], generated_sections[i]) == 0)
					clash = generated_sections[i];
			if (gen->rhevm_nic && strcasecmp(w[0], "RHEVM_NIC") == 0)
				clash = "RHEVM_NIC";
			if (gen->api_host && nw == 2 && strcasecmp(w[0], "API") == 0 &&
				strcasecmp(w[1], "host") == 0)
				clash = "API host";
		}
		if (clash)
		{
			rdr_lex_error(name, it.lineno, "%s is written by rdr-plan generate; "
						  "this line would set it twice", clash);
			ok = false;
		}
		free(copy);
	}
	if (!ok)
		rdr_log_hint("Remove those lines from %s (rdr-plan writes them from the database), "
					 "or leave out the option that writes them.", name);
	return ok;
}

/* plan_append_load: the whole file at path, NUL-terminated, in *buf. */
bool
plan_append_load(const char *path, char **buf, size_t *len)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
	{
		rdr_log_error("could not open file \"%s\" (--append): %s", path, strerror(errno));
		return false;
	}
	if (!rdr_lex_read_fd(fd, PLAN_APPEND_MAX_BYTES, buf, len))
	{
		rdr_log_error("could not read file \"%s\" (--append): %s", path,
					  errno == EFBIG ? "larger than 1 MB" : strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	return true;
}
