/*-------------------------------------------------------------------------
 *
 * test_runcmd.c
 *	  Check tests of common/runcmd.c and common/interrupt.c: a signal to
 *	  rdr-failover stops the running command's whole process group
 *	  (SIGTERM, then SIGKILL after the grace), and the database socket
 *	  armed for the storage transaction is shut down.
 *
 * Real processes and real signals: the commands are /bin/sh scripts that
 * write their process group id to a file; a helper process sends the
 * signal to the test process while rdr_run_argv waits.  Check runs each
 * test in a process of its own, so the interrupt flag starts at zero.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interrupt.h"
#include "runcmd.h"

static char tmpdir[] = "/tmp/rdr-test-runcmd.XXXXXX";
static char pgid_file[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(pgid_file, sizeof(pgid_file), "%s/pgid", tmpdir);
}

static void
teardown(void)
{
	unlink(pgid_file);
	rmdir(tmpdir);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* signal_later: a helper process sends sig to us after ms; its pid. */
static pid_t
signal_later(int sig, int ms)
{
	pid_t		parent = getpid();
	pid_t		pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
	{
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

		nanosleep(&ts, NULL);
		kill(parent, sig);
		_exit(0);
	}
	return pid;
}

/* read_pgid: the process group the script wrote to pgid_file. */
static pid_t
read_pgid(void)
{
	FILE	   *f = fopen(pgid_file, "r");
	int			pgid = 0;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%d", &pgid), 1);
	fclose(f);
	ck_assert_int_gt(pgid, 1);
	return (pid_t) pgid;
}

/* group_gone: no process (zombies included) is left in group pgid. */
static bool
group_gone(pid_t pgid)
{
	return kill(-pgid, 0) != 0 && errno == ESRCH;
}

/*
 * group_gone_soon: the same, allowing for init to reap the processes of
 * the group that SIGKILL left as orphan zombies (some inits reap only
 * every second or two).
 */
static bool
group_gone_soon(pid_t pgid)
{
	for (int i = 0; i < 100 && !group_gone(pgid); i++)
		usleep(50 * 1000);
	return group_gone(pgid);
}

/* run_sh: rdr_run_argv of "sh -c SCRIPT" with $1 = pgid_file. */
static void
run_sh(const char *script, int timeout_s, RdrCmdResult *res)
{
	const char *argv[] = {"/bin/sh", "-c", script, "sh", pgid_file, NULL};

	ck_assert(rdr_run_argv(argv, NULL, timeout_s, res));
}

START_TEST(plain_command_output_and_status)
{
	RdrCmdResult res;
	char		line[64];

	ck_assert(rdr_interrupt_install());
	run_sh("echo first; echo last line >&2; exit 3", 10, &res);
	ck_assert_int_eq(res.status, 3);
	ck_assert_int_eq(res.interrupted, 0);
	ck_assert(!res.timed_out);
	ck_assert_str_eq(res.output, "first\nlast line\n");
	ck_assert_str_eq(rdr_cmd_last_line(&res, line, sizeof(line)), "last line");
	rdr_cmd_result_free(&res);
	ck_assert_int_eq(rdr_interrupted(), 0);
	ck_assert_int_eq(rdr_interrupt_exit_code(), 0);
}
END_TEST

/* SIGINT: the group (the script and its background child) gets SIGTERM. */
START_TEST(sigint_stops_the_whole_group)
{
	RdrCmdResult res;
	double		t0 = now_s();
	pid_t		helper;

	ck_assert(rdr_interrupt_install());
	helper = signal_later(SIGINT, 300);
	run_sh("echo $$ >\"$1\"; sleep 30 & echo started; sleep 30", 60, &res);
	waitpid(helper, NULL, 0);
	ck_assert_int_eq(res.interrupted, SIGINT);
	ck_assert(!res.killed);
	ck_assert(!res.timed_out);
	ck_assert_int_eq(res.status, 128 + SIGTERM);
	ck_assert_str_eq(res.output, "started\n");
	ck_assert_double_lt(now_s() - t0, RDR_CMD_STOP_GRACE_S);
	ck_assert(group_gone(read_pgid()));
	ck_assert_int_eq(rdr_interrupted(), SIGINT);
	ck_assert_int_eq(rdr_interrupt_exit_code(), 130);
	ck_assert_int_eq(rdr_interrupt_count(), 1);
	rdr_cmd_result_free(&res);
}
END_TEST

/* A group deaf to SIGTERM gets SIGKILL when the grace ends, not before. */
START_TEST(sigterm_ignored_then_sigkill)
{
	RdrCmdResult res;
	double		t0 = now_s();
	double		secs;
	pid_t		helper;

	ck_assert(rdr_interrupt_install());
	helper = signal_later(SIGTERM, 200);
	run_sh("trap '' TERM; echo $$ >\"$1\"; sleep 30 & sleep 30", 60, &res);
	secs = now_s() - t0;
	waitpid(helper, NULL, 0);
	ck_assert_int_eq(res.interrupted, SIGTERM);
	ck_assert(res.killed);
	ck_assert_int_eq(res.status, 128 + SIGKILL);
	ck_assert_double_ge(secs, RDR_CMD_STOP_GRACE_S);
	ck_assert_double_lt(secs, RDR_CMD_STOP_GRACE_S + 3);
	ck_assert(group_gone_soon(read_pgid()));
	ck_assert_int_eq(rdr_interrupt_exit_code(), 143);
	rdr_cmd_result_free(&res);
}
END_TEST

/*
 * A signal received before the command started does not stop it: that is
 * how the engine is started again after an interrupted step.  A second
 * signal during it does.
 */
START_TEST(earlier_signal_does_not_stop_a_new_command)
{
	RdrCmdResult res;
	pid_t		helper;

	ck_assert(rdr_interrupt_install());
	raise(SIGINT);
	ck_assert_int_eq(rdr_interrupted(), SIGINT);
	run_sh("sleep 0.3; echo restarted", 10, &res);
	ck_assert_int_eq(res.interrupted, 0);
	ck_assert_int_eq(res.status, 0);
	ck_assert_str_eq(res.output, "restarted\n");
	rdr_cmd_result_free(&res);

	helper = signal_later(SIGTERM, 200);
	run_sh("echo $$ >\"$1\"; sleep 30", 60, &res);
	waitpid(helper, NULL, 0);
	/* the first signal names the interruption */
	ck_assert_int_eq(res.interrupted, SIGINT);
	ck_assert_int_eq(res.status, 128 + SIGTERM);
	ck_assert(group_gone(read_pgid()));
	ck_assert_int_eq(rdr_interrupt_count(), 2);
	rdr_cmd_result_free(&res);
}
END_TEST

/* The time limit still kills the group at once with SIGKILL. */
START_TEST(timeout_kills_the_group)
{
	RdrCmdResult res;
	double		t0 = now_s();

	ck_assert(rdr_interrupt_install());
	run_sh("echo $$ >\"$1\"; sleep 30", 1, &res);
	ck_assert(res.timed_out);
	ck_assert_int_eq(res.interrupted, 0);
	ck_assert_int_eq(res.status, 128 + SIGKILL);
	ck_assert_double_lt(now_s() - t0, 3);
	ck_assert(group_gone_soon(read_pgid()));
	rdr_cmd_result_free(&res);
}
END_TEST

/* A command that cannot be executed: status 127 and the reason. */
START_TEST(missing_program)
{
	RdrCmdResult res;
	const char *argv[] = {"/nonexistent/rdr-no-such-program", NULL};

	ck_assert(rdr_run_argv(argv, NULL, 10, &res));
	ck_assert_int_eq(res.status, 127);
	ck_assert_ptr_nonnull(strstr(res.output, "No such file or directory"));
	rdr_cmd_result_free(&res);
}
END_TEST

/*
 * The child as posix_spawnp makes it: a process group of its own, stdin
 * /dev/null, no signal blocked (the parent blocks interrupt.c's while it
 * waits), stdio not shared, the extra environment merged into the
 * parent's (replacing a variable of the same name, adding a new one).
 */
START_TEST(child_environment)
{
	RdrCmdResult res;
	const char *argv[] = {"/bin/sh", "-c",
		"echo pgid=$(ps -o pgid= -p $$ | tr -d ' ') pid=$$; "
		"echo blocked=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status); "
		"echo stdin=$(readlink /proc/$$/fd/0); "
		"echo home=$HOME new=$RDR_TEST_NEW path_set=${PATH:+yes}",
		NULL};
	const char *env[] = {"HOME=/rdr-replaced", "RDR_TEST_NEW=added", NULL};
	int			pgid;
	int			pid;

	ck_assert(rdr_interrupt_install());
	setenv("HOME", "/rdr-original", 1);
	ck_assert(rdr_run_argv(argv, env, 10, &res));
	ck_assert_int_eq(res.status, 0);
	ck_assert_int_eq(sscanf(res.output, "pgid=%d pid=%d", &pgid, &pid), 2);
	ck_assert_int_eq(pgid, pid);
	ck_assert_ptr_nonnull(strstr(res.output, "\nblocked=0000000000000000\n"));
	ck_assert_ptr_nonnull(strstr(res.output, "\nstdin=/dev/null\n"));
	ck_assert_ptr_nonnull(strstr(res.output, "\nhome=/rdr-replaced new=added path_set=yes\n"));
	/* the parent's own environment is left as it was */
	ck_assert_str_eq(getenv("HOME"), "/rdr-original");
	ck_assert_ptr_null(getenv("RDR_TEST_NEW"));
	rdr_cmd_result_free(&res);
}
END_TEST

/* A file that is not executable: status 127 and the reason. */
START_TEST(not_executable)
{
	RdrCmdResult res;
	char		path[128];
	const char *argv[] = {path, NULL};
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/not-executable", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(path, 0600);
	ck_assert(rdr_run_argv(argv, NULL, 10, &res));
	ck_assert_int_eq(res.status, 127);
	ck_assert_ptr_nonnull(strstr(res.output, "Permission denied"));
	ck_assert_ptr_nonnull(strstr(res.output, "could not execute"));
	rdr_cmd_result_free(&res);
	unlink(path);
}
END_TEST

/* The armed socket is shut down by the signal: the peer reads EOF. */
START_TEST(armed_socket_is_shut_down)
{
	int			sv[2];
	char		c;

	ck_assert(rdr_interrupt_install());
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	rdr_interrupt_set_socket(sv[0]);
	ck_assert_int_eq(write(sv[0], "x", 1), 1);
	ck_assert_int_eq(read(sv[1], &c, 1), 1);
	raise(SIGTERM);
	rdr_interrupt_set_socket(-1);
	ck_assert_int_eq(read(sv[1], &c, 1), 0);
	ck_assert_int_eq(write(sv[0], "x", 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* Armed after the signal came: shut down at once (no commit after it). */
START_TEST(socket_armed_after_signal)
{
	int			sv[2];
	char		c;

	ck_assert(rdr_interrupt_install());
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raise(SIGHUP);
	ck_assert_int_eq(rdr_interrupt_exit_code(), 129);
	rdr_interrupt_set_socket(sv[0]);
	rdr_interrupt_set_socket(-1);
	ck_assert_int_eq(read(sv[1], &c, 1), 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* Without a signal, a disarmed socket is left alone. */
START_TEST(disarmed_socket_untouched)
{
	int			sv[2];
	char		c;

	ck_assert(rdr_interrupt_install());
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	rdr_interrupt_set_socket(sv[0]);
	rdr_interrupt_set_socket(-1);
	raise(SIGINT);
	ck_assert_int_eq(write(sv[0], "y", 1), 1);
	ck_assert_int_eq(read(sv[1], &c, 1), 1);
	ck_assert_int_eq(c, 'y');
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(signal_names)
{
	ck_assert_str_eq(rdr_signal_name(SIGINT), "SIGINT");
	ck_assert_str_eq(rdr_signal_name(SIGTERM), "SIGTERM");
	ck_assert_str_eq(rdr_signal_name(SIGHUP), "SIGHUP");
	ck_assert_str_eq(rdr_signal_name(SIGUSR1), "a signal");
}
END_TEST

static Suite *
runcmd_suite(void)
{
	Suite	   *s = suite_create("runcmd");
	TCase	   *tc = tcase_create("signals");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, plain_command_output_and_status);
	tcase_add_test(tc, sigint_stops_the_whole_group);
	tcase_add_test(tc, sigterm_ignored_then_sigkill);
	tcase_add_test(tc, earlier_signal_does_not_stop_a_new_command);
	tcase_add_test(tc, timeout_kills_the_group);
	tcase_add_test(tc, missing_program);
	tcase_add_test(tc, child_environment);
	tcase_add_test(tc, not_executable);
	tcase_add_test(tc, armed_socket_is_shut_down);
	tcase_add_test(tc, socket_armed_after_signal);
	tcase_add_test(tc, disarmed_socket_untouched);
	tcase_add_test(tc, signal_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(runcmd_suite());
	int			failed;

	/* a write to the shut-down socket must fail with EPIPE, not kill us */
	signal(SIGPIPE, SIG_IGN);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
