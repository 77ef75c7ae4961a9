/*-------------------------------------------------------------------------
 *
 * conf_lex.c
 *	  Lines and words of rdr's line-based text formats (see conf_lex.h).
 *
 *-------------------------------------------------------------------------
 */
#include "conf_lex.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/*
 * rdr_lex_lines_init: walk the len bytes of buf (not NUL-terminated) line
 * by line; with strip_cr, a line's final '\r' is dropped.
 */
void
rdr_lex_lines_init(RdrLexLines *it, const char *buf, size_t len, bool strip_cr)
{
	memset(it, 0, sizeof(*it));
	it->buf = buf;
	it->len = len;
	it->strip_cr = strip_cr;
}

/*
 * rdr_lex_next_line: the next line, without its '\n', in *line and *len
 * (it may hold NUL bytes: the caller decides what they mean), and its
 * number in it->lineno.  False after the last line.  A final '\n' does
 * not start one more, empty line.
 */
bool
rdr_lex_next_line(RdrLexLines *it, const char **line, size_t *len)
{
	const char *start = it->buf + it->pos;
	const char *nl;
	size_t		n;

	if (it->pos >= it->len)
		return false;
	nl = memchr(start, '\n', it->len - it->pos);
	n = nl ? (size_t) (nl - start) : it->len - it->pos;
	it->pos += n + (nl ? 1 : 0);
	it->lineno++;
	if (it->strip_cr && n > 0 && start[n - 1] == '\r')
		n--;					/* a file edited on Windows */
	*line = start;
	*len = n;
	return true;
}

/*
 * rdr_lex_split: split the NUL-terminated line in place into words, at
 * most max of them, as syntax says; *n is the number of words, 0 for a
 * blank or comment line.  Quotes are removed from the words.
 *
 * The check for too many words comes after the comment check, so a
 * trailing comment after max words is still a comment.
 */
RdrLexStatus
rdr_lex_split(char *line, const RdrLexSyntax *syntax, char **words, int max,
			  int *n)
{
	char	   *r = line;		/* reading */
	char	   *w = line;		/* writing: behind r once quotes are removed */

	*n = 0;
	for (;;)
	{
		bool		quoted = false;

		r += strspn(r, syntax->blanks);
		if (*r == '\0')
			break;
		if ((*n == 0 || syntax->trailing_comment) &&
			strchr(syntax->comment_chars, *r) != NULL)
			break;
		if (*n == max)
			return RDR_LEX_TOO_MANY;
		words[(*n)++] = w;
		while (*r != '\0' && (quoted || strchr(syntax->blanks, *r) == NULL))
		{
			if (syntax->quotes && *r == '"')
			{
				quoted = !quoted;
				r++;
				continue;
			}
			if (quoted && *r == '\\' && (r[1] == '"' || r[1] == '\\'))
				r++;
			*w++ = *r++;
		}
		if (quoted)
			return RDR_LEX_UNTERMINATED;
		if (*r != '\0')
			r++;
		*w++ = '\0';
	}
	return RDR_LEX_OK;
}

/*
 * rdr_lex_skip_words: the rest of line after its first n words and the
 * blanks that follow them (words of a syntax without quotes).  For a value
 * that is the rest of the line, blanks and all.
 */
const char *
rdr_lex_skip_words(const char *line, int n, const char *blanks)
{
	for (int i = 0; i < n; i++)
	{
		line += strspn(line, blanks);
		line += strcspn(line, blanks);
	}
	return line + strspn(line, blanks);
}

/*
 * rdr_lex_read_fd: all of fd, from where it is to its end, in a malloc'd
 * buffer with a NUL after the len bytes.  False with errno set when a
 * read fails, or EFBIG when there are more than max bytes.
 *
 * The file may hold a password: a buffer outgrown is zeroed before it is
 * freed, so no copy of it stays behind in freed memory.
 */
bool
rdr_lex_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	size_t		cap = 4096;
	size_t		used = 0;
	char	   *b = malloc(cap);
	int			err = 0;

	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4;
	if (b == NULL)
		return false;
	for (;;)
	{
		ssize_t		got;

		if (used + 1 == cap)
		{
			/* room for max + 1 bytes and the NUL: one more tells EFBIG */
			size_t		ncap = cap * 2 < max + 2 ? cap * 2 : max + 2;
			char	   *nb = malloc(ncap);

			if (nb == NULL)
			{
				err = ENOMEM;
				break;
			}
			memcpy(nb, b, used);
			explicit_bzero(b, used);
			free(b);
			b = nb;
			cap = ncap;
		}
		got = read(fd, b + used, cap - 1 - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
		{
			err = errno;
			break;
		}
		if (got == 0)
			break;
		used += (size_t) got;
		if (used > max)
		{
			err = EFBIG;
			break;
		}
	}
	if (err != 0)
	{
		explicit_bzero(b, used);
		free(b);
		errno = err;
		return false;
	}
	b[used] = '\0';
	*buf = b;
	*len = used;
	return true;
}

/*
 * rdr_lex_verror: an error at file:line, "FILE:LINE: MESSAGE".
 */
void
rdr_lex_verror(const char *file, int line, const char *fmt, va_list ap)
{
	char	   *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
	{
		rdr_log_error("%s:%d: %s", file, line, fmt);
		return;
	}
	rdr_log_error("%s:%d: %s", file, line, msg);
	free(msg);
}

/*
 * rdr_lex_error: rdr_lex_verror with the arguments inline.
 */
void
rdr_lex_error(const char *file, int line, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	rdr_lex_verror(file, line, fmt, ap);
	va_end(ap);
}
