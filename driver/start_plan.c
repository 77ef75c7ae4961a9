/*-------------------------------------------------------------------------
 *
 * start_plan.c
 *	  The words of a START_VM line and the checks of the recovery plan
 *	  they make (see start_plan.h).
 *
 * The dependency graph is checked without recursion (a plan may list
 * thousands of VMs, each after the one before it): Kahn's algorithm
 * removes every VM whose dependencies of its own group are removed; what
 * is left is on or behind a cycle, and walking from a left VM to a left
 * dependency must come back to a VM already walked, which closes the
 * cycle that is reported.
 *
 *-------------------------------------------------------------------------
 */
#include "start_plan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_lex.h"
#include "numparse.h"
#include "xalloc.h"

/* set_err: the message of a refused line */
static bool set_err(char *err, size_t errlen, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static bool
set_err(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

/* parse_after: "a,b,c" into v->after; no empty name */
static bool
parse_after(const char *list, RdrConfStartVm *v, char *err, size_t errlen)
{
	const char *p = list;

	for (;;)
	{
		const char *comma = strchr(p, ',');
		size_t		len = comma ? (size_t) (comma - p) : strlen(p);

		if (len == 0)
			return set_err(err, errlen, "invalid after=%s for VM \"%s\": expected "
						   "VM names separated by commas", list, v->vm);
		v->after = xreallocarray(v->after, (size_t) v->n_after + 1, sizeof(char *));
		v->after[v->n_after++] = xstrndup(p, len);
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

/*
 * parse_ready: up, ip, tcp:PORT or cmd:COMMAND, the command being the
 * rest of the line (rdr.conf has no quoting, as the seed's read_cfg).
 * *used: how many more words the command took.
 */
static bool
parse_ready(char **tok, int ntok, int i, RdrConfStartVm *v, int *used,
			char *err, size_t errlen)
{
	const char *val = tok[i] + strlen("ready=");

	*used = 0;
	if (strcmp(val, "up") == 0)
		v->ready = RDR_READY_UP;
	else if (strcmp(val, "ip") == 0)
		v->ready = RDR_READY_IP;
	else if (strncmp(val, "tcp:", 4) == 0)
	{
		v->ready = RDR_READY_TCP;
		if (!rdr_parse_int(val + 4, 1, 65535, &v->ready_port))
			return set_err(err, errlen, "invalid port in ready=%s for VM \"%s\": "
						   "expected tcp:PORT with PORT from 1 to 65535", val, v->vm);
	}
	else if (strncmp(val, "cmd:", 4) == 0)
	{
		size_t		len = strlen(val + 4);

		for (int j = i + 1; j < ntok; j++)
			len += 1 + strlen(tok[j]);
		if (len == 0)
			return set_err(err, errlen, "empty command in ready=cmd: for VM \"%s\"", v->vm);
		v->ready = RDR_READY_CMD;
		v->ready_cmd = xmalloc(len + 1);
		snprintf(v->ready_cmd, len + 1, "%s", val + 4);
		for (int j = i + 1; j < ntok; j++)
		{
			size_t		cur = strlen(v->ready_cmd);

			snprintf(v->ready_cmd + cur, len + 1 - cur, "%s%s", cur ? " " : "", tok[j]);
		}
		*used = ntok - i - 1;
	}
	else
		return set_err(err, errlen, "invalid ready=%s for VM \"%s\": expected up, ip, "
					   "tcp:PORT or cmd:COMMAND", val, v->vm);
	return true;
}

/*
 * rdr_start_vm_parse: see start_plan.h.
 */
bool
rdr_start_vm_parse(char **tok, int ntok, RdrConfStartVm *v, char *err, size_t errlen)
{
	int			i = 2;
	bool		delay_given = false;
	unsigned	seen = 0;		/* bit per word: group, after, ready, timeout */
	static const char *const words[] = {"group=", "after=", "ready=", "timeout="};

	if (ntok < 2)
		return set_err(err, errlen, "expected \"START_VM VM DELAY\"");
	v->vm = xstrdup(tok[1]);
	v->group = RDR_START_DEFAULT_GROUP;
	if (ntok > 2 && strchr(tok[2], '=') == NULL)
	{
		if (!rdr_parse_int(tok[2], 0, 86400, &v->delay_s))
			return set_err(err, errlen, "invalid delay \"%s\" for VM \"%s\": expected "
						   "seconds from 0 to 86400", tok[2], tok[1]);
		delay_given = true;
		i = 3;
	}
	for (; i < ntok; i++)
	{
		int			w;

		for (w = 0; w < 4; w++)
			if (strncasecmp(tok[i], words[w], strlen(words[w])) == 0)
				break;
		if (w == 4)
			return set_err(err, errlen, "unknown word \"%s\" for VM \"%s\": expected "
						   "group=, after=, ready= or timeout=", tok[i], v->vm);
		if (seen & (1u << w))
			return set_err(err, errlen, "%s is given twice for VM \"%s\"", words[w], v->vm);
		seen |= 1u << w;
		v->planned = true;
		if (w == 0 && !rdr_parse_int(tok[i] + 6, 1, RDR_START_GROUPS, &v->group))
			return set_err(err, errlen, "invalid %s for VM \"%s\": expected a group "
						   "from 1 to %d", tok[i], v->vm, RDR_START_GROUPS);
		if (w == 1 && !parse_after(tok[i] + 6, v, err, errlen))
			return false;
		if (w == 2)
		{
			int			used;

			if (!parse_ready(tok, ntok, i, v, &used, err, errlen))
				return false;
			i += used;
		}
		if (w == 3 && !rdr_parse_int(tok[i] + 8, 1, 86400, &v->timeout_s))
			return set_err(err, errlen, "invalid %s for VM \"%s\": expected seconds "
						   "from 1 to 86400", tok[i], v->vm);
	}
	/* a seed line must keep the seed's form: the delay is what it means */
	if (!v->planned && !delay_given)
		return set_err(err, errlen, "expected \"START_VM VM DELAY\"");
	return true;
}

/* Index of a VM name, for lookups in plans of thousands of VMs. */
typedef struct NameIdx
{
	const char *name;
	int			idx;
} NameIdx;

static int
cmp_name_idx(const void *a, const void *b)
{
	const NameIdx *x = a;
	const NameIdx *y = b;
	int			c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* find_name: the first line naming name, -1 if none */
static int
find_name(const NameIdx *sorted, int n, const char *name)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(sorted[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(sorted[lo].name, name) == 0 ? sorted[lo].idx : -1;
}

/*
 * report_cycle: walk from start along dependencies of the same group that
 * Kahn's algorithm left (left[]), marking them done; when the walk comes
 * back to a VM of this walk, log the cycle from there.  Returns 1 if a
 * cycle was logged, 0 if the walk ran into one reported before.
 */
static int
report_cycle(const char *file, RdrConfStartVm *vms, char *left, int *walk_pos,
			 int *walk, int start)
{
	int			len = 0;
	int			v = start;
	int			from;
	int			shown;
	char	   *chain;
	size_t		cap = 64;

	for (;;)
	{
		int			next = -1;

		walk_pos[v] = len;
		walk[len++] = v;
		left[v] = 2;			/* on this walk */
		for (int k = 0; k < vms[v].n_after && next < 0; k++)
		{
			int			d = vms[v].after_idx[k];

			/* a cycle is found only through VMs not walked before */
			if (d >= 0 && vms[d].group == vms[v].group && (left[d] == 1 || left[d] == 2))
				next = d;
		}
		if (next < 0)
		{
			/* behind a cycle already told */
			for (int k = 0; k < len; k++)
				left[walk[k]] = 3;
			return 0;
		}
		if (left[next] == 2)
		{
			from = walk_pos[next];
			break;
		}
		v = next;
	}
	/* a cycle through thousands of VMs is told by its first ten */
	shown = len - from > 10 ? from + 10 : len;
	for (int k = from; k < shown; k++)
		cap += strlen(vms[walk[k]].vm) + 32;
	cap += strlen(vms[walk[from]].vm);
	chain = xmalloc(cap);
	chain[0] = '\0';
	for (int k = from; k < shown; k++)
	{
		size_t		cur = strlen(chain);

		snprintf(chain + cur, cap - cur, "%s (line %d) after ", vms[walk[k]].vm,
				 vms[walk[k]].line);
	}
	{
		size_t		cur = strlen(chain);

		if (shown < len)
			snprintf(chain + cur, cap - cur, "... (%d VMs in all) after %s", len - from,
					 vms[walk[from]].vm);
		else
			snprintf(chain + cur, cap - cur, "%s", vms[walk[from]].vm);
	}
	rdr_lex_error(file, vms[walk[from]].line, "START_VM dependency cycle in group %d: %s",
				  vms[walk[from]].group, chain);
	free(chain);
	for (int k = 0; k < len; k++)
		left[walk[k]] = 3;
	return 1;
}

/*
 * check_cycles: Kahn's algorithm over the dependencies inside each group
 * (a dependency on an earlier group is met before the group starts).
 */
static int
check_cycles(const char *file, RdrConfStartVm *vms, int n)
{
	int		   *indeg = xcalloc((size_t) n + 1, sizeof(int));
	int		   *queue = xcalloc((size_t) n + 1, sizeof(int));
	int		   *walk = xcalloc((size_t) n + 1, sizeof(int));
	int		   *walk_pos = xcalloc((size_t) n + 1, sizeof(int));
	char	   *left = xcalloc((size_t) n + 1, 1);
	int		   *succ_start = xcalloc((size_t) n + 2, sizeof(int));
	int		   *succ;
	int			nedges = 0;
	int			head = 0;
	int			tail = 0;
	int			errors = 0;

	/* successor lists (dependency -> dependants) in one array */
	for (int v = 0; v < n; v++)
		for (int k = 0; k < vms[v].n_after; k++)
		{
			int			d = vms[v].after_idx[k];

			if (d >= 0 && vms[d].group == vms[v].group)
			{
				indeg[v]++;
				succ_start[d + 1]++;
				nedges++;
			}
		}
	for (int v = 0; v < n; v++)
		succ_start[v + 1] += succ_start[v];
	succ = xcalloc((size_t) nedges + 1, sizeof(int));
	{
		int		   *fill = xcalloc((size_t) n + 1, sizeof(int));

		for (int v = 0; v < n; v++)
			for (int k = 0; k < vms[v].n_after; k++)
			{
				int			d = vms[v].after_idx[k];

				if (d >= 0 && vms[d].group == vms[v].group)
					succ[succ_start[d] + fill[d]++] = v;
			}
		free(fill);
	}
	for (int v = 0; v < n; v++)
	{
		left[v] = 1;
		if (indeg[v] == 0)
			queue[tail++] = v;
	}
	while (head < tail)
	{
		int			d = queue[head++];

		left[d] = 0;
		for (int e = succ_start[d]; e < succ_start[d + 1]; e++)
			if (--indeg[succ[e]] == 0)
				queue[tail++] = succ[e];
	}
	for (int v = 0; v < n; v++)
		if (left[v] == 1)
			errors += report_cycle(file, vms, left, walk_pos, walk, v);
	free(indeg);
	free(queue);
	free(walk);
	free(walk_pos);
	free(left);
	free(succ_start);
	free(succ);
	return errors;
}

/*
 * rdr_start_plan_check: see start_plan.h.
 */
int
rdr_start_plan_check(const char *file, RdrConfStartVm *vms, int n, bool *planned)
{
	NameIdx    *sorted;
	int			errors = 0;

	*planned = false;
	for (int i = 0; i < n; i++)
		*planned = *planned || vms[i].planned;
	if (!*planned)
		return 0;				/* the seed's list: no more to check */

	sorted = xcalloc((size_t) n + 1, sizeof(NameIdx));
	for (int i = 0; i < n; i++)
	{
		sorted[i].name = vms[i].vm;
		sorted[i].idx = i;
	}
	qsort(sorted, (size_t) n, sizeof(NameIdx), cmp_name_idx);
	for (int i = 1; i < n; i++)
		if (strcmp(sorted[i].name, sorted[i - 1].name) == 0)
		{
			rdr_lex_error(file, vms[sorted[i].idx].line, "START_VM %s is given twice "
						  "(first at line %d)", sorted[i].name, vms[sorted[i - 1].idx].line);
			errors++;
		}
	for (int i = 0; i < n; i++)
	{
		RdrConfStartVm *v = &vms[i];

		free(v->after_idx);
		v->after_idx = xcalloc((size_t) v->n_after + 1, sizeof(int));
		for (int k = 0; k < v->n_after; k++)
		{
			int			d = find_name(sorted, n, v->after[k]);

			v->after_idx[k] = d;
			if (d < 0)
			{
				rdr_lex_error(file, v->line, "VM \"%s\" comes after \"%s\", which has "
							  "no START_VM line", v->vm, v->after[k]);
				errors++;
			}
			else if (vms[d].group > v->group)
			{
				rdr_lex_error(file, v->line, "VM \"%s\" of group %d comes after \"%s\" "
							  "of the later group %d (line %d): a group starts only when "
							  "the groups before it are done", v->vm, v->group,
							  vms[d].vm, vms[d].group, vms[d].line);
				v->after_idx[k] = -1;
				errors++;
			}
		}
	}
	free(sorted);
	return errors + check_cycles(file, vms, n);
}

/*
 * rdr_on_vm_failure_parse: see start_plan.h.
 */
bool
rdr_on_vm_failure_parse(const char *s, RdrOnVmFailure *out)
{
	if (strcasecmp(s, "stop") == 0)
		*out = RDR_ON_VM_FAILURE_STOP;
	else if (strcasecmp(s, "continue") == 0)
		*out = RDR_ON_VM_FAILURE_CONTINUE;
	else
		return false;
	return true;
}

/*
 * rdr_start_vm_write: see start_plan.h.
 */
void
rdr_start_vm_write(FILE *out, const RdrConfStartVm *v)
{
	fprintf(out, "START_VM %s %d", v->vm, v->delay_s);
	if (v->planned)
	{
		fprintf(out, " group=%d", v->group);
		for (int k = 0; k < v->n_after; k++)
			fprintf(out, "%s%s", k == 0 ? " after=" : ",", v->after[k]);
		if (v->timeout_s > 0)
			fprintf(out, " timeout=%d", v->timeout_s);
		if (v->ready == RDR_READY_TCP)
			fprintf(out, " ready=tcp:%d", v->ready_port);
		else if (v->ready == RDR_READY_CMD)
			fprintf(out, " ready=cmd:%s", v->ready_cmd);
		else
			fprintf(out, " ready=%s", rdr_ready_kind_name(v->ready));
	}
	fputc('\n', out);
}

/*
 * rdr_ready_kind_name: see start_plan.h.
 */
const char *
rdr_ready_kind_name(RdrReadyKind kind)
{
	switch (kind)
	{
		case RDR_READY_UP:
			return "up";
		case RDR_READY_IP:
			return "ip";
		case RDR_READY_TCP:
			return "tcp";
		case RDR_READY_CMD:
			return "cmd";
	}
	return "?";
}

/*
 * rdr_start_vm_free: see start_plan.h.
 */
void
rdr_start_vm_free(RdrConfStartVm *v)
{
	free(v->vm);
	for (int k = 0; k < v->n_after; k++)
		free(v->after[k]);
	free(v->after);
	free(v->after_idx);
	free(v->ready_cmd);
	memset(v, 0, sizeof(*v));
}
