#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

scenario_fibre_v4()
{
	fibre_failover --api-version 4
	expect_out "API version 4"
}

run_scenario fibre_v4
