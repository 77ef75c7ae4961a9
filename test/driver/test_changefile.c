/*-------------------------------------------------------------------------
 *
 * test_changefile.c
 *	  Check unit tests of driver/changefile.c (the rows the storage step
 *	  changed, kept in working_dir for the report of a resumed run), of
 *	  atomic_file.c, and of how runstate.c treats that file.
 *
 * Every file is a real file in a fresh temp directory; refused files are
 * checked by the exact reason the loader gives.
 *
 *-------------------------------------------------------------------------
 */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <fcntl.h>
#include <glob.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "changefile.h"
#include "log.h"
#include "runstate.h"
#include "storage_redo.h"

#define STARTED ((time_t) 1764063000)

static char dir[64];
static char path[128];

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void) st;
	(void) flag;
	(void) ftw;
	return remove(p);
}

/* setup / teardown: a fresh directory per test, path = its changes file. */
static void
setup(void)
{
	strcpy(dir, "/tmp/rdr-test-changes.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, RDR_CHANGEFILE_NAME);
	/* the library's messages are not part of the test output */
	rdr_log_set_level(RDR_LOG_QUIET);
}

static void
teardown(void)
{
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
add(RdrChanges *c, const char *domain, long long run, const char *table,
	const char *op, const char *key, const char *before, const char *after)
{
	RdrChange  *x;

	c->items = realloc(c->items, (size_t) (c->count + 1) * sizeof(RdrChange));
	ck_assert_ptr_nonnull(c->items);
	x = &c->items[c->count++];
	x->domain = dup_or_null(domain);
	x->run = run;
	x->table_name = dup_or_null(table);
	x->operation = dup_or_null(op);
	x->row_key = dup_or_null(key);
	x->before = dup_or_null(before);
	x->after = dup_or_null(after);
}

/* sample: rows with quotes, backslashes, unicode and NULLs. */
static void
sample(RdrChanges *c)
{
	memset(c, 0, sizeof(*c));
	add(c, "DataDomain", 5, "storage_server_connections", "UPDATE",
		"5caa3ebc-6a61-48f4-9201-f261b9402e12",
		"{\"connection\": \"rdr-nfs.sitea.example:/exports/datadomain\"}",
		"{\"connection\": \"rdr-nfs.siteb.example:/exports/DATA\"}");
	add(c, "Dom\"ä\\n ✓", 5, "luns", "INSERT", "key with \"quotes\" and \\ backslash",
		NULL, "{\"serial\": \"SRA \\\"Grüße\\\" 日本\", \"password\": \"********\"}");
	add(c, NULL, 6, "lun_storage_server_connection_map", "DELETE", NULL,
		"{\"a\": null}", NULL);
}

static void
assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_ptr_null(got);
	else
	{
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
	}
}

static void
assert_same(const RdrChanges *got, const RdrChanges *want)
{
	ck_assert_int_eq(got->count, want->count);
	for (int i = 0; i < want->count; i++)
	{
		assert_str_or_null(got->items[i].domain, want->items[i].domain);
		ck_assert_int_eq(got->items[i].run, want->items[i].run);
		assert_str_or_null(got->items[i].table_name, want->items[i].table_name);
		assert_str_or_null(got->items[i].operation, want->items[i].operation);
		assert_str_or_null(got->items[i].row_key, want->items[i].row_key);
		assert_str_or_null(got->items[i].before, want->items[i].before);
		assert_str_or_null(got->items[i].after, want->items[i].after);
	}
}

/* write_text: path holds exactly text, mode 0600. */
static void
write_text(const char *text)
{
	FILE	   *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, 0600), 0);
}

/* read_text: the whole of path, malloc'd. */
static char *
read_text(size_t *len)
{
	FILE	   *f = fopen(path, "r");
	char	   *buf = malloc(1 << 20);
	size_t		n;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* expect_refused: loading path fails with a reason containing want. */
static void
expect_refused(const char *want)
{
	RdrChanges	c;
	char		why[512] = "";

	ck_assert_msg(!rdr_changefile_load(path, STARTED, &c, why, sizeof(why)),
				  "loaded a file that should be refused (%s)", want);
	ck_assert_int_eq(c.count, 0);
	ck_assert_ptr_null(c.items);
	ck_assert_msg(strstr(why, want) != NULL, "reason \"%s\" lacks \"%s\"", why, want);
}

/* A valid document, to be broken one way per test. */
static const char *valid_doc =
"{\n"
"  \"format\": \"rdr-failover-changes\",\n"
"  \"version\": 1,\n"
"  \"started\": 1764063000,\n"
"  \"runs\": [ 7 ],\n"
"  \"count\": 1,\n"
"  \"changes\": [\n"
"    {\n"
"      \"domain\": \"ISODomain\",\n"
"      \"run\": 7,\n"
"      \"table\": \"storage_server_connections\",\n"
"      \"operation\": \"UPDATE\",\n"
"      \"row_key\": \"58611688\",\n"
"      \"before\": null,\n"
"      \"after\": \"{}\"\n"
"    }\n"
"  ]\n"
"}\n";

/* write_edited: valid_doc with the first from replaced by to. */
static void
write_edited(const char *from, const char *to)
{
	const char *p = strstr(valid_doc, from);
	char		buf[4096];

	ck_assert_ptr_nonnull(p);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int) (p - valid_doc), valid_doc, to,
			 p + strlen(from));
	write_text(buf);
}

START_TEST(round_trip)
{
	RdrChanges	c;
	RdrChanges	got;
	char		why[512] = "";
	struct stat st;

	sample(&c);
	umask(0);					/* the file is 0600 whatever the umask */
	ck_assert(rdr_changefile_save(path, STARTED, &c));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
	assert_same(&got, &c);
	rdr_changes_free(&got);

	/* saving again replaces the file, no temp file is left behind */
	c.count = 1;
	ck_assert(rdr_changefile_save(path, STARTED, &c));
	ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
	ck_assert_int_eq(got.count, 1);
	rdr_changes_free(&got);
	c.count = 3;
	{
		char		tmp[200];

		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		ck_assert_int_eq(access(tmp, F_OK), -1);
	}
	rdr_changes_free(&c);
}
END_TEST

START_TEST(empty_round_trip)
{
	RdrChanges	c = {0};
	RdrChanges	got;
	char		why[512] = "";
	size_t		len;
	char	   *text;

	ck_assert(rdr_changefile_save(path, STARTED, &c));
	ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
	ck_assert_int_eq(got.count, 0);
	rdr_changes_free(&got);
	text = read_text(&len);
	ck_assert_ptr_nonnull(strstr(text, "\"runs\": [\n  ],\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"count\": 0"));
	free(text);
}
END_TEST

START_TEST(runs_label)
{
	RdrChanges	c;
	char		buf[64];

	sample(&c);
	rdr_changes_runs(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "runs 5, 6");
	c.count = 2;
	rdr_changes_runs(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "run 5");
	c.count = 0;
	rdr_changes_runs(&c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	c.count = 3;
	rdr_changes_free(&c);
}
END_TEST

/* every proper prefix of a saved file is refused, none crashes */
START_TEST(truncated)
{
	RdrChanges	c;
	size_t		len;
	char	   *text;

	sample(&c);
	ck_assert(rdr_changefile_save(path, STARTED, &c));
	rdr_changes_free(&c);
	text = read_text(&len);
	ck_assert_uint_gt(len, 100);
	for (size_t cut = 0; cut < len - 1; cut++)
	{
		RdrChanges	got;
		time_t		started;
		char		why[512] = "";

		ck_assert_msg(!rdr_changefile_parse(text, cut, &got, &started, why, sizeof(why)),
					  "prefix of %zu bytes accepted", cut);
		ck_assert_int_eq(got.count, 0);
		ck_assert_msg(why[0] != '\0', "no reason for a prefix of %zu bytes", cut);
	}
	/* the whole file without its final newline is still the document */
	text[len - 1] = '\0';
	write_text(text);
	{
		RdrChanges	got;
		char		why[512] = "";

		ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
		ck_assert_int_eq(got.count, 3);
		rdr_changes_free(&got);
	}
	/* half of it, as after a full disk without the rename */
	text[len / 2] = '\0';
	write_text(text);
	expect_refused("the file ends early at line ");
	expect_refused("(truncated?)");
	write_text("");
	expect_refused("the file is empty");
	free(text);
}
END_TEST

START_TEST(wrong_magic_or_version)
{
	write_edited("rdr-failover-changes", "rdr-failover-state");
	expect_refused("not an rdr-failover changes file (\"format\" is not \"rdr-failover-changes\")");
	write_text("rdr-failover-state 1\nconfig /x\n");
	expect_refused("invalid JSON at line 1");
	write_edited("\"version\": 1", "\"version\": 2");
	expect_refused("version 2, this rdr-failover reads version 1");
	write_edited("\"version\": 1", "\"version\": \"1\"");
	expect_refused("\"version\" is not an integer");
	write_edited("\"started\": 1764063000", "\"started\": 1764063001");
	expect_refused("the file belongs to another run (started 1764063001, not 1764063000)");
	/* the valid document itself loads: the edits above are what broke it */
	{
		RdrChanges	got;
		char		why[512] = "";

		write_text(valid_doc);
		ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
		ck_assert_int_eq(got.count, 1);
		ck_assert_str_eq(got.items[0].domain, "ISODomain");
		ck_assert_ptr_null(got.items[0].before);
		ck_assert_str_eq(got.items[0].after, "{}");
		rdr_changes_free(&got);
	}
}
END_TEST

START_TEST(strict_structure)
{
	write_edited("\"count\": 1", "\"count\": 2");
	expect_refused("\"count\" is 2 but 1 change(s) follow");
	write_edited("\"runs\": [ 7 ]", "\"runs\": [ 8 ]");
	expect_refused("\"runs\" does not list the runs of the changes");
	write_edited("\"runs\": [ 7 ]", "\"runs\": [ 7, 8 ]");
	expect_refused("\"runs\" does not list the runs of the changes");
	write_edited("\"runs\": [ 7 ]", "\"runs\": 7");
	expect_refused("\"runs\" is not an array");
	write_edited("\"version\": 1,", "\"version\": 1, \"extra\": 0,");
	expect_refused("the document has an unknown key \"extra\"");
	write_edited("\"domain\": \"ISODomain\",", "");
	expect_refused("change 1 has no \"domain\"");
	write_edited("\"row_key\": \"58611688\",", "\"row_key\": \"58611688\", \"rowkey\": 1,");
	expect_refused("change 1 has an unknown key \"rowkey\"");
	write_edited("\"run\": 7", "\"run\": -7");
	expect_refused("change 1: \"run\" is out of range");
	write_edited("\"run\": 7", "\"run\": 7.5");
	expect_refused("change 1: \"run\" is not an integer");
	write_edited("\"table\": \"storage_server_connections\"", "\"table\": null");
	expect_refused("change 1: \"table\" is null");
	write_edited("\"operation\": \"UPDATE\"", "\"operation\": \"\"");
	expect_refused("change 1: \"operation\" is empty");
	write_edited("\"after\": \"{}\"", "\"after\": {}");
	expect_refused("change 1: \"after\" is not a string");
	write_edited("\"row_key\": \"58611688\"", "\"row_key\": \"586\\u000011688\"");
	expect_refused("change 1: \"row_key\" holds a NUL byte");
	write_edited("\"changes\": [", "\"changes\": [ 1, ");
	expect_refused("\"count\" is 1 but 2 change(s) follow");
	write_edited("\"count\": 1", "\"count\": 2");
	expect_refused("\"count\" is 2");
	write_edited("    {\n      \"domain\"", "    [ {\n      \"domain\"");
	expect_refused("invalid JSON at line");
	write_edited("\"UPDATE\"", "'UPDATE'");
	expect_refused("invalid JSON at line 12");
	write_edited("\"ISODomain\"", "\"ISO\xff\"");
	expect_refused("invalid JSON at line 9");
	/* json-c takes an overlong form; rdr never writes one */
	write_edited("\"ISODomain\"", "\"ISO\xc0\x90\"");
	expect_refused("change 1: \"domain\" is not valid UTF-8 (byte 4)");
	write_edited("}\n  ]\n}\n", "}\n  ]\n}\n{}\n");
	expect_refused("invalid JSON at line 19");
	write_text("[]");
	expect_refused("the document is not a JSON object");
}
END_TEST

START_TEST(permissions)
{
	RdrChanges	c;
	char		link[160];

	sample(&c);
	ck_assert(rdr_changefile_save(path, STARTED, &c));
	rdr_changes_free(&c);
	ck_assert_int_eq(chmod(path, 0644), 0);
	expect_refused("the file is accessible by group or others (mode 0644); rdr-failover writes it 0600");
	ck_assert_int_eq(chmod(path, 0620), 0);
	expect_refused("accessible by group or others (mode 0620)");
	ck_assert_int_eq(chmod(path, 0604), 0);
	expect_refused("(mode 0604)");
	ck_assert_int_eq(chmod(path, 0400), 0);
	{
		RdrChanges	got;
		char		why[512] = "";

		ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
		rdr_changes_free(&got);
	}
	if (geteuid() == 0)
	{
		ck_assert_int_eq(chown(path, 65534, 65534), 0);
		expect_refused("the file is owned by another user");
		ck_assert_int_eq(chown(path, 0, 0), 0);
	}
	/* a symbolic link planted in working_dir is not followed */
	snprintf(link, sizeof(link), "%s.real", path);
	ck_assert_int_eq(rename(path, link), 0);
	ck_assert_int_eq(symlink(link, path), 0);
	expect_refused("Too many levels of symbolic links");
	unlink(path);
	expect_refused("the file does not exist");
	ck_assert_int_eq(mkdir(path, 0700), 0);
	expect_refused("not a regular file");
	rmdir(path);
}
END_TEST

START_TEST(save_fails_cleanly)
{
	RdrChanges	c;
	char		bad[200];

	sample(&c);
	snprintf(bad, sizeof(bad), "%s/missing/%s", dir, RDR_CHANGEFILE_NAME);
	ck_assert(!rdr_changefile_save(bad, STARTED, &c));
	/* a failed replace leaves the old file as it was */
	ck_assert(rdr_changefile_save(path, STARTED, &c));
	/* (the temp file cannot be created: a directory is in its way) */
	snprintf(bad, sizeof(bad), "%s.tmp", path);
	ck_assert_int_eq(mkdir(bad, 0700), 0);
	ck_assert(!rdr_changefile_save(path, STARTED + 1, &c));
	ck_assert_int_eq(rmdir(bad), 0);
	{
		RdrChanges	got;
		char		why[512] = "";

		ck_assert_msg(rdr_changefile_load(path, STARTED, &got, why, sizeof(why)), "%s", why);
		ck_assert_int_eq(got.count, 3);
		rdr_changes_free(&got);
	}
	rdr_changes_free(&c);
}
END_TEST

START_TEST(atomic_write_mode)
{
	struct stat st;
	char		p[160];

	snprintf(p, sizeof(p), "%s/f", dir);
	umask(077);
	ck_assert(rdr_write_file_atomic(p, "abc", 3, 0644));
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(st.st_size, 3);
	umask(0);
	ck_assert(rdr_write_file_atomic(p, "", 0, 0600));
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, 0);
}
END_TEST

/*
 * A fresh run removes the changes file of the finished run before it; a
 * resumed run, and a fresh run refused because one is unfinished, keep it.
 */
START_TEST(runstate_and_stale_file)
{
	RdrRunState rs;
	RdrChanges	c;
	int			dfd = open(dir, O_RDONLY | O_DIRECTORY);

	sample(&c);
	ck_assert_int_ge(dfd, 0);
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 2, false, false));
	ck_assert_str_eq(rs.changes_path, path);
	ck_assert(rdr_changefile_save(rs.changes_path, rs.started, &c));
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.5, "runs 5, 6"));
	rdr_runstate_close(&rs);

	/* unfinished: a new run is refused and leaves the file */
	ck_assert(!rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 2, false, false));
	rdr_runstate_close(&rs);
	ck_assert_int_eq(access(path, F_OK), 0);

	/* resumed: the state names the runs, the file is there and loads */
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 0, true, false));
	{
		const RdrStepState *st;
		RdrChanges	got;
		char		why[512] = "";

		ck_assert(rdr_runstate_is_done(&rs, "storage", &st));
		ck_assert_str_eq(st->note, "runs 5, 6");
		ck_assert_msg(rdr_changefile_load(rs.changes_path, rs.started, &got, why, sizeof(why)),
					  "%s", why);
		assert_same(&got, &c);
		rdr_changes_free(&got);
	}
	ck_assert(rdr_runstate_finish(&rs));
	rdr_runstate_close(&rs);
	ck_assert_int_eq(access(path, F_OK), 0);

	/* the next, fresh run: the stale rows are gone */
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 2, false, false));
	rdr_runstate_close(&rs);
	ck_assert_int_eq(access(path, F_OK), -1);

	/* --new over an unfinished run: both files kept under its start time */
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 0, true, false));
	ck_assert(rdr_changefile_save(rs.changes_path, rs.started, &c));
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.5, "run 7"));
	rdr_runstate_close(&rs);
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 2, false, true));
	ck_assert(!rdr_runstate_is_done(&rs, "storage", NULL));
	rdr_runstate_close(&rs);
	{
		char		pattern[8192];
		glob_t		g;

		snprintf(pattern, sizeof(pattern), "%s/rdr-failover.state.*", dir);
		ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
		ck_assert_uint_eq(g.gl_pathc, 1);
		globfree(&g);
		snprintf(pattern, sizeof(pattern), "%s.*", path);
		ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
		ck_assert_uint_eq(g.gl_pathc, 1);
		globfree(&g);
	}
	ck_assert_int_eq(access(path, F_OK), -1);
	rdr_changes_free(&c);
	close(dfd);
}
END_TEST

/*
 * --redo storage: the storage step's line is replaced, not added to, so
 * the state names the redo's runs; redo_begin reads the runs and forgets
 * the steps after it, and refuses a run whose storage step is not done
 * or whose line is not a list of runs.
 */
START_TEST(redo_state)
{
	RdrRunState rs;
	const RdrStepState *st;
	char		runs[64];
	long long	v[4];
	int			dfd = open(dir, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(rdr_storage_redo_runs("5", v, 4), 1);
	ck_assert_int_eq(v[0], 5);
	ck_assert_int_eq(rdr_storage_redo_runs("5, 6,7", v, 4), 3);
	ck_assert_int_eq(v[2], 7);
	ck_assert_int_eq(rdr_storage_redo_runs("", v, 4), 0);
	ck_assert_int_eq(rdr_storage_redo_runs("5 6", v, 4), -1);
	ck_assert_int_eq(rdr_storage_redo_runs("5,", v, 4), 1);
	ck_assert_int_eq(rdr_storage_redo_runs("x", v, 4), -1);
	ck_assert_int_eq(rdr_storage_redo_runs("0", v, 4), -1);
	ck_assert_int_eq(rdr_storage_redo_runs("1, 2, 3, 4, 5", v, 4), -1);

	/* storage not done: refused, nothing forgotten */
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 2, false, false));
	ck_assert(rdr_runstate_mark_done(&rs, "backup", 0.1, "/b.dump"));
	ck_assert(!rdr_storage_redo_begin(&rs, "/x.cfg", runs, sizeof(runs)));
	ck_assert(rdr_runstate_is_done(&rs, "backup", NULL));

	/* done: the runs, and the later steps forgotten (on disk) */
	ck_assert(rdr_runstate_mark_done(&rs, "engine_stop", 0.1, NULL));
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.5, "run 5"));
	ck_assert(rdr_runstate_mark_done(&rs, "engine_start", 0.1, NULL));
	ck_assert(rdr_storage_redo_begin(&rs, "/x.cfg", runs, sizeof(runs)));
	ck_assert_str_eq(runs, "5");
	rdr_runstate_close(&rs);
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 0, true, false));
	ck_assert(!rdr_runstate_is_done(&rs, "engine_stop", NULL));
	ck_assert(!rdr_runstate_is_done(&rs, "engine_start", NULL));
	ck_assert(rdr_runstate_is_done(&rs, "backup", NULL));

	/* the redo's line replaces the first: one line, the new runs */
	ck_assert_int_eq(rs.n_steps, 2);
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.7, "runs 5, 6"));
	ck_assert(rdr_runstate_is_done(&rs, "storage", &st));
	ck_assert_str_eq(st->note, "runs 5, 6");
	ck_assert_int_eq(rs.n_steps, 2);
	rdr_runstate_close(&rs);
	ck_assert(rdr_runstate_open(&rs, dfd, dir, "/x.cfg", 0, true, false));
	ck_assert(rdr_runstate_is_done(&rs, "storage", &st));
	ck_assert_str_eq(st->note, "runs 5, 6");
	ck_assert(rdr_storage_redo_begin(&rs, "/x.cfg", runs, sizeof(runs)));
	ck_assert_str_eq(runs, "5, 6");

	/* a line that is no list of runs: refused */
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.7, "edited by hand"));
	ck_assert(!rdr_storage_redo_begin(&rs, "/x.cfg", runs, sizeof(runs)));
	/* no row changed: nothing to undo, the fix again */
	ck_assert(rdr_runstate_mark_done(&rs, "storage", 0.7, ""));
	ck_assert(rdr_storage_redo_begin(&rs, "/x.cfg", runs, sizeof(runs)));
	ck_assert_str_eq(runs, "");
	rdr_runstate_close(&rs);
	close(dfd);
}
END_TEST

static Suite *
changefile_suite(void)
{
	Suite	   *s = suite_create("changefile");
	TCase	   *tc = tcase_create("changefile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, redo_state);
	tcase_add_test(tc, empty_round_trip);
	tcase_add_test(tc, runs_label);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, wrong_magic_or_version);
	tcase_add_test(tc, strict_structure);
	tcase_add_test(tc, permissions);
	tcase_add_test(tc, save_fails_cleanly);
	tcase_add_test(tc, atomic_write_mode);
	tcase_add_test(tc, runstate_and_stale_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(changefile_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
