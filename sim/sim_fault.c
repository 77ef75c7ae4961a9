/*-------------------------------------------------------------------------
 *
 * sim_fault.c
 *	  Parsing and deciding fault injection rules.
 *
 * A rule is "KIND key=value ..." (a scenario "fault" line or a --fault
 * option).  Rate rules use a hash of (seed, request number) rather than a
 * PRNG stream, so the decision for request n does not depend on which
 * worker thread asked first: a test that replays the same requests sees
 * the same faults.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_fault.h"

static const char *const kind_names[] = {
	"latency", "error", "drop", "badxml", "expire", "tlsdelay", "neverup",
	"installfail", "refuse", "actionfail"
};

const char *
sim_fault_kind_name(SimFaultKind k)
{
	return kind_names[k];
}

/* Parse a number in [lo, hi]; false if it is not one. */
static bool
parse_num(const char *s, double lo, double hi, double *out)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/*
 * sim_fault_add
 *		Add the rule in tok[0..ntok-1]; on error false with a message in err.
 */
bool
sim_fault_add(SimFaults *f, char **tok, int ntok, char *err, size_t errlen)
{
	SimFaultRule r;
	int			i;
	int			k;

	memset(&r, 0, sizeof(r));
	r.rate = 1.0;
	r.code = 503;
	r.count = -1;
	if (ntok < 1)
	{
		snprintf(err, errlen, "fault needs a kind (latency, error, drop, badxml, expire, tlsdelay, neverup, installfail, refuse, actionfail)");
		return false;
	}
	for (k = 0; k <= FAULT_ACTIONFAIL; k++)
		if (strcmp(tok[0], kind_names[k]) == 0)
			break;
	if (k > FAULT_ACTIONFAIL)
	{
		snprintf(err, errlen, "unknown fault kind \"%s\"", tok[0]);
		return false;
	}
	if (f->n >= SIM_MAX_FAULTS)
	{
		snprintf(err, errlen, "too many fault rules (at most %d)", SIM_MAX_FAULTS);
		return false;
	}
	r.kind = (SimFaultKind) k;
	for (i = 1; i < ntok; i++)
	{
		char	   *eq = strchr(tok[i], '=');
		const char *key = tok[i];
		const char *val;
		double		v;

		if (eq == NULL)
		{
			snprintf(err, errlen, "fault %s: \"%s\" is not key=value", tok[0], tok[i]);
			goto fail;
		}
		*eq = '\0';
		val = eq + 1;
		if (strcmp(key, "rate") == 0 && parse_num(val, 0, 1, &v))
			r.rate = v;
		else if (strcmp(key, "code") == 0 && parse_num(val, 400, 599, &v))
			r.code = (int) v;
		else if (strcmp(key, "count") == 0 && parse_num(val, 0, 1e12, &v))
			r.count = (long) v;
		else if (strcmp(key, "ms") == 0 && parse_num(val, 0, 600000, &v))
			r.ms = (int) v;
		else if (strcmp(key, "seed") == 0 && parse_num(val, 0, 1e15, &v))
			f->seed = (unsigned long) v;
		else if (strcmp(key, "match") == 0 && *val && r.match == NULL)
			r.match = strdup(val);
		else if (strcmp(key, "host") == 0 && *val && r.host == NULL)
			r.host = strdup(val);
		else if (strcmp(key, "lang") == 0 && r.kind == FAULT_REFUSE &&
				 (strcmp(val, "en") == 0 || strcmp(val, "fr") == 0 ||
				  strcmp(val, "de") == 0))
			r.lang = strcmp(val, "en") == 0 ? "en" : strcmp(val, "fr") == 0 ? "fr" : "de";
		else
		{
			snprintf(err, errlen, "fault %s: invalid %s \"%s\"", tok[0], key, val);
			*eq = '=';
			goto fail;
		}
		*eq = '=';
	}
	if ((r.kind == FAULT_NEVERUP || r.kind == FAULT_INSTALLFAIL) && r.host == NULL)
	{
		snprintf(err, errlen, "fault %s needs host=NAME", tok[0]);
		goto fail;
	}
	if ((r.kind == FAULT_LATENCY || r.kind == FAULT_TLSDELAY) && r.ms == 0)
	{
		snprintf(err, errlen, "fault %s needs ms=N (N > 0)", tok[0]);
		goto fail;
	}
	f->rules[f->n++] = r;
	return true;

fail:
	free(r.match);
	free(r.host);
	return false;
}

/*
 * sim_fault_refusal_text
 *		The fault detail of a refuse rule: ACTION_TYPE_FAILED_NO_VDS_IN_POOL
 *		as the engine renders it in the rule's language.  The engine answers
 *		in the client's Accept-Language; the texts are the engine's bundles
 *		(AppErrors.properties, AppErrors_fr_FR.properties and
 *		AppErrors_de_DE.properties, with VAR__ACTION__MANUAL_FENCE and
 *		VAR__TYPE__HOST), so a client that matches English text is caught.
 */
const char *
sim_fault_refusal_text(const SimFaultRule *r, bool fence)
{
	const char *lang = r->lang ? r->lang : "en";

	if (strcmp(lang, "fr") == 0)
		return fence ?
			"[Impossible de confirmer 'H\xc3\xb4te red\xc3\xa9marr\xc3\xa9' " "H\xc3\xb4te. "
			"Il n'y a pas d'H\xc3\xb4te actif dans le Centre de donn\xc3\xa9" "es.]" :
			"[Impossible d'effectuer l'action. Il n'y a pas d'H\xc3\xb4te actif dans le Centre de donn\xc3\xa9" "es.]";
	if (strcmp(lang, "de") == 0)
		return fence ?
			"[Kann Host nicht best\xc3\xa4tigen \xc2\xbbHost wurde neu gestartet\xc2\xab. "
			"Es gibt keinen aktiven Host im Data-Center.]" :
			"[Aktion kann nicht ausgef\xc3\xbchrt werden. Es gibt keinen aktiven Host im Data-Center.]";
	return fence ?
		"[Cannot confirm 'Host has been rebooted' Host. There is no active Host in the Data Center.]" :
		"[Cannot perform action. There is no active Host in the Data Center.]";
}

void
sim_fault_free(SimFaults *f)
{
	int			i;

	for (i = 0; i < f->n; i++)
	{
		free(f->rules[i].match);
		free(f->rules[i].host);
	}
	f->n = 0;
}

/* splitmix64: a well-mixed 64-bit hash of (seed, n), mapped to [0, 1). */
static double
unit_hash(unsigned long seed, unsigned long n)
{
	unsigned long long z = seed * 0x9e3779b97f4a7c15ULL + n * 0xbf58476d1ce4e5b9ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (z >> 11) * (1.0 / 9007199254740992.0);
}

static bool
rule_matches(const SimFaultRule *r, const char *what)
{
	return r->match == NULL || strstr(what, r->match) != NULL;
}

/*
 * sim_fault_pick
 *		The first error/drop/badxml/expire rule that fires for request n
 *		("METHOD /path"), or NULL.  A rule with a count stops after firing
 *		count times.
 */
const SimFaultRule *
sim_fault_pick(SimFaults *f, unsigned long n, const char *what)
{
	int			i;

	for (i = 0; i < f->n; i++)
	{
		SimFaultRule *r = &f->rules[i];

		if (r->kind != FAULT_ERROR && r->kind != FAULT_DROP &&
			r->kind != FAULT_BADXML && r->kind != FAULT_EXPIRE &&
			r->kind != FAULT_REFUSE && r->kind != FAULT_ACTIONFAIL)
			continue;
		/* refuse and actionfail concern actions only */
		if ((r->kind == FAULT_REFUSE || r->kind == FAULT_ACTIONFAIL) &&
			strncmp(what, "POST ", 5) != 0)
			continue;
		if (!rule_matches(r, what))
			continue;
		if (r->rate < 1.0 && unit_hash(f->seed + (unsigned long) i, n) >= r->rate)
			continue;
		if (r->count >= 0 &&
			__atomic_fetch_add(&r->fired, 1, __ATOMIC_SEQ_CST) >= r->count)
			continue;
		if (r->count < 0)
			__atomic_fetch_add(&r->fired, 1, __ATOMIC_SEQ_CST);
		return r;
	}
	return NULL;
}

/* sim_fault_latency_ms: total added latency for this request. */
int
sim_fault_latency_ms(SimFaults *f, const char *what)
{
	int			i,
				ms = 0;

	for (i = 0; i < f->n; i++)
		if (f->rules[i].kind == FAULT_LATENCY && rule_matches(&f->rules[i], what))
			ms += f->rules[i].ms;
	return ms;
}

/* sim_fault_tls_delay_ms: delay before each new connection's handshake. */
int
sim_fault_tls_delay_ms(SimFaults *f)
{
	int			i,
				ms = 0;

	for (i = 0; i < f->n; i++)
		if (f->rules[i].kind == FAULT_TLSDELAY && f->rules[i].ms > ms)
			ms = f->rules[i].ms;
	return ms;
}
