#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Command line and configuration errors: named exit codes, file:line.
scenario_cli()
{
	T=$(rdr_tmpdir)
	e2e_failover -x
	expect_rc 1
	expect_out 'Try "rdr-failover --help" for more information.'
	e2e_failover --help
	expect_rc 0
	expect_out "Usage:"
	printf 'API host h\nAPI pass secret\nStorage_Domain D cifs x\n' >"$T/bad.conf"
	chmod 600 "$T/bad.conf"
	e2e_failover -c "$T/bad.conf"
	expect_rc 2
	expect_out "$T/bad.conf:3: invalid storage type \"cifs\" for domain \"D\": expected nfs, iscsi or fibre"
	chmod 644 "$T/bad.conf"
	sed -i '3d' "$T/bad.conf"
	e2e_failover -c "$T/bad.conf"
	expect_rc 2
	expect_out "holds a password and is readable by group or others"
	e2e_failover --help-config
	expect_rc 0
	expect_out "engine_stop"
}

run_scenario cli
