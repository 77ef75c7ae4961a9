/*-------------------------------------------------------------------------
 *
 * runstate.c
 *	  Reading and atomically rewriting rdr-failover's state file.
 *
 * The file is small text, one fact per line, so an administrator can
 * read it during an incident:
 *		rdr-failover-state 1
 *		config /root/rdr/rhevm-failover.cfg
 *		steps 14
 *		started 1764063000
 *		done backup 1.204 /tmp/rdr/rhevm-20261125-093012.dump
 *		done storage 0.412 run 5
 *		finished
 * A line that cannot be parsed makes the whole file refused: guessing
 * which steps finished is exactly what --resume must never do.
 *
 *-------------------------------------------------------------------------
 */
#include "runstate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "changefile.h"
#include "config.h"
#include "log.h"

#define STATE_MAGIC "rdr-failover-state 1"
#define STATE_NAME "rdr-failover.state"
/* the latest start time accepted: 9999-12-31, what strftime can print */
#define MAX_STARTED 253402300799LL

/* load: parse the state file; false (logged) if unreadable or damaged. */
static bool
load(RdrRunState *rs, bool *exists)
{
	int			fd = openat(rs->dir_fd, STATE_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	FILE	   *f = NULL;
	struct stat st;
	char		line[6000];
	int			lineno = 0;

	*exists = false;
	if (fd < 0)
	{
		if (errno == ENOENT)
			return true;
		rdr_log_error("could not open state file \"%s\": %s", rs->path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (f = fdopen(fd, "r")) == NULL)
	{
		rdr_log_error("state file \"%s\" is not a regular file", rs->path);
		close(fd);
		return false;
	}
	*exists = true;
	while (fgets(line, sizeof(line), f))
	{
		char		name[32];
		double		secs;
		int			off = 0;
		long long	t;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1 && strcmp(line, STATE_MAGIC) == 0)
			continue;
		if (lineno == 1)
			goto bad;
		if (strncmp(line, "config ", 7) == 0)
			snprintf(rs->config, sizeof(rs->config), "%.4000s", line + 7);
		else if (sscanf(line, "steps %u", &rs->steps) == 1)
			;
		else if (sscanf(line, "started %lld", &t) == 1)
		{
			/* a time no calendar can print is damage, not a start time */
			if (t <= 0 || t > MAX_STARTED)
				goto bad;
			rs->started = (time_t) t;
		}
		else if (strcmp(line, "finished") == 0)
			rs->finished = true;
		else if (sscanf(line, "done %31s %lf %n", name, &secs, &off) == 2 &&
				 rs->n_steps < RDR_MAX_STEPS)
		{
			RdrStepState *s = &rs->step[rs->n_steps++];

			snprintf(s->name, sizeof(s->name), "%s", name);
			s->done = true;
			s->seconds = secs;
			snprintf(s->note, sizeof(s->note), "%.1000s", off > 0 ? line + off : "");
		}
		else
			goto bad;
	}
	fclose(f);
	if (lineno == 0)
	{
		lineno = 1;
		f = NULL;
		goto bad;
	}
	return true;

bad:
	if (f)
		fclose(f);
	rdr_log_error("state file \"%s\" is damaged at line %d", rs->path, lineno);
	rdr_log_hint("Check which steps finished in the log, then remove the file to start a new run.");
	return false;
}

/* save: the state, replaced atomically (atomic_file.c), mode 0600. */
static bool
save(const RdrRunState *rs)
{
	char	   *text = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&text, &len);
	bool		ok;

	if (f == NULL)
	{
		rdr_log_error("could not write state file \"%s\": %s", rs->path, strerror(errno));
		return false;
	}
	fprintf(f, "%s\nconfig %s\nsteps %u\nstarted %lld\n", STATE_MAGIC, rs->config,
			rs->steps, (long long) rs->started);
	for (int i = 0; i < rs->n_steps; i++)
		if (rs->step[i].done)
			fprintf(f, "done %s %.3f %s\n", rs->step[i].name, rs->step[i].seconds,
					rs->step[i].note);
	if (rs->finished)
		fprintf(f, "finished\n");
	if (fclose(f) != 0)
	{
		rdr_log_error("could not write state file \"%s\": %s", rs->path, strerror(errno));
		free(text);
		return false;
	}
	ok = rdr_write_file_atomic_at(rs->dir_fd, rs->dir, STATE_NAME, text, len, 0600);
	free(text);
	return ok;
}

bool
rdr_runstate_open(RdrRunState *rs, int dir_fd, const char *working_dir,
				  const char *config, unsigned steps, bool resume, bool start_new)
{
	char		lockpath[4200];
	bool		exists;
	RdrRunState old;
	char		when[64];
	struct tm	tm;

	memset(rs, 0, sizeof(*rs));
	rs->lock_fd = -1;
	rs->dir_fd = dir_fd;
	snprintf(rs->dir, sizeof(rs->dir), "%s", working_dir);
	snprintf(rs->path, sizeof(rs->path), "%s/%s", working_dir, STATE_NAME);
	snprintf(rs->changes_path, sizeof(rs->changes_path), "%s/%s", working_dir,
			 RDR_CHANGEFILE_NAME);
	snprintf(lockpath, sizeof(lockpath), "%s/rdr-failover.lock", working_dir);
	/* by name in the directory held open, never through a symlink */
	rs->lock_fd = openat(dir_fd, "rdr-failover.lock",
						 O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (rs->lock_fd < 0)
	{
		rdr_log_error("could not open lock file \"%s\": %s", lockpath, strerror(errno));
		return false;
	}
	if (flock(rs->lock_fd, LOCK_EX | LOCK_NB) != 0)
	{
		rdr_log_error("another rdr-failover is running with working_dir \"%s\"", working_dir);
		rdr_log_hint("Wait for it to finish; its progress is in the log file.");
		close(rs->lock_fd);
		rs->lock_fd = -1;
		return false;
	}

	old = *rs;
	if (!load(&old, &exists))
		return false;
	if (resume)
	{
		if (!exists || old.finished)
		{
			rdr_log_error("nothing to resume: %s", exists ? "the last run in working_dir finished"
						  : "no run state in working_dir");
			rdr_log_detail("State file: %s.", rs->path);
			rdr_log_hint("Run without --resume to start a new failover.");
			return false;
		}
		if (strcmp(old.config, config) != 0)
		{
			rdr_log_error("the interrupted run used configuration \"%s\", not \"%s\"",
						  old.config, config);
			rdr_log_hint("Resume with -c %s.", old.config);
			return false;
		}
		old.resumed = true;
		*rs = old;
		if (steps != 0 && steps != rs->steps)
			rdr_log_warning("resuming the interrupted run's steps, not those given now");
		return true;
	}
	if (exists && !old.finished && start_new)
	{
		/* --new: keep the interrupted run's files, under its start time */
		char		stamp[32];
		char		to[4200];
		struct tm	tm;

		localtime_r(&old.started, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(to, sizeof(to), "%s.%s", rs->changes_path, stamp);
		if (access(rs->changes_path, F_OK) == 0 && rename(rs->changes_path, to) != 0)
		{
			rdr_log_error("could not archive \"%s\" as \"%s\": %s", rs->changes_path, to,
						  strerror(errno));
			return false;
		}
		snprintf(to, sizeof(to), "%s.%s", rs->path, stamp);
		if (rename(rs->path, to) != 0)
		{
			rdr_log_error("could not archive \"%s\" as \"%s\": %s", rs->path, to, strerror(errno));
			return false;
		}
		rdr_log_info("the interrupted run's state is kept as %s; starting a new run", to);
	}
	else if (exists && !old.finished)
	{
		if (old.started == 0 || localtime_r(&old.started, &tm) == NULL ||
			strftime(when, sizeof(when), "started %Y-%m-%d %H:%M:%S", &tm) == 0)
			snprintf(when, sizeof(when), "started at an unknown time");
		rdr_log_error("an interrupted run exists in working_dir (%s)", when);
		rdr_log_detail("Its state is in %s.", rs->path);
		rdr_log_hint("Use --resume to finish it, or --new to start over (its state is kept under another name).");
		return false;
	}
	/* the rows of the last run must not pass for this run's */
	if (!rdr_changefile_remove(rs->changes_path))
		return false;
	snprintf(rs->config, sizeof(rs->config), "%s", config);
	rs->steps = steps;
	rs->started = time(NULL);
	return save(rs);
}

bool
rdr_runstate_is_done(const RdrRunState *rs, const char *name, const RdrStepState **st)
{
	for (int i = 0; i < rs->n_steps; i++)
		if (strcmp(rs->step[i].name, name) == 0 && rs->step[i].done)
		{
			if (st)
				*st = &rs->step[i];
			return true;
		}
	return false;
}

bool
rdr_runstate_mark_done(RdrRunState *rs, const char *name, double seconds, const char *note)
{
	RdrStepState *s;

	/* a step done again (forgotten, or --redo) replaces its line */
	for (s = rs->step; s < rs->step + rs->n_steps; s++)
		if (strcmp(s->name, name) == 0)
			break;
	if (s == rs->step + rs->n_steps)
	{
		if (rs->n_steps >= RDR_MAX_STEPS)
			return false;
		rs->n_steps++;
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->done = true;
	s->seconds = seconds;
	snprintf(s->note, sizeof(s->note), "%s", note ? note : "");
	/* a note is one line of the file */
	for (char *p = s->note; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return save(rs);
}

bool
rdr_runstate_forget(RdrRunState *rs, const char *name)
{
	for (int i = 0; i < rs->n_steps; i++)
		if (strcmp(rs->step[i].name, name) == 0)
			rs->step[i].done = false;
	return save(rs);
}

bool
rdr_runstate_finish(RdrRunState *rs)
{
	rs->finished = true;
	return save(rs);
}

void
rdr_runstate_discard(RdrRunState *rs)
{
	bool		any = false;

	for (int i = 0; i < rs->n_steps; i++)
		any |= rs->step[i].done;
	if (!rs->resumed && !any && !rs->finished)
		unlinkat(rs->dir_fd, STATE_NAME, 0);
}

void
rdr_runstate_close(RdrRunState *rs)
{
	if (rs->lock_fd >= 0)
		close(rs->lock_fd);
	rs->lock_fd = -1;
}
