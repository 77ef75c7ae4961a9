/*-------------------------------------------------------------------------
 *
 * sim_scenario_read.c
 *	  The scenario reader: a file, or text in memory, line by line, each
 *	  line's ${VAR}s expanded and its words split, include followed, and
 *	  each directive handed to sim_scenario.c.
 *
 * Every error names the file and line and stops the load; the simulator
 * then refuses to start, so a typo in a test's scenario is never a silently
 * different environment.  Entities refer to each other by name and must be
 * defined before they are referenced (a data center before its clusters,
 * a host before its NICs).
 *
 *-------------------------------------------------------------------------
 */
#include "sim_scenario_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"
#include "xalloc.h"

#define MAX_INCLUDE_DEPTH 4

/*
 * read_scenario_file: the whole file at path, NUL-terminated, in *buf;
 * false with errno set and *step saying what failed ("open" or "read").
 */
static bool
read_scenario_file(const char *path, char **buf, size_t *len,
				   const char **step)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	bool		ok;
	int			err;

	*step = "open";
	if (fd < 0)
		return false;
	*step = "read";
	ok = rdr_lex_read_fd(fd, SIZE_MAX, buf, len);
	err = errno;
	close(fd);
	errno = err;
	return ok;
}

static bool
d_include(Line *l)
{
	const char *file = line_arg(l, 1);
	char		path[8192];
	char	   *buf;
	size_t		len;
	const char *step;
	bool		ok;

	if (file == NULL)
		return line_error(l, "include needs a file name");
	if (l->depth >= MAX_INCLUDE_DEPTH || l->dir[0] == '\0')
		return line_error(l, "include is not allowed here (nesting deeper than %d?)",
						  MAX_INCLUDE_DEPTH);
	snprintf(path, sizeof(path), "%s/%s", file[0] == '/' ? "" : l->dir, file);
	if (!read_scenario_file(path, &buf, &len, &step))
		return line_error(l, "could not %s included file \"%s\": %m", step, path);
	ok = sim_scenario_parse(l->m, l->f, buf, len, path, l->depth + 1);
	free(buf);
	return ok;
}

/*
 * sim_scenario_parse
 *		Parse a scenario held in memory.  name is used in messages; depth is
 *		the include depth (a depth below 0 forbids include, for fuzzing).
 */
bool
sim_scenario_parse(SimModel *m, SimFaults *f, const char *buf, size_t len,
				   const char *name, int depth)
{
	RdrLexLines lines;
	const char *text;
	size_t		n;
	int			lineno;
	char	   *copy;
	char		dircopy[4096];

	snprintf(dircopy, sizeof(dircopy), "%s", name);
	rdr_lex_lines_init(&lines, buf, len, false);
	while (rdr_lex_next_line(&lines, &text, &n))
	{
		char	   *tok[SIM_MAX_TOKENS];
		bool		used[SIM_MAX_TOKENS] = {false};
		char		err[256];
		Line		l;
		bool		ok = false;

		lineno = lines.lineno;
		{
			char	   *raw = xstrndup(text, n);

			if (strlen(raw) != n)
			{
				free(raw);
				rdr_log_error("%s:%d: NUL byte in line", name, lineno);
				return false;
			}
			/* comments are not expanded: they may mention ${VAR} */
			copy = raw[strspn(raw, " \t")] == '#' ? strdup("") :
				sim_expand_env(raw, err, sizeof(err));
			free(raw);
			if (copy == NULL)
			{
				rdr_log_error("%s:%d: %s", name, lineno, err);
				return false;
			}
		}
		memset(&l, 0, sizeof(l));
		l.m = m;
		l.f = f;
		l.file = name;
		l.lineno = lineno;
		l.tok = tok;
		l.used = used;
		l.depth = depth;
		if (depth >= 0)
			snprintf(l.dir, sizeof(l.dir), "%s", dirname(dircopy));
		snprintf(dircopy, sizeof(dircopy), "%s", name);
		l.ntok = sim_tokenize(copy, tok, SIM_MAX_TOKENS, err, sizeof(err));
		if (l.ntok < 0)
		{
			line_report(&l, "%s", err);
			free(copy);
			return false;
		}
		if (l.ntok == 0)
		{
			free(copy);
			continue;
		}
		if (strcmp(tok[0], "include") == 0)
			ok = d_include(&l) && line_all_used(&l);
		else
			ok = sim_scenario_directive(&l);
		free(copy);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * sim_scenario_load
 *		Read and parse a scenario file.
 */
bool
sim_scenario_load(SimModel *m, SimFaults *f, const char *path)
{
	char	   *buf;
	size_t		len;
	const char *step;
	bool		ok;

	if (!read_scenario_file(path, &buf, &len, &step))
	{
		rdr_log_error("could not %s scenario \"%s\": %m", step, path);
		return false;
	}
	ok = sim_scenario_parse(m, f, buf, len, path, 0);
	free(buf);
	return ok;
}
