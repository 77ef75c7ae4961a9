/*-------------------------------------------------------------------------
 *
 * diff.c
 *	  Printing a unified diff from a plan's line origins.
 *
 *-------------------------------------------------------------------------
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

typedef enum OpKind
{
	OP_EQ,
	OP_DEL,
	OP_INS
} OpKind;

typedef struct Op
{
	OpKind		kind;
	size_t		oi;				/* old line index (EQ, DEL) */
	size_t		ni;				/* new line index (EQ, INS) */
} Op;

/* add_op: append one operation to the script */
static void
add_op(Op *ops, size_t *n, OpKind kind, size_t oi, size_t ni)
{
	ops[*n].kind = kind;
	ops[*n].oi = oi;
	ops[*n].ni = ni;
	(*n)++;
}

/*
 * build_ops: the edit script turning old into new.  A line whose origin
 * does not follow the previous one (never produced by our planners) is
 * treated as new, which still gives a correct diff.
 */
static Op  *
build_ops(const TextFile *old, const TextFile *new, size_t *nops)
{
	Op		   *ops = malloc((old->nlines + new->nlines + 1) * sizeof(Op));
	size_t		n = 0;
	size_t		i = 0;
	size_t		j;

	if (ops == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	for (j = 0; j < new->nlines; j++)
	{
		long		o = new->lines[j].orig;

		if (o < 0 || (size_t) o < i || (size_t) o >= old->nlines)
		{
			add_op(ops, &n, OP_INS, i, j);
			continue;
		}
		while (i < (size_t) o)
		{
			add_op(ops, &n, OP_DEL, i, j);
			i++;
		}
		add_op(ops, &n, OP_EQ, i, j);
		i++;
	}
	while (i < old->nlines)
	{
		add_op(ops, &n, OP_DEL, i, new->nlines);
		i++;
	}
	*nops = n;
	return ops;
}

/*
 * print_line: one diff line; a line without terminator is followed by
 * diff's "\\ No newline at end of file" marker.
 */
static void
print_line(FILE *out, char prefix, const TextLine *l)
{
	fputc(prefix, out);
	fwrite(l->text, 1, l->len, out);
	if (l->eol[0] == '\0')
		fputs("\n\\ No newline at end of file\n", out);
	else
		fputs(l->eol, out);
}

/*
 * print_range: "start,count" as diff -u writes it: ",1" is left out, and
 * an empty range starts at the line before it.
 */
static void
print_range(FILE *out, size_t start, size_t count)
{
	if (count == 1)
		fprintf(out, "%zu", start + 1);
	else
		fprintf(out, "%zu,%zu", count ? start + 1 : start, count);
}

/*
 * print_hunk: ops[from, to) as one hunk; within a run of changes the
 * removed lines come before the added ones, as in diff -u.
 */
static void
print_hunk(FILE *out, const TextFile *old, const TextFile *new,
		   const Op *ops, size_t from, size_t to)
{
	size_t		ocount = 0;
	size_t		ncount = 0;
	size_t		k;

	for (k = from; k < to; k++)
	{
		ocount += ops[k].kind != OP_INS;
		ncount += ops[k].kind != OP_DEL;
	}
	fputs("@@ -", out);
	print_range(out, ops[from].oi, ocount);
	fputs(" +", out);
	print_range(out, ops[from].ni, ncount);
	fputs(" @@\n", out);

	k = from;
	while (k < to)
	{
		size_t		run;
		size_t		m;

		if (ops[k].kind == OP_EQ)
		{
			print_line(out, ' ', &old->lines[ops[k].oi]);
			k++;
			continue;
		}
		for (run = k; run < to && ops[run].kind != OP_EQ; run++)
			;
		for (m = k; m < run; m++)
			if (ops[m].kind == OP_DEL)
				print_line(out, '-', &old->lines[ops[m].oi]);
		for (m = k; m < run; m++)
			if (ops[m].kind == OP_INS)
				print_line(out, '+', &new->lines[ops[m].ni]);
		k = run;
	}
}

/*
 * print_label: a file name of a "---"/"+++" line.  One with a newline or
 * another control character, a space, a double quote or a backslash is
 * written C-quoted, the way GNU diff does and GNU patch reads back;
 * written raw, a newline in an ifcfg file's name would start lines of its
 * own in the diff ("+++", "@@", "+...") and so forge changes to other
 * files, and patch would cut a name at its first space (NetworkManager
 * names keyfiles after the profile: "System eth0.nmconnection").
 */
static void
print_label(FILE *out, const char *label)
{
	const unsigned char *p;

	for (p = (const unsigned char *) label; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '\\')
			break;
	if (*p == '\0')
	{
		fputs(label, out);
		return;
	}
	fputc('"', out);
	for (p = (const unsigned char *) label; *p; p++)
	{
		switch (*p)
		{
			case '\n':
				fputs("\\n", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			case '"':
			case '\\':
				fputc('\\', out);
				fputc(*p, out);
				break;
			default:
				if (*p < 0x20 || *p == 0x7f)
					fprintf(out, "\\%03o", *p);
				else
					fputc(*p, out);
		}
	}
	fputc('"', out);
}

/*
 * diff_unified: print the diff of old to new to out with the given
 * labels; nothing when they are the same.  False on a write error.
 */
bool
diff_unified(FILE *out, const char *old_label, const char *new_label,
			 const TextFile *old, const TextFile *new)
{
	size_t		nops;
	Op		   *ops = build_ops(old, new, &nops);
	size_t		k = 0;
	bool		header = false;

	if (ops == NULL)
		return false;
	while (k < nops)
	{
		size_t		from;
		size_t		last;
		size_t		to;
		size_t		eq;

		if (ops[k].kind == OP_EQ)
		{
			k++;
			continue;
		}
		from = k > DIFF_CONTEXT ? k - DIFF_CONTEXT : 0;
		/* extend while the next change is within two contexts */
		last = k;
		for (;;)
		{
			size_t		m = last + 1;

			while (m < nops && ops[m].kind != OP_EQ)
				m++;
			last = m - 1;
			eq = 0;
			while (m < nops && ops[m].kind == OP_EQ)
			{
				m++;
				eq++;
			}
			if (m < nops && eq <= 2 * DIFF_CONTEXT)
				last = m;
			else
				break;
		}
		to = last + 1 + DIFF_CONTEXT;
		if (to > nops)
			to = nops;
		while (to > last + 1 && ops[to - 1].kind != OP_EQ)
			to--;
		if (!header)
		{
			fputs("--- ", out);
			print_label(out, old_label);
			fputs("\n+++ ", out);
			print_label(out, new_label);
			fputc('\n', out);
			header = true;
		}
		print_hunk(out, old, new, ops, from, to);
		k = to;
	}
	free(ops);
	if (ferror(out))
	{
		rdr_log_error("could not write the diff: write error");
		return false;
	}
	return true;
}
