/*-------------------------------------------------------------------------
 *
 * rehearse_sim.c
 *	  The rehearsal manager (issue 18): rdr-sim --from-db on the copy.
 *
 * The simulator reads its inventory from the copy when it starts, which
 * is before the storage step: it keeps each storage domain's site-A rows
 * and lets a domain come up only once the storage step has moved them
 * (sim/sim_fromdb.c), as the real engine's hosts would only reach the
 * storage the rows name.  It serves on 127.0.0.1 with a self-signed
 * certificate made here (openssl), which the rehearsal's REST client pins
 * as its CA, and a random password; both stay in the rehearsal's
 * directory.  It runs in a process group of its own (a Ctrl-C on the
 * terminal reaches rdr, which stops it) and with --max-seconds, so that
 * even a rdr killed with SIGKILL leaves no simulator behind for long.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interrupt.h"
#include "log.h"
#include "rehearse_sim.h"
#include "runcmd.h"
#include "xalloc.h"

extern char **environ;

/* make_cert: a self-signed certificate for 127.0.0.1 and its key. */
static bool
make_cert(RdrRehearseSim *sim, const char *dir, char *key, size_t keysize)
{
	const char *argv[] = {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-keyout", key, "-out", sim->cert, "-days", "2", "-subj", "/CN=127.0.0.1",
	"-addext", "subjectAltName=IP:127.0.0.1", NULL};
	RdrCmdResult res;
	char		line[512];
	bool		ok;

	snprintf(sim->cert, sizeof(sim->cert), "%s/manager.crt", dir);
	snprintf(key, keysize, "%s/manager.key", dir);
	if (!rdr_run_argv(argv, NULL, 60, &res))
		return false;
	ok = res.status == 0 && !res.interrupted;
	if (!ok && !res.interrupted)
	{
		rdr_log_error("rehearsal: could not make the rehearsal manager's certificate (openssl status %d)",
					  res.status);
		rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
	}
	rdr_cmd_result_free(&res);
	return ok;
}

/* write_password: a random password in dir/manager.password (0600). */
static bool
write_password(RdrRehearseSim *sim, const char *path)
{
	unsigned char raw[16];
	int			fd;
	bool		ok;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t) sizeof(raw))
		return false;
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(sim->password + 2 * i, 3, "%02x", raw[i]);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
	{
		rdr_log_error("rehearsal: could not create \"%s\": %m", path);
		return false;
	}
	ok = write(fd, sim->password, strlen(sim->password)) == (ssize_t) strlen(sim->password);
	return close(fd) == 0 && ok;
}

/* spawn: rdr-sim with argv, output into log, in its own process group. */
static bool
spawn(RdrRehearseSim *sim, char *const argv[], const char *log)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t	none;
	int			err;

	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	err = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (err == 0)
		err = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
											   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (err == 0)
		err = posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	if (err == 0)
		err = posix_spawnattr_setpgroup(&attr, 0);
	if (err == 0)
		err = posix_spawnattr_setsigmask(&attr, &none);
	if (err == 0)
		err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
	if (err == 0)
		err = posix_spawn(&sim->pid, argv[0], &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (err != 0)
	{
		sim->pid = 0;
		rdr_log_error("rehearsal: could not start \"%s\": %s", argv[0], strerror(err));
		rdr_log_hint("Set REHEARSAL sim to the rdr-sim program.");
		return false;
	}
	return true;
}

/* last_log_line: the simulator's last message, for an error's detail. */
static void
last_log_line(const char *log)
{
	FILE	   *f = fopen(log, "r");
	char		line[512],
				last[512] = "";

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[strspn(line, " \t\r\n")] != '\0')
			snprintf(last, sizeof(last), "%s", line);
	fclose(f);
	last[strcspn(last, "\n")] = '\0';
	if (last[0])
		rdr_log_detail("%s", last);
}

/* wait_ready: until the ready file names the HTTPS port (30 s). */
static bool
wait_ready(RdrRehearseSim *sim, const char *ready, const char *log)
{
	const struct timespec start_poll = {0, 50 * 1000 * 1000};

	for (int i = 0; i < 600 && !rdr_interrupted(); i++)
	{
		FILE	   *f = fopen(ready, "r");
		int			status;

		if (f)
		{
			bool		ok = fscanf(f, "https_port=%d", &sim->https_port) == 1;

			fclose(f);
			if (ok)
				return true;
		}
		if (waitpid(sim->pid, &status, WNOHANG) == sim->pid)
		{
			sim->pid = 0;
			rdr_log_error("rehearsal: the rehearsal manager (rdr-sim --from-db) exited at start");
			last_log_line(log);
			return false;
		}
		nanosleep(&start_poll, NULL);
	}
	if (!rdr_interrupted())
		rdr_log_error("rehearsal: the rehearsal manager did not start within 30 s");
	return false;
}

bool
rdr_rehearse_sim_start(RdrRehearseSim *sim, const RdrConfig *cfg, const char *dir,
					   const char *conninfo, int api_version)
{
	char		key[1200],
				pwfile[1200],
				ready[1200],
				log[1200];
	char	   *timing,
			   *scale,
			   *apiv,
			   *maxs;
	double		s = cfg->rh_time_scale;

	memset(sim, 0, sizeof(*sim));
	snprintf(pwfile, sizeof(pwfile), "%s/manager.password", dir);
	snprintf(ready, sizeof(ready), "%s/manager.ready", dir);
	snprintf(log, sizeof(log), "%s/manager.log", dir);
	if (!make_cert(sim, dir, key, sizeof(key)) || !write_password(sim, pwfile))
		return false;
	timing = xasprintf("startup=%d approve=%d activate=%d fence_release=%d spm_contend=%d "
					   "vm_launch=%d vm_powerup=%d", cfg->rh_startup_s, cfg->rh_approve_s,
					   cfg->rh_activate_s, cfg->rh_fence_release_s, cfg->rh_spm_contend_s,
					   cfg->rh_vm_launch_s, cfg->rh_vm_powerup_s);
	scale = xasprintf("%g", s);
	apiv = xasprintf("%d", api_version);
	/* it outlives no rehearsal: every wait of one, with room */
	maxs = xasprintf("%d", 600 + cfg->api_wait_timeout + 2 * cfg->host_timeout +
					 cfg->spm_timeout + 2 * cfg->vm_timeout);
	{
		const char *fixed[] = {cfg->rh_sim, "--from-db", conninfo,
			"--down-cluster", cfg->main_cluster, "--cert", sim->cert, "--key", key,
			"--ca", sim->cert, "--password-file", pwfile, "--ready-file", ready,
			"--timing", timing, "--time-scale", scale, "--api-version", apiv,
		"--max-seconds", maxs};
		int			nf = (int) (sizeof(fixed) / sizeof(fixed[0]));
		char	  **argv = xcalloc((size_t) (nf + 2 * cfg->n_start_vm + 1), sizeof(char *));
		int			n = 0;
		bool		ok;

		for (int i = 0; i < nf; i++)
			argv[n++] = (char *) fixed[i];
		/* a guest a START_VM line checks with ready=tcp:PORT listens there */
		for (int i = 0; i < cfg->n_start_vm; i++)
			if (cfg->start_vm[i].ready == RDR_READY_TCP)
			{
				argv[n++] = "--vm-listen";
				argv[n++] = xasprintf("%s:%d", cfg->start_vm[i].vm, cfg->start_vm[i].ready_port);
			}
		argv[n] = NULL;
		rdr_log_verbose("rehearsal: starting %s --from-db on the copy", cfg->rh_sim);
		ok = spawn(sim, argv, log) && wait_ready(sim, ready, log);
		for (int i = nf + 1; i < n; i += 2)
			free(argv[i]);
		free(argv);
		free(timing);
		free(scale);
		free(apiv);
		free(maxs);
		if (!ok)
		{
			rdr_rehearse_sim_stop(sim);
			return false;
		}
	}
	/* what a failover waits for at least: engine start, host, SPM, a VM */
	sim->delays_s = s * (cfg->rh_startup_s + cfg->rh_approve_s + cfg->rh_activate_s +
						 cfg->rh_spm_contend_s + cfg->rh_vm_launch_s + cfg->rh_vm_powerup_s);
	rdr_log_info("rehearsal: rehearsal manager serves the copy at https://127.0.0.1:%d",
				 sim->https_port);
	return true;
}

void
rdr_rehearse_sim_stop(RdrRehearseSim *sim)
{
	const struct timespec stop_poll = {0, 50 * 1000 * 1000};
	int			status;

	if (sim->pid <= 0)
		return;
	kill(-sim->pid, SIGTERM);
	for (int i = 0; i < 100; i++)
	{
		if (waitpid(sim->pid, &status, WNOHANG) == sim->pid)
		{
			sim->pid = 0;
			return;
		}
		nanosleep(&stop_poll, NULL);
	}
	kill(-sim->pid, SIGKILL);
	(void) waitpid(sim->pid, &status, 0);
	sim->pid = 0;
}
