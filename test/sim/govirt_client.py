#!/usr/bin/python3
"""govirt_client.py HOST:PORT USER PASSWORD_FILE CA_FILE VM

An independent oVirt client, Debian's libgovirt (GoVirt 1.0, the library
virt-viewer uses), through GObject introspection: fetch the API, list the
VMs, read one's state, start it and wait until the engine says it is up.
Nothing here knows rdr-sim; it is what any libgovirt user writes.
Prints one "key: value" line per result; exit 0 only when the VM ended up,
1 when it did not, 2 with "error: ..." when libgovirt failed (TLS, 401).

Run by test/sim/run-client-tests.sh against rdr-sim --api-version 4
(govirt.scenario).  What libgovirt 0.3.9 on libsoup 3 sends: every GET
carries a body, "<action></action>" (Content-Length 17, Content-Type
application/xml), and the headers "Filter: true", "All-Content: true",
"Prefer: persistent-auth"; the first GET /ovirt-engine/api goes without
credentials, and the GET restarted after the 401 challenge announces the
17 bytes again but does not send them.  rdr-sim answers a GET as soon as
its headers are in and closes the connection (sim/sim_http.c,
body_announced_without_meaning).  Use /usr/bin/python3 (python3-gi) and an
absolute CA path (GLib's GTlsFileDatabase refuses a relative one).
"""
import sys
import time

import gi

gi.require_version("GoVirt", "1.0")
from gi.repository import GLib, GoVirt  # noqa: E402


def run(host, user, password, ca, vm_name):
    proxy = GoVirt.Proxy.new(host)
    proxy.set_property("username", user)
    proxy.set_property("password", password)
    proxy.set_property("ssl-ca-file", ca)
    api = proxy.fetch_api()
    vms = api.get_vms()
    vms.fetch(proxy)
    resources = vms.get_resources()
    print("vms: " + ",".join(sorted(resources.keys())))
    vm = resources.get(vm_name)
    if vm is None:
        print("error: no VM " + vm_name)
        return 1
    print("state: " + vm.get_property("state").value_nick)
    vm.start(proxy)
    deadline = time.monotonic() + 20
    while True:
        vm.refresh(proxy)
        state = vm.get_property("state").value_nick
        if state == "up" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    print("after start: " + state)
    return 0 if state == "up" else 1


def main():
    host, user, pwfile, ca, vm_name = sys.argv[1:6]
    with open(pwfile) as f:
        password = f.read().strip()
    try:
        return run(host, user, password, ca, vm_name)
    except GLib.Error as e:
        print("error: %s (%s %d)" % (e.message, e.domain, e.code))
        return 2


if __name__ == "__main__":
    sys.exit(main())
