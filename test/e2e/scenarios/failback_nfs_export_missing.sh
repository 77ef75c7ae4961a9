#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# A failback whose site-A NFS server does not export one of the exports
# the failover's change log names (site A's ISO export not yet restored):
# the failback's preflight asks site A's server as the failover's asks
# site B's (preflight_nfs.c), and stops before any change, naming the
# domain and the path, listing what the server exports; --validate says
# the same.  No backup, no engine restart, no row changed.
scenario_failback_nfs_export_missing()
{
	# shellcheck disable=SC2034 # read by e2e_config (lib.sh)
	E2E_NFS_SITEA=(--export /exports/datadomain --export /exports/exports_configured)
	setup_nfs
	e2e_failover -c "$CONF" -d
	expect_rc 0
	site_b_nfs_rows "$T/site-b"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	dumps=$(ls "$E2E_WORK"/*.dump | wc -l)
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 3
	expect_out "NFS server rdr-nfs.sitea.example (site A's export of storage domain ISODomain) does not export /exports/isodomain"
	expect_out "DETAIL: It exports /exports/datadomain."
	expect_out "site A's NFS exports are not all there (errors above); nothing changed"
	expect_rows "$T/site-b"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = "preflight:done,failback_plan:failed" ] ||
		rdr_fail "steps: $(json '.steps')"
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "NFS server rdr-nfs.sitea.example (site A's export of storage domain ISODomain) does not export /exports/isodomain"
	expect_rows "$T/site-b"
}

run_scenario failback_nfs_export_missing
