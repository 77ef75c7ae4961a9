/*-------------------------------------------------------------------------
 *
 * text_file.h
 *	  A text file as an array of lines that remember their own line ending.
 *
 * rdr-nicfix edits files written by other tools and by hand, so it must
 * give back every byte it does not mean to change: each line keeps its
 * terminator ("\n", "\r\n", or "" for a last line without one).  A line of
 * a planned output file also records which original line it is an
 * unchanged copy of (orig >= 0) or that it is new or changed (orig == -1);
 * diff.c turns that into a unified diff without having to search for one.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_TEXT_FILE_H
#define RDR_NICFIX_TEXT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Files larger than this are not udev rules or ifcfg files: refuse them. */
#define TEXT_FILE_MAX_SIZE (16 * 1024 * 1024)

typedef struct TextLine
{
	char	   *text;			/* contents without terminator, NUL-ended */
	size_t		len;
	const char *eol;			/* static: "\n", "\r\n" or "" */
	long		orig;			/* index of the original line, or -1 */
} TextLine;

typedef struct TextFile
{
	char	   *name;			/* path, for messages */
	TextLine   *lines;
	size_t		nlines;
	size_t		cap;
} TextFile;

extern bool text_init(TextFile *tf, const char *name);
extern void text_free(TextFile *tf);
extern bool text_parse(TextFile *tf, const char *buf, size_t len);
extern bool text_read(TextFile *tf, const char *path, struct stat *st);
extern bool text_read_at(TextFile *tf, int dirfd, const char *name,
						 const char *path, struct stat *st);
extern bool text_append(TextFile *tf, const char *text, size_t len,
						const char *eol, long orig);
extern bool text_append_copy(TextFile *tf, const TextFile *from, size_t i);
extern bool text_append_commented(TextFile *tf, const TextFile *from, size_t i);
extern const char *text_eol_style(const TextFile *tf);
extern bool text_same(const TextFile *a, const TextFile *b);
extern char *text_serialize(const TextFile *tf, size_t *len);

#endif							/* RDR_NICFIX_TEXT_FILE_H */
