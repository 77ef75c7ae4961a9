#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# The seed's section 8.5 (fibre_failover in scenario-lib.sh).
scenario_fibre()
{
	fibre_failover
}

run_scenario fibre
