/*-------------------------------------------------------------------------
 *
 * text_file.c
 *	  Reading text files into lines, building edited copies, writing back.
 *
 *-------------------------------------------------------------------------
 */
#include "text_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/*
 * text_init: an empty file called name (used in messages only).
 */
bool
text_init(TextFile *tf, const char *name)
{
	memset(tf, 0, sizeof(*tf));
	tf->name = strdup(name);
	if (tf->name == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	return true;
}

/*
 * text_free: release the lines and the name; tf can be initialised again.
 */
void
text_free(TextFile *tf)
{
	size_t		i;

	for (i = 0; i < tf->nlines; i++)
		free(tf->lines[i].text);
	free(tf->lines);
	free(tf->name);
	memset(tf, 0, sizeof(*tf));
}

/*
 * text_append: add a copy of text[0..len) as the last line.
 */
bool
text_append(TextFile *tf, const char *text, size_t len, const char *eol,
			long orig)
{
	TextLine   *line;

	if (tf->nlines == tf->cap)
	{
		size_t		cap = tf->cap ? tf->cap * 2 : 64;
		TextLine   *lines = realloc(tf->lines, cap * sizeof(TextLine));

		if (lines == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		tf->lines = lines;
		tf->cap = cap;
	}
	line = &tf->lines[tf->nlines];
	line->text = malloc(len + 1);
	if (line->text == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	memcpy(line->text, text, len);
	line->text[len] = '\0';
	line->len = len;
	line->eol = eol;
	line->orig = orig;
	tf->nlines++;
	return true;
}

/*
 * text_append_copy: add line i of from, unchanged.
 */
bool
text_append_copy(TextFile *tf, const TextFile *from, size_t i)
{
	const TextLine *l = &from->lines[i];

	return text_append(tf, l->text, l->len, l->eol, (long) i);
}

/*
 * text_append_commented: add line i of from behind "# ", the way the seed
 * and an administrator disable a line; the terminator stays the same.
 */
bool
text_append_commented(TextFile *tf, const TextFile *from, size_t i)
{
	const TextLine *l = &from->lines[i];
	char	   *buf = malloc(l->len + 3);
	bool		ok;

	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	memcpy(buf, "# ", 2);
	memcpy(buf + 2, l->text, l->len);
	ok = text_append(tf, buf, l->len + 2, l->eol, -1);
	free(buf);
	return ok;
}

/*
 * text_parse: split buf into lines.  A NUL byte is refused: no tool writes
 * one into these files, and C string handling further on would silently
 * cut the line there.
 */
bool
text_parse(TextFile *tf, const char *buf, size_t len)
{
	size_t		start = 0;
	size_t		lineno = 1;

	while (start < len)
	{
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t		end = nl ? (size_t) (nl - buf) : len;
		size_t		textend = end;
		const char *eol = "";

		if (memchr(buf + start, '\0', end - start) != NULL)
		{
			rdr_log_error("%s:%zu: file contains a NUL byte", tf->name, lineno);
			rdr_log_detail("Text files with NUL bytes are not udev rules or ifcfg files.");
			return false;
		}
		if (nl)
		{
			eol = "\n";
			if (end > start && buf[end - 1] == '\r')
			{
				eol = "\r\n";
				textend--;
			}
		}
		if (!text_append(tf, buf + start, textend - start, eol, -1))
			return false;
		start = nl ? end + 1 : len;
		lineno++;
	}
	return true;
}

/*
 * text_read: read the regular file at path into tf (initialised with the
 * path as name) and return its status in *st, whose mode and owner the
 * rewritten file keeps.
 */
bool
text_read(TextFile *tf, const char *path, struct stat *st)
{
	return text_read_at(tf, AT_FDCWD, path, path, st);
}

/*
 * text_read_at: text_read of the file name in directory dirfd; path names
 * it in messages and becomes tf's name.  A symbolic link is refused.
 */
bool
text_read_at(TextFile *tf, int dirfd, const char *name, const char *path,
			 struct stat *st)
{
	int			fd;
	char	   *buf;
	size_t		have = 0;
	bool		ok;

	if (!text_init(tf, path))
		return false;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
	{
		rdr_log_error("could not open \"%s\": %s", path, strerror(errno));
		if (errno == ELOOP)
			rdr_log_detail("The file is a symbolic link; rdr-nicfix replaces files by renaming and would replace the link.");
		return false;
	}
	if (fstat(fd, st) != 0)
	{
		rdr_log_error("could not stat \"%s\": %s", path, strerror(errno));
		close(fd);
		return false;
	}
	if (!S_ISREG(st->st_mode))
	{
		rdr_log_error("\"%s\" is not a regular file", path);
		/* opened with O_NONBLOCK so that a FIFO cannot hang us here */
		close(fd);
		return false;
	}
	if (st->st_size > TEXT_FILE_MAX_SIZE)
	{
		rdr_log_error("\"%s\" is too large (%lld bytes)", path,
					  (long long) st->st_size);
		rdr_log_detail("Files larger than %d bytes are refused.", TEXT_FILE_MAX_SIZE);
		close(fd);
		return false;
	}
	buf = malloc((size_t) st->st_size + 1);
	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		close(fd);
		return false;
	}
	for (;;)
	{
		ssize_t		n = read(fd, buf + have, (size_t) st->st_size + 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
		{
			rdr_log_error("could not read \"%s\": %s", path, strerror(errno));
			free(buf);
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		have += (size_t) n;
		if (have > (size_t) st->st_size)
		{
			rdr_log_error("\"%s\" changed while being read", path);
			free(buf);
			close(fd);
			return false;
		}
	}
	close(fd);
	ok = text_parse(tf, buf, have);
	free(buf);
	return ok;
}

/*
 * text_eol_style: the terminator new lines get, that of the first
 * terminated line, so a CRLF file does not end up with mixed endings.
 */
const char *
text_eol_style(const TextFile *tf)
{
	size_t		i;

	for (i = 0; i < tf->nlines; i++)
		if (tf->lines[i].eol[0] != '\0')
			return tf->lines[i].eol;
	return "\n";
}

/*
 * text_same: whether a and b serialize to the same bytes.
 */
bool
text_same(const TextFile *a, const TextFile *b)
{
	size_t		i;

	if (a->nlines != b->nlines)
		return false;
	for (i = 0; i < a->nlines; i++)
	{
		const TextLine *x = &a->lines[i];
		const TextLine *y = &b->lines[i];

		if (x->len != y->len || strcmp(x->eol, y->eol) != 0 ||
			memcmp(x->text, y->text, x->len) != 0)
			return false;
	}
	return true;
}

/*
 * text_serialize: the file's bytes in one malloc'd buffer (NUL-ended for
 * convenience, the NUL not counted in *len).
 */
char *
text_serialize(const TextFile *tf, size_t *len)
{
	size_t		total = 0;
	size_t		i;
	char	   *buf;
	char	   *p;

	for (i = 0; i < tf->nlines; i++)
		total += tf->lines[i].len + strlen(tf->lines[i].eol);
	buf = malloc(total + 1);
	if (buf == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	p = buf;
	for (i = 0; i < tf->nlines; i++)
	{
		size_t		el = strlen(tf->lines[i].eol);

		memcpy(p, tf->lines[i].text, tf->lines[i].len);
		p += tf->lines[i].len;
		memcpy(p, tf->lines[i].eol, el);
		p += el;
	}
	*p = '\0';
	*len = total;
	return buf;
}
