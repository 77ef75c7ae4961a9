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
 * The TCP connect and the command run in this process, between polls,
 * bounded (2 s and 60 s): a plan with thousands of tcp: checks is paced
 * by them, which is why "ip" is the readiness to use at scale.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_ready.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

#define READY_TCP_TIMEOUT_MS 2000
#define READY_CMD_TIMEOUT_S 60

typedef struct WfReady
{
	char		ip[64];			/* the first address the agent reported */
	int			probes;			/* tcp:/cmd: tries */
	char		last[256];		/* why the last probe failed */
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
		pv->ready = xcalloc(1, sizeof(WfReady));
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

/* tcp_probe: a connect to ip:port within READY_TCP_TIMEOUT_MS */
static bool
tcp_probe(const char *ip, int port, char *why, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t	len;
	int			fd;
	int			err = 0;
	struct pollfd pfd;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, ip, &((struct sockaddr_in *) &ss)->sin_addr) == 1)
	{
		((struct sockaddr_in *) &ss)->sin_family = AF_INET;
		((struct sockaddr_in *) &ss)->sin_port = htons((uint16_t) port);
		len = sizeof(struct sockaddr_in);
	}
	else if (inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *) &ss)->sin6_addr) == 1)
	{
		((struct sockaddr_in6 *) &ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *) &ss)->sin6_port = htons((uint16_t) port);
		len = sizeof(struct sockaddr_in6);
	}
	else
	{
		snprintf(why, size, "the reported address \"%s\" is not an IP address", ip);
		return false;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		snprintf(why, size, "socket: %s", strerror(errno));
		return false;
	}
	if (connect(fd, (struct sockaddr *) &ss, len) != 0)
	{
		if (errno != EINPROGRESS)
			err = errno;
		else
		{
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, READY_TCP_TIMEOUT_MS) != 1)
				err = ETIMEDOUT;
			else
			{
				socklen_t	elen = sizeof(err);

				if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
					err = errno;
			}
		}
	}
	close(fd);
	if (err != 0)
		snprintf(why, size, "connect to %s port %d: %s", ip, port, strerror(err));
	return err == 0;
}

/* cmd_probe: sh -c COMMAND with the VM's name and address */
static bool
cmd_probe(const char *cmd, const char *vm, const char *ip, char *why, size_t size)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char	   *name_env = xasprintf("RDR_VM_NAME=%s", vm);
	char	   *ip_env = xasprintf("RDR_VM_IP=%s", ip);
	const char *env[] = {name_env, ip_env, NULL};
	RdrCmdResult res;
	bool		ok;
	char		line[200];

	memset(&res, 0, sizeof(res));
	ok = rdr_run_argv(argv, env, READY_CMD_TIMEOUT_S, &res);
	if (ok && (res.status != 0 || res.timed_out))
	{
		if (res.timed_out)
			snprintf(why, size, "the command timed out after %d s", READY_CMD_TIMEOUT_S);
		else
			snprintf(why, size, "the command exited with status %d%s%s", res.status,
					 rdr_cmd_last_line(&res, line, sizeof(line))[0] ? ": " : "",
					 rdr_cmd_last_line(&res, line, sizeof(line)));
		ok = false;
	}
	else if (!ok)
		snprintf(why, size, "the command could not be run");
	rdr_cmd_result_free(&res);
	free(name_env);
	free(ip_env);
	return ok;
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
	/* PS_READY_PROBE: tcp: or cmd: */
	r->probes++;
	if (sv->ready == RDR_READY_TCP ?
		tcp_probe(r->ip, sv->ready_port, r->last, sizeof(r->last)) :
		cmd_probe(sv->ready_cmd, sv->vm, r->ip, r->last, sizeof(r->last)))
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
 * wf_ready_free: see workflow_ready.h.
 */
void
wf_ready_free(PlanVm *pv)
{
	free(pv->ready);
	pv->ready = NULL;
}
