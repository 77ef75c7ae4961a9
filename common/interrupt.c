/*-------------------------------------------------------------------------
 *
 * interrupt.c
 *	  The signal handler of rdr-failover and the flag it sets.
 *
 * The children of rdr-failover (pg_dump, the engine's stop and start
 * commands) run in their own process groups so that a time limit can kill
 * all they started; the terminal's Ctrl-C therefore reaches rdr-failover
 * only, and rdr-failover must pass it on rather than die and leave them
 * running.  The handler does the least it can: it records the signal in
 * volatile sig_atomic_t variables (the one kind of global mutable state
 * besides config and log level that rdr allows, as PostgreSQL's
 * InterruptPending is) and, while the storage transaction is open, shuts
 * the database socket down.  Everything else happens at safe points that
 * ask rdr_interrupted(): runcmd.c's ppoll loop (woken by the signal, see
 * there), engine.c's session poll, and the step boundaries of
 * rdr_failover_main.c.
 *
 *-------------------------------------------------------------------------
 */
#include "interrupt.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"

/* The signals that stop a run. */
static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

/*
 * Written by the handler only (the other signals are blocked while it
 * runs, so its read-modify-write of interrupt_n cannot interleave), read
 * by the main program.
 */
static volatile sig_atomic_t interrupt_sig = 0;
static volatile sig_atomic_t interrupt_n = 0;

/* written by the main program only, read by the handler */
static volatile sig_atomic_t interrupt_fd = -1;

/* handle_signal: note it; stop the open storage transaction's socket. */
static void
handle_signal(int sig)
{
	int			save_errno = errno;

	if (interrupt_sig == 0)
		interrupt_sig = sig;
	interrupt_n = interrupt_n + 1;
	if (interrupt_fd >= 0)
		(void) shutdown(interrupt_fd, SHUT_RDWR);
	errno = save_errno;
}

/*
 * rdr_interrupt_install: see interrupt.h.  The signals are caught even if
 * ignored on entry ("rdr-failover ... &" in a script ignores SIGINT): a
 * failover must never be stopped half-way without its children.
 */
bool
rdr_interrupt_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handle_signal;
	/* restart reads and writes; poll, ppoll and nanosleep still wake */
	sa.sa_flags = SA_RESTART;
	rdr_interrupt_signals(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
	{
		if (sigaction(caught[i], &sa, NULL) != 0)
		{
			rdr_log_error("could not install the handler of signal %d: %s",
						  caught[i], strerror(errno));
			return false;
		}
	}
	return true;
}

int
rdr_interrupted(void)
{
	return interrupt_sig;
}

int
rdr_interrupt_count(void)
{
	return interrupt_n;
}

void
rdr_interrupt_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaddset(set, caught[i]);
}

/*
 * rdr_interrupt_set_socket: see interrupt.h.  A signal that came before
 * the socket was armed shuts it down at once: the transaction about to be
 * opened on it must not commit either.
 */
void
rdr_interrupt_set_socket(int fd)
{
	interrupt_fd = fd;
	if (fd >= 0 && interrupt_sig != 0)
		(void) shutdown(fd, SHUT_RDWR);
}

const char *
rdr_signal_name(int sig)
{
	switch (sig)
	{
		case SIGINT:
			return "SIGINT";
		case SIGTERM:
			return "SIGTERM";
		case SIGHUP:
			return "SIGHUP";
		case SIGKILL:
			return "SIGKILL";
	}
	return "a signal";
}

int
rdr_interrupt_exit_code(void)
{
	return interrupt_sig ? 128 + interrupt_sig : 0;
}
