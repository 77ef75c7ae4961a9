/*-------------------------------------------------------------------------
 *
 * sim_agent.c
 *	  The guest agent of a simulated VM (see sim_agent.h).
 *
 * oVirt learns a guest's addresses from its guest agent through VDSM
 * (the engine's VmAnalyzer / VmDevicesMonitoring keep them as the VM's
 * dynamic guest data); they appear some seconds after the VM is up, once
 * the guest has booted far enough to run the agent.  The API shows them:
 *	  v3  <vm><guest_info><ips><ip address="A"/></ips></guest_info>
 *		  (ovirt-engine-api-model 3.x api.xsd: GuestInfo, IPs, IP@address);
 *	  v4  GET vms/ID/reporteddevices: <reported_devices><reported_device>
 *		  <name/><type>network</type><ips><ip><address>A</address>
 *		  <version>v4</version></ip></ips><mac><address/></mac>
 *		  (types/ReportedDevice.java, types/Ip.java; v4 has no guest_info).
 *
 *-------------------------------------------------------------------------
 */
#include "sim_agent.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

#define W(x) ((x)->w)
#define BAD_CAST_S(s) ((const xmlChar *) (s))

/* vm_log: one line "SECONDS VM WHAT" of --vm-log (one write, O_APPEND) */
static void
vm_log(SimModel *m, int vm, const char *what, double at)
{
	char		line[512];
	int			n;

	if (!m->vm_log_on)
		return;
	n = snprintf(line, sizeof(line), "%.3f %s %s\n", at - m->mono_start,
				 m->vms[vm].name, what);
	if (n >= (int) sizeof(line))
		return;
	if (write(m->vm_log_fd, line, (size_t) n) != n)
		rdr_log_warning("could not write the VM log: %m");
}

/* default_ip: 127.1.X.Y from the VM's index, unique up to 64,000 VMs */
static void
default_ip(int vm, char *buf, size_t size)
{
	snprintf(buf, size, "127.1.%d.%d", (vm / 250) % 256, vm % 250 + 1);
}

const char *
sim_agent_ip(const SimModel *m, int vm)
{
	const SimVm *v = &m->vms[vm];

	if (!v->agent_reported || v->state != VM_UP)
		return NULL;
	return v->agent_ip_now;
}

void
sim_agent_vm_started(SimModel *m, int vm, double now)
{
	vm_log(m, vm, "start", now);
}

void
sim_agent_vm_up(SimModel *m, int vm, double now)
{
	SimVm	   *v = &m->vms[vm];
	double		delay = v->agent_delay >= 0 ? v->agent_delay * m->time_scale : m->t.vm_agent;

	vm_log(m, vm, "up", now);
	if (v->agent_none)
		return;
	sim_model_add_timer(m, now + delay, TIMER_VM_AGENT_IP, vm, v->generation);
}

/* listen_on: the VM's listener on ip:port (a failure is logged, not fatal) */
static void
listen_on(SimVm *v, const char *ip, int port)
{
	struct sockaddr_in sa;
	int			fd;
	int			one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t) port);
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1 ||
		(ntohl(sa.sin_addr.s_addr) >> 24) != 127)
	{
		rdr_log_warning("vm %s: listen= needs a loopback agent_ip, not %s", v->name, ip);
		return;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	(void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0 || listen(fd, 64) != 0)
	{
		rdr_log_warning("vm %s: could not listen on %s port %d: %m", v->name, ip, port);
		close(fd);
		return;
	}
	v->listen_fd = fd + 1;
}

void
sim_agent_timer(SimModel *m, int vm, unsigned generation, double now)
{
	SimVm	   *v = &m->vms[vm];

	if (v->generation != generation || v->state != VM_UP)
		return;
	if (v->agent_ip)
		snprintf(v->agent_ip_now, sizeof(v->agent_ip_now), "%s", v->agent_ip);
	else
		default_ip(vm, v->agent_ip_now, sizeof(v->agent_ip_now));
	v->agent_reported = true;
	if (v->listen_port > 0 && v->listen_fd == 0)
		listen_on(v, v->agent_ip_now, v->listen_port);
	vm_log(m, vm, "ip", now);
}

void
sim_agent_vm_down(SimModel *m, int vm)
{
	SimVm	   *v = &m->vms[vm];

	v->agent_reported = false;
	if (v->listen_fd > 0)
		close(v->listen_fd - 1);
	v->listen_fd = 0;
}

void
sim_agent_close(SimModel *m)
{
	for (int i = 0; i < m->n_vms; i++)
		sim_agent_vm_down(m, i);
}

void
sim_xml_guest_info(SimXml *x, SimModel *m, int vm)
{
	const char *ip = sim_agent_ip(m, vm);

	if (ip == NULL || x->api_version == 4)
		return;
	xmlTextWriterStartElement(W(x), BAD_CAST_S("guest_info"));
	xmlTextWriterStartElement(W(x), BAD_CAST_S("ips"));
	xmlTextWriterStartElement(W(x), BAD_CAST_S("ip"));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("address"), BAD_CAST_S(ip));
	xmlTextWriterEndElement(W(x));
	xmlTextWriterEndElement(W(x));
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_reported_devices(SimXml *x, SimModel *m, int vm)
{
	const char *ip = sim_agent_ip(m, vm);
	char		href[256];

	xmlTextWriterStartElement(W(x), BAD_CAST_S("reported_devices"));
	if (ip != NULL)
	{
		/* one NIC, as the agent reports eth0 */
		xmlTextWriterStartElement(W(x), BAD_CAST_S("reported_device"));
		snprintf(href, sizeof(href), "%s/vms/%s/reporteddevices/%s", x->base,
				 m->vms[vm].id, m->vms[vm].id);
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("href"), BAD_CAST_S(href));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("id"), BAD_CAST_S(m->vms[vm].id));
		xmlTextWriterWriteElement(W(x), BAD_CAST_S("name"), BAD_CAST_S("eth0"));
		xmlTextWriterWriteElement(W(x), BAD_CAST_S("type"), BAD_CAST_S("network"));
		xmlTextWriterStartElement(W(x), BAD_CAST_S("ips"));
		xmlTextWriterStartElement(W(x), BAD_CAST_S("ip"));
		xmlTextWriterWriteElement(W(x), BAD_CAST_S("address"), BAD_CAST_S(ip));
		xmlTextWriterWriteElement(W(x), BAD_CAST_S("version"), BAD_CAST_S("v4"));
		xmlTextWriterEndElement(W(x));
		xmlTextWriterEndElement(W(x));
		xmlTextWriterEndElement(W(x));
	}
	xmlTextWriterEndElement(W(x));
}
