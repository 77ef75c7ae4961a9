/*-------------------------------------------------------------------------
 *
 * test_runcmd_async.c
 *	  Check tests of common/runcmd.c's commands run beside the caller
 *	  (rdr_cmd_start, rdr_cmd_check, rdr_cmd_kill), as the readiness
 *	  probes of START_VM ready=cmd: use them.
 *
 * Real processes: /bin/sh scripts that write their process group id or a
 * child's pid to a file.  The tests wait for states (a file written, a
 * process gone) by looking again every 10 ms, within check's time limit;
 * they assert no durations.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runcmd.h"

static char tmpdir[] = "/tmp/rdr-test-runcmd-async.XXXXXX";
static char pid_file[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(pid_file, sizeof(pid_file), "%s/pid", tmpdir);
}

static void
teardown(void)
{
	unlink(pid_file);
	rmdir(tmpdir);
}

static void
pause_10ms(void)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

/* read_pid: the number the script wrote to pid_file, once it did */
static pid_t
read_pid(void)
{
	for (;;)
	{
		FILE	   *f = fopen(pid_file, "r");
		long		pid = 0;

		if (f)
		{
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
		}
		if (pid > 0)
			return (pid_t) pid;
		pause_10ms();
	}
}

/* wait_gone: until nothing answers kill(target, 0) (-pgid: a group) */
static void
wait_gone(pid_t target)
{
	while (kill(target, 0) == 0)
		pause_10ms();
	ck_assert_int_eq(errno, ESRCH);
}

/* run_sh: start sh -c script */
static void
run_sh(const char *script, RdrCmdChild *child)
{
	const char *argv[] = {"/bin/sh", "-c", script, NULL};

	ck_assert(rdr_cmd_start(argv, NULL, child));
}

/* An exit status and the output, once it has exited. */
START_TEST(status_and_output)
{
	RdrCmdChild child;

	run_sh("echo not yet; echo >&2 still not; exit 3", &child);
	while (!rdr_cmd_check(&child))
		pause_10ms();
	ck_assert_int_eq(child.res.status, 3);
	ck_assert_str_eq(child.res.output, "not yet\nstill not\n");
	ck_assert_int_eq(child.fd, -1);
	ck_assert(!child.res.killed);
	rdr_cmd_result_free(&child.res);
}
END_TEST

/* A command that runs on is seen running, then killed with its group. */
START_TEST(kill_ends_the_group)
{
	RdrCmdChild child;
	char		script[400];
	pid_t		pgid;

	snprintf(script, sizeof(script), "echo $$ >%s; sleep 1000 & wait", pid_file);
	run_sh(script, &child);
	pgid = read_pid();
	ck_assert_int_eq(pgid, child.pid);
	ck_assert(!rdr_cmd_check(&child));
	rdr_cmd_kill(&child);
	ck_assert(child.res.killed);
	ck_assert_int_eq(child.res.status, 128 + SIGKILL);
	ck_assert_int_eq(child.pid, 0);
	ck_assert_int_eq(child.fd, -1);
	wait_gone(-pgid);
	/* killing again is harmless */
	rdr_cmd_kill(&child);
	rdr_cmd_result_free(&child.res);
}
END_TEST

/* What an exited command left running in its group is killed. */
START_TEST(leftovers_killed_at_exit)
{
	RdrCmdChild child;
	char		script[400];
	pid_t		left;

	snprintf(script, sizeof(script),
			 "sleep 1000 >/dev/null 2>&1 & echo $! >%s; exit 0", pid_file);
	run_sh(script, &child);
	while (!rdr_cmd_check(&child))
		pause_10ms();
	ck_assert_int_eq(child.res.status, 0);
	left = read_pid();
	wait_gone(left);
	rdr_cmd_result_free(&child.res);
}
END_TEST

/* A program that is not there: done at once, status 127, as sh says. */
START_TEST(missing_program)
{
	const char *argv[] = {"/nonexistent/rdr-probe", NULL};
	RdrCmdChild child;

	ck_assert(rdr_cmd_start(argv, NULL, &child));
	ck_assert(rdr_cmd_check(&child));
	ck_assert_int_eq(child.res.status, 127);
	ck_assert_ptr_nonnull(strstr(child.res.output, "could not execute \"/nonexistent/rdr-probe\""));
	rdr_cmd_kill(&child);
	ck_assert(!child.res.killed);
	rdr_cmd_result_free(&child.res);
}
END_TEST

/* The environment entries reach the command. */
START_TEST(environment)
{
	const char *argv[] = {"/bin/sh", "-c", "echo \"$RDR_VM_NAME $RDR_VM_IP\"", NULL};
	const char *env[] = {"RDR_VM_NAME=web", "RDR_VM_IP=127.1.0.3", NULL};
	RdrCmdChild child;

	ck_assert(rdr_cmd_start(argv, env, &child));
	while (!rdr_cmd_check(&child))
		pause_10ms();
	ck_assert_int_eq(child.res.status, 0);
	ck_assert_str_eq(child.res.output, "web 127.1.0.3\n");
	rdr_cmd_result_free(&child.res);
}
END_TEST

static Suite *
runcmd_async_suite(void)
{
	Suite	   *s = suite_create("runcmd_async");
	TCase	   *tc = tcase_create("children");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, status_and_output);
	tcase_add_test(tc, kill_ends_the_group);
	tcase_add_test(tc, leftovers_killed_at_exit);
	tcase_add_test(tc, missing_program);
	tcase_add_test(tc, environment);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(runcmd_async_suite());
	int			failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
