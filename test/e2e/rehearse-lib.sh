#!/bin/bash
# test/e2e/rehearse-lib.sh: the world of rdr-failover --rehearse for the
# rehearse* scenarios: the seed's production world of one storage kind
# (database with the engine's inventory tables, the production manager,
# site B's storage), a configuration with REHEARSAL settings, and the
# checks that production was not touched and nothing is left behind.
# Source after scenario-lib.sh.
# shellcheck shell=bash
# shellcheck disable=SC2034

# rehearse_db KIND: rhevm with the storage rows of KIND and the seed's
# inventory (test/fixtures/rhev30-inventory.sql, seed-inventory.sql).
rehearse_db()
{
	e2e_db "$1" || rdr_fail "database"
	rehearse_inventory
}

# rehearse_inventory: the seed's inventory added to the world's rhevm.
rehearse_inventory()
{
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -f "$RDR_TOP/test/fixtures/rhev30-inventory.sql" \
		-f "$RDR_TOP/test/fixtures/seed-inventory.sql" >/dev/null || rdr_fail "inventory"
}

# rehearse_config: REHEARSAL lines for this machine added to $CONF.
rehearse_config()
{
	cat >>"$CONF" <<CONF
REHEARSAL pg_bindir  $RDR_PG_BIN
REHEARSAL sim        $RDR_TOP/sim/rdr-sim
REHEARSAL time_scale $E2E_TIME_SCALE
CONF
}

# rehearse_before: what must not change, recorded.
rehearse_before()
{
	db_dump "$T/before.sql"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	WD_MODE=$(stat -c %a "$E2E_WORK")
}

# left_behind: no rehearsal process, cluster, directory or dump is left;
# working_dir has its mode back.
left_behind()
{
	local procs
	# only this run's: other runs (parallel scenarios, other checkouts)
	# may rehearse at the same time, each in its own working_dir
	procs=$(pgrep -af -- "$E2E_WORK/rehearsal" | grep -v pgrep)
	[ -z "$procs" ] || rdr_fail "processes left: $procs"
	ls -d "$E2E_WORK"/rehearsal.* 2>/dev/null && rdr_fail "a rehearsal directory was left"
	ls "$E2E_WORK"/*.dump 2>/dev/null && rdr_fail "a dump was left"
	[ "$(stat -c %a "$E2E_WORK")" = "$WD_MODE" ] || rdr_fail "working_dir mode changed"
	[ ! -e "$E2E_WORK/rdr-failover.state" ] || rdr_fail "a run state was left"
}

# production_untouched: the database byte for byte, no write to the
# production manager, the same engine process, every VM still in SiteA.
production_untouched()
{
	no_writes
	db_dump "$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" || { diff -u "$T/before.sql" "$T/after.sql" | head -20; rdr_fail "the production database changed"; }
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	kill -0 "$ENGINE_PID" || rdr_fail "the engine was stopped"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "production VMs moved: $(sim_vms)"
}

# rehearse_ok: a successful rehearsal's report.
rehearse_ok()
{
	expect_rc 0
	expect_out "rdr-failover rehearsal report (on a copy: production was not changed)"
	expect_out "result: ok (exit code 0)"
	[ "$(json '.rehearsal')" = true ] || rdr_fail "report not marked as a rehearsal"
	[ "$(json '[.steps[].name] | join(",")')" = \
		"preflight,backup,copy,manager,storage,engine_start,hosts,vms,teardown" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.predicted_rto_seconds > 0')" = true ] || rdr_fail "no predicted RTO"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state')" = up ] ||
		rdr_fail "site-B host not up in the rehearsal"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}
