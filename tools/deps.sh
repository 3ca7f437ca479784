#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# deps.sh: installs the Debian packages clusterbench needs when any is
# missing. Asks no network when everything is there. As root it runs apt-get;
# with password-less sudo it uses sudo; otherwise it prints the command.
set -u
PKGS="build-essential pkg-config libgsl-dev libcsv-dev libcairo2-dev libpango1.0-dev
libfontconfig-dev libglib2.0-dev nettle-dev zlib1g-dev fonts-dejavu-core"
# Extra packages a target needs can be passed in DEPS_EXTRA.
PKGS="$PKGS ${DEPS_EXTRA:-}"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing"
echo "deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	sh -c "$cmd" </dev/null || { echo "deps: apt-get failed" >&2; exit 1; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo -n sh -c "$cmd" </dev/null || { echo "deps: apt-get failed" >&2; exit 1; }
else
	echo "deps: run as root:  $cmd" >&2
	exit 1
fi
