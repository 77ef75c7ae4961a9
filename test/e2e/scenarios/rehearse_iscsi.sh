#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# --rehearse on the seed's iSCSI world: site B's target really probed
# (discovery, REPORT LUNS, INQUIRY, the LVM label), the LUN row re-pointed
# in the copy only; production byte-identical, nothing left behind.
scenario_rehearse_iscsi()
{
	setup_iscsi
	rehearse_inventory
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	rehearse_ok
	[ "$(json '[.changes[] | select(.domain == "DataDomain" and .table == "luns" and .operation == "INSERT")][0].after.lun_id')" = "$LUN_ID" ] ||
		rdr_fail "the copy's LUN row is not the probed one: $(json '.changes')"
	[ ! -s "$E2E_ENGINE_DIR/requests.log" ] || rdr_fail "the production manager was contacted"
	production_untouched
	left_behind
}

run_scenario rehearse_iscsi
