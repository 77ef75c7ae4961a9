/*-------------------------------------------------------------------------
 *
 * test_conf_lex.c
 *	  Check unit tests of common/conf_lex.c: the line walker, the word
 *	  splitter in the two syntaxes rdr uses (rdr.conf's and rdr-sim's
 *	  scenarios'), whole-file reading and file:line errors.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf_lex.h"
#include "log.h"

/* the two syntaxes, as config.c and test/sim/sim_lexer.c spell them */
static const RdrLexSyntax conf = {
	.blanks = RDR_LEX_ISSPACE, .comment_chars = "#;",
	.trailing_comment = false, .quotes = false
};
static const RdrLexSyntax scenario = {
	.blanks = " \t\r", .comment_chars = "#",
	.trailing_comment = true, .quotes = true
};

/*
 * split: rdr_lex_split of a copy of line; the words joined with '|' in
 * out, and the status returned.
 */
static RdrLexStatus
split(const char *line, const RdrLexSyntax *syn, int max, char *out,
	  size_t outlen)
{
	char	   *copy = strdup(line);
	char	   *words[16];
	int			n = -1;
	RdrLexStatus st;

	ck_assert_ptr_nonnull(copy);
	st = rdr_lex_split(copy, syn, words, max, &n);
	out[0] = '\0';
	if (st == RDR_LEX_OK)
		for (int i = 0; i < n; i++)
		{
			strncat(out, i ? "|" : "", outlen - strlen(out) - 1);
			strncat(out, words[i], outlen - strlen(out) - 1);
		}
	free(copy);
	return st;
}

/* expect_words: line splits into exactly want ('|'-joined). */
static void
expect_words(const char *line, const RdrLexSyntax *syn, const char *want)
{
	char		got[512];

	ck_assert_int_eq(split(line, syn, 8, got, sizeof(got)), RDR_LEX_OK);
	ck_assert_str_eq(got, want);
}

START_TEST(conf_words_and_blanks)
{
	expect_words("API host rhevm.example.com", &conf, "API|host|rhevm.example.com");
	expect_words("  \tAPI\v\fhost \t x  \r", &conf, "API|host|x");
	expect_words("", &conf, "");
	expect_words(" \t ", &conf, "");
	/* no quoting: an engine_stop command keeps its quotes */
	expect_words("CONFIG engine_stop sh -c \"a b\"", &conf,
				 "CONFIG|engine_stop|sh|-c|\"a|b\"");
}
END_TEST

START_TEST(conf_comments)
{
	expect_words("# API host x", &conf, "");
	expect_words("   ; API host x", &conf, "");
	expect_words("#", &conf, "");
	/* only a comment line: '#' and ';' later are part of the values */
	expect_words("API pass se#cret", &conf, "API|pass|se#cret");
	expect_words("API pass #x ;y", &conf, "API|pass|#x|;y");
}
END_TEST

START_TEST(conf_too_many_words)
{
	char		got[512];

	ck_assert_int_eq(split("1 2 3 4 5 6 7 8", &conf, 8, got, sizeof(got)), RDR_LEX_OK);
	ck_assert_str_eq(got, "1|2|3|4|5|6|7|8");
	ck_assert_int_eq(split("1 2 3 4 5 6 7 8   ", &conf, 8, got, sizeof(got)), RDR_LEX_OK);
	ck_assert_int_eq(split("1 2 3 4 5 6 7 8 9", &conf, 8, got, sizeof(got)),
					 RDR_LEX_TOO_MANY);
	/* no trailing comments in rdr.conf: a ninth "#" word is a ninth word */
	ck_assert_int_eq(split("1 2 3 4 5 6 7 8 #", &conf, 8, got, sizeof(got)),
					 RDR_LEX_TOO_MANY);
}
END_TEST

START_TEST(scenario_quotes)
{
	expect_words("host h1 cluster=c state=up", &scenario, "host|h1|cluster=c|state=up");
	expect_words("user \"admin user\"", &scenario, "user|admin user");
	expect_words("fault body=\"a \\\"b\\\" \\\\c\"", &scenario, "fault|body=a \"b\" \\c");
	expect_words("x \"\"", &scenario, "x|");
	/* a backslash outside quotes, or before another character, stays */
	expect_words("x a\\b \"c\\d\"", &scenario, "x|a\\b|c\\d");
	expect_words("x\r", &scenario, "x");
	/* \v is not a scenario blank */
	expect_words("x\vy", &scenario, "x\vy");
}
END_TEST

START_TEST(scenario_comments)
{
	expect_words("  # datacenter dc", &scenario, "");
	expect_words("datacenter dc # the only one", &scenario, "datacenter|dc");
	expect_words("datacenter dc#1", &scenario, "datacenter|dc#1");
	expect_words("user \"# not a comment\"", &scenario, "user|# not a comment");
	/* ';' is an ordinary character in scenarios */
	expect_words("; user x", &scenario, ";|user|x");
}
END_TEST

START_TEST(scenario_errors)
{
	char		got[512];

	ck_assert_int_eq(split("user \"admin", &scenario, 8, got, sizeof(got)),
					 RDR_LEX_UNTERMINATED);
	ck_assert_int_eq(split("user a\"b", &scenario, 8, got, sizeof(got)),
					 RDR_LEX_UNTERMINATED);
	ck_assert_int_eq(split("a b c", &scenario, 2, got, sizeof(got)), RDR_LEX_TOO_MANY);
	/* a comment after max words is still a comment */
	ck_assert_int_eq(split("a b # c d", &scenario, 2, got, sizeof(got)), RDR_LEX_OK);
	ck_assert_str_eq(got, "a|b");
}
END_TEST

START_TEST(skip_words)
{
	const char *line = "  CONFIG\tengine_stop   sh -c 'x  y'  ";

	ck_assert_str_eq(rdr_lex_skip_words(line, 2, RDR_LEX_ISSPACE), "sh -c 'x  y'  ");
	ck_assert_str_eq(rdr_lex_skip_words(line, 0, RDR_LEX_ISSPACE), line + 2);
	ck_assert_str_eq(rdr_lex_skip_words("a b", 5, RDR_LEX_ISSPACE), "");
}
END_TEST

/* lines: every line of buf as "NUMBER:TEXT;" in out. */
static void
lines(const char *buf, size_t len, bool strip_cr, char *out, size_t outlen)
{
	RdrLexLines it;
	const char *line;
	size_t		n;

	out[0] = '\0';
	rdr_lex_lines_init(&it, buf, len, strip_cr);
	while (rdr_lex_next_line(&it, &line, &n))
		snprintf(out + strlen(out), outlen - strlen(out), "%d:%.*s;", it.lineno,
				 (int) n, line);
}

START_TEST(line_walker)
{
	char		got[256];

	lines("a\nb\n", 4, false, got, sizeof(got));
	ck_assert_str_eq(got, "1:a;2:b;");
	lines("a\n\nb", 4, false, got, sizeof(got));
	ck_assert_str_eq(got, "1:a;2:;3:b;");
	lines("", 0, false, got, sizeof(got));
	ck_assert_str_eq(got, "");
	lines("\n", 1, false, got, sizeof(got));
	ck_assert_str_eq(got, "1:;");
	/* CRLF: one '\r' before the newline goes with strip_cr */
	lines("a\r\nb\r\r\nc\r", 9, true, got, sizeof(got));
	ck_assert_str_eq(got, "1:a;2:b\r;3:c;");
	lines("a\r\nb", 4, false, got, sizeof(got));
	ck_assert_str_eq(got, "1:a\r;2:b;");
	/* the length stops at len, not at a NUL */
	lines("x\nab", 3, false, got, sizeof(got));
	ck_assert_str_eq(got, "1:x;2:a;");
}
END_TEST

START_TEST(line_walker_keeps_nul)
{
	RdrLexLines it;
	const char *line;
	size_t		n;

	rdr_lex_lines_init(&it, "a\0b\nc", 5, true);
	ck_assert(rdr_lex_next_line(&it, &line, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert(memchr(line, '\0', n) == line + 1);
	ck_assert(rdr_lex_next_line(&it, &line, &n));
	ck_assert_int_eq(it.lineno, 2);
	ck_assert(!rdr_lex_next_line(&it, &line, &n));
}
END_TEST

/* temp_file: a file holding len bytes of data, opened for reading. */
static int
temp_file(const char *data, size_t len)
{
	char		path[] = "/tmp/test_conf_lex.XXXXXX";
	int			fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, data, len), (ssize_t) len);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

START_TEST(read_whole_files)
{
	size_t		big = 100000;
	char	   *data = malloc(big);
	char	   *buf;
	size_t		len;
	int			fd;

	ck_assert_ptr_nonnull(data);
	for (size_t i = 0; i < big; i++)
		data[i] = (char) ('a' + i % 26);

	/* larger than the first buffer: grown, NUL-terminated */
	fd = temp_file(data, big);
	ck_assert(rdr_lex_read_fd(fd, big, &buf, &len));
	ck_assert_uint_eq(len, big);
	ck_assert(memcmp(buf, data, big) == 0);
	ck_assert_int_eq(buf[len], '\0');
	free(buf);

	/* one byte over max is EFBIG */
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	errno = 0;
	ck_assert(!rdr_lex_read_fd(fd, big - 1, &buf, &len));
	ck_assert_int_eq(errno, EFBIG);
	close(fd);

	/* empty, and NUL bytes kept */
	fd = temp_file("", 0);
	ck_assert(rdr_lex_read_fd(fd, 10, &buf, &len));
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(buf, "");
	free(buf);
	close(fd);
	fd = temp_file("a\0b", 3);
	ck_assert(rdr_lex_read_fd(fd, 3, &buf, &len));
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(buf, "a\0b", 4) == 0);
	free(buf);
	close(fd);
	free(data);
}
END_TEST

START_TEST(read_errors_set_errno)
{
	char	   *buf = NULL;
	size_t		len = 0;
	int			fd = open("/", O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	errno = 0;
	ck_assert(!rdr_lex_read_fd(fd, 100, &buf, &len));
	ck_assert_int_eq(errno, EISDIR);
	close(fd);
	errno = 0;
	ck_assert(!rdr_lex_read_fd(-1, 100, &buf, &len));
	ck_assert_int_eq(errno, EBADF);
	ck_assert_ptr_null(buf);
}
END_TEST

/*
 * stderr_of_error: what rdr_lex_error(file, line, "%s", msg) prints, read
 * back from a temp file standing in for stderr.
 */
static char *
stderr_of_error(const char *file, int line, const char *msg)
{
	int			fd = temp_file("", 0);
	int			saved = dup(2);
	char	   *out;
	size_t		len;

	fflush(stderr);
	ck_assert_int_eq(dup2(fd, 2), 2);
	rdr_lex_error(file, line, "%s", msg);
	fflush(stderr);
	ck_assert_int_eq(dup2(saved, 2), 2);
	close(saved);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert(rdr_lex_read_fd(fd, 1 << 20, &out, &len));
	close(fd);
	return out;
}

START_TEST(errors_name_file_and_line)
{
	char	   *out;
	char		long_msg[3001];
	char	   *want;

	rdr_log_init("test_conf_lex");
	out = stderr_of_error("rdr.conf", 12, "unknown key \"hots\" in section API");
	ck_assert_str_eq(out, "test_conf_lex: error: rdr.conf:12: unknown key \"hots\" in section API\n");
	free(out);

	/* a long message is not cut */
	memset(long_msg, 'x', sizeof(long_msg) - 1);
	long_msg[sizeof(long_msg) - 1] = '\0';
	out = stderr_of_error("s.scn", 3, long_msg);
	ck_assert_int_ge(asprintf(&want, "test_conf_lex: error: s.scn:3: %s\n", long_msg), 0);
	ck_assert_str_eq(out, want);
	free(want);
	free(out);
}
END_TEST

static Suite *
conf_lex_suite(void)
{
	Suite	   *s = suite_create("conf_lex");
	TCase	   *words = tcase_create("words");
	TCase	   *rest = tcase_create("lines and files");

	tcase_add_test(words, conf_words_and_blanks);
	tcase_add_test(words, conf_comments);
	tcase_add_test(words, conf_too_many_words);
	tcase_add_test(words, scenario_quotes);
	tcase_add_test(words, scenario_comments);
	tcase_add_test(words, scenario_errors);
	tcase_add_test(words, skip_words);
	suite_add_tcase(s, words);
	tcase_add_test(rest, line_walker);
	tcase_add_test(rest, line_walker_keeps_nul);
	tcase_add_test(rest, read_whole_files);
	tcase_add_test(rest, read_errors_set_errno);
	tcase_add_test(rest, errors_name_file_and_line);
	suite_add_tcase(s, rest);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(conf_lex_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
