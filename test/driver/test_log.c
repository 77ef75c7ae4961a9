/*-------------------------------------------------------------------------
 *
 * test_log.c
 *	  Check unit tests of common/log.c's rdr_redact(), which keeps a
 *	  password out of server messages rdr-failover logs.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* expect_redacted: rdr_redact(text, secret) gives exactly want. */
static void
expect_redacted(const char *text, const char *secret, const char *want)
{
	char	   *got = rdr_redact(text, secret);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(row_with_password_is_masked)
{
	expect_redacted("Failing row contains (56fd, 192.168.201.32, iqn.x, 3260, 1, rdr, S3cret!x, 3).",
					"S3cret!x",
					"Failing row contains (56fd, 192.168.201.32, iqn.x, 3260, 1, rdr, ********, 3).");
}
END_TEST

START_TEST(every_occurrence_is_masked)
{
	expect_redacted("pwpw and pw", "pw", "**************** and ********");
	expect_redacted("pw", "pw", "********");
}
END_TEST

START_TEST(no_secret_or_no_match_copies)
{
	expect_redacted("nothing to hide", NULL, "nothing to hide");
	expect_redacted("nothing to hide", "", "nothing to hide");
	expect_redacted("nothing to hide", "secret", "nothing to hide");
	expect_redacted("", "secret", "");
}
END_TEST

/* a secret longer than the mask, and one shorter, at both ends */
START_TEST(lengths_and_ends)
{
	expect_redacted("averyverylongpassword", "averyverylongpassword", "********");
	expect_redacted("x(a)", "x", "********(a)");
	expect_redacted("(a)x", "x", "(a)********");
}
END_TEST

static Suite *
log_suite(void)
{
	Suite	   *s = suite_create("log");
	TCase	   *tc = tcase_create("redact");

	tcase_add_test(tc, row_with_password_is_masked);
	tcase_add_test(tc, every_occurrence_is_masked);
	tcase_add_test(tc, no_secret_or_no_match_copies);
	tcase_add_test(tc, lengths_and_ends);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(log_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
