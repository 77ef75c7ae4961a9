/*-------------------------------------------------------------------------
 *
 * interrupt.h
 *	  Ctrl-C, SIGTERM and SIGHUP during a run of rdr-failover: noted by a
 *	  signal handler, acted upon at safe points.
 *
 * The handler only records the signal (and, while the storage transaction
 * is open, shuts its socket down so that the server rolls it back); the
 * code that waits (runcmd.c's poll loop, engine.c's session poll, the
 * steps of rdr_failover_main.c) asks rdr_interrupted() and stops cleanly:
 * a child's process group terminated, the step recorded as not done, the
 * engine put back as it was, exit code 128 + signal number.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_INTERRUPT_H
#define RDR_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>

/*
 * rdr_interrupt_install: catch SIGINT, SIGTERM and SIGHUP (sigaction,
 * SA_RESTART), even when they were ignored on entry.  False (logged) if
 * sigaction fails.
 */
extern bool rdr_interrupt_install(void);

/* rdr_interrupted: the first signal received, 0 if none. */
extern int	rdr_interrupted(void);

/*
 * rdr_interrupt_count: how many signals were received so far.  A child
 * started after an interruption (the engine restarted after an
 * interrupted step) is stopped only by a further signal.
 */
extern int	rdr_interrupt_count(void);

/* rdr_interrupt_signals: the set of the signals caught, for ppoll masks. */
extern void rdr_interrupt_signals(sigset_t *set);

/*
 * rdr_interrupt_set_socket: while fd >= 0, a signal also shuts that
 * socket down (shutdown(2) is async-signal-safe): libpq then sees a lost
 * connection at its next read or write, and the server rolls back the
 * open transaction.  -1 disarms it.
 */
extern void rdr_interrupt_set_socket(int fd);

/* rdr_signal_name: "SIGINT", "SIGTERM", "SIGHUP", "SIGKILL" or "a signal". */
extern const char *rdr_signal_name(int sig);

/* rdr_interrupt_exit_code: 128 + the first signal (the shell's convention). */
extern int	rdr_interrupt_exit_code(void);

#endif							/* RDR_INTERRUPT_H */
