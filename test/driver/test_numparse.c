/*-------------------------------------------------------------------------
 *
 * test_numparse.c
 *	  Check tests of common/numparse.c: a number read from outside is the
 *	  whole string, decimal, in range, or refused with *out untouched.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "numparse.h"

START_TEST(valid_numbers)
{
	int			i = -1;
	int64_t		l = -1;

	ck_assert(rdr_parse_int("0", 0, 10, &i));
	ck_assert_int_eq(i, 0);
	ck_assert(rdr_parse_int("-7", -10, 10, &i));
	ck_assert_int_eq(i, -7);
	ck_assert(rdr_parse_int("+7", -10, 10, &i));
	ck_assert_int_eq(i, 7);
	ck_assert(rdr_parse_int("007", 0, 10, &i));
	ck_assert_int_eq(i, 7);
	ck_assert(rdr_parse_int("2147483647", INT_MIN, INT_MAX, &i));
	ck_assert_int_eq(i, INT_MAX);
	ck_assert(rdr_parse_int("-2147483648", INT_MIN, INT_MAX, &i));
	ck_assert_int_eq(i, INT_MIN);
	ck_assert(rdr_parse_int64("9223372036854775807", 0, INT64_MAX, &l));
	ck_assert(l == INT64_MAX);
	ck_assert(rdr_parse_int64("-9223372036854775808", INT64_MIN, 0, &l));
	ck_assert(l == INT64_MIN);
}
END_TEST

/* What atoi() would have taken silently; *out keeps its value. */
START_TEST(refused_numbers)
{
	const char *bad[] = {"", " 1", "1 ", "12abc", "abc", "-", "+", "0x10",
		"1.5", "1e3", "--1", "\t2", "3\n", "2147483648", "-2147483649",
	"99999999999999999999"};
	int			i = 42;
	int64_t		l = 42;

	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
	{
		ck_assert_msg(!rdr_parse_int(bad[k], INT_MIN, INT_MAX, &i), "\"%s\" taken", bad[k]);
		ck_assert_int_eq(i, 42);
	}
	ck_assert(!rdr_parse_int(NULL, 0, 10, &i));
	ck_assert(!rdr_parse_int64("99999999999999999999", INT64_MIN, INT64_MAX, &l));
	ck_assert(!rdr_parse_int64("-99999999999999999999", INT64_MIN, INT64_MAX, &l));
	ck_assert(l == 42);
}
END_TEST

/* The range is inclusive at both ends. */
START_TEST(range)
{
	int			i = 42;

	ck_assert(rdr_parse_int("1", 1, 3, &i));
	ck_assert(rdr_parse_int("3", 1, 3, &i));
	ck_assert_int_eq(i, 3);
	ck_assert(!rdr_parse_int("0", 1, 3, &i));
	ck_assert(!rdr_parse_int("4", 1, 3, &i));
	ck_assert(!rdr_parse_int("-1", 0, INT_MAX, &i));
	ck_assert_int_eq(i, 3);
}
END_TEST

static Suite *
numparse_suite(void)
{
	Suite	   *s = suite_create("numparse");
	TCase	   *tc = tcase_create("core");

	tcase_add_test(tc, valid_numbers);
	tcase_add_test(tc, refused_numbers);
	tcase_add_test(tc, range);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(numparse_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
