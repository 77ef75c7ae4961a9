/*-------------------------------------------------------------------------
 *
 * runcmd.c
 *	  Child processes of rdr-failover: spawn, capture, time limit.
 *
 * The child runs in its own process group, so that the time limit kills
 * whatever the command started (an init script's children included).
 * Its output is read through one pipe and kept in memory (up to 1 MB).
 *
 * Being in another process group, the child does not get the terminal's
 * Ctrl-C: rdr-failover passes a SIGINT, SIGTERM or SIGHUP it receives on
 * to the group (SIGTERM, then SIGKILL after RDR_CMD_STOP_GRACE_S), so an
 * interrupted run never leaves a pg_dump or an engine script behind.
 *
 *-------------------------------------------------------------------------
 */
#include "runcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interrupt.h"
#include "log.h"
#include "xalloc.h"

#define MAX_OUTPUT (1024 * 1024)

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/*
 * stop_group: end the command's process group after an interruption:
 * SIGTERM at once (pg_dump and init scripts clean up on it), SIGKILL when
 * *kill_at passes.  Called on every turn of the wait loop.
 */
static void
stop_group(pid_t pid, const char *name, int count0, RdrCmdResult *res,
		   double *kill_at)
{
	if (res->interrupted == 0 && rdr_interrupt_count() != count0)
	{
		res->interrupted = rdr_interrupted();
		rdr_log_verbose("%s received: sending SIGTERM to \"%s\" (process group %d)",
						rdr_signal_name(res->interrupted), name, (int) pid);
		kill(-pid, SIGTERM);
		*kill_at = now_s() + RDR_CMD_STOP_GRACE_S;
	}
	if (*kill_at > 0 && now_s() >= *kill_at)
	{
		rdr_log_verbose("\"%s\" outlived SIGTERM by %d s: sending SIGKILL to process group %d",
						name, RDR_CMD_STOP_GRACE_S, (int) pid);
		kill(-pid, SIGKILL);
		res->killed = true;
		*kill_at = 0;
	}
}

/* read_output: one read from the pipe into res->output; false at EOF. */
static bool
read_output(int fd, RdrCmdResult *res, size_t *len, size_t *alloc)
{
	char		discard[4096];
	size_t		room;
	ssize_t		n;

	if (*len + 4096 + 1 > *alloc && *alloc < MAX_OUTPUT)
	{
		*alloc *= 2;
		res->output = xrealloc(res->output, *alloc);
	}
	room = *alloc - *len - 1;
	/* past MAX_OUTPUT, the rest is read and dropped */
	n = room > 0 ? read(fd, res->output + *len, room > 4096 ? 4096 : room)
		: read(fd, discard, sizeof(discard));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (room > 0)
	{
		*len += (size_t) n;
		res->output[*len] = '\0';
	}
	return true;
}

/*
 * merged_env: environ with the "NAME=VALUE" entries of env put in, as
 * putenv() would: an entry replaces the variable of the same name.  The
 * array is allocated; the strings are not copied.
 */
static char **
merged_env(const char *const env[])
{
	size_t		n = 0;
	size_t		k;
	size_t		extra = 0;
	char	  **out;

	while (environ[n])
		n++;
	while (env && env[extra])
		extra++;
	out = xcalloc(n + extra + 1, sizeof(char *));
	memcpy(out, environ, n * sizeof(char *));
	for (size_t i = 0; i < extra; i++)
	{
		size_t		name_len = strcspn(env[i], "=");

		for (k = 0; k < n; k++)
			if (strncmp(out[k], env[i], name_len + 1) == 0)
				break;
		out[k] = (char *) env[i];
		if (k == n)
			n++;
	}
	return out;
}

/*
 * spawn_child: start argv[0] (searched in PATH) in a process group of its
 * own, stdin from /dev/null, stdout and stderr into out_fd, signal mask
 * *mask.  posix_spawnp, not fork: this process links libcurl, libssh2 and
 * libpq, whose locks and buffers a forked child would inherit in whatever
 * state another thread left them, and nothing runs in the child before
 * exec.  Returns 0 or the errno of the failure (an exec failure included:
 * glibc reports it).
 */
static int
spawn_child(const char *const argv[], const char *const env[], int out_fd,
			const sigset_t *mask, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char	  **envp = merged_env(env);
	int			err;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	err = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (err == 0)
		err = posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	if (err == 0)
		err = posix_spawn_file_actions_adddup2(&fa, out_fd, STDERR_FILENO);
	if (err == 0)
		err = posix_spawnattr_setpgroup(&attr, 0);
	if (err == 0)
		err = posix_spawnattr_setsigmask(&attr, mask);
	if (err == 0)
		err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
	if (err == 0)
		err = posix_spawnp(pid, argv[0], &fa, &attr, (char *const *) argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	return err;
}

/*
 * spawn_failed: posix_spawnp's error err.  The program's (not found, not
 * executable) is its result, as a shell reports it: status 127 and the
 * reason in the output (true).  This process's (no memory, too many
 * processes or files) means it could not be started (false, logged).
 */
static bool
spawn_failed(const char *name, int err, RdrCmdResult *res)
{
	if (err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE)
	{
		rdr_log_error("could not start \"%s\": %s", name, strerror(err));
		return false;
	}
	free(res->output);
	res->output = xasprintf("could not execute \"%s\": %s\n", name, strerror(err));
	res->status = 127;
	rdr_log_debug("output of %s: %s", name, res->output);
	return true;
}

/*
 * rdr_run_argv: see runcmd.h.
 *
 * The signals of interrupt.c are blocked from before the fork until the
 * end, and unblocked only inside ppoll(): a signal that arrives anywhere
 * in the loop is delivered at the next ppoll, which returns at once, so
 * there is no window in which the loop could sleep through it (the race
 * of checking a flag and then calling poll).  The child gets the
 * original mask back at exec (spawn_child).
 */
bool
rdr_run_argv(const char *const argv[], const char *const env[], int timeout_s,
			 RdrCmdResult *res)
{
	int			fds[2];
	pid_t		pid;
	size_t		len = 0;
	size_t		alloc = 4096;
	double		deadline = timeout_s > 0 ? now_s() + timeout_s : 0;
	double		kill_at = 0;
	int			count0 = rdr_interrupt_count();
	int			wstatus = 0;
	bool		eof = false;
	sigset_t	block;
	sigset_t	orig;
	int			err;

	memset(res, 0, sizeof(*res));
	res->output = xmalloc(alloc);
	res->output[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0)
	{
		rdr_log_error("could not create a pipe for \"%s\": %s", argv[0], strerror(errno));
		return false;
	}
	rdr_interrupt_signals(&block);
	sigprocmask(SIG_BLOCK, &block, &orig);
	err = spawn_child(argv, env, fds[1], &orig, &pid);
	if (err != 0)
	{
		close(fds[0]);
		close(fds[1]);
		sigprocmask(SIG_SETMASK, &orig, NULL);
		return spawn_failed(argv[0], err, res);
	}
	close(fds[1]);

	/* until the output ends and the child has exited */
	for (;;)
	{
		struct pollfd pfd = {.fd = fds[0],.events = POLLIN};
		struct timespec ts;
		double		until = 0;
		int			r;

		stop_group(pid, argv[0], count0, res, &kill_at);
		if (deadline > 0 && now_s() >= deadline)
		{
			res->timed_out = true;
			kill(-pid, SIGKILL);
			deadline = 0;
			kill_at = 0;
		}
		if (eof || res->timed_out || res->killed)
		{
			r = waitpid(pid, &wstatus, eof ? WNOHANG : 0);
			if (r == pid || (r < 0 && errno != EINTR))
				break;
		}
		/* sleep until output, a signal, or the next time to act */
		if (deadline > 0)
			until = deadline;
		if (kill_at > 0 && (until == 0 || kill_at < until))
			until = kill_at;
		if (eof && (until == 0 || now_s() + 0.02 < until))
			until = now_s() + 0.02; /* output closed: poll for the exit */
		if (until > 0)
		{
			double		left = until - now_s();

			if (left < 0)
				left = 0;
			ts.tv_sec = (time_t) left;
			ts.tv_nsec = (long) ((left - (double) ts.tv_sec) * 1e9);
		}
		r = ppoll(eof ? NULL : &pfd, eof ? 0 : 1, until > 0 ? &ts : NULL, &orig);
		if (r < 0 && errno != EINTR)
		{
			rdr_log_error("could not wait for \"%s\": %s", argv[0], strerror(errno));
			kill(-pid, SIGKILL);
			res->killed = true;
			eof = true;
		}
		else if (r > 0 && !read_output(fds[0], res, &len, &alloc))
			eof = true;
	}
	close(fds[0]);

	/*
	 * An interrupted command is over only when its whole group is: what it
	 * started (an init script's children) got the same SIGTERM, and gets
	 * SIGKILL if still there when the grace ends.
	 */
	while (res->interrupted && !res->killed && kill(-pid, 0) == 0)
	{
		struct timespec ts = {0, 20 * 1000 * 1000};

		if (kill_at == 0 || now_s() >= kill_at)
		{
			kill(-pid, SIGKILL);
			res->killed = true;
			break;
		}
		ppoll(NULL, 0, &ts, &orig);
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);

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

/*
 * rdr_cmd_start: see runcmd.h.  The read end of the pipe does not block,
 * so that rdr_cmd_check can drain it whenever it is called.
 */
bool
rdr_cmd_start(const char *const argv[], const char *const env[], RdrCmdChild *child)
{
	int			fds[2];
	sigset_t	mask;
	int			err;

	memset(child, 0, sizeof(*child));
	child->fd = -1;
	child->alloc = 4096;
	child->res.output = xmalloc(child->alloc);
	child->res.output[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0)
	{
		rdr_log_error("could not create a pipe for \"%s\": %s", argv[0], strerror(errno));
		return false;
	}
	sigprocmask(SIG_SETMASK, NULL, &mask);
	err = spawn_child(argv, env, fds[1], &mask, &child->pid);
	close(fds[1]);
	if (err != 0)
	{
		close(fds[0]);
		child->pid = 0;
		return spawn_failed(argv[0], err, &child->res);
	}
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0)
	{
		rdr_log_error("could not set up the pipe of \"%s\": %s", argv[0], strerror(errno));
		close(fds[0]);
		rdr_cmd_kill(child);
		return false;
	}
	child->fd = fds[0];
	return true;
}

/* drain: read all the child wrote so far; close the pipe at its end */
static void
drain(RdrCmdChild *child)
{
	while (child->fd >= 0)
	{
		size_t		before = child->len;

		if (!read_output(child->fd, &child->res, &child->len, &child->alloc))
		{
			close(child->fd);
			child->fd = -1;
		}
		else if (child->len == before)
			break;				/* nothing more for now (or past MAX_OUTPUT) */
	}
}

/*
 * rdr_cmd_check: see runcmd.h.  Whatever the command left running in its
 * process group (a daemon it started) is killed with it: a probe's
 * result is its exit status, and nothing of it may outlive it.
 */
bool
rdr_cmd_check(RdrCmdChild *child)
{
	int			wstatus = 0;
	pid_t		r;

	drain(child);
	if (child->pid == 0)
		return true;
	r = waitpid(child->pid, &wstatus, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	if (r == child->pid)
	{
		kill(-child->pid, SIGKILL);
		if (WIFEXITED(wstatus))
			child->res.status = WEXITSTATUS(wstatus);
		else if (WIFSIGNALED(wstatus))
			child->res.status = 128 + WTERMSIG(wstatus);
	}
	child->pid = 0;
	if (child->fd >= 0)
	{
		close(child->fd);
		child->fd = -1;
	}
	return true;
}

/* rdr_cmd_kill: see runcmd.h */
void
rdr_cmd_kill(RdrCmdChild *child)
{
	int			wstatus;

	if (child->pid > 0)
	{
		kill(-child->pid, SIGKILL);
		while (waitpid(child->pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		child->res.killed = true;
		child->res.status = 128 + SIGKILL;
		child->pid = 0;
	}
	if (child->fd >= 0)
	{
		close(child->fd);
		child->fd = -1;
	}
}
