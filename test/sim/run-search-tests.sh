#!/bin/bash
# test/sim/run-search-tests.sh: search= and max= on rdr-sim's collections
# (sim/sim_search.c), v3 and v4, over real HTTPS with exact results: the
# conditions the engine's search backend accepts and that rdr-sim models,
# the engine's answer to a query it cannot parse, and a clear refusal of
# what rdr-sim does not model.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/testlib.sh"

# names QUERY: the names listed by GET QUERY, sorted, space-separated
names()
{
	api GET "$1"
	echo "$STATUS $(xmllint --xpath '/*/*/name/text()' "$BODY" 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//')"
}

# refused QUERY: STATUS, reason and detail of a refused search
refused()
{
	api GET "$1"
	echo "$STATUS $(xp /fault/reason) $(xp /fault/detail)"
}

test_search()
{
	local v
	for v in 3 4; do
		start_sim "$SEED" --time-scale 0 --api-version $v
		check "v$v hosts by name" "200 rdr-rhev.sitea.example" \
			"$(names '/hosts?search=name%3Drdr-rhev.sitea.example')"
		check "v$v hosts by status" "200 rdr-rhev.siteb.example" \
			"$(names '/hosts?search=status%3Dpending_approval')"
		check "v$v hosts by a wildcard, field and value case-insensitive" "200 rdr-rhev.siteb.example" \
			"$(names '/hosts?search=NAME%3D*SITEB*')"
		check "v$v hosts by cluster and data center" "200 rdr-rhev.sitea.example" \
			"$(names '/hosts?search=cluster%3DSiteA%20and%20datacenter%3DRefArch')"
		check "v$v vms: and (explicit and implicit)" "200 rdr-w7-vm rdr-web-vm" \
			"$(names '/vms?search=cluster%3DSiteA%20name%3Drdr-w*')"
		check "v$v vms: or" "200 rdr-dc-vm rdr-w7-vm" \
			"$(names '/vms?search=name%3Drdr-dc-vm%20or%20name%3Drdr-w7-vm')"
		check "v$v vms: and binds tighter than or" "200 rdr-dc-vm rdr-devel-vm" \
			"$(names '/vms?search=name%3Drdr-dc-vm%20or%20name%3Drdr-d*%20and%20status%3Ddown')"
		check "v$v vms: !=" "200 rdr-devel-vm rdr-w7-vm rdr-web-vm" \
			"$(names '/vms?search=name!%3Drdr-dc-vm')"
		check "v$v vms: a quoted value" "200 rdr-web-vm" \
			"$(names '/vms?search=name%3D%22rdr-web-vm%22')"
		check "v$v vms: nothing matches" "200 " "$(names '/vms?search=cluster%3DNoSuch')"
		check "v$v clusters by data center" "200 SiteA SiteB" \
			"$(names '/clusters?search=datacenter%3DRefArch')"
		check "v$v storage domains by type" "200 ISODomain" \
			"$(names '/storagedomains?search=type%3Diso')"
		check "v$v data centers by name" "200 RefArch" "$(names '/datacenters?search=name%3DRef*')"

		# max=
		check "v$v max=2: the first two in order" "200 rdr-dc-vm rdr-devel-vm" \
			"$(names '/vms?search=cluster%3DSiteA&max=2')"
		check "v$v max=0: none" "200 " "$(names '/vms?max=0')"
		check "v$v max=-1: no limit" "200 rdr-dc-vm rdr-devel-vm rdr-w7-vm rdr-web-vm" "$(names '/vms?max=-1')"
		check "v$v max not an integer: ignored (ParametersHelper)" \
			"200 rdr-dc-vm rdr-devel-vm rdr-w7-vm rdr-web-vm" "$(names '/vms?max=two')"
		check "v$v max empty: ignored" "200 rdr-dc-vm rdr-devel-vm rdr-w7-vm rdr-web-vm" "$(names '/vms?max=')"
		check "v$v max=-5: the engine's refusal (SearchQuery)" \
			"400 Operation Failed [Illegal max count value for query : -5]" "$(refused '/vms?max=-5')"
		api GET '/events?max=1'
		check "v$v events max=1: the newest only" "200 1" "$STATUS $(xp 'count(/events/event)')"

		# what the engine cannot parse: its SyntaxError, 400 Operation Failed
		check "v$v empty value" "400 Operation Failed [INVALID_CONDITION_VALUE]" \
			"$(refused '/hosts?search=name%3D')"
		check "v$v trailing and" "400 Operation Failed [INVALID_POST_OR_AND_PHRASE]" \
			"$(refused '/hosts?search=name%3Dx%20and')"
		check "v$v leading or" "400 Operation Failed [INVALID_POST_OR_AND_PHRASE]" \
			"$(refused '/hosts?search=or%20name%3Dx')"
		check "v$v no field" "400 Operation Failed [INVALID_CONDITION_FILED_OR_SORTBY]" \
			"$(refused '/vms?search=%3Dx')"

		# what rdr-sim does not model: said so, with what it does model
		check "v$v unmodelled field refused clearly" \
			"400 Not modelled by rdr-sim search on vms: field \"memory\" is not modelled by rdr-sim (modelled: FIELD=VALUE and FIELD!=VALUE joined by and/or, FIELD one of name, status, cluster, datacenter)" \
			"$(refused '/vms?search=memory%3D1')"
		check "v$v free text refused clearly" \
			"400 Not modelled by rdr-sim search on hosts: free text \"sitea\" is not modelled by rdr-sim (modelled: FIELD=VALUE and FIELD!=VALUE joined by and/or, FIELD one of name, status, cluster, datacenter, address)" \
			"$(refused '/hosts?search=sitea')"
		api GET '/events?search=type%3E500'
		check "v$v a relation other than = and != refused clearly" "400 1" \
			"$STATUS $(xp /fault/detail | grep -c 'the relation in "type>500" is not modelled')"
		api GET '/vms?search=name%3Dx%20sortby%20name'
		check "v$v sortby refused clearly" "400 1" \
			"$STATUS $(xp /fault/detail | grep -c '"sortby" is not modelled')"
		stop_clean
	done
}

if [ $# -gt 0 ]; then
	for f in "$@"; do "$f"; done
else
	test_search
fi

echo "rdr-sim search tests: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
