#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# Configuration mistakes are all found, listed together with file:line,
# by --validate and by a real run before its backup; nothing changes.
scenario_validate()
{
	setup_nfs
	inventory_tables
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	db_dump "$T/before.sql"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "validation of $CONF: no problem found"
	untouched

	# a domain typo, a wrong type, a domain left out, a typo in an
	# exclusion, a missing CA file
	cp "$CONF" "$T/good.conf"
	sed -i -e 's/^Storage_Domain DataDomain   nfs/Storage_Domain DataDomian   nfs/' \
		-e '/^Storage_Domain ExportDomain/d' \
		-e 's/^Storage_Domain ISODomain    nfs rdr-nfs.siteb.example:\/exports\/ISO/Storage_Domain ISODomain iscsi 127.0.0.1 iqn.2011-11.siteb.example:iso/' "$CONF"
	sed -i '/^API       ca_file /d' "$CONF"
	printf 'EXCLUDE_DOMAIN Backup\nAPI ca_file %s/no-such-ca.crt\n' "$T" >>"$CONF"
	typo=$(grep -n '^Storage_Domain DataDomian' "$CONF" | cut -d: -f1)
	iso=$(grep -n '^Storage_Domain ISODomain' "$CONF" | cut -d: -f1)
	excl=$(grep -n '^EXCLUDE_DOMAIN' "$CONF" | cut -d: -f1)
	for mode in --validate real; do
		if [ $mode = real ]; then e2e_failover -c "$CONF"; else e2e_failover -c "$CONF" --validate; fi
		expect_rc 3
		expect_out "storage domain \"DataDomian\" ($CONF:$typo) does not exist in the database"
		expect_out 'Near names: "DataDomain".'
		expect_out "storage domain \"ISODomain\" ($CONF:$iso) is configured as iscsi but is nfs in the database"
		expect_out "storage domain \"ExportDomain\" of data center \"RefArch\" has no Storage_Domain line in $CONF"
		expect_out "or \"EXCLUDE_DOMAIN ExportDomain\" to leave it as it is"
		expect_out "excluded storage domain \"Backup\" ($CONF:$excl) does not exist in the database"
		expect_out 'The storage domains are: "DataDomain", "ExportDomain", "ISODomain".'
		expect_out "cannot reach iSCSI portal 127.0.0.1 at 127.0.0.1 port 3260"
		expect_out "could not open CA file \"$T/no-such-ca.crt\" (API ca_file, $CONF:"
		expect_out "preflight found 6 problem(s); nothing was changed"
		# the misspelt DataDomain is not reported a second time as left out
		grep -qF 'storage domain "DataDomain" of data center' <<<"$E2E_OUT" && rdr_fail "DataDomain twice"
		grep -q "step backup\|backup  " <<<"$E2E_OUT" && rdr_fail "$mode: got to the backup"
		untouched
	done

	# a malformed pinned key is refused when the file is read, with file:line
	# (issue 12, item 22): libcurl would only see it at the first handshake
	cp "$T/good.conf" "$CONF"
	echo "API pinned_pubkey sha256//tooshort" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 2
	expect_out "$CONF:$(wc -l <"$CONF"): API pinned_pubkey must be sha256//BASE64 of 44 characters (several separated by \";\"), not \"sha256//tooshort\""
	untouched

	# a wrong data center: named, with the ones that exist
	cp "$T/good.conf" "$CONF"
	sed -i 's/^SITE_INFO datacenter        RefArch/SITE_INFO datacenter RefArc/' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "data center \"RefArc\" ($CONF:$(grep -n '^SITE_INFO datacenter' "$CONF" | cut -d: -f1)) does not exist in the database"
	expect_out 'The data centers are: "RefArch".'

	# a wrong cluster, a missing VM, a VM of SiteA not started, a network typo
	cp "$T/good.conf" "$CONF"
	sed -i -e 's/^SITE_INFO main_site_cluster SiteA/SITE_INFO main_site_cluster SiteC/' \
		-e 's/^START_VM  rdr-dc-vm    10/START_VM  rdr-dc-wm    10/' \
		-e '/^START_VM  rdr-web-vm/d' \
		-e 's/00:17:a4:77:24:3a public/00:17:a4:77:24:3a pubilc/' "$CONF"
	for mode in --validate real; do
		if [ $mode = real ]; then e2e_failover -c "$CONF"; else e2e_failover -c "$CONF" --validate; fi
		expect_rc 3
		expect_out "cluster \"SiteC\" ($CONF:$(grep -n '^SITE_INFO main_site_cluster' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out 'Near names: "SiteA", "SiteB".'
		expect_out "VM \"rdr-dc-wm\" ($CONF:$(grep -n '^START_VM  rdr-dc-wm' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out 'Near names: "rdr-dc-vm".'
		expect_out "network \"pubilc\" ($CONF:$(grep -n '^VIRT_NET' "$CONF" | cut -d: -f1)) does not exist in the database"
		expect_out "preflight found 3 problem(s)"
		untouched
	done
	sed -i 's/^SITE_INFO main_site_cluster SiteC/SITE_INFO main_site_cluster SiteA/' "$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 3
	expect_out "VM \"rdr-web-vm\" of cluster \"SiteA\" has no START_VM line in $CONF"
	expect_out "or \"EXCLUDE_VM rdr-web-vm\" to leave it stopped"
	# rdr-dc-wm is misspelt: rdr-dc-vm is not started either
	expect_out "VM \"rdr-dc-vm\" of cluster \"SiteA\" has no START_VM line"
	expect_out "preflight found 4 problem(s)"
	sed -i -e 's/rdr-dc-wm/rdr-dc-vm/' -e 's/ pubilc$/ public/' "$CONF"
	echo "EXCLUDE_VM rdr-web-vm" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	untouched

	# EXCLUDE_DOMAIN is the way to leave a domain out on purpose
	cp "$T/good.conf" "$CONF"
	sed -i '/^Storage_Domain ExportDomain/d' "$CONF"
	echo "EXCLUDE_DOMAIN ExportDomain" >>"$CONF"
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	untouched
	# an unknown option is an error, not the help
	e2e_failover -c "$CONF" --rehersal
	expect_rc 1
	expect_out 'invalid option "--rehersal"'
}

run_scenario validate
