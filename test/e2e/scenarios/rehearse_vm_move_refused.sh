#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../rehearse-lib.sh"

# A VM whose cluster move the engine refuses: rdr-w7-vm has a vNIC on
# network "backup", which only the main cluster has (the engine's
# MOVE_VM_CLUSTER_MISSING_NETWORK).  The rehearsal fails at the hosts
# step with the VM's error, the one the real failover then gives.
scenario_rehearse_vm_move_refused()
{
	local net=cc000000-0000-4000-8000-000000000001 rehearsed real
	rehearse_db nfs
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -c "
		INSERT INTO network (id, name, storage_pool_id)
		VALUES ('$net', 'backup', '10b3c00e-9371-48ce-8d28-28158cf26d96');
		INSERT INTO network_cluster (network_id, cluster_id)
		VALUES ('$net', '0ddb36dc-12b9-11e1-ae84-001871eba039');
		INSERT INTO vm_interface (id, network_name, vm_guid, name)
		VALUES ('cc000000-0000-4000-8000-000000000011', 'backup',
		        '808f87e6-3a2f-46ba-a35b-4089cf18360d', 'nic1')" || rdr_fail "inventory"
	T=$(rdr_tmpdir)
	# the production manager: the seed's environment with the same vNIC
	cat >"$T/seed-vnic.scenario" <<SCENARIO
datacenter RefArch id=10b3c00e-9371-48ce-8d28-28158cf26d96 storage_type=nfs
network backup datacenter=RefArch id=$net
include $RDR_TOP/test/fixtures/sim/seed-common.inc
$(grep '^storage_domain' "$RDR_TOP/test/fixtures/sim/seed.scenario")
SCENARIO
	# exported: the engine restarted by the real run reads it again
	export RDR_SIM_W7_OPTS=networks=backup
	e2e_engine "$T/seed-vnic.scenario" || rdr_fail "engine"
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	rehearse_config
	rehearse_before
	e2e_failover -c "$CONF" --rehearse --report "$REPORT"
	expect_rc 10
	rehearsed=$(json '.vm_moves[] | select(.name == "rdr-w7-vm") | .error')
	grep -qF "missing one or more networks backup" <<<"$rehearsed" ||
		rdr_fail "the rehearsal's move error: [$rehearsed] $E2E_OUT"
	production_untouched
	left_behind
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 10
	real=$(json '.vm_moves[] | select(.name == "rdr-w7-vm") | .error')
	[ "$real" = "$rehearsed" ] || rdr_fail "rehearsal said [$rehearsed], the real run [$real]"
}

run_scenario rehearse_vm_move_refused
