/*-------------------------------------------------------------------------
 *
 * workflow_ready.c
 *	  Readiness of a planned VM that is up (START_VM ready=).
 *
 *	  up		the manager says up: ready at once
 *	  ip		the guest agent reports an IP address
 *	  tcp:PORT	a TCP connect from here to that address and port succeeds
 *	  cmd:C		sh -c C exits 0, with RDR_VM_NAME and RDR_VM_IP set
 *
 * Where the manager shows the agent's addresses differs by API version
 * (oVirt API model, github.com/oVirt/ovirt-engine-api-model):
 *	  v3: GET vms/ID, <vm><guest_info><ips><ip address="A"/></ips>
 *		  (api.xsd, GuestInfo and IP: attributes);
 *	  v4: GET vms/ID/reporteddevices, <reported_devices><reported_device>
 *		  <ips><ip><address>A</address></ip></ips> (types/ReportedDevice,
 *		  types/Ip: elements); v4 has no guest_info.
 * Until the agent reports an address the VM is polled like a VM coming
 * up; its timeout (START_VM timeout=, else CONFIG vm_timeout) runs from
 * its start request, so a guest whose agent never answers fails it.
 *
 * A TCP connect (non-blocking) or a command (a child process in a process
 * group of its own) runs beside everything else: the task starts it and
 * looks at it again after a few milliseconds, growing to 0.1 s, without
 * waiting on it, so one slow probe holds up no other VM.  Each try has
 * its own limit (2 s, 60 s), and the VM's timeout bounds them all: when
 * it passes, the task runner fails the task and workflow_start.c ends
 * the probe (wf_ready_stop), a command with its whole process group.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_ready.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "rest_xml.h"
#include "runcmd.h"
#include "xalloc.h"

enum
{
	PS_READY_IP = PS_READY_CHECK,	/* GET the agent's addresses */
	PS_READY_PROBE				/* tcp: or cmd: on the address */
};

/* One probe's own limits; the VM's timeout bounds all of its probes. */
#define READY_TCP_TIMEOUT_S 2
#define READY_CMD_TIMEOUT_S 60
/* A running probe is looked at after 5 ms, then twice as late, up to 0.1 s. */
#define READY_CHECK_MIN_S 0.005
#define READY_CHECK_MAX_S 0.1

typedef enum ProbeResult
{
	PROBE_RUNNING,
	PROBE_OK,
	PROBE_FAILED				/* why in WfReady.last */
} ProbeResult;

typedef struct WfReady
{
	char		ip[64];			/* the first address the agent reported */
	int			probes;			/* tcp:/cmd: tries */
	char		last[256];		/* why the last probe failed */
	bool		running;		/* a probe is under way */
	double		probe_until;	/* its own limit */
	double		check_s;		/* when to look at it again */
	int			fd;				/* tcp: the connecting socket, or -1 */
	bool		child_started;	/* cmd: child holds a command */
	RdrCmdChild child;
} WfReady;

/*
 * wf_ready_begin: see workflow_ready.h.
 */
bool
wf_ready_begin(WfRun *run, WfTask *t)
{
	const RdrStartVm *sv = &run->plan->start_vm[t->index];
	PlanVm	   *pv = t->data;

	if (sv->ready == RDR_READY_UP)
		return true;
	if (pv->ready == NULL)
	{
		pv->ready = xcalloc(1, sizeof(WfReady));
		pv->ready->fd = -1;
	}
	t->state = PS_READY_IP;
	wf_wait(run, t, 0, "the guest agent to report an IP address");
	return false;
}

/* parse_ip: the agent's first address in the answer, "" if none yet */
static bool
parse_ip(WfRun *run, WfTask *t, RdrRestCall *call, char *ip, size_t size)
{
	RdrXmlDoc  *doc;
	char		what[300];

	ip[0] = '\0';
	if (!call->ok)
	{
		wf_read_failed(run, t, call->error);
		return false;
	}
	snprintf(what, sizeof(what), "answer of GET %s", call->path);
	doc = rdr_xml_parse(call->resp, call->resp_len, what);
	if (doc == NULL)
	{
		wf_read_failed(run, t, "the answer was not well-formed XML");
		return false;
	}
	t->errors = 0;
	if (run->version == RDR_API_V4)
		(void) rdr_xml_string(doc, NULL, "/reported_devices/reported_device/ips/ip/address",
							  ip, size);
	else
		(void) rdr_xml_string(doc, NULL, "/vm/guest_info/ips/ip/@address", ip, size);
	rdr_xml_free(doc);
	return true;
}

static ProbeResult probe_failed(WfReady *r, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* probe_failed: the probe's failure, in r->last; PROBE_FAILED */
static ProbeResult
probe_failed(WfReady *r, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(r->last, sizeof(r->last), fmt, ap);
	va_end(ap);
	return PROBE_FAILED;
}

/* tcp_start: a non-blocking connect to ip:port */
static ProbeResult
tcp_start(WfReady *r, int port)
{
	struct sockaddr_storage ss;
	socklen_t	len;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, r->ip, &((struct sockaddr_in *) &ss)->sin_addr) == 1)
	{
		((struct sockaddr_in *) &ss)->sin_family = AF_INET;
		((struct sockaddr_in *) &ss)->sin_port = htons((uint16_t) port);
		len = sizeof(struct sockaddr_in);
	}
	else if (inet_pton(AF_INET6, r->ip, &((struct sockaddr_in6 *) &ss)->sin6_addr) == 1)
	{
		((struct sockaddr_in6 *) &ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *) &ss)->sin6_port = htons((uint16_t) port);
		len = sizeof(struct sockaddr_in6);
	}
	else
		return probe_failed(r, "the reported address \"%s\" is not an IP address", r->ip);
	r->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (r->fd < 0)
		return probe_failed(r, "socket: %s", strerror(errno));
	if (connect(r->fd, (struct sockaddr *) &ss, len) == 0)
		return PROBE_OK;
	if (errno == EINPROGRESS)
		return PROBE_RUNNING;
	return probe_failed(r, "connect to %s port %d: %s", r->ip, port, strerror(errno));
}

/* tcp_check: has the connect ended, without waiting */
static ProbeResult
tcp_check(WfReady *r, int port)
{
	struct pollfd pfd = {.fd = r->fd,.events = POLLOUT};
	int			err = 0;
	socklen_t	elen = sizeof(err);
	int			n = poll(&pfd, 1, 0);

	if (n == 0)
		return rdr_now() < r->probe_until ? PROBE_RUNNING :
			probe_failed(r, "connect to %s port %d: %s", r->ip, port, strerror(ETIMEDOUT));
	if (n < 0)
		err = errno;
	else if (getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
		err = errno;
	if (err == 0)
		return PROBE_OK;
	return probe_failed(r, "connect to %s port %d: %s", r->ip, port, strerror(err));
}

/* cmd_start: sh -c COMMAND with the VM's name and address, not awaited */
static ProbeResult
cmd_start(WfReady *r, const char *cmd, const char *vm)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char	   *name_env = xasprintf("RDR_VM_NAME=%s", vm);
	char	   *ip_env = xasprintf("RDR_VM_IP=%s", r->ip);
	const char *env[] = {name_env, ip_env, NULL};
	bool		started = rdr_cmd_start(argv, env, &r->child);

	free(name_env);
	free(ip_env);
	r->child_started = started;
	return started ? PROBE_RUNNING : probe_failed(r, "the command could not be run");
}

/* cmd_check: has the command exited, without waiting */
static ProbeResult
cmd_check(WfReady *r)
{
	RdrCmdResult *res = &r->child.res;
	char		line[200];

	if (!rdr_cmd_check(&r->child))
	{
		if (rdr_now() < r->probe_until)
			return PROBE_RUNNING;
		rdr_cmd_kill(&r->child);
		return probe_failed(r, "the command timed out after %d s", READY_CMD_TIMEOUT_S);
	}
	if (res->status == 0)
		return PROBE_OK;
	return probe_failed(r, "the command exited with status %d%s%s", res->status,
						rdr_cmd_last_line(res, line, sizeof(line))[0] ? ": " : "",
						rdr_cmd_last_line(res, line, sizeof(line)));
}

/* probe_end: close or kill what the current probe left */
static void
probe_end(WfReady *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (r->child_started)
	{
		rdr_cmd_kill(&r->child);
		rdr_cmd_result_free(&r->child.res);
	}
	r->child_started = false;
	r->running = false;
	r->check_s = 0;
}

/* probe_turn: start the VM's probe, or look whether it has ended */
static ProbeResult
probe_turn(const RdrStartVm *sv, WfReady *r)
{
	bool		tcp = sv->ready == RDR_READY_TCP;
	ProbeResult res;

	if (!r->running)
	{
		r->probes++;
		r->running = true;
		r->probe_until = rdr_now() + (tcp ? READY_TCP_TIMEOUT_S : READY_CMD_TIMEOUT_S);
		res = tcp ? tcp_start(r, sv->ready_port) : cmd_start(r, sv->ready_cmd, sv->vm);
		if (res != PROBE_RUNNING || !tcp)
			return res;
	}
	return tcp ? tcp_check(r, sv->ready_port) : cmd_check(r);
}

/*
 * wf_ready_step: see workflow_ready.h.
 */
bool
wf_ready_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	const RdrStartVm *sv = &run->plan->start_vm[t->index];
	PlanVm	   *pv = t->data;
	WfReady    *r = pv->ready;
	ProbeResult res;

	if (call == NULL && t->state == PS_READY_IP)
	{
		if (run->version == RDR_API_V4)
			wf_submit(run, t, RDR_HTTP_GET, NULL, "vms/%s/reporteddevices", t->ent.id);
		else
			wf_submit(run, t, RDR_HTTP_GET, NULL, "vms/%s", t->ent.id);
		return false;
	}
	if (call != NULL)
	{
		if (!parse_ip(run, t, call, r->ip, sizeof(r->ip)))
			return false;
		if (r->ip[0] == '\0')
		{
			wf_wait(run, t, run->poll_s, "the guest agent to report an IP address");
			return false;
		}
		wf_action(run, t, "ip %s", r->ip);
		if (sv->ready == RDR_READY_IP)
			return true;
		t->state = PS_READY_PROBE;
	}
	/* PS_READY_PROBE: tcp: or cmd:, looked at until it ends */
	res = probe_turn(sv, r);
	if (res == PROBE_RUNNING)
	{
		r->check_s = r->check_s > 0 ? r->check_s * 2 : READY_CHECK_MIN_S;
		if (r->check_s > READY_CHECK_MAX_S)
			r->check_s = READY_CHECK_MAX_S;

		/*
		 * An earlier try's failure stays the reason (what a deadline reports
		 * then must not depend on whether a new try had just begun).
		 */
		wf_wait(run, t, r->check_s, r->last[0] != '\0' ? NULL :
				sv->ready == RDR_READY_TCP ?
				"its TCP port (a connect still in progress)" :
				"its readiness command (still running: killed with its process group)");
		return false;
	}
	probe_end(r);
	if (res == PROBE_OK)
	{
		wf_action(run, t, "%s ready", sv->ready == RDR_READY_TCP ? "tcp" : "cmd");
		return true;
	}
	rdr_log_verbose("vm %s: not ready yet: %s", sv->vm, r->last);
	snprintf(t->waiting_for, sizeof(t->waiting_for), "%s (last try: %.150s)",
			 sv->ready == RDR_READY_TCP ? "its TCP port" : "its readiness command", r->last);
	wf_wait_until(run, t, rdr_now() + run->poll_s);
	return false;
}

/*
 * wf_ready_stop: see workflow_ready.h.
 */
void
wf_ready_stop(PlanVm *pv)
{
	if (pv->ready)
		probe_end(pv->ready);
}

/*
 * wf_ready_free: see workflow_ready.h.
 */
void
wf_ready_free(PlanVm *pv)
{
	wf_ready_stop(pv);
	free(pv->ready);
	pv->ready = NULL;
}
