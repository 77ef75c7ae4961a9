/*-------------------------------------------------------------------------
 *
 * test_xalloc.c
 *	  Check tests of common/xalloc.c, the out-of-memory policy: an
 *	  allocation that fails logs "out of memory" and exits with
 *	  RDR_EXIT_OOM (70); the others behave like the C library's.
 *
 * The failures are real: an array whose size overflows size_t is refused
 * by reallocarray() itself.  Each exit test runs in a process of its own
 * (Check forks); its stderr goes to a file read back by the parent test.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

/* Under ASan, a refused allocation returns NULL like glibc's. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* vformat: xvasprintf of a varargs list, as a caller's own printf does */
static char *vformat(const char *fmt,...) __attribute__((format(printf, 1, 2)));

static char *
vformat(const char *fmt,...)
{
	va_list		ap;
	char	   *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

START_TEST(ordinary_allocations)
{
	char	   *s = xstrdup("abc");
	char	   *t = xstrndup("abcdef", 2);
	char	   *f = xasprintf("%s=%d", "x", 42);
	int		   *z = xcalloc(4, sizeof(int));
	int		   *a = xreallocarray(NULL, 8, sizeof(int));
	char	   *v = vformat("%s-%03d", "lun", 7);

	ck_assert_str_eq(s, "abc");
	ck_assert_str_eq(t, "ab");
	ck_assert_str_eq(f, "x=42");
	ck_assert_str_eq(v, "lun-007");
	ck_assert_int_eq(z[0] + z[1] + z[2] + z[3], 0);
	a[7] = 1;
	a = xrealloc(a, 16 * sizeof(int));
	ck_assert_int_eq(a[7], 1);
	ck_assert_ptr_null(xstrdup(NULL));
	ck_assert_ptr_null(xstrndup(NULL, 3));
	/* a zero size still gives memory that can be freed */
	free(xmalloc(0));
	free(s);
	free(t);
	free(f);
	free(v);
	free(z);
	free(a);
}
END_TEST

/* run fn in a child, its stderr in a file; its exit status and message */
static int
child_status(void (*fn) (void), char *msg, size_t size)
{
	char		path[] = "/tmp/rdr-test-xalloc.XXXXXX";
	int			fd = mkstemp(path);
	pid_t		pid;
	int			st;
	ssize_t		n;

	ck_assert_int_ge(fd, 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
	{
		dup2(fd, 2);
		rdr_log_init("test_xalloc");
		fn();
		_exit(0);				/* not reached when fn runs out */
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	n = pread(fd, msg, size - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void
overflowing_array(void)
{
	(void) xreallocarray(NULL, SIZE_MAX / 2, 4);
}

static void
huge_malloc(void)
{
	(void) xmalloc(SIZE_MAX - 4096);
}

static void
huge_calloc(void)
{
	(void) xcalloc(SIZE_MAX / 8, 16);
}

START_TEST(out_of_memory_exits_70)
{
	void		(*fns[]) (void) = {overflowing_array, huge_malloc, huge_calloc};

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
	{
		char		msg[256];
		const char *own = msg;

		ck_assert_int_eq(child_status(fns[i], msg, sizeof(msg)), RDR_EXIT_OOM);
		/* under SANITIZE=1, ASan's own "==PID==WARNING: ... failed to allocate" comes first */
		while (strncmp(own, "==", 2) == 0 && strchr(own, '\n'))
			own = strchr(own, '\n') + 1;
		ck_assert_str_eq(own, "test_xalloc: error: out of memory\n");
	}
}
END_TEST

static Suite *
xalloc_suite(void)
{
	Suite	   *s = suite_create("xalloc");
	TCase	   *tc = tcase_create("core");

	tcase_add_test(tc, ordinary_allocations);
	tcase_add_test(tc, out_of_memory_exits_70);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(xalloc_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
