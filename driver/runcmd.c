/*-------------------------------------------------------------------------
 *
 * runcmd.c
 *	  Child processes of rdr-failover: fork, exec, capture, time limit.
 *
 * The child runs in its own process group, so that the time limit kills
 * whatever the command started (an init script's children included).
 * Its output is read through one pipe and kept in memory (up to 1 MB).
 *
 *-------------------------------------------------------------------------
 */
#include "runcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define MAX_OUTPUT (1024 * 1024)

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

bool
rdr_run_argv(const char *const argv[], const char *const env[], int timeout_s,
			 RdrCmdResult *res)
{
	int			fds[2];
	pid_t		pid;
	size_t		len = 0;
	size_t		alloc = 4096;
	double		deadline = timeout_s > 0 ? now_s() + timeout_s : 0;
	int			wstatus = 0;
	bool		eof = false;

	memset(res, 0, sizeof(*res));
	res->output = malloc(alloc);
	if (res->output == NULL)
		abort();
	res->output[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0)
	{
		rdr_log_error("could not create a pipe for \"%s\": %s", argv[0], strerror(errno));
		return false;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
	{
		rdr_log_error("could not start \"%s\": %s", argv[0], strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0)
	{
		/* child: own process group, output into the pipe, no stdin */
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (freopen("/dev/null", "r", stdin) == NULL)
			_exit(126);
		for (int i = 0; env && env[i]; i++)
			putenv((char *) env[i]);
		execvp(argv[0], (char *const *) argv);
		fprintf(stderr, "could not execute \"%s\": %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[1]);

	while (!eof)
	{
		struct pollfd pfd = {.fd = fds[0],.events = POLLIN};
		int			wait_ms = -1;
		int			r;

		if (deadline > 0)
		{
			double		left = deadline - now_s();

			if (left <= 0)
			{
				res->timed_out = true;
				kill(-pid, SIGKILL);
				break;
			}
			wait_ms = (int) (left * 1000) + 1;
		}
		r = poll(&pfd, 1, wait_ms);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (len + 4096 + 1 > alloc && alloc < MAX_OUTPUT)
		{
			alloc *= 2;
			res->output = realloc(res->output, alloc);
			if (res->output == NULL)
				abort();
		}
		{
			char		discard[4096];
			size_t		room = alloc - len - 1;
			ssize_t		n = room > 0 ? read(fds[0], res->output + len, room > 4096 ? 4096 : room)
				: read(fds[0], discard, sizeof(discard));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				eof = true;
			else if (room > 0)
			{
				len += (size_t) n;
				res->output[len] = '\0';
			}
		}
	}
	close(fds[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(wstatus))
		res->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		res->status = 128 + WTERMSIG(wstatus);
	/* the output goes to the log only in part: pg_restore --list is long */
	if (len > 0)
		rdr_log_debug("output of %s (%zu bytes): %.2000s", argv[0], len, res->output);
	return true;
}

bool
rdr_run_shell(const char *command, int timeout_s, RdrCmdResult *res)
{
	const char *argv[] = {"/bin/sh", "-c", command, NULL};

	return rdr_run_argv(argv, NULL, timeout_s, res);
}

const char *
rdr_cmd_last_line(const RdrCmdResult *res, char *buf, int size)
{
	const char *out = res->output ? res->output : "";
	const char *end = out + strlen(out);
	const char *start;

	while (end > out && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	start = end;
	while (start > out && start[-1] != '\n')
		start--;
	snprintf(buf, (size_t) size, "%.*s", (int) (end - start), start);
	return buf;
}

void
rdr_cmd_result_free(RdrCmdResult *res)
{
	free(res->output);
	res->output = NULL;
}
