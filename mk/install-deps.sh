#!/bin/sh
# install-deps.sh: install the Debian packages of mk/deps.txt that are missing.
#
# Idempotent: when every package is already installed it neither touches the
# network nor needs root, so "make check" stays fast on a prepared machine.
set -eu
here=$(dirname "$0")
missing=""
for pkg in $(grep -v '^#' "$here/deps.txt"); do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: error: packages missing and not running as root" >&2
	echo "HINT: run \"sudo make deps\" once, or install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
