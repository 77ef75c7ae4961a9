#!/bin/bash
# cli-convention.sh: every rdr program follows common/cli_opts.h: a bad
# option is named in "PROG: error: ..." followed by the --help hint, with
# the program's documented usage exit code; -V prints "PROG (rdr) VERSION";
# -h (rdr-failover: --help), -? and --help print the help on stdout.
# Output is TAP.

set -u
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tap.sh"

T=$(rdr_tmpdir)
version=$(sed -n 's/^EXTVERSION *= *//p' "$RDR_TOP/mk/version.mk")

# expect DESC WANT_RC WANT_STDERR PROG ARGS...: exit code and exact stderr
expect()
{
	local desc=$1 want_rc=$2 want_err=$3 rc
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want_rc" ] && [ "$(cat "$T/err")" = "$want_err" ]; then
		ok "$desc"
	else
		not_ok "$desc: exit $rc, wanted $want_rc" "$(sed 's/^/stderr: /' "$T/err")" \
			"wanted: $want_err"
	fi
}

# expect_out DESC PATTERN PROG ARGS...: exit 0, stdout matches, no stderr
expect_out()
{
	local desc=$1 pattern=$2 rc
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = 0 ] && [ ! -s "$T/err" ] && grep -qE -- "$pattern" "$T/out"; then
		ok "$desc"
	else
		not_ok "$desc: exit $rc" "$(head -3 "$T/out" "$T/err")"
	fi
}

# program PATH USAGE_RC VALUE_OPTION HELP_OPTION
program()
{
	local bin=$1 rc=$2 valopt=$3 helpopt=$4 p
	p=$(basename "$bin")
	local hint="Try \"$p --help\" for more information."
	expect "$p: unknown long option" "$rc" \
		"$p: error: invalid option \"--no-such-option\""$'\n'"$hint" "$bin" --no-such-option
	expect "$p: unknown short option, grouped" "$rc" \
		"$p: error: invalid option \"-Z\""$'\n'"$hint" "$bin" -vZ
	expect "$p: $valopt without its value" "$rc" \
		"$p: error: option \"$valopt\" needs a value"$'\n'"$hint" "$bin" "$valopt"
	expect_out "$p: -V" "^$p \\(rdr\\) $version\$" "$bin" -V
	expect_out "$p: --version" "^$p \\(rdr\\) $version\$" "$bin" --version
	expect_out "$p: $helpopt" "." "$bin" "$helpopt"
	expect_out "$p: --help" "." "$bin" --help
	expect_out "$p: -?" "." "$bin" "-?"
}

program "$RDR_TOP/driver/rdr-failover" 1 --config --help
program "$RDR_TOP/nicfix/rdr-nicfix" 1 --map -h
program "$RDR_TOP/driver/probe/rdr-probe" 2 --timeout -h
program "$RDR_TOP/sim/rdr-sim" 1 -s -h
program "$RDR_TOP/driver/rdr-plan" 1 --dbname -h
program "$RDR_TOP/test/rest/rest_tool" 2 --host -h

# extra arguments after the options, where a program takes none
for spec in "rdr-failover:driver/rdr-failover:-c x" "rdr-nicfix:nicfix/rdr-nicfix:-m 00:11:22:33:44:55=eth0" \
	"rdr-sim:sim/rdr-sim:-s x"; do
	IFS=: read -r p bin args <<<"$spec"
	# shellcheck disable=SC2086 # args are words
	expect "$p: an extra argument" 1 \
		"$p: error: too many command-line arguments (first is \"stray\")"$'\n'"Try \"$p --help\" for more information." \
		"$RDR_TOP/$bin" $args stray
done

# rdr-failover's -h is the seed's hosts step, not the help
expect "rdr-failover: -h is the hosts step" 1 \
	"rdr-failover: error: no configuration file given"$'\n'"Try \"rdr-failover --help\" for more information." \
	"$RDR_TOP/driver/rdr-failover" -h

tap_done
