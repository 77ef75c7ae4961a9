/*-------------------------------------------------------------------------
 *
 * changefile.c
 *	  Writing and strictly reading back rdr-failover.changes (json-c).
 *
 * A resumed run trusts this file for its report, so the reader accepts
 * exactly what the writer produces: every key present with its type,
 * no other key, "count" and "runs" agreeing with the rows, no byte after
 * the document.  A truncated or edited file is refused as a whole, with
 * the line where it went wrong; the rows are still in the database's
 * rdr_change_log.
 *
 *-------------------------------------------------------------------------
 */
#include "changefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "atomic_file.h"
#include "log.h"
#include "utf8.h"
#include "xalloc.h"

#define CHANGEFILE_FORMAT	"rdr-failover-changes"
#define CHANGEFILE_VERSION	1

/* The keys of one change, in the order they are written. */
static const char *const change_keys[] = {
	"domain", "run", "table", "operation", "row_key", "before", "after"
};
#define N_CHANGE_KEYS ((int) (sizeof(change_keys) / sizeof(change_keys[0])))

static const char *const top_keys[] = {
	"format", "version", "started", "runs", "count", "changes"
};
#define N_TOP_KEYS ((int) (sizeof(top_keys) / sizeof(top_keys[0])))

/* fail: set why; returns false for "return fail(...)". */
static bool fail(char *why, size_t whysize, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static bool
fail(char *why, size_t whysize, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(why, whysize, fmt, ap);
	va_end(ap);
	return false;
}

/*
 * distinct_runs: the run numbers of c in the order they first appear,
 * malloc'd into *runs; returns how many.
 */
static int
distinct_runs(const RdrChanges *c, long long **runs)
{
	int			n = 0;

	*runs = xmalloc(((size_t) c->count + 1) * sizeof(long long));
	for (int i = 0; i < c->count; i++)
	{
		int			j;

		for (j = 0; j < n && (*runs)[j] != c->items[i].run; j++)
			;
		if (j == n)
			(*runs)[n++] = c->items[i].run;
	}
	return n;
}

void
rdr_changes_runs(const RdrChanges *c, char *buf, size_t size)
{
	long long  *runs;
	int			n = distinct_runs(c, &runs);
	size_t		off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && off < size; i++)
	{
		int			w = snprintf(buf + off, size - off, "%s%lld",
								 i == 0 ? (n == 1 ? "run " : "runs ") : ", ", runs[i]);

		if (w < 0)
			break;
		off += (size_t) w;
	}
	free(runs);
}

static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

bool
rdr_changefile_save(const char *path, time_t started, const RdrChanges *c)
{
	json_object *root = json_object_new_object();
	json_object *arr = json_object_new_array();
	json_object *runs_arr = json_object_new_array();
	long long  *runs;
	int			n_runs = distinct_runs(c, &runs);
	const char *text;
	char	   *doc;
	size_t		len;
	bool		ok;

	json_object_object_add(root, "format", json_object_new_string(CHANGEFILE_FORMAT));
	json_object_object_add(root, "version", json_object_new_int(CHANGEFILE_VERSION));
	json_object_object_add(root, "started", json_object_new_int64((int64_t) started));
	for (int i = 0; i < n_runs; i++)
		json_object_array_add(runs_arr, json_object_new_int64(runs[i]));
	free(runs);
	json_object_object_add(root, "runs", runs_arr);
	json_object_object_add(root, "count", json_object_new_int(c->count));
	for (int i = 0; i < c->count; i++)
	{
		const RdrChange *ch = &c->items[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "domain", str_or_null(ch->domain));
		json_object_object_add(o, "run", json_object_new_int64(ch->run));
		json_object_object_add(o, "table", str_or_null(ch->table_name));
		json_object_object_add(o, "operation", str_or_null(ch->operation));
		json_object_object_add(o, "row_key", str_or_null(ch->row_key));
		json_object_object_add(o, "before", str_or_null(ch->before));
		json_object_object_add(o, "after", str_or_null(ch->after));
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "changes", arr);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
										  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text == NULL)
	{
		rdr_log_error("could not write \"%s\": out of memory", path);
		json_object_put(root);
		return false;
	}

	/*
	 * one document, one final newline: an editor's view of it is complete;
	 * bytes that are not UTF-8 (a SQL_ASCII database's names) as U+FFFD, so
	 * that the file stays JSON (utf8.h)
	 */
	doc = rdr_utf8_json_fix(text, &len);
	doc[len++] = '\n';
	ok = rdr_write_file_atomic(path, doc, len, 0600);
	free(doc);
	if (ok)
		rdr_log_verbose("%d changed row(s) saved in %s", c->count, path);
	json_object_put(root);
	return ok;
}

/* line_of: the line number of byte offset off of text, for messages. */
static int
line_of(const char *text, size_t off)
{
	int			line = 1;

	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* has_only_keys: obj is an object with exactly the n keys. */
static bool
has_only_keys(json_object *obj, const char *const *keys, int n, const char *what,
			  char *why, size_t whysize)
{
	if (!json_object_is_type(obj, json_type_object))
		return fail(why, whysize, "%s is not a JSON object", what);
	for (int i = 0; i < n; i++)
		if (!json_object_object_get_ex(obj, keys[i], NULL))
			return fail(why, whysize, "%s has no \"%s\"", what, keys[i]);
	json_object_object_foreach(obj, key, val)
	{
		int			i;

		(void) val;
		for (i = 0; i < n && strcmp(key, keys[i]) != 0; i++)
			;
		if (i == n)
			return fail(why, whysize, "%s has an unknown key \"%.64s\"", what, key);
	}
	return true;
}

/*
 * get_string: the string or null value of key into *dst (malloc'd; NULL
 * for null).  A string holding a NUL byte is refused: it could not come
 * from the database; one that is not UTF-8 could not come from rdr.
 */
static bool
get_string(json_object *obj, const char *key, bool nullable, char **dst,
		   const char *what, char *why, size_t whysize)
{
	json_object *v = json_object_object_get(obj, key);
	const char *s;

	*dst = NULL;
	if (v == NULL)
		return nullable ? true : fail(why, whysize, "%s: \"%s\" is null", what, key);
	if (!json_object_is_type(v, json_type_string))
		return fail(why, whysize, "%s: \"%s\" is not a string", what, key);
	s = json_object_get_string(v);
	if ((size_t) json_object_get_string_len(v) != strlen(s))
		return fail(why, whysize, "%s: \"%s\" holds a NUL byte", what, key);
	/* rdr writes the file in UTF-8 (utf8.h); other bytes were not its own */
	for (size_t i = 0, n, len = strlen(s); i < len; i += n)
		if ((n = rdr_utf8_seq_len((const unsigned char *) s + i, len - i)) == 0)
			return fail(why, whysize, "%s: \"%s\" is not valid UTF-8 (byte %zu)",
						what, key, i + 1);
	if (!nullable && s[0] == '\0')
		return fail(why, whysize, "%s: \"%s\" is empty", what, key);
	*dst = xstrdup(s);
	return true;
}

/* get_int: the integer value of key, min <= value <= max. */
static bool
get_int(json_object *obj, const char *key, long long min, long long max, long long *dst,
		const char *what, char *why, size_t whysize)
{
	json_object *v = json_object_object_get(obj, key);

	*dst = 0;					/* defined on failure too (scan-build) */
	if (v == NULL || !json_object_is_type(v, json_type_int))
		return fail(why, whysize, "%s: \"%s\" is not an integer", what, key);
	errno = 0;
	*dst = (long long) json_object_get_int64(v);
	if (errno != 0 || *dst < min || *dst > max)
		return fail(why, whysize, "%s: \"%s\" is out of range", what, key);
	return true;
}

/* parse_change: one element of "changes" into *c. */
static bool
parse_change(json_object *o, int i, RdrChange *c, char *why, size_t whysize)
{
	char		what[48];

	snprintf(what, sizeof(what), "change %d", i + 1);
	return has_only_keys(o, change_keys, N_CHANGE_KEYS, what, why, whysize) &&
		get_string(o, "domain", true, &c->domain, what, why, whysize) &&
		get_int(o, "run", 0, LLONG_MAX, &c->run, what, why, whysize) &&
		get_string(o, "table", false, &c->table_name, what, why, whysize) &&
		get_string(o, "operation", false, &c->operation, what, why, whysize) &&
		get_string(o, "row_key", true, &c->row_key, what, why, whysize) &&
		get_string(o, "before", true, &c->before, what, why, whysize) &&
		get_string(o, "after", true, &c->after, what, why, whysize);
}

/* parse_doc: the parsed document into *out, checked against itself. */
static bool
parse_doc(json_object *root, RdrChanges *out, time_t *started, char *why, size_t whysize)
{
	json_object *v;
	json_object *changes;
	json_object *runs_arr;
	long long	n;
	long long	count;
	long long	version;
	long long	t;
	long long  *runs;
	int			n_runs;

	if (!has_only_keys(root, top_keys, N_TOP_KEYS, "the document", why, whysize))
		return false;
	v = json_object_object_get(root, "format");
	if (!json_object_is_type(v, json_type_string) ||
		strcmp(json_object_get_string(v), CHANGEFILE_FORMAT) != 0)
		return fail(why, whysize, "not an rdr-failover changes file (\"format\" is not \"%s\")",
					CHANGEFILE_FORMAT);
	if (!get_int(root, "version", LLONG_MIN, LLONG_MAX, &version, "the document", why, whysize))
		return false;
	if (version != CHANGEFILE_VERSION)
		return fail(why, whysize, "version %lld, this rdr-failover reads version %d",
					version, CHANGEFILE_VERSION);
	if (!get_int(root, "started", 0, LLONG_MAX, &t, "the document", why, whysize) ||
		!get_int(root, "count", 0, INT_MAX / 2, &count, "the document", why, whysize))
		return false;
	*started = (time_t) t;
	changes = json_object_object_get(root, "changes");
	runs_arr = json_object_object_get(root, "runs");
	if (!json_object_is_type(changes, json_type_array))
		return fail(why, whysize, "\"changes\" is not an array");
	if (!json_object_is_type(runs_arr, json_type_array))
		return fail(why, whysize, "\"runs\" is not an array");
	n = (long long) json_object_array_length(changes);
	if (n != count)
		return fail(why, whysize, "\"count\" is %lld but %lld change(s) follow", count, n);

	out->items = xcalloc((size_t) n + 1, sizeof(RdrChange));
	for (int i = 0; i < (int) n; i++)
	{
		/* count each row as it is filled, so a failure frees them all */
		out->count++;
		if (!parse_change(json_object_array_get_idx(changes, (size_t) i), i,
						  &out->items[i], why, whysize))
			return false;
	}

	n_runs = distinct_runs(out, &runs);
	if ((int) json_object_array_length(runs_arr) != n_runs)
	{
		free(runs);
		return fail(why, whysize, "\"runs\" does not list the runs of the changes");
	}
	for (int i = 0; i < n_runs; i++)
	{
		json_object *r = json_object_array_get_idx(runs_arr, (size_t) i);

		if (!json_object_is_type(r, json_type_int) || json_object_get_int64(r) != runs[i])
		{
			free(runs);
			return fail(why, whysize, "\"runs\" does not list the runs of the changes");
		}
	}
	free(runs);
	return true;
}

bool
rdr_changefile_parse(const char *text, size_t len, RdrChanges *out, time_t *started,
					 char *why, size_t whysize)
{
	json_tokener *tok;
	json_object *root;
	enum json_tokener_error jerr;
	size_t		end;
	bool		ok;

	memset(out, 0, sizeof(*out));
	*started = 0;
	if (len == 0)
		return fail(why, whysize, "the file is empty");
	if (len > (size_t) RDR_CHANGEFILE_MAX_BYTES)
		return fail(why, whysize, "the file is larger than %ld bytes", RDR_CHANGEFILE_MAX_BYTES);
	/* root, "changes", one change: deeper is not this file */
	tok = json_tokener_new_ex(4);
	if (tok == NULL)
		rdr_out_of_memory();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, text, (int) len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (root == NULL || jerr != json_tokener_success)
	{
		json_object_put(root);
		if (jerr == json_tokener_continue)
			return fail(why, whysize, "the file ends early at line %d (truncated?)",
						line_of(text, len));
		return fail(why, whysize, "invalid JSON at line %d: %s", line_of(text, end),
					json_tokener_error_desc(jerr));
	}
	/* the writer ends the document with one newline; nothing else may follow */
	for (size_t i = end; i < len; i++)
		if (text[i] != '\n' && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
		{
			json_object_put(root);
			return fail(why, whysize, "unexpected data after the document at line %d",
						line_of(text, i));
		}
	ok = parse_doc(root, out, started, why, whysize);
	json_object_put(root);
	if (!ok)
		rdr_changes_free(out);
	return ok;
}

bool
rdr_changefile_load(const char *path, time_t started, RdrChanges *out,
					char *why, size_t whysize)
{
	int			fd;
	struct stat st;
	char	   *text;
	size_t		got = 0;
	time_t		file_started;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(why, whysize, "%s", errno == ENOENT ? "the file does not exist"
					: strerror(errno));
	if (fstat(fd, &st) != 0)
	{
		close(fd);
		return fail(why, whysize, "%s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
	{
		close(fd);
		return fail(why, whysize, "not a regular file");
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
	{
		close(fd);
		return fail(why, whysize, "the file is %s (mode %04o); rdr-failover writes it 0600",
					st.st_uid != geteuid() ? "owned by another user" :
					"accessible by group or others", (unsigned) (st.st_mode & 07777));
	}
	if (st.st_size > RDR_CHANGEFILE_MAX_BYTES)
	{
		close(fd);
		return fail(why, whysize, "the file is larger than %ld bytes", RDR_CHANGEFILE_MAX_BYTES);
	}
	text = xmalloc((size_t) st.st_size + 1);
	while (got < (size_t) st.st_size)
	{
		ssize_t		n = read(fd, text + got, (size_t) st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
		{
			int			e = errno;

			free(text);
			close(fd);
			return fail(why, whysize, "%s", strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t) n;
	}
	close(fd);
	text[got] = '\0';
	if (!rdr_changefile_parse(text, got, out, &file_started, why, whysize))
	{
		free(text);
		return false;
	}
	free(text);
	if (file_started != started)
	{
		rdr_changes_free(out);
		return fail(why, whysize, "the file belongs to another run (started %lld, not %lld)",
					(long long) file_started, (long long) started);
	}
	return true;
}

bool
rdr_changefile_remove(const char *path)
{
	if (unlink(path) != 0 && errno != ENOENT)
	{
		rdr_log_error("could not remove \"%s\": %s", path, strerror(errno));
		return false;
	}
	return true;
}
