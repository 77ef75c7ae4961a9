/*-------------------------------------------------------------------------
 *
 * sim_fault.h
 *	  Fault injection rules: latency, server errors, dropped connections,
 *	  bad XML, expired sessions, slow TLS handshakes, hosts that never
 *	  come up.  Deterministic: whether a rule fires for the n-th request
 *	  depends only on the seed and n.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_FAULT_H
#define SIM_FAULT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum SimFaultKind
{
	FAULT_LATENCY,
	FAULT_ERROR,
	FAULT_DROP,
	FAULT_BADXML,
	FAULT_EXPIRE,
	FAULT_TLSDELAY,
	FAULT_NEVERUP,
	FAULT_INSTALLFAIL,			/* host's next count installs fail */
	FAULT_REFUSE,				/* an action refused: no Up host in the DC */
	FAULT_ACTIONFAIL			/* an action answered 200, status failed */
} SimFaultKind;

typedef struct SimFaultRule
{
	SimFaultKind kind;
	double		rate;			/* 0..1, default 1 */
	int			code;			/* FAULT_ERROR: HTTP status */
	long		count;			/* fire at most this often, -1: no limit */
	long		fired;			/* updated atomically */
	int			ms;				/* FAULT_LATENCY, FAULT_TLSDELAY */
	char	   *match;			/* substring of "METHOD /path", NULL: all */
	char	   *host;			/* FAULT_NEVERUP, FAULT_INSTALLFAIL */
	const char *lang;			/* FAULT_REFUSE: "en" (default), "fr", "de" */
} SimFaultRule;

#define SIM_MAX_FAULTS 32

typedef struct SimFaults
{
	SimFaultRule rules[SIM_MAX_FAULTS];
	int			n;
	unsigned long seed;
} SimFaults;

extern bool sim_fault_add(SimFaults *f, char **tok, int ntok, char *err,
						  size_t errlen);
extern void sim_fault_free(SimFaults *f);
extern const SimFaultRule *sim_fault_pick(SimFaults *f, unsigned long n,
										  const char *what);
extern int	sim_fault_latency_ms(SimFaults *f, const char *what);
extern int	sim_fault_tls_delay_ms(SimFaults *f);
extern const char *sim_fault_kind_name(SimFaultKind k);
extern const char *sim_fault_refusal_text(const SimFaultRule *r, bool fence);

#endif							/* SIM_FAULT_H */
